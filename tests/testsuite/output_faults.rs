//! Faults that used to lose output or escape the output checks (issue 14):
//! builds at once, paths that change meaning once created, mount points,
//! names acta did not write, collisions, odd page names, dates, links in
//! `static/`. Each test fails on the code before its fix.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, TestSite, snapshot_tree};

fn acta_cmd(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_acta"));
    cmd.current_dir(dir);
    cmd
}

fn site_with_pages(n: usize) -> TestSite {
    let site = TestSite::minimal();
    for i in 0..n {
        site.write(&format!("content/p{i:03}.md"), &format!("---\ntitle: Page {i}\n---\n\nText {i}.\n"));
    }
    site
}

/// Every page of [`site_with_pages`] is in `public/`, and nothing is half-done.
#[track_caller]
fn assert_whole(site: &TestSite, n: usize) {
    for i in 0..n {
        assert!(site.exists(&format!("p{i:03}/index.html")), "p{i:03}/index.html is missing");
    }
    assert!(site.exists("index.html"));
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("acta-staging") || n.contains("acta-old"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn builds_at_once_each_write_the_whole_site() {
    // Before: both shared the staging folder; public/ often ended with none
    // of its index.html files while every build exited 0.
    let site = site_with_pages(150);
    site.build().assert_ok();
    for _round in 0..3 {
        let children: Vec<_> =
            (0..4).map(|_| acta_cmd(site.path()).arg("build").stderr(Stdio::piped()).spawn().unwrap()).collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
        assert_whole(&site, 150);
    }
}

#[test]
fn a_build_waits_for_the_one_writing_the_same_folder() {
    let site = site_with_pages(3);
    site.build().assert_ok();
    let lock = std::fs::File::open(site.path().join(".public.acta-lock")).expect("the lock file beside public/");
    lock.lock().unwrap();
    let mut child = acta_cmd(site.path()).arg("build").stderr(Stdio::piped()).spawn().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let mut buf = [0u8; 256];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            text.push_str(&String::from_utf8_lossy(&buf[..n]));
            if text.contains("Waiting for another acta build") {
                return (text, stderr);
            }
        }
        (text, stderr)
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while !reader.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let (text, mut rest) = reader.join().unwrap();
    assert!(text.contains("Waiting for another acta build into"), "{text}");
    assert!(child.try_wait().unwrap().is_none(), "the build went on while another held the lock");
    drop(lock);
    let status = child.wait().unwrap();
    let mut tail = String::new();
    let _ = rest.read_to_string(&mut tail);
    assert!(status.success(), "{text}{tail}");
    assert!(tail.contains("Built 4 pages"), "{tail}");
    assert_whole(&site, 3);
}

fn acta_with_home(dir: &Path, home: &Path, args: &[&str]) -> Run {
    let out = acta_cmd(dir).args(args).env("HOME", home).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn output_paths_are_normalised_before_they_are_checked() {
    // `nope/../../home` passed every check (there was no `nope` to resolve)
    // and became the home folder once `nope` was created.
    let top = tempfile::tempdir().unwrap();
    let home = top.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("precious.txt"), "mine").unwrap();
    let site_dir = top.path().join("site");
    std::fs::create_dir_all(site_dir.join("content")).unwrap();
    std::fs::write(site_dir.join("site.toml"), "title = \"T\"\n").unwrap();
    std::fs::write(site_dir.join("content/_index.md"), "---\ntitle: Home\n---\n").unwrap();
    let before = snapshot_tree(top.path());
    for (bad, why) in [
        ("nope/../../home", "is your home folder"),
        ("nope/deeper/../../../home", "is your home folder"),
        ("nope/../..", "is the site root or contains it"),
        ("nope/../content/x", "content/ folder"),
        ("./nope/../static/../templates/out", "templates/ folder"),
    ] {
        let run = acta_with_home(&site_dir, &home, &["build", "--output", bad]);
        run.assert_error(&["refusing to write the site there", why]);
    }
    assert_eq!(before, snapshot_tree(top.path()), "a refused build changed files");
    assert!(!site_dir.join("nope").exists());
    // A harmless `..` still works, and lands where its text says.
    let run = acta_with_home(&site_dir, &home, &["build", "--output", "nope/../out"]);
    run.assert_ok();
    assert!(site_dir.join("out/index.html").is_file());
}

/// Unmounts on drop, so a failing test leaves no mount behind.
struct Mount(PathBuf);

impl Mount {
    /// A fresh tmpfs at `dir`, or why there cannot be one here.
    fn tmpfs(dir: &Path) -> Result<Mount, String> {
        std::fs::create_dir_all(dir).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64m", "tmpfs"])
            .arg(dir)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if out.status.success() {
            Ok(Mount(dir.to_path_buf()))
        } else {
            Err(format!("mount failed (needs root): {}", String::from_utf8_lossy(&out.stderr).trim()))
        }
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn an_output_folder_that_is_a_mount_point_is_written_in_place() {
    // Before: renaming a mount point fails (EBUSY), so no build ever
    // succeeded, and each left a staging folder behind.
    let site = site_with_pages(5);
    let _mount = match Mount::tmpfs(&site.path().join("public")) {
        Ok(m) => m,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    site.build().assert_ok();
    assert_whole(&site, 5);
    std::fs::write(site.path().join("public/CNAME"), "example.org\n").unwrap();
    std::fs::create_dir_all(site.path().join("public/p001/notes")).unwrap();
    std::fs::write(site.path().join("public/p001/notes/mine.txt"), "mine").unwrap();
    std::fs::remove_file(site.path().join("content/p004.md")).unwrap();
    site.write("content/p000.md", "---\ntitle: Page 0\n---\n\nChanged.\n");
    site.build().assert_ok();
    assert!(site.read("p000/index.html").contains("Changed."));
    assert!(!site.exists("p004"), "the removed page's folder is still there");
    assert_eq!(site.read("CNAME"), "example.org\n");
    assert_eq!(site.read("p001/notes/mine.txt"), "mine");
    let inside: Vec<String> = std::fs::read_dir(site.path().join("public"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!inside.iter().any(|n| n == ".acta-staging"), "{inside:?}");
    assert_whole(&site, 4);

    // A foreign mount with --force: its files stay, and nothing crosses devices.
    let other = site.path().join("other");
    let _m2 = Mount::tmpfs(&other).unwrap();
    std::fs::write(other.join("theirs.txt"), "theirs").unwrap();
    site.acta(&["build", "--output", "other"]).assert_error(&["acta did not create it"]);
    site.acta(&["build", "--output", "other", "--force"]).assert_ok();
    assert_eq!(std::fs::read_to_string(other.join("theirs.txt")).unwrap(), "theirs");
    assert!(other.join("p000/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn odd_names_in_the_output_never_stop_a_build() {
    use std::os::unix::ffi::OsStrExt;
    // Before: a `\` in a name was rewritten to `/`, and a name that is not
    // UTF-8 was read lossily, so acta could not find the file it had to
    // carry over: every later build failed, --force included.
    let site = site_with_pages(2);
    site.build().assert_ok();
    let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(site.path().join("public/notes\\draft.txt"), "draft").unwrap();
    std::fs::write(site.path().join("public").join(odd), "latin-1").unwrap();
    std::fs::create_dir_all(site.path().join("public").join(odd).with_extension("d")).unwrap();
    for _ in 0..2 {
        site.build().assert_ok();
        assert_eq!(site.read("notes\\draft.txt"), "draft");
        assert_eq!(std::fs::read(site.path().join("public").join(odd)).unwrap(), b"latin-1");
        assert!(site.path().join("public").join(odd).with_extension("d").is_dir());
    }
    // The same in a folder acta did not create.
    let foreign = site.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("a\\b.txt"), "x").unwrap();
    std::fs::write(foreign.join(odd), "y").unwrap();
    for _ in 0..2 {
        site.acta(&["build", "--output", "foreign", "--force"]).assert_ok();
    }
    assert_eq!(std::fs::read(foreign.join("a\\b.txt")).unwrap(), b"x");
    assert_eq!(std::fs::read(foreign.join(odd)).unwrap(), b"y");
}

#[test]
fn aliases_with_windows_paths_are_errors_at_their_line() {
    let site = TestSite::minimal();
    for (alias, column) in [(r"C:\x", 12), (r"old\page", 12), ("d:/x", 12)] {
        let yaml = alias.replace('\\', "\\\\");
        site.write("content/moved.md", &format!("---\ntitle: Moved\naliases: [\"{yaml}\"]\n---\n"));
        site.build().assert_error(&[
            &format!("content/moved.md:3:{column}:"),
            &format!("the alias {:?} is not a path inside the site", alias),
        ]);
    }
}

#[test]
fn an_alias_onto_a_generated_file_is_an_error_at_its_line() {
    // Before: a raw OS error ("Not a directory") or a silently lost file.
    let site = TestSite::minimal();
    site.write("static/files/report.pdf", "%PDF");
    site.write("content/a.md", "---\ntitle: A\n---\n");
    for (alias, file) in [
        ("index.html", "index.html"),
        ("sitemap.xml", "sitemap.xml"),
        ("404.html/x", "404.html"),
        ("search.js", "search.js"),
        ("files/report.pdf", "files/report.pdf"),
        ("robots.txt", "robots.txt"),
    ] {
        site.write("content/moved.md", &format!("---\ntitle: Moved\naliases:\n  - {alias}\n---\n"));
        let run = site.build();
        run.assert_error(&[
            "content/moved.md:4:5:",
            &format!("the alias \"{alias}\" would replace the generated or copied file `{file}`"),
        ]);
        assert!(!run.stderr.contains("os error"), "{}", run.stderr);
    }
    site.write("content/moved.md", "---\ntitle: Moved\naliases: [a]\n---\n");
    site.build().assert_error(&["content/moved.md:3:11:", "already the URL of another page or alias"]);
}

#[test]
fn a_static_file_at_a_generated_path_is_a_warning_and_the_generated_file_wins() {
    let site = TestSite::minimal();
    site.write("static/sitemap.xml", "mine");
    site.write("static/index.html", "mine");
    let run = site.build();
    run.assert_ok();
    for rel in ["sitemap.xml", "index.html"] {
        assert!(
            run.stderr.lines().any(|l| l.contains(&format!("static/{rel}"))
                && l.contains("warning")
                && l.contains("is generated by acta, so this static file is not published")),
            "{}",
            run.stderr
        );
        assert_ne!(site.read(rel), "mine");
    }
}

#[test]
fn names_that_differ_only_by_case_or_unicode_form_are_errors() {
    let site = TestSite::minimal();
    site.write("content/Caf\u{e9}.md", "---\ntitle: One\n---\n");
    site.write("content/Cafe\u{301}.md", "---\ntitle: Two\n---\n");
    site.build().assert_error(&["both make the page /caf\u{e9}/"]);

    let site = TestSite::minimal();
    site.write_bytes("content/Logo.png", b"png");
    site.write_bytes("content/logo.png", b"png");
    site.build().assert_error(&["content/logo.png", "differs from that of content/Logo.png", "only by case"]);
}

#[test]
fn page_names_become_slugs_and_links_work() {
    // Before: `#`, `?`, `%` and spaces went into URLs as they were, so the
    // navigation and the sitemap linked to pages that could not be reached.
    let site = TestSite::minimal();
    site.write("content/_index.md", "---\ntitle: Home\n---\n\nSee [the new year](<Año Nuevo.md>).\n");
    site.write("content/Notes #1?.md", "---\ntitle: Notes\n---\n");
    site.write("content/100%.md", "---\ntitle: Percent\n---\n");
    site.write("content/Año Nuevo.md", "---\ntitle: Año\n---\n");
    site.write("content/chosen.md", "---\ntitle: Chosen\nslug: My Own\n---\n");
    site.build().assert_ok();
    for dir in ["notes-1", "100", "año-nuevo", "my-own"] {
        assert!(site.exists(&format!("{dir}/index.html")), "{dir}");
    }
    let home = site.read("index.html");
    assert!(home.contains(r#"href="/notes-1/""#), "{home}");
    assert!(home.contains(r#"href="/100/""#), "{home}");
    assert!(home.contains(r#"<a href="/a%C3%B1o-nuevo/">the new year</a>"#), "{home}");
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>/a%C3%B1o-nuevo/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<loc>/my-own/</loc>"), "{sitemap}");
    site.acta(&["check"]).assert_ok();

    site.write("content/sub/_index.md", "---\ntitle: Sub\nslug: other\n---\n");
    site.build().assert_error(&["content/sub/_index.md:3:1:", "`slug` is for pages"]);
}

#[test]
fn dates_with_an_impossible_time_are_errors_at_the_value() {
    // Before: only the day was checked, and the rest reached `<time
    // datetime>` and the feed as it was.
    let site = TestSite::minimal();
    site.write("content/a.md", "---\ntitle: A\ndate: \"2024-01-01T25:61:99+99:00 <b>x</b>\"\n---\n");
    site.build().assert_error(&["content/a.md:3:7:", "is not a date: the time is not valid"]);

    site.write("site.toml", "title = \"T\"\nfeed = true\n");
    site.write("content/a.md", "---\ntitle: A\ndate: 2002-11-18 10:00\n---\n");
    site.build().assert_ok();
    let feed = site.read("atom.xml");
    assert!(feed.contains("<updated>2002-11-18T10:00:00Z</updated>"), "{feed}");
}

#[cfg(unix)]
#[test]
fn links_in_static_are_reported_not_dropped_silently() {
    let site = TestSite::minimal();
    site.write("elsewhere.css", "body{}");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink(site.path().join("elsewhere.css"), site.path().join("static/linked.css")).unwrap();
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.lines().any(|l| l.contains("static/linked.css") && l.contains("symbolic link skipped")),
        "{}",
        run.stderr
    );
    let check = site.acta(&["check"]);
    assert!(check.stderr.contains("symbolic link skipped") || check.stdout.contains("symbolic link skipped"));
}
