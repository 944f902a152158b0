//! What the integration tests share: copying a paper, running the binary, reading outputs.

#![allow(dead_code)] // each test crate uses only some of it

use std::path::Path;
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
