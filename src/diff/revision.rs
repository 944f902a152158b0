//! A git revision of a paper, read from the repository's objects into memory: `git ls-tree`
//! lists the revision's files under the paper's folder, and one `git cat-file --batch` hands
//! over their bytes, so that comparing with a revision writes nothing and starts two
//! processes, not one per file.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::input::files::Memory;
use crate::input::source::ANY_FILE;
use crate::pipeline::Error;

/// The paper at revision `spec` of the git repository holding the folder `paper`; `None`
/// when `spec` is no revision there (or git cannot be run).
pub(super) fn read(spec: &str, paper: &Path) -> Result<Option<Memory>, Error> {
    let git = |args: &[&str]| -> Option<Vec<u8>> {
        let out = Command::new("git").arg("-C").arg(paper).args(args).output().ok()?;
        out.status.success().then_some(out.stdout)
    };
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).trim().to_string();
    let Some(commit) = git(&["rev-parse", "--verify", "--quiet", &format!("{spec}^{{commit}}")]).map(text)
    else {
        return Ok(None);
    };
    let prefix = git(&["rev-parse", "--show-prefix"]).map(text).unwrap_or_default();
    // The pathspec `.` is the paper's folder (git runs in it); names come from the top.
    let Some(listing) = git(&["ls-tree", "-r", "-l", "-z", "--full-name", &commit, "--", "."]) else {
        return Ok(None);
    };
    let mut memory = Memory::new(spec);
    let mut wanted: Vec<(String, String)> = Vec::new();
    for record in listing.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let record = String::from_utf8_lossy(record);
        let Some((meta, name)) = record.split_once('\t') else { continue };
        let fields: Vec<&str> = meta.split_whitespace().collect();
        // A link (120000) or a submodule is no file of the paper as the revision holds it.
        let [mode, "blob", object, size] = fields[..] else { continue };
        if mode == "120000" {
            continue;
        }
        let rel = name.strip_prefix(&prefix).unwrap_or(name);
        if !is_input(rel) {
            continue;
        }
        match size.parse::<u64>() {
            Ok(len) if len <= ANY_FILE.bytes => wanted.push((object.to_string(), rel.to_string())),
            Ok(len) => memory.insert_too_large(rel, len),
            Err(_) => continue,
        }
    }
    let cannot =
        |e: String| Error::environment(format!("git could not hand over the files of `{spec}`: {e}"));
    let objects = cat_files(paper, wanted.iter().map(|(object, _)| object.as_str())).map_err(cannot)?;
    for ((_, rel), bytes) in wanted.iter().zip(objects) {
        memory.insert(rel, bytes);
    }
    Ok(Some(memory))
}

/// Whether a file of the revision is one a build reads: the settings, `content/`, a theme or
/// a workbook.
fn is_input(rel: &str) -> bool {
    let first = rel.split('/').next().unwrap_or("");
    first == crate::config::FILE
        || first == crate::discover::CONTENT
        || first == "themes"
        || crate::input::sheet::is_workbook(Path::new(rel))
}

/// The bytes of these blobs, in order, from one `git cat-file --batch`.
fn cat_files<'a>(paper: &Path, objects: impl Iterator<Item = &'a str>) -> Result<Vec<Vec<u8>>, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(paper)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let request: String = objects.map(|o| format!("{o}\n")).collect();
    let count = request.lines().count();
    let mut stdin = child.stdin.take().ok_or("no input to git")?;
    // Written from another thread: git answers while it reads, and both pipes must flow.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().ok_or("no output from git")?);
    let mut blobs = Vec::with_capacity(count);
    let mut header = String::new();
    for _ in 0..count {
        header.clear();
        out.read_line(&mut header).map_err(|e| e.to_string())?;
        // `<object> blob <size>`, then the bytes and a newline.
        let size = match header.split_whitespace().collect::<Vec<_>>()[..] {
            [_, "blob", size] => size.parse::<usize>().map_err(|e| e.to_string())?,
            _ => return Err(format!("unexpected answer `{}`", header.trim())),
        };
        let mut bytes = vec![0; size];
        out.read_exact(&mut bytes).map_err(|e| e.to_string())?;
        out.read_exact(&mut [0]).map_err(|e| e.to_string())?;
        blobs.push(bytes);
    }
    writer.join().map_err(|_| "the request to git failed".to_string())?.map_err(|e| e.to_string())?;
    drop(out);
    child.wait().map_err(|e| e.to_string())?;
    Ok(blobs)
}
