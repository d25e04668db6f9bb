//! Taxonomies (`[[taxonomies]]` in site.toml, `tags:` in front matter): a
//! page per taxonomy and per value, links from the pages, the sitemap,
//! search and feeds, and the errors an author meets.

use crate::support::TestSite;

fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    &html[start..html.find("</main>").unwrap_or(html.len())]
}

#[test]
fn a_taxonomy_has_a_page_listing_its_values_and_one_per_value() {
    let site = TestSite::fixture("taxonomies");
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let list = site.read("tags/index.html");
    let list = main_of(&list);
    // A–Z, with counts; values are slugs in URLs and written as first met.
    let boats = list.find(r#"<a href="/tags/boats/">Boats</a> <span class="count">(1)</span>"#);
    let ground = list.find(r#"<a href="/tags/ground-water/">Ground water</a>"#);
    let water = list.find(r#"<a href="/tags/water/">Water</a> <span class="count">(3)</span>"#);
    assert!(boats.is_some() && boats < ground && ground < water, "{list}");

    // A value's pages, newest first, with title, date and description;
    // `paginate_by = 2` puts the third on a second page.
    let water = site.read("tags/water/index.html");
    let first = main_of(&water);
    let (rain, harbour) = (first.find("/notes/rain/"), first.find("/notes/harbour/"));
    assert!(rain.is_some() && rain < harbour, "{first}");
    assert!(first.contains(r#"<time datetime="2024-05-02">"#) && first.contains("Boats and water."), "{first}");
    assert!(!first.contains("/notes/wells/") && first.contains(r#"rel="next" href="/tags/water/page/2/""#), "{first}");
    let second = site.read("tags/water/page/2/index.html");
    assert!(main_of(&second).contains("/notes/wells/") && second.contains(r#"rel="prev" href="/tags/water/""#));
    assert!(water.contains(r#"<link rel="canonical" href="https://example.org/tags/water/">"#), "{water}");

    // A taxonomy's own title, and no feed unless asked.
    let kinds = site.read("categories/field/index.html");
    assert!(kinds.contains(r#"<a href="/categories/">Kinds of note</a>"#), "{kinds}");
    assert!(!site.exists("categories/field/atom.xml"));
    site.acta(&["check"]).assert_ok();
}

#[test]
fn each_page_links_to_its_values() {
    let site = TestSite::fixture("taxonomies");
    site.build().assert_ok();
    let harbour = site.read("notes/harbour/index.html");
    assert!(
        harbour.contains(
            r#"<p class="taxonomy"><a href="/tags/">Tags</a>: <a rel="tag" href="/tags/boats/">Boats</a>, <a rel="tag" href="/tags/water/">Water</a></p>"#
        ),
        "{harbour}"
    );
    assert!(harbour.contains(r#"<a rel="tag" href="/categories/field/">field</a>"#), "{harbour}");
    // Zola's TOML table gives the same links as YAML's keys.
    let wells = site.read("notes/wells/index.html");
    assert!(wells.contains(r#"<a rel="tag" href="/tags/ground-water/">Ground water</a>"#), "{wells}");
    assert!(!site.read("notes/untagged/index.html").contains("class=\"taxonomy\""));
}

#[test]
fn the_sitemap_feeds_and_search_have_the_taxonomies() {
    let site = TestSite::fixture("taxonomies");
    site.build().assert_ok();
    let sitemap = site.read("sitemap.xml");
    for url in ["tags/", "tags/water/", "tags/ground-water/", "categories/field/"] {
        assert!(sitemap.contains(&format!("<loc>https://example.org/{url}</loc>")), "{url}: {sitemap}");
    }
    assert!(sitemap.contains("<loc>https://example.org/tags/water/</loc><lastmod>2024-06-10</lastmod>"));
    let feed = site.read("tags/water/atom.xml");
    assert!(feed.contains(r#"<link href="https://example.org/tags/water/atom.xml" rel="self"/>"#), "{feed}");
    assert_eq!(feed.matches("<entry>").count(), 3, "every page of the value, not one part: {feed}");
    assert!(!site.read("tags/boats/atom.xml").contains("/notes/rain/"));
    assert!(site.read("tags/water/index.html").contains(r#"type="application/atom+xml" title="Water""#));
    let indexed = crate::search::fragments(&site);
    let water = indexed.iter().find(|f| f["url"] == "/tags/water/").expect("the value's page is indexed");
    assert_eq!(water["meta"]["title"], "Tags: Water");
    assert!(water["content"].as_str().unwrap_or_default().contains("The harbour"), "{water}");
}

#[test]
fn values_that_make_one_slug_are_one_value_with_a_warning() {
    let site = TestSite::fixture("taxonomies");
    site.write("content/notes/zz.md", "---\ntitle: Z\ndate: 2024-01-01\ntags: [Boats, water]\n---\n");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains(
            "content/notes/zz.md:4:15: warning: the tags value \"water\" is \"Water\" (both are /tags/water/): listed as \"Water\""
        ),
        "{}",
        run.stderr
    );
    let water = site.read("tags/water/page/2/index.html");
    assert!(water.contains("/notes/zz/"), "{water}");
    assert!(!site.exists("tags/water-1/index.html"));
}

#[test]
fn an_undeclared_taxonomy_is_an_error_naming_the_declared_ones() {
    let site = TestSite::fixture("taxonomies");
    site.write("content/notes/genre.md", "+++\ntitle = \"G\"\n\n[taxonomies]\ntags = [\"a\"]\ngenres = [\"b\"]\n+++\n");
    site.build().assert_error(&[
        "content/notes/genre.md:6:1: error: `genres` is not a taxonomy of this site: site.toml declares `tags`, `categories`",
    ]);
    let run = site.build();
    assert!(run.stderr.contains("[[taxonomies]]") && run.stderr.contains("name = \"genres\""), "{}", run.stderr);
}

#[test]
fn a_site_without_taxonomies_refuses_zola_tags_and_says_how_to_declare_them() {
    let site = TestSite::minimal();
    site.write("content/a.md", "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"x\"]\n+++\n");
    site.build().assert_error(&["content/a.md:4:1:", "`tags` is not a taxonomy of this site: site.toml declares none"]);
}

#[test]
fn taxonomy_names_are_checked_in_site_toml() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"T\"\n\n[[taxonomies]]\nname = \"title\"\n");
    site.build().assert_error(&["site.toml:4:8:", "the taxonomy \"title\" is a front-matter key"]);
    site.write("site.toml", "title = \"T\"\n[[taxonomies]]\nname = \"tags\"\n[[taxonomies]]\nname = \"Tags\"\n");
    site.build().assert_error(&["site.toml:", "\"Tags\" is declared twice"]);
    site.write("site.toml", "title = \"T\"\n[[taxonomies]]\nname = \"tags\"\nfeeds = true\n");
    site.build().assert_error(&["site.toml:4:1:", "unknown field `feeds`"]);
}

#[test]
fn a_page_where_a_taxonomy_writes_is_an_error() {
    let site = TestSite::fixture("taxonomies");
    site.write("content/tags/_index.md", "---\ntitle: My tags\n---\n");
    site.build().assert_error(&["content/tags/_index.md", "where the taxonomy `tags` writes its pages"]);
}

#[test]
fn a_theme_overrides_the_taxonomy_templates_by_name() {
    let site = TestSite::fixture("taxonomies");
    site.write(
        "templates/taxonomy_single.html",
        "{{ taxonomy.name }}={{ value.name }}:{% for p in value.pages %}{{ p.title }};{% endfor %}",
    );
    site.write("templates/taxonomy_list.html", "{% for v in values %}{{ v.slug }}/{{ v.count }} {% endfor %}");
    site.build().assert_ok();
    assert_eq!(site.read("tags/boats/index.html"), "tags=Boats:The harbour;");
    assert_eq!(site.read("tags/index.html"), "boats/1 ground-water/1 water/3 ");
}

/// Every file of a render but the search index (kept by rebuilds on purpose).
fn files(r: &acta::site::Rendered) -> std::collections::BTreeMap<String, Vec<u8>> {
    r.files.iter().filter(|f| !f.rel.starts_with("pagefind/")).map(|f| (f.rel.clone(), f.bytes.to_vec())).collect()
}

#[test]
fn a_rebuild_keeps_the_taxonomy_pages_and_a_new_value_rebuilds_them() {
    use acta::serve::{Change, Kind, State, rebuild};
    use acta::site::{BuildOptions, Site};
    let site = TestSite::fixture("taxonomies");
    let opts = BuildOptions { root: site.path().to_path_buf(), ..BuildOptions::default() };
    let mut state = State::new(opts.clone());
    rebuild(&mut state, &[]).unwrap();
    let change = vec![Change { kind: Kind::Content, path: "content/notes/rain.md".into() }];
    let text = std::fs::read_to_string(site.path().join("content/notes/rain.md")).unwrap();

    // A body edit: rendered incrementally, the taxonomies' pages kept, as a full build has them.
    site.write("content/notes/rain.md", &format!("{text}\nMore rain.\n"));
    let got = rebuild(&mut state, &change).unwrap();
    assert!(got.incremental, "a body edit is rebuilt incrementally");
    let want = Site::load(&opts).and_then(|s| s.render()).unwrap();
    assert_eq!(files(&got.rendered), files(&want));
    assert!(files(&got.rendered).contains_key("tags/water/index.html"));

    // A new value is front matter: the site is rebuilt in full, with its page.
    site.write("content/notes/rain.md", &text.replace("tags: [Water]", "tags: [Water, Storms]"));
    let got = rebuild(&mut state, &change).unwrap();
    assert!(!got.incremental);
    assert!(files(&got.rendered)["tags/storms/index.html"].windows(9).any(|w| w == b"/notes/ra"));
}

#[test]
fn a_value_that_would_climb_out_of_its_folder_is_an_error() {
    let site = TestSite::fixture("taxonomies");
    site.write("content/notes/dots.md", "---\ntitle: Dots\ntags: [\"..\"]\n---\n");
    site.build().assert_error(&["content/notes/dots.md:3:1: error: the tags value \"..\" cannot be a URL"]);
}
