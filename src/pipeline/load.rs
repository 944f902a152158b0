//! Reading a paper: every stage up to the document, each problem found reported together.

use std::path::Path;

use super::model::{BuildCache, Error, Paper};
use crate::charts;
use crate::config::theme::{self, Theme};
use crate::config::{self, Config};
use crate::content::document::Document;
use crate::input::Locale;
use crate::input::diagnostic::Diagnostic;
use crate::input::files::{Disk, Entry, Files};
use crate::input::hinted::Hinted;
use crate::input::sheet::Workbooks;
use crate::input::source::{self, Folder};
use crate::metrics::{self, Metrics};
use crate::output;
use crate::render::provenance;
use crate::{content, discover};

/// The paper in the folder `root`, read from the disk; an error when there is no folder.
pub(crate) fn open(root: &Path) -> Result<Disk, Error> {
    Disk::open(root).ok_or_else(|| {
        Error::usage(
            Hinted::new(format!("`{}` is not a folder", root.display()))
                .hint("pass the paper's folder: the one that holds `gazette.yaml`"),
        )
    })
}

/// Reads every input of the paper in `files`, reporting every problem found. With `cache`
/// (`serve`), what is unchanged since the last build is taken as read then.
pub(crate) fn load(
    files: &dyn Files,
    locale: Locale,
    cache: Option<&BuildCache>,
    stage: &dyn Fn(&str),
) -> Result<Paper, Error> {
    is_a_paper(files)?;
    let folder = Folder { files, kept: cache.map(|c| &c.files) };
    let mut diags = Vec::new();
    stage("reading metrics");
    let config = config::load(folder, &mut diags);
    let layout = discover::discover(folder, locale, &mut diags);
    let books = Workbooks::new(folder);
    let metrics = metrics::load(
        folder,
        (&layout.metric_files, &layout.metric_tables),
        cache.map(|c| &c.metrics),
        &books,
        &mut diags,
    );
    let charts = charts::load(folder, &layout.chart_files, &metrics, locale, &mut diags);
    let theme_name = config.as_ref().map_or("default", |c| c.theme.as_str());
    let theme = theme::load(folder, theme_name).map_err(|ds| diags.extend(ds)).ok();
    if let Some(theme) = &theme {
        diags.extend(config::template_lint::data_in_closures(&theme.pdf));
    }
    stage("reading chapters");
    let fallback = Config::default();
    let cx = content::Context {
        metrics: &metrics,
        charts: &charts,
        config: config.as_ref().unwrap_or(&fallback),
        locale,
    };
    let loaded = content::load(folder, cache.map(|c| &c.chapters), &layout.chapter_files, cx, &mut diags);
    let (Some(mut config), Some(mut theme)) = (config, theme) else {
        return Err(Error::Input(diags));
    };
    if locale == Locale::En {
        english_settings(&mut config, &mut diags);
    }
    add_pdf_fonts(folder, &config, &mut theme, &mut diags);
    fail_on_errors(&mut diags)?;
    let document = Document { config, chapters: loaded.chapters, locale };
    if locale == Locale::En {
        diags.extend(english_gaps(&layout, &loaded.placed, &charts));
        diags.extend(english_labels(&document, &metrics));
        fail_on_errors(&mut diags)?;
    }
    if document.chapters.is_empty() {
        diags.push(
            Diagnostic::warning("the paper has no chapters")
                .in_file(discover::CONTENT)
                .hint("write chapters as `content/01-name.md`, each starting with front matter (`---`, `title: …`, `---`)"),
        );
    }
    Ok(Paper {
        document,
        metrics,
        charts,
        theme,
        media: loaded.media,
        placed: loaded.placed,
        workbooks: books.hashes(),
        warnings: diags,
    })
}

/// Refuses a folder that is not a paper, or whose `output` cannot be replaced.
fn is_a_paper(files: &dyn Files) -> Result<(), Error> {
    let settings = files.entry(Path::new(config::FILE));
    if let Ok(Some(Entry::Outside)) = settings {
        return Err(Error::usage(
            Hinted::new(format!(
                "`{}` in `{}` is a link to a file outside the paper",
                config::FILE,
                files.name()
            ))
            .hint("copy the file into the paper's folder instead of linking to it"),
        ));
    }
    if !matches!(settings, Ok(Some(Entry::File { .. }))) {
        return Err(Error::usage(
            Hinted::new(format!(
                "there is no `{}` in `{}`: this is not a gazette paper",
                config::FILE,
                files.name()
            ))
            .hint("pass the paper's folder, or create one with `gazette init`"),
        ));
    }
    match files.root() {
        Some(root) => output::check_target(root).map_err(Error::environment),
        None => Ok(()),
    }
}

/// Every problem so far as the error, when one of them is an error.
fn fail_on_errors(diags: &mut Vec<Diagnostic>) -> Result<(), Error> {
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Input(std::mem::take(diags)));
    }
    Ok(())
}

/// The settings in English for the English edition, which must have an English title.
fn english_settings(config: &mut Config, diags: &mut Vec<Diagnostic>) {
    if config.en.title.is_none() {
        diags.push(
            Diagnostic::error("the paper has no English title for its English edition")
                .in_file(config::FILE)
                .hint("add `en: { title: …, publisher: … }` to `gazette.yaml`"),
        );
    }
    config.in_english();
}

/// The fonts `gazette.yaml` adds for the PDF, read into the theme.
fn add_pdf_fonts(folder: Folder<'_>, config: &Config, theme: &mut Theme, diags: &mut Vec<Diagnostic>) {
    for rel in &config.pdf_fonts {
        match folder.read_named(Path::new(rel), config::FILE) {
            Ok(bytes) => theme::add_font(&mut theme.fonts, rel.clone(), bytes),
            Err(d) => diags.push(d),
        }
    }
}

/// An error for each metric the English edition prints without an English label.
fn english_labels(document: &Document, metrics: &Metrics) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for row in provenance::used(document) {
        let Some(m) = metrics.get(&row.id) else { continue };
        if m.en.label.is_none() {
            diags.push(
                Diagnostic::error(format!(
                    "metric `{}` is printed in the English edition but has no English label",
                    m.id
                ))
                .at(m.at.clone())
                .hint(format!("add `en: {{ label: … }}` to the metric (its Chinese label is {})", m.label)),
            );
        }
    }
    diags
}

/// What a partial English edition lacks: a warning for each Chinese chapter without an English
/// one, and an error for each chart an English chapter places without an English title.
fn english_gaps(
    layout: &discover::Layout,
    placed: &std::collections::HashMap<String, usize>,
    charts: &charts::Charts,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let translated: Vec<_> = layout.chapter_files.iter().filter_map(|p| p.file_name()).collect();
    for zh in &layout.original_chapters {
        if zh.file_name().is_some_and(|n| !translated.contains(&n)) {
            let name = source::display_name(zh);
            diags.push(
                Diagnostic::warning(format!(
                    "chapter `{name}` has no English translation: the English edition leaves it out"
                ))
                .in_file(name.clone())
                .hint(format!(
                    "write `{}/{}` to include it",
                    discover::EN_CHAPTERS,
                    zh.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
                )),
            );
        }
    }
    for chart in charts.iter().filter(|c| c.missing_en_title && placed.contains_key(&c.id)) {
        diags.push(
            Diagnostic::error(format!("chart `{}` has no English title for the English edition", chart.id))
                .at(chart.at.clone())
                .hint("add `en: { title: … }` to the chart"),
        );
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::files::Memory;
    use crate::pipeline::{Outputs, render};

    /// The files of `rel` in `from`, by path.
    fn files_of(from: &dyn Files, rel: &Path, to: &mut Vec<(String, Vec<u8>)>) {
        match from.entry(rel).unwrap() {
            Some(Entry::File { .. }) => to.push((source::display_name(rel), from.read(rel).unwrap())),
            Some(Entry::Folder) => {
                for (name, _) in from.list(rel).unwrap() {
                    files_of(from, &rel.join(name), to);
                }
            }
            _ => {}
        }
    }

    /// The example paper held in memory, as a git revision is, builds the same site, images
    /// and Word copy byte for byte as from a folder: every stage reads through `Files`, none
    /// from the disk. A workbook, a bound metric and an image are added to it.
    #[test]
    fn a_paper_in_memory_builds_as_from_its_folder() {
        let example = open(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut paper = Vec::new();
        for top in [config::FILE, discover::CONTENT, "themes"] {
            files_of(&example, Path::new(top), &mut paper);
        }
        let metrics = "bound:\n  label: 收案\n  value: { from: data/t.csv, row: 2023, column: 收案 }\n  unit: 件\n  source: 表\n";
        let chapter = "---\ntitle: 附\n---\n\n收案{{ m.bound }}。\n\n![院徽](images/seal.svg)\n";
        let seal = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
        for (rel, text) in [
            ("data/t.csv", "年份,收案\n2022,10\n2023,12\n"),
            ("content/metrics/99-bound.yaml", metrics),
            ("content/99-bound.md", chapter),
            ("content/images/seal.svg", seal),
        ] {
            paper.push((rel.to_string(), text.as_bytes().to_vec()));
        }
        let folder = tempfile::tempdir().unwrap();
        let mut memory = Memory::new("the example in memory");
        for (rel, bytes) in paper {
            let path = folder.path().join(&rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &bytes).unwrap();
            memory.insert(&rel, bytes);
        }
        let built = |files: &dyn Files| {
            let paper = load(files, Locale::Zh, None, &|_| {}).unwrap();
            assert!(paper.workbooks.contains_key("data/t.csv"), "{:?}", paper.workbooks);
            render(&paper, Outputs { images: true, docx: true, ..Outputs::SITE }, None, &|_| {})
                .unwrap()
                .files
        };
        let (from_disk, from_memory) = (built(&open(folder.path()).unwrap()), built(&memory));
        assert!(from_disk.keys().any(|k| k.ends_with(".docx")), "{:?}", from_disk.keys());
        assert!(from_disk.contains_key("site/media/images/seal.svg"), "{:?}", from_disk.keys());
        assert_eq!(from_disk.keys().collect::<Vec<_>>(), from_memory.keys().collect::<Vec<_>>());
        for (path, bytes) in &from_disk {
            assert!(from_memory[path] == *bytes, "`{path}` differs when the paper is read from memory");
        }
    }

    /// A paper in memory is refused, named, when it has no settings file.
    #[test]
    fn a_paper_in_memory_without_settings_is_named() {
        let mut memory = Memory::new("HEAD~3");
        memory.insert("content/01.md", b"---\ntitle: a\n---\n".to_vec());
        let Err(e) = load(&memory, Locale::Zh, None, &|_| {}) else {
            panic!("a paper without settings loaded")
        };
        assert!(e.to_string().contains("there is no `gazette.yaml` in `HEAD~3`"), "{e}");
    }
}
