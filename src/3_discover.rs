//! Stage 3, discover: finding a paper's files. In: the paper's folder and the edition. Out:
//! the [`Layout`], the metric files (`content/metrics/*.yaml`), chart files
//! (`content/charts/*.yaml`) and chapters (`content/*.md`, or `content/en/*.md` for the
//! English edition) in file-name order, which the later stages read.

use std::path::{Path, PathBuf};

use crate::input::diagnostic::Diagnostic;
use crate::input::source::display_name;

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
pub(crate) fn discover(root: &Path, locale: crate::input::Locale, diags: &mut Vec<Diagnostic>) -> Layout {
    let mut layout = Layout::default();
    let content = root.join(CONTENT);
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("the paper has no `content/` folder")
                .in_file(CONTENT)
                .hint("chapters go in `content/*.md` and metrics in `content/metrics/*.yaml`; `gazette init` makes a new paper"),
        );
        return layout;
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut tables = Vec::new();
    let metrics_dir = content.join("metrics");
    layout.metric_files = yaml_files(root, &canonical_root, &metrics_dir, "metric", Some(&mut tables), diags);
    layout.metric_tables = tables;
    layout.chart_files = yaml_files(root, &canonical_root, &content.join("charts"), "chart", None, diags);
    let chapters = match locale {
        crate::input::Locale::Zh => content.clone(),
        crate::input::Locale::En => root.join(EN_CHAPTERS),
    };
    if !chapters.is_dir() {
        diags.push(
            Diagnostic::error(format!("the paper has no `{EN_CHAPTERS}/` folder for its English edition"))
                .in_file(EN_CHAPTERS)
                .hint("write the English chapters as `content/en/01-name.md`, with the same `{{ m.ID }}` references as the Chinese ones"),
        );
        return layout;
    }
    let markdown = |path: &PathBuf| path.extension().and_then(|e| e.to_str()) == Some("md");
    layout.chapter_files =
        list(root, &canonical_root, &chapters, 1, diags).into_iter().filter(markdown).collect();
    if locale == crate::input::Locale::En {
        // Their problems are the Chinese edition's to report.
        let originals = list(root, &canonical_root, &content, 1, &mut Vec::new());
        layout.original_chapters = originals.into_iter().filter(markdown).collect();
    }
    layout
}

/// The YAML files under `dir` (if it exists), and into `tables` its workbooks when it takes
/// them; other files get a warning that they are ignored.
fn yaml_files(
    root: &Path,
    canonical_root: &Path,
    dir: &Path,
    what: &str,
    mut tables: Option<&mut Vec<PathBuf>>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    if dir.is_file() {
        let name = display_name(dir.strip_prefix(root).unwrap_or(dir));
        diags.push(
            Diagnostic::error(format!(
                "`{name}` is a file, but gazette reads {what} definitions from a folder of that name"
            ))
            .in_file(name.clone())
            .hint(format!("rename the file and put the {what} files (`*.yaml`) in a folder `{name}/`")),
        );
        return Vec::new();
    }
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for path in list(root, canonical_root, dir, 16, diags) {
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

/// Files (and file-named folders) under `dir` up to `depth`, sorted by name, relative to root.
fn list(
    root: &Path,
    canonical_root: &Path,
    dir: &Path,
    depth: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let walker =
        walkdir::WalkDir::new(dir).min_depth(1).max_depth(depth).follow_links(false).sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path =
                    e.path().map(|p| display_name(p.strip_prefix(root).unwrap_or(p))).unwrap_or_default();
                diags.push(Diagnostic::error(format!("cannot read `{path}`: {e}")).in_file(path));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
        let ft = entry.file_type();
        if ft.is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(canonical_root) => {
                    if target.is_file() {
                        out.push(rel);
                    } else if target.is_dir() {
                        diags.push(
                            Diagnostic::warning(format!(
                                "`{}` is a link to a folder, which gazette does not follow",
                                display_name(&rel)
                            ))
                            .in_file(display_name(&rel))
                            .hint("move the files into this folder, or delete the link"),
                        );
                    }
                }
                Ok(_) => diags.push(
                    Diagnostic::error(format!(
                        "`{}` is a link to a file outside the paper",
                        display_name(&rel)
                    ))
                    .in_file(display_name(&rel))
                    .hint("copy the file into the paper instead of linking to it"),
                ),
                Err(e) => diags.push(
                    Diagnostic::error(format!("`{}` is a broken or looping link: {e}", display_name(&rel)))
                        .in_file(display_name(&rel))
                        .hint("delete the link or make it point to a file in the paper"),
                ),
            }
            continue;
        }
        let looks_like_input =
            rel.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "md" | "yaml" | "yml"));
        if ft.is_file() || (ft.is_dir() && looks_like_input) {
            out.push(rel);
        }
    }
    out
}
