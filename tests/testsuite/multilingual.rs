//! Sites in several languages (issue 20): `page.es.md` beside `page.md`,
//! published under `/es/`, linked to each other (hreflang, the switcher,
//! the sitemap), with a feed and a search index per language.

use crate::support::TestSite;

fn bilingual() -> TestSite {
    let site = TestSite::fixture("bilingual");
    site.build().assert_ok();
    site
}

/// The `<link rel="alternate" hreflang>` of a page, as (hreflang, href).
fn hreflangs(html: &str) -> Vec<(String, String)> {
    html.lines()
        .filter_map(|l| l.strip_prefix("<link rel=\"alternate\" hreflang=\""))
        .filter_map(|rest| {
            let (lang, rest) = rest.split_once('"')?;
            let href = rest.strip_prefix(" href=\"")?.split('"').next()?;
            Some((lang.to_string(), href.to_string()))
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// The language switcher of a page.
fn switcher(html: &str) -> &str {
    let start = html.find("<nav class=\"lang-switch\"").expect("a language switcher");
    &html[start..start + html[start..].find("</nav>").unwrap()]
}

#[test]
fn translations_are_under_the_language_and_the_default_keeps_its_urls() {
    let site = bilingual();
    for rel in ["index.html", "treaties/index.html", "treaties/rio/index.html", "treaties/bogota/index.html"] {
        assert!(site.exists(rel), "{rel}");
    }
    for rel in ["es/index.html", "es/treaties/index.html", "es/treaties/rio/index.html", "es/treaties/nino/index.html"]
    {
        assert!(site.exists(rel), "{rel}");
    }
    assert!(!site.exists("treaties/rio.es/index.html") && !site.exists("es/treaties/bogota/index.html"));
}

#[test]
fn html_lang_and_the_site_title_follow_the_page_language() {
    let site = bilingual();
    let en = site.read("treaties/rio/index.html");
    let es = site.read("es/treaties/rio/index.html");
    assert!(en.contains("<html lang=\"en\">"), "{en}");
    assert!(es.contains("<html lang=\"es\">"), "{es}");
    assert!(es.contains("<title>El Tratado de Río · Notas de seguridad hemisférica</title>"), "{es}");
    assert!(es.contains("<a class=\"site-title\" href=\"/es/\">Notas de seguridad hemisférica</a>"), "{es}");
    assert!(es.contains("<meta name=\"description\" content=\"Notas sobre los tratados"), "{es}");
    assert!(en.contains("<a class=\"site-title\" href=\"/\">Hemispheric Security Notes</a>"), "{en}");
}

#[test]
fn hreflang_links_pair_translations_with_x_default() {
    let site = bilingual();
    let expected = pairs(&[
        ("en", "https://example.org/treaties/rio/"),
        ("es", "https://example.org/es/treaties/rio/"),
        ("x-default", "https://example.org/treaties/rio/"),
    ]);
    assert_eq!(hreflangs(&site.read("treaties/rio/index.html")), expected);
    assert_eq!(hreflangs(&site.read("es/treaties/rio/index.html")), expected);
    let home = pairs(&[
        ("en", "https://example.org/"),
        ("es", "https://example.org/es/"),
        ("x-default", "https://example.org/"),
    ]);
    assert_eq!(hreflangs(&site.read("es/index.html")), home);
    // A page in one language only has no alternates: only itself.
    assert_eq!(
        hreflangs(&site.read("treaties/bogota/index.html")),
        pairs(
            &[("en", "https://example.org/treaties/bogota/"), ("x-default", "https://example.org/treaties/bogota/"),]
        )
    );
    assert_eq!(
        hreflangs(&site.read("es/treaties/nino/index.html")),
        pairs(&[("es", "https://example.org/es/treaties/nino/")])
    );
}

#[test]
fn the_switcher_goes_to_the_translation_or_says_there_is_none() {
    let site = bilingual();
    let en = site.read("treaties/rio/index.html");
    let nav = switcher(&en);
    assert!(nav.contains(r#"<span aria-current="true" lang="en">English</span>"#), "{nav}");
    assert!(
        nav.contains(r#"<a href="/es/treaties/rio/" hreflang="es" rel="alternate"><span lang="es">Español</span></a>"#),
        "{nav}"
    );
    let es = site.read("es/treaties/rio/index.html");
    assert!(switcher(&es).contains(r#"<a href="/treaties/rio/" hreflang="en" rel="alternate">"#), "{es}");
    // Not translated: the other language's home, with a note for screen readers too.
    let bogota = site.read("treaties/bogota/index.html");
    let nav = switcher(&bogota);
    assert!(nav.contains(r#"<a href="/es/" hreflang="es" title="#), "{nav}");
    assert!(
        nav.contains(
            r#"<span class="visually-hidden"> – This page is not translated; the link goes to the home page."#
        ),
        "{nav}"
    );
    let nino = site.read("es/treaties/nino/index.html");
    assert!(switcher(&nino).contains(r#"<a href="/" hreflang="en" title="#), "{nino}");
    // A site of one language has no switcher.
    let one = TestSite::fixture("glossary");
    one.build().assert_ok();
    assert!(!one.read("index.html").contains("lang-switch"));
}

#[test]
fn navigation_and_prev_next_stay_in_one_language() {
    let site = bilingual();
    let es = site.read("es/treaties/rio/index.html");
    let nav = &es[es.find("id=\"site-nav\"").unwrap()..es.find("</nav>\n<main").unwrap()];
    assert!(nav.contains("/es/treaties/nino/") && nav.contains("Tratados"), "{nav}");
    assert!(!nav.contains("href=\"/treaties/") && !nav.contains("Glossary"), "{nav}");
    // The Spanish home starts the Spanish reading; the last English page does not lead into it.
    let home = site.read("es/index.html");
    assert!(home.contains(r#"<a class="next" rel="next" href="/es/treaties/">"#), "{home}");
    let last = site.read("glossary/tiar/index.html");
    assert!(!last.contains("rel=\"next\""), "the English reading ends here:\n{last}");
    let first_es = site.read("es/treaties/index.html");
    assert!(first_es.contains(r#"rel="prev" href="/es/""#), "{first_es}");
}

#[test]
fn the_sitemap_lists_each_page_with_its_translations() {
    let site = bilingual();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains(r#"xmlns:xhtml="http://www.w3.org/1999/xhtml""#), "{sitemap}");
    let entry = |loc: &str| {
        sitemap
            .lines()
            .find(|l| l.contains(&format!("<loc>{loc}</loc>")))
            .unwrap_or_else(|| panic!("{loc} is not in the sitemap:\n{sitemap}"))
            .to_string()
    };
    for loc in ["https://example.org/treaties/rio/", "https://example.org/es/treaties/rio/"] {
        let e = entry(loc);
        for (lang, href) in [
            ("en", "https://example.org/treaties/rio/"),
            ("es", "https://example.org/es/treaties/rio/"),
            ("x-default", "https://example.org/treaties/rio/"),
        ] {
            let link = format!(r#"<xhtml:link rel="alternate" hreflang="{lang}" href="{href}"/>"#);
            assert!(e.contains(&link), "{link} missing in {e}");
        }
    }
    assert!(!entry("https://example.org/treaties/bogota/").contains("xhtml:link"));
    assert!(!entry("https://example.org/es/treaties/nino/").contains("xhtml:link"));
}

#[test]
fn each_language_has_its_feed() {
    let site = bilingual();
    let en = site.read("atom.xml");
    let es = site.read("es/atom.xml");
    assert!(en.contains(r#"xml:lang="en""#) && en.contains("The Pact of Bogotá") && !en.contains("El Tratado"), "{en}");
    assert!(es.contains(r#"xml:lang="es""#) && es.contains("El Tratado de Río") && !es.contains("Bogotá"), "{es}");
    assert!(es.contains(r#"<link href="https://example.org/es/atom.xml" rel="self"/>"#), "{es}");
    let head = site.read("es/index.html");
    assert!(head.contains(r#"type="application/atom+xml" title="Notas de seguridad hemisférica" href="/es/atom.xml""#));
}

#[test]
fn search_has_an_index_per_language() {
    let site = bilingual();
    let entry: serde_json::Value = serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    let languages = entry["languages"].as_object().unwrap();
    assert_eq!(languages.keys().collect::<Vec<_>>(), ["en", "es"], "{entry}");
    assert_eq!(languages["en"]["page_count"], 6, "{entry}");
    assert_eq!(languages["es"]["page_count"], 4, "{entry}");
}

#[test]
fn a_translation_into_an_undeclared_language_is_an_error_naming_the_declared_ones() {
    let site = TestSite::fixture("bilingual");
    site.write("content/treaties/rio.fr.md", "---\ntitle: Le traité de Rio\n---\n");
    site.build().assert_error(&[
        "content/treaties/rio.fr.md:1:1: error:",
        "a translation into `fr`, a language site.toml does not declare (declared: en, es)",
    ]);
    // Words after a dot that are not language codes are part of the name.
    let site = TestSite::fixture("bilingual");
    site.write("content/notes.old.md", "---\ntitle: Old notes\n---\n");
    site.build().assert_ok();
    assert!(site.exists("notes.old/index.html"));
}

#[test]
fn an_unknown_language_code_in_site_toml_is_an_error_at_its_line() {
    let site = TestSite::fixture("bilingual");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    site.write("site.toml", &toml.replace("[languages.es]", "[languages.sp]"));
    let line = toml.lines().position(|l| l == "[languages.es]").unwrap() + 1;
    site.build().assert_error(&[&format!("site.toml:{line}:1: error:"), "\"sp\" is not a language code"]);
}

#[test]
fn a_language_without_a_home_page_gets_one() {
    let site = TestSite::fixture("bilingual");
    std::fs::remove_file(site.path().join("content/_index.es.md")).unwrap();
    site.build().assert_ok();
    let home = site.read("es/index.html");
    assert!(home.contains("<html lang=\"es\">") && home.contains("<h1>Notas de seguridad hemisférica</h1>"), "{home}");
    assert!(home.contains("href=\"/es/treaties/\""), "{home}");
}

#[test]
fn spanish_pages_show_the_theme_in_spanish() {
    let site = bilingual();
    let es = site.read("es/treaties/rio/index.html");
    for label in [
        r##"<a class="skip-link" href="#main">Saltar al contenido</a>"##,
        r#"aria-expanded="false">Índice</button>"#,
        r#"<nav class="lang-switch" aria-label="Idiomas">"#,
        r#"<span class="ts-dark">Oscuro</span>"#,
        r#"<nav class="prev-next" aria-label="Anterior y siguiente">"#,
        r#"<span class="dir">Anterior</span> Tratados"#,
    ] {
        assert!(es.contains(label), "{label} missing:\n{es}");
    }
    let nino = site.read("es/treaties/nino/index.html");
    assert!(nino.contains("title=\"Esta página no está traducida; el enlace lleva a la página de inicio.\""), "{nino}");
    // The scripts' labels (copy buttons, the search box) too.
    assert!(es.contains(r#"data-copy="Copiar""#) && es.contains(r#"data-search-hint="Buscar (pulse /)""#), "{es}");
    let en = site.read("treaties/rio/index.html");
    assert!(en.contains(r#"<span class="dir">Previous</span>"#) && !en.contains("Anterior"), "{en}");
    assert!(en.contains("<body>\n"), "English pages keep the scripts' own labels");
    // The one 404 page is in the default language.
    assert!(site.read("404.html").contains("<h1>Page not found</h1>"));
}

#[test]
fn a_site_overrides_one_string_and_keeps_the_others() {
    let site = TestSite::fixture("bilingual");
    site.write("i18n/es.toml", "next = \"Sigue\"\n");
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let es = site.read("es/treaties/rio/index.html");
    assert!(
        es.contains(r#"<span class="dir">Sigue</span>"#) && es.contains(r#"<span class="dir">Anterior</span>"#),
        "{es}"
    );
    assert!(site.read("treaties/rio/index.html").contains(r#"<span class="dir">Next</span>"#));
}

#[test]
fn a_missing_string_falls_back_to_english_with_one_warning() {
    let site = TestSite::fixture("bilingual");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{toml}\n[languages.de]\nname = \"Deutsch\"\n"));
    site.write("i18n/de.toml", "next = \"Weiter\"\nprevious = \"Zurück\"\n");
    site.write("content/treaties/rio.de.md", "---\ntitle: Der Vertrag von Rio\n---\n\nText.\n");
    let run = site.build();
    run.assert_ok();
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.contains("not translated into `de`")).collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].starts_with("i18n/de.toml: warning: "), "{}", warnings[0]);
    assert!(warnings[0].contains("skip_to_content") && !warnings[0].contains(" next,"), "{}", warnings[0]);
    let de = site.read("de/treaties/rio/index.html");
    assert!(de.contains(r#"<html lang="de">"#), "{de}");
    assert!(de.contains("<span class=\"dir\">Zurück</span>") && de.contains(">Skip to content</a>"), "{de}");
    // A language with no strings at all: one warning too.
    site.write("site.toml", &format!("{toml}\n[languages.it]\nname = \"Italiano\"\n"));
    let run = site.build();
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.contains("`it`")).collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].contains("the theme has no strings in `it`"), "{}", warnings[0]);
}

#[test]
fn the_default_theme_is_complete_in_english_spanish_portuguese_and_french() {
    let site = TestSite::fixture("bilingual");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{toml}\n[languages.pt]\nname = \"Português\"\n[languages.fr]\nname = \"Français\"\n"),
    );
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let fr = site.read("fr/index.html");
    assert!(fr.contains("<html lang=\"fr\">") && fr.contains(">Aller au contenu</a>"), "{fr}");
    assert!(site.read("pt/index.html").contains(">Ir para o conteúdo</a>"));
}

#[test]
fn a_strings_file_that_is_not_strings_is_an_error_at_its_line() {
    let site = TestSite::fixture("bilingual");
    site.write("i18n/es.toml", "next = \"Sigue\"\nprevious = 3\n");
    site.build().assert_error(&["i18n/es.toml:2:12: error:"]);
}

#[test]
fn a_spanish_glossary_files_enye_after_n() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"Glosario\"\nlanguage = \"es\"\nsearch = false\n");
    site.write("content/glossary/_index.md", "---\ntitle: Glosario\n---\n");
    for (file, title) in [("nacion", "Nación"), ("nandu", "Ñandú"), ("nuevo", "Nuevo"), ("otan", "OTAN")] {
        site.write(&format!("content/glossary/{file}.md"), &format!("---\ntitle: {title}\nsummary: S.\n---\n"));
    }
    site.write("content/_index.md", "---\ntitle: Inicio\n---\n\nNación, Ñandú, Nuevo y OTAN.\n");
    site.build().assert_ok();
    let index = site.read("glossary/index.html");
    let letters: Vec<&str> =
        index.split("<h2 id=\"letter-").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    assert_eq!(letters, ["N", "Ñ", "O"], "{index}");
    // In the index and in the navigation alike.
    for part in [&index[index.find("<h2 id=\"letter-N").unwrap()..], &index[index.find("id=\"site-nav\"").unwrap()..]] {
        let order: Vec<usize> =
            ["Nación", "Nuevo", "Ñandú", "OTAN"].iter().map(|t| part.find(&format!(">{t}</a>")).unwrap()).collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{part}");
    }
    // The theme speaks the site's language: a Spanish site of one language has Spanish labels.
    assert!(index.contains(">Saltar al contenido</a>"), "{index}");
}

#[test]
fn the_print_edition_is_in_the_default_language_words() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"Informe\"\nlanguage = \"es\"\nsearch = false\nprint = true\n");
    site.write("content/capitulo.md", "---\ntitle: Capítulo\n---\n\nTexto.\n");
    site.build().assert_ok();
    let print = site.read("print/index.html");
    assert!(print.contains("· Edición para imprimir</title>"), "{print}");
    assert!(
        print.contains("<h2 id=\"contents-title\">Índice</h2>") && print.contains(">Volver al sitio</a>"),
        "{print}"
    );
}

#[test]
fn a_long_navigation_level_says_how_many_more_in_the_page_language() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"Informe\"\nlanguage = \"es\"\nsearch = false\n");
    site.write("content/s/_index.md", "---\ntitle: Largo\n---\n");
    for i in 0..60 {
        site.write(&format!("content/s/p{i:02}.md"), &format!("---\ntitle: Página {i:02}\nweight: {i}\n---\n"));
    }
    site.build().assert_ok();
    let first = site.read("s/p00/index.html");
    assert!(first.contains(r#"<a href="/s/">9 más en Largo</a>"#), "{first}");
    assert!(site.read("s/p59/index.html").contains(r#"<a href="/s/">9 anteriores en Largo</a>"#));
}
