//! A site in a temporary folder and the `acta` binary run on it.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TestSite {
    dir: tempfile::TempDir,
}

/// What a run of `acta` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(self.code, 0, "acta failed:\n{}", self.stderr);
        self
    }

    /// Asserts exit 1 and that stderr has a line containing every fragment.
    #[track_caller]
    pub fn assert_error(&self, fragments: &[&str]) -> &Self {
        assert_eq!(self.code, 1, "expected exit 1, got {}:\n{}", self.code, self.stderr);
        assert!(
            self.stderr.lines().any(|l| fragments.iter().all(|f| l.contains(f))),
            "no line of stderr contains all of {fragments:?}:\n{}",
            self.stderr
        );
        self
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite { dir: tempfile::tempdir().unwrap() };
        copy_dir(&fixtures().join(name), site.path());
        site
    }

    /// A site with only a site.toml and a home page.
    pub fn minimal() -> TestSite {
        let site = TestSite { dir: tempfile::tempdir().unwrap() };
        site.write("site.toml", "title = \"Test\"\n");
        site.write("content/_index.md", "---\ntitle: Home\n---\n\nHello.\n");
        site
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// Runs `acta ARGS` in the site's folder.
    pub fn acta(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_acta")).args(args).current_dir(self.path()).output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn build(&self) -> Run {
        self.acta(&["build"])
    }

    /// A file of the output folder (`public/`).
    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        let path = self.path().join("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join("public").join(rel).exists()
    }
}

/// Every file under `dir` with its bytes, sorted: to compare whole trees.
pub fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}
