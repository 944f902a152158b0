//! What the tests of every area share: the papers (fixtures, the example, the real papers),
//! copying one, running the binary, reading what it wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Copies a paper's files from `from` into `to`, leaving out any `output/` folder.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with("output") && entry.path().is_dir() {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            if dest.is_dir() {
                std::fs::remove_dir_all(&dest).unwrap();
            }
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Runs `gazette ARGS DIR` without colour.
pub(crate) fn gazette(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette")).args(args).arg(dir).env("NO_COLOR", "1").output().unwrap()
}

/// The text of a PDF, through poppler's `pdftotext` when the machine has it.
pub(crate) fn pdf_text(pdf: &Path) -> Option<String> {
    let out = Command::new("pdftotext").args(["-layout"]).arg(pdf).arg("-").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A page's text without its tags, so that a figure reads with its neighbours.
pub(crate) fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fixture paper copied into a fresh temporary folder.
pub(crate) fn paper(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join(name), dir.path());
    dir
}

/// The example paper of this repository, copied.
pub(crate) fn example() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("gazette.yaml"), dir.path().join("gazette.yaml")).unwrap();
    copy_tree(&root.join("content"), &dir.path().join("content"));
    copy_tree(&root.join("themes"), &dir.path().join("themes"));
    dir
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `output` (or the bytes of `output` itself when it is a file).
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = dir.join("output");
    let mut files = BTreeMap::new();
    if out.is_file() {
        files.insert(String::new(), std::fs::read(&out).unwrap());
        return files;
    }
    if !out.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(&out).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

pub(crate) fn index_html(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("output/site/index.html")).unwrap()
}

pub(crate) fn papers() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/papers")
}

/// A paper of `tests/papers/` copied into a fresh temporary folder.
pub(crate) fn real_paper(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&papers().join(name), dir.path());
    dir
}

pub(crate) fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `gazette.yaml` of a copied paper with one more setting.
pub(crate) fn with_setting(dir: &Path, line: &str) {
    let path = dir.join("gazette.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(line);
    std::fs::write(path, text).unwrap();
}

/// The article's figures, as the article prints them.
pub(crate) const SEED_FIGURES: &[&str] = &[
    "32次",
    "41个",
    "64个",
    "超过20%",
    "8项",
    "545件",
    "4年",
    "100%",
    "20余次",
    "8名",
    "8次",
    "12件",
    "47起",
    "30余家",
    "400余次",
    "260余件",
    "超4亿元",
    "近200件",
    "近40户",
    "79家",
    "1047起",
    "4500余件",
    "58.4%",
    "百余起",
    "近五年",
    "60余起",
    "10余个",
    "1500余人",
    "21件",
];

/// Asserts that the rendered diagnostics show `line`: `FILE:LINE:COL: error: MESSAGE` is an
/// `error: MESSAGE` header followed by `┌─ FILE:LINE:COL`; other lines must appear as written.
pub(crate) fn assert_shows(err: &str, line: &str, case: &str) {
    for sev in [": error: ", ": warning: "] {
        if let Some(i) = line.find(sev) {
            let (loc, msg) = (&line[..i], &line[i + 2..]);
            if !loc.contains(':') {
                // A file-level message: `error: MESSAGE` naming the file, or `error: FILE: MESSAGE`.
                let text = &msg[msg.find(": ").unwrap() + 2..];
                let found = err.lines().any(|l| l.contains(text) && l.contains(loc));
                assert!(found, "{case}: expected `{msg}` naming `{loc}` in:\n{err}");
                return;
            }
            let lines: Vec<&str> = err.lines().collect();
            let found =
                lines.windows(2).any(|w| w[0].starts_with(msg) && w[1].contains(&format!("┌─ {loc}")));
            assert!(found, "{case}: expected `{msg}` at `{loc}` in:\n{err}");
            return;
        }
    }
    assert!(err.contains(line), "{case}: expected `{line}` in:\n{err}");
}

/// A paper in a fresh temporary folder, to change, run `gazette` on and read back (after
/// mdBook's `BookTest`).
pub(crate) struct PaperTest {
    dir: tempfile::TempDir,
}

/// What one run of `gazette` did.
pub(crate) struct Run {
    /// The exit status (none when a signal ended it).
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl PaperTest {
    /// A fixture of `tests/fixtures/` (`valid/basic`).
    pub(crate) fn fixture(name: &str) -> Self {
        Self { dir: paper(name) }
    }

    /// The example paper of this repository.
    pub(crate) fn example() -> Self {
        Self { dir: example() }
    }

    /// A real paper of `tests/papers/` (`shandong-2022`).
    pub(crate) fn real(name: &str) -> Self {
        Self { dir: real_paper(name) }
    }

    /// The paper's folder.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to the file `rel` of the paper, creating its folder.
    pub(crate) fn with_file(self, rel: &str, text: &str) -> Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Lays the files of another fixture (`invalid/…`) over the paper.
    pub(crate) fn with_fixture(self, name: &str) -> Self {
        copy_tree(&fixtures().join(name), self.path());
        self
    }

    /// Runs `gazette ARGS PAPER`.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let o = gazette(args, self.path());
        Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Builds the paper, which must succeed.
    pub(crate) fn build(&self) -> &Self {
        let run = self.run(&["build"]);
        assert_eq!(run.code, Some(0), "the build failed:\n{}", run.stderr);
        self
    }

    /// The text of the file `rel` of the paper (`output/site/index.html`).
    pub(crate) fn read(&self, rel: &str) -> String {
        read(self.path(), rel)
    }

    /// Every file under `output/`.
    pub(crate) fn output(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(self.path())
    }
}

/// Whether `git` is missing, which a test that needs revisions then skips (saying so).
pub(crate) fn no_git() -> bool {
    let missing = Command::new("git").arg("--version").output().is_err();
    if missing {
        eprintln!("skipped: `git` is not installed, so there are no revisions to compare");
    }
    missing
}

/// Runs `git ARGS` in `dir` as a test user, which must succeed.
pub(crate) fn git_in(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(o.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&o.stderr));
}
