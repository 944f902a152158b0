//! `gazette init`: a new paper from templates built into the binary, so it works wherever
//! gazette is installed.

use std::path::Path;

/// The files of a new paper, by path.
const FILES: &[(&str, &str)] = &[
    ("gazette.yaml", include_str!("init/gazette.yaml")),
    ("content/metrics/cases.yaml", include_str!("init/content/metrics/cases.yaml")),
    ("content/charts/cases.yaml", include_str!("init/content/charts/cases.yaml")),
    ("content/01-overview.md", include_str!("init/content/01-overview.md")),
    ("content/02-outlook.md", include_str!("init/content/02-outlook.md")),
    (".gitignore", include_str!("init/gitignore")),
];

/// The files of a new paper of an office's own (`--bare`): its settings, a metrics file and a
/// charts file that only say how to write them, and one empty chapter.
const BARE: &[(&str, &str)] = &[
    ("gazette.yaml", include_str!("init/gazette.yaml")),
    ("content/metrics/metrics.yaml", include_str!("init/bare/metrics.yaml")),
    ("content/charts/charts.yaml", include_str!("init/bare/charts.yaml")),
    ("content/01-chapter.md", include_str!("init/bare/01-chapter.md")),
    (".gitignore", include_str!("init/gitignore")),
];

/// Writes a new paper into `dir`, which must be absent or empty (a `.git` folder is allowed):
/// the sample paper, or with `bare` the settings and folders alone. Returns the files written.
pub fn init(dir: &Path, bare: bool) -> Result<Vec<String>, String> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("`{}` is a file; pass a new or empty folder", dir.display()));
        }
        let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
        let mut taken: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".git")
            .collect();
        if !taken.is_empty() {
            taken.sort();
            return Err(format!(
                "`{}` is not empty (it holds {}); gazette init never overwrites files: pass a new or empty folder",
                dir.display(),
                taken.iter().take(3).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in if bare { BARE } else { FILES } {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        written.push((*rel).to_string());
    }
    Ok(written)
}
