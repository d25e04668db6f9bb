//! The output folder is the one place acta writes: it refuses places where a
//! mistake would cost the author their files, keeps what it did not write,
//! and a build killed at any moment leaves the old site or the new one at
//! `public/`, never a mix, with the next build cleaning up after it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, TestSite, snapshot_tree};

/// Runs `acta ARGS` in `dir` with `HOME` set to `home`.
fn acta_with_home(dir: &Path, home: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_acta")).args(args).current_dir(dir).env("HOME", home).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn refuses_the_root_its_sources_and_what_contains_them() {
    let site = TestSite::minimal();
    site.write("themes/mine/templates/keep.html", "mine");
    site.write("templates/keep.html", "mine");
    site.write("static/keep.txt", "mine");
    let before = snapshot_tree(site.path());
    let root = site.path().to_str().unwrap().to_string();
    let parent = site.path().parent().unwrap().to_str().unwrap().to_string();
    for bad in [
        ".",
        "./",
        &root,
        "..",
        &parent,
        "/",
        "content",
        "content/",
        "content/sub",
        "themes",
        "themes/mine",
        "templates",
        "static/out",
    ] {
        let run = site.acta(&["build", "--output", bad]);
        run.assert_error(&["refusing to write the site there"]);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    // output_dir in site.toml is held to the same rules as --output.
    site.write("site.toml", "title = \"T\"\noutput_dir = \"content\"\n");
    site.build().assert_error(&["refusing to write the site there", "content/ folder"]);
    site.write("site.toml", "title = \"Test\"\n");
    assert_eq!(before, snapshot_tree(site.path()), "a refused build changed the site");
}

#[test]
fn refuses_the_home_folder_and_any_folder_holding_it() {
    let site = TestSite::minimal();
    let home = site.path().join("people/me");
    std::fs::create_dir_all(home.join("Documents")).unwrap();
    std::fs::write(home.join("Documents/thesis.md"), "my only copy").unwrap();
    let home_arg = home.to_str().unwrap();
    let people = site.path().join("people");
    for bad in [home_arg, people.to_str().unwrap()] {
        let run = acta_with_home(site.path(), &home, &["build", "--output", bad, "--force"]);
        run.assert_error(&["refusing to write the site there", "home folder"]);
    }
    assert_eq!(std::fs::read_to_string(home.join("Documents/thesis.md")).unwrap(), "my only copy");
    assert_eq!(std::fs::read_dir(&home).unwrap().count(), 1, "acta wrote into the home folder");
    // A new folder inside the home folder is fine.
    acta_with_home(site.path(), &home, &["build", "--output", home.join("site").to_str().unwrap()]).assert_ok();
    assert!(home.join("site/index.html").is_file());
}

#[test]
fn refuses_to_clear_a_folder_it_did_not_create() {
    let site = TestSite::minimal();
    // Even a folder holding only dotfiles is someone's.
    site.write("out/.git/HEAD", "ref: refs/heads/main\n");
    let before = snapshot_tree(&site.path().join("out"));
    site.acta(&["build", "--output", "out"]).assert_error(&["refusing to write into", "acta did not create it"]);
    assert_eq!(before, snapshot_tree(&site.path().join("out")));
    // A file where the folder should be is refused, not replaced.
    site.write("file-out", "a file");
    site.acta(&["build", "--output", "file-out"]).assert_error(&["is a file"]);
    assert_eq!(std::fs::read_to_string(site.path().join("file-out")).unwrap(), "a file");
}

#[test]
fn keeps_git_and_other_dotfiles_across_builds() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let mine: &[(&str, &str)] = &[
        (".git/HEAD", "ref: refs/heads/gh-pages\n"),
        (".git/objects/ab/cdef", "blob"),
        (".git/hooks/post-commit", "#!/bin/sh\n"),
        (".nojekyll", ""),
        (".well-known/security.txt", "Contact: mailto:a@example.org\n"),
        ("guide/.htaccess", "Options -Indexes\n"),
        ("CNAME", "docs.example.org\n"),
    ];
    for (rel, text) in mine {
        site.write(&format!("public/{rel}"), text);
    }
    for round in 0..3 {
        // Pages come and go; the author's files stay.
        site.write("content/guide/extra.md", &format!("---\ntitle: Extra {round}\n---\n"));
        if round == 2 {
            std::fs::remove_file(site.path().join("content/guide/extra.md")).unwrap();
        }
        site.build().assert_ok();
        for (rel, text) in mine {
            assert_eq!(&site.read(rel), text, "round {round}: {rel}");
        }
    }
    assert!(!site.exists("guide/extra/index.html"));
    assert!(leftovers(site.path()).is_empty());
}

/// Staging or old folders a build left beside the output. The lock file
/// stays by design: deleting a lock file lets two builds hold "the" lock.
fn leftovers(root: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.contains(".acta-") && !name.ends_with(".acta-lock")
        })
        .collect()
}

/// A site of 20 sections of 100 pages each.
fn big_site() -> TestSite {
    let site = TestSite::minimal();
    for s in 0..20 {
        site.write(&format!("content/s{s}/_index.md"), &format!("---\ntitle: Section {s}\n---\n\nIntro {s}.\n"));
        for p in 0..100 {
            site.write(
                &format!("content/s{s}/p{p}.md"),
                &format!("---\ntitle: Page {s}.{p}\n---\n\n## Part\n\nText of page {p} in section {s}.\n"),
            );
        }
    }
    site
}

/// xorshift: random enough for delays, and reproducible from the printed seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn seed() -> u64 {
    std::env::var("ACTA_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    })
}

fn spawn_build(dir: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_acta"))
        .arg("build")
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Runs a whole build, timing it and its writing phase (from the moment the
/// staging folder appears to the end).
fn timed_build(dir: &Path) -> (Duration, Duration) {
    let staging = dir.join(".public.acta-staging");
    let mut child = spawn_build(dir);
    let start = Instant::now();
    let mut writing = None;
    while child.try_wait().unwrap().is_none() {
        if writing.is_none() && staging.exists() {
            writing = Some(Instant::now());
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    assert!(child.wait().unwrap().success());
    (start.elapsed(), writing.map_or(Duration::ZERO, |w| w.elapsed()))
}

/// Kills a build (SIGKILL) at a random moment: anywhere in the whole run, or
/// (for `in_write`) anywhere in its writing phase, from the moment its staging
/// folder appears to the end of a normal run. Returns when it was killed and
/// whether it had already finished.
fn kill_build_at_random(dir: &Path, rng: &mut Rng, in_write: bool, times: (Duration, Duration)) -> (Duration, bool) {
    let (full, writing) = times;
    let staging = dir.join(".public.acta-staging");
    let mut child = spawn_build(dir);
    let start = Instant::now();
    if in_write {
        while !staging.exists() && child.try_wait().unwrap().is_none() && start.elapsed() < full * 10 {
            std::thread::sleep(Duration::from_micros(200));
        }
    }
    let span = if in_write { writing + Duration::from_millis(50) } else { full.max(Duration::from_millis(300)) };
    std::thread::sleep(Duration::from_micros(rng.below(span.as_micros() as u64)));
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    child.wait().unwrap();
    (start.elapsed(), finished)
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_site() {
    let site = big_site();
    let public = site.path().join("public");
    let title = |v: &str| site.write("site.toml", &format!("title = \"Version {v}\"\n"));
    title("A");
    site.build().assert_ok();
    let times = timed_build(site.path());
    let snap_a = snapshot_tree(&public);
    title("B");
    site.build().assert_ok();
    let snap_b = snapshot_tree(&public);
    assert_ne!(snap_a, snap_b);
    assert!(snap_a.len() > 2000);

    let seed = seed();
    eprintln!("kill test: seed {seed} (ACTA_KILL_SEED={seed} repeats it); build, writing: {times:?}");
    let mut rng = Rng(seed);
    let (mut old, mut new) = (0, 0);
    let mut current = &snap_b;
    for round in 0..20 {
        let (next_v, next_snap) = if round % 2 == 0 { ("A", &snap_a) } else { ("B", &snap_b) };
        title(next_v);
        let (at, finished) = kill_build_at_random(site.path(), &mut rng, round % 2 == 1, times);
        let after = snapshot_tree(&public);
        if &after == current {
            old += 1;
        } else if &after == next_snap {
            new += 1;
        } else {
            let missing = !public.exists();
            panic!(
                "round {round}: killed after {at:?} (finished: {finished}), public/ is neither the old nor the new site (missing: {missing}, {} files)",
                after.len()
            );
        }
        let run = site.build();
        run.assert_ok();
        assert_eq!(&snapshot_tree(&public), next_snap, "round {round}: the build after the kill");
        assert!(leftovers(site.path()).is_empty(), "round {round}: left {:?}", leftovers(site.path()));
        current = next_snap;
    }
    eprintln!("kill test: {old} kills left the old site, {new} the new one");
}

#[test]
fn a_build_killed_while_carrying_the_authors_files_over_loses_none() {
    let site = big_site();
    let public = site.path().join("public");
    site.build().assert_ok();
    // Many files of the author's, inside acta's folders, so carrying them
    // over into the new output takes long enough to be interrupted.
    let mut mine = Vec::new();
    for s in 0..20 {
        for n in 0..25 {
            mine.push((format!("s{s}/notes-{n}.txt"), format!("note {n} of section {s}\n")));
        }
    }
    mine.push((".git/HEAD".into(), "ref: refs/heads/gh-pages\n".into()));
    mine.push(("CNAME".into(), "docs.example.org\n".into()));
    for (rel, text) in &mine {
        site.write(&format!("public/{rel}"), text);
    }
    site.build().assert_ok();
    let times = timed_build(site.path());
    let seed = seed();
    eprintln!("kill test (author's files): seed {seed}; build, writing: {times:?}");
    let mut rng = Rng(seed);
    for round in 0..10 {
        site.write("site.toml", &format!("title = \"Round {round}\"\n"));
        kill_build_at_random(site.path(), &mut rng, true, times);
        let run = site.build();
        run.assert_ok();
        assert!(leftovers(site.path()).is_empty(), "round {round}: left {:?}", leftovers(site.path()));
        for (rel, text) in &mine {
            let got = std::fs::read_to_string(public.join(rel));
            assert_eq!(got.as_deref().ok(), Some(text.as_str()), "round {round}: {rel}");
        }
    }
}

/// A built site with the author's files in `public/`, and those files.
fn site_with_authors_files() -> (TestSite, Vec<(&'static str, &'static str)>) {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let mine = vec![
        (".git/HEAD", "ref: refs/heads/gh-pages\n"),
        ("CNAME", "docs.example.org\n"),
        ("guide/notes.txt", "mine\n"),
        ("guide/more-notes.txt", "also mine\n"),
    ];
    for (rel, text) in &mine {
        site.write(&format!("public/{rel}"), text);
    }
    site.build().assert_ok();
    (site, mine)
}

/// Copies the files acta wrote in `from` (its manifest and what it lists) to `to`.
fn copy_owned(from: &Path, to: &Path) {
    let manifest = std::fs::read_to_string(from.join(".acta-manifest")).unwrap();
    for rel in manifest.lines().filter(|l| !l.starts_with('#')).chain([".acta-manifest"]) {
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(from.join(rel), dest).unwrap();
    }
}

#[track_caller]
fn assert_recovered(site: &TestSite, mine: &[(&str, &str)]) {
    let run = site.build();
    run.assert_ok();
    for (rel, text) in mine {
        assert_eq!(&site.read(rel), text, "{rel}");
    }
    assert!(leftovers(site.path()).is_empty(), "left {:?}", leftovers(site.path()));
}

#[test]
fn killed_while_carrying_the_authors_files_over() {
    // The new site is written in staging, and two of the author's files were
    // already moved into it when the build was killed.
    let (site, mine) = site_with_authors_files();
    let (public, staging) = (site.path().join("public"), site.path().join(".public.acta-staging"));
    copy_owned(&public, &staging);
    for rel in ["CNAME", "guide/notes.txt"] {
        std::fs::rename(public.join(rel), staging.join(rel)).unwrap();
    }
    assert_recovered(&site, &mine);
}

#[test]
fn killed_between_the_two_renames_of_the_swap() {
    // Where renaming cannot exchange two folders at once, the old output is
    // renamed away, then staging takes its place: killed in between, there is
    // no public/, the old site is in `.public.acta-old` and the new one, with
    // the author's files, in staging.
    let (site, mine) = site_with_authors_files();
    let (public, staging) = (site.path().join("public"), site.path().join(".public.acta-staging"));
    copy_owned(&public, &staging);
    for (rel, _) in &mine {
        std::fs::create_dir_all(staging.join(rel).parent().unwrap()).unwrap();
        std::fs::rename(public.join(rel), staging.join(rel)).unwrap();
    }
    std::fs::rename(&public, site.path().join(".public.acta-old")).unwrap();
    assert_recovered(&site, &mine);
}

#[test]
fn killed_while_deleting_the_old_site() {
    // After the swap: the new site is public/, the old one still beside it.
    let (site, mine) = site_with_authors_files();
    let public = site.path().join("public");
    for name in [".public.acta-old", ".public.acta-staging"] {
        copy_owned(&public, &site.path().join(name));
        std::fs::remove_file(site.path().join(name).join("index.html")).unwrap();
        assert_recovered(&site, &mine);
    }
}

#[test]
fn public_never_goes_missing_during_a_build() {
    // A server reading public/ while acta builds must always find a site.
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let index = site.path().join("public/index.html");
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (index, done) = (index.clone(), done.clone());
        std::thread::spawn(move || {
            let (mut looks, mut misses) = (0u64, 0u64);
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                looks += 1;
                if std::fs::metadata(&index).is_err() {
                    misses += 1;
                }
            }
            (looks, misses)
        })
    };
    for _ in 0..40 {
        site.build().assert_ok();
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let (looks, misses) = watcher.join().unwrap();
    if cfg!(target_os = "linux") {
        assert_eq!(misses, 0, "public/index.html was missing {misses} times of {looks}");
    }
}

#[test]
fn a_folder_of_the_authors_where_the_site_now_has_a_file_is_a_conflict() {
    // The site gains an asset `x` where the author keeps a folder `x/`. The
    // build stopped on an I/O error after it had moved .git into staging,
    // and left it there: public/ lost its .git until the next build.
    let (site, mine) = site_with_authors_files();
    site.write("public/x/notes.txt", "mine\n");
    site.write("content/x", "an asset without an extension");
    let before = snapshot_tree(&site.path().join("public"));
    site.build().assert_error(&["public/x was not written by acta, and the site now has a file at that path"]);
    assert_eq!(before, snapshot_tree(&site.path().join("public")));
    assert!(leftovers(site.path()).is_empty(), "left {:?}", leftovers(site.path()));
    for (rel, text) in &mine {
        assert_eq!(&site.read(rel), text, "{rel}");
    }
}

#[test]
fn an_alias_cannot_write_into_hidden_folders() {
    // `aliases: [.git/hooks]` wrote public/.git/hooks/index.html into the
    // author's repository.
    let (site, _) = site_with_authors_files();
    let before = snapshot_tree(&site.path().join("public"));
    for alias in [".git/hooks", ".acta-manifest", "a/.hidden", "./x", "../x"] {
        site.write("content/moved.md", &format!("---\ntitle: Moved\naliases: [\"{alias}\"]\n---\n"));
        site.build()
            .assert_error(&["content/moved.md", &format!("the alias \"{alias}\" is not a path inside the site")]);
        assert_eq!(before, snapshot_tree(&site.path().join("public")), "{alias}");
    }
}

#[test]
fn a_tampered_manifest_cannot_delete_anything_outside_the_output() {
    // The manifest is a plain file in public/, often committed with it: a
    // line `../content/notes.txt` or an absolute path made acta delete that
    // file when it cleared the old output.
    let (site, mine) = site_with_authors_files();
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().join("precious.txt");
    std::fs::write(&elsewhere, "precious").unwrap();
    site.write("content/notes.txt", "the author's notes");
    site.write("content/guide/draft.txt", "a draft");
    site.build().assert_ok();
    let manifest = site.path().join("public/.acta-manifest");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    for line in [
        "../content/notes.txt".to_string(),
        "guide/../../content/guide/draft.txt".into(),
        "./../site.toml".into(),
        elsewhere.to_str().unwrap().into(),
        "guide/notes.txt".into(), // the author's, listed as acta's: deleted, as the manifest says
    ] {
        text.push_str(&line);
        text.push('\n');
    }
    std::fs::write(&manifest, text).unwrap();
    site.build().assert_ok();
    assert_eq!(std::fs::read_to_string(site.path().join("content/notes.txt")).unwrap(), "the author's notes");
    assert_eq!(std::fs::read_to_string(site.path().join("content/guide/draft.txt")).unwrap(), "a draft");
    assert!(site.path().join("site.toml").is_file());
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "precious");
    for (rel, text) in mine.iter().filter(|(rel, _)| *rel != "guide/notes.txt") {
        assert_eq!(&site.read(rel), text, "{rel}");
    }
    assert!(leftovers(site.path()).is_empty(), "left {:?}", leftovers(site.path()));
}

#[cfg(unix)]
#[test]
fn a_folder_replaced_by_a_link_is_a_conflict_not_a_path() {
    // The author replaced public/guide/one/ with a link to a folder of theirs
    // that happens to hold an index.html: acta must neither write nor delete
    // through it. It failed with "Is a directory"; it is now a conflict.
    let (site, mine) = site_with_authors_files();
    let theirs = tempfile::tempdir().unwrap();
    std::fs::write(theirs.path().join("index.html"), "theirs").unwrap();
    let one = site.path().join("public/guide/one");
    std::fs::remove_dir_all(&one).unwrap();
    std::os::unix::fs::symlink(theirs.path(), &one).unwrap();
    let before = snapshot_tree(&site.path().join("public"));
    site.build().assert_error(&["public/guide/one was not written by acta"]);
    assert_eq!(before, snapshot_tree(&site.path().join("public")));
    assert_eq!(std::fs::read_to_string(theirs.path().join("index.html")).unwrap(), "theirs");
    assert!(leftovers(site.path()).is_empty(), "left {:?}", leftovers(site.path()));
    for (rel, text) in &mine {
        assert_eq!(&site.read(rel), text, "{rel}");
    }
}
