//! `gazette diff OLD [NEW] --format docx`: the redline of two versions' Word copies, signed
//! by the new version's author and dated by it, so that the same two versions give the same
//! bytes.

use std::path::Path;
use std::process::Command;

use crate::input::Locale;
use crate::input::hinted::Hinted;
use crate::pipeline::{self, Error};
use crate::render::docx::redline::{Form, Signed};

/// Writes the redline of `old` against `new` (default: the paper folder itself) to `output`,
/// atomically: a Word document with tracked changes when it ends in `.docx`, a web page when
/// it ends in `.html`. The changes are signed `author`, or by the new revision's author,
/// or `gazette`; they are dated by the new revision's commit, or by the paper's date. The
/// redline is of the `locale` edition.
pub fn redline(
    old: &str,
    new: Option<&str>,
    paper: &Path,
    author: Option<&str>,
    locale: Locale,
    output: &Path,
) -> Result<(), Error> {
    let form = match output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("docx") => Form::Word,
        Some("html" | "htm") => Form::Web,
        _ => {
            return Err(Error::usage(
                Hinted::new(format!("`{}` is neither a Word file's name nor a web page's", output.display()))
                    .hint("name the redline with `.docx` (for Word) or `.html` (for a browser) at the end, for example `--output 修订稿.docx`"),
            ));
        }
    };
    let (a, b, _) = super::sides::load_both(old, new, paper, locale)?;
    let revision = new.filter(|n| crate::input::files::Disk::open(Path::new(n)).is_none());
    let commit = revision.and_then(|rev| signature(rev, paper));
    let date = match (&commit, b.document.config.date) {
        (Some((_, date)), _) => date.clone(),
        (None, Some(d)) => format!("{}-{:02}-{:02}T00:00:00Z", d.year, d.month, d.day_or_first()),
        (None, None) => "1980-01-01T00:00:00Z".to_string(),
    };
    let author =
        author.map(str::to_string).or(commit.map(|(name, _)| name)).unwrap_or_else(|| "gazette".into());
    let bytes = pipeline::redline(&a, &b, Signed { author: &author, date: &date }, form)?;
    crate::output::write_atomically(output, &bytes).map_err(|e| Error::environment(e.to_string()))
}

/// A revision's author and the time it was committed, in UTC.
fn signature(rev: &str, paper: &Path) -> Option<(String, String)> {
    let out = Command::new("git")
        .arg("-C")
        .arg(paper)
        .args(["log", "-1", "--date=format-local:%Y-%m-%dT%H:%M:%SZ", "--format=%an%n%cd", rev, "--"])
        .env("TZ", "UTC")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines = text.lines();
    Some((lines.next()?.to_string(), lines.next()?.to_string()))
}
