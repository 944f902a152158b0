//! Stage 3, discover: finding a paper's files. In: the paper's folder and the edition. Out:
//! the [`Layout`], the metric files (`content/metrics/*.yaml`), chart files
//! (`content/charts/*.yaml`) and chapters (`content/*.md`, or `content/en/*.md` for the
//! English edition) in file-name order, which the later stages read.

use std::path::{Path, PathBuf};

use crate::input::diagnostic::Diagnostic;
use crate::input::files::Entry;
use crate::input::source::{Folder, display_name};

/// The input files of a paper, relative to its root, in the order they are read.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    pub metric_files: Vec<PathBuf>,
    /// Workbooks in `content/metrics/` whose rows are metrics (`.csv`, `.xlsx`, `.ods`, `.xls`).
    pub metric_tables: Vec<PathBuf>,
    pub chart_files: Vec<PathBuf>,
    pub chapter_files: Vec<PathBuf>,
    /// For the English edition, the Chinese chapters it translates (to name those it leaves
    /// out); empty for the Chinese edition.
    pub original_chapters: Vec<PathBuf>,
}

/// The folder holding chapters; metrics are in its `metrics/` folder.
pub(crate) const CONTENT: &str = "content";

/// Where the English edition's chapters live, beside the Chinese ones.
pub(crate) const EN_CHAPTERS: &str = "content/en";

/// Lists the paper's input files for an edition: the Chinese chapters are `content/*.md`,
/// the English ones `content/en/*.md`. Symbolic links that lead outside the paper are refused.
pub(crate) fn discover(
    folder: Folder<'_>,
    locale: crate::input::Locale,
    diags: &mut Vec<Diagnostic>,
) -> Layout {
    let mut layout = Layout::default();
    let content = Path::new(CONTENT);
    if !folder.is_folder(content) {
        diags.push(
            Diagnostic::error("the paper has no `content/` folder")
                .in_file(CONTENT)
                .hint("chapters go in `content/*.md` and metrics in `content/metrics/*.yaml`; `gazette init` makes a new paper"),
        );
        return layout;
    }
    let mut tables = Vec::new();
    layout.metric_files = yaml_files(folder, &content.join("metrics"), "metric", Some(&mut tables), diags);
    layout.metric_tables = tables;
    layout.chart_files = yaml_files(folder, &content.join("charts"), "chart", None, diags);
    let chapters = match locale {
        crate::input::Locale::Zh => content,
        crate::input::Locale::En => Path::new(EN_CHAPTERS),
    };
    if !folder.is_folder(chapters) {
        diags.push(
            Diagnostic::error(format!("the paper has no `{EN_CHAPTERS}/` folder for its English edition"))
                .in_file(EN_CHAPTERS)
                .hint("write the English chapters as `content/en/01-name.md`, with the same `{{ m.ID }}` references as the Chinese ones"),
        );
        return layout;
    }
    let markdown = |path: &PathBuf| path.extension().and_then(|e| e.to_str()) == Some("md");
    layout.chapter_files = list(folder, chapters, 1, diags).into_iter().filter(markdown).collect();
    if locale == crate::input::Locale::En {
        // Their problems are the Chinese edition's to report.
        let originals = list(folder, content, 1, &mut Vec::new());
        layout.original_chapters = originals.into_iter().filter(markdown).collect();
    }
    layout
}

/// The YAML files under `dir` (if it exists), and into `tables` its workbooks when it takes
/// them; other files get a warning that they are ignored.
fn yaml_files(
    folder: Folder<'_>,
    dir: &Path,
    what: &str,
    mut tables: Option<&mut Vec<PathBuf>>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    match folder.entry(dir) {
        Some(Entry::Folder) => {}
        Some(Entry::File { .. }) => {
            let name = display_name(dir);
            diags.push(
                Diagnostic::error(format!(
                    "`{name}` is a file, but gazette reads {what} definitions from a folder of that name"
                ))
                .in_file(name.clone())
                .hint(format!("rename the file and put the {what} files (`*.yaml`) in a folder `{name}/`")),
            );
            return Vec::new();
        }
        _ => return Vec::new(),
    }
    let mut out = Vec::new();
    for path in list(folder, dir, 16, diags) {
        match (path.extension().and_then(|e| e.to_str()), tables.as_deref_mut()) {
            (Some("yaml" | "yml"), _) => out.push(path),
            (_, Some(tables)) if crate::input::sheet::is_workbook(&path) => tables.push(path),
            _ => diags.push(
                Diagnostic::warning(format!("`{}` is not a YAML file and is ignored", display_name(&path)))
                    .in_file(display_name(&path))
                    .hint(format!("{what} files end in `.yaml`")),
            ),
        }
    }
    out
}

/// Files (and file-named folders) under `dir` up to `depth` folders down, in name order,
/// relative to the paper; hidden and backup files are passed over, links checked.
fn list(folder: Folder<'_>, dir: &Path, depth: usize, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let entries = match folder.list(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let name = display_name(dir);
            diags.push(Diagnostic::error(format!("cannot read `{name}`: {e}")).in_file(name));
            return out;
        }
    };
    for (name, entry) in entries {
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let rel = dir.join(&name);
        let shown = display_name(&rel);
        let looks_like_input =
            rel.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "md" | "yaml" | "yml"));
        match entry {
            Entry::File { .. } => out.push(rel),
            Entry::Folder => {
                if looks_like_input {
                    out.push(rel.clone());
                }
                if depth > 1 {
                    out.extend(list(folder, &rel, depth - 1, diags));
                }
            }
            Entry::LinkToFolder => diags.push(
                Diagnostic::warning(format!(
                    "`{shown}` is a link to a folder, which gazette does not follow"
                ))
                .in_file(shown)
                .hint("move the files into this folder, or delete the link"),
            ),
            Entry::Outside => diags.push(
                Diagnostic::error(format!("`{shown}` is a link to a file outside the paper"))
                    .in_file(shown)
                    .hint("copy the file into the paper instead of linking to it"),
            ),
            Entry::BrokenLink(e) => diags.push(
                Diagnostic::error(format!("`{shown}` is a broken or looping link: {e}"))
                    .in_file(shown)
                    .hint("delete the link or make it point to a file in the paper"),
            ),
        }
    }
    out
}
