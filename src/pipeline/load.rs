//! Reading a paper: every stage up to the document, each problem found reported together.

use std::path::Path;

use super::model::{BuildCache, Error, Paper};
use crate::charts;
use crate::config::theme::{self, Theme};
use crate::config::{self, Config};
use crate::content::document::Document;
use crate::input::Locale;
use crate::input::diagnostic::Diagnostic;
use crate::input::hinted::Hinted;
use crate::input::sheet::Workbooks;
use crate::input::source::{self, Folder};
use crate::metrics::{self, Metrics};
use crate::output;
use crate::render::provenance;
use crate::{content, discover};

/// Reads every input of the paper at `root`, reporting every problem found. With `cache`
/// (`serve`), what is unchanged since the last build is taken as read then.
pub(crate) fn load(
    root: &Path,
    locale: Locale,
    cache: Option<&BuildCache>,
    stage: &dyn Fn(&str),
) -> Result<Paper, Error> {
    is_a_paper(root)?;
    let folder = Folder { root, kept: cache.map(|c| &c.files) };
    let mut diags = Vec::new();
    stage("reading metrics");
    let config = config::load(folder, &mut diags);
    let layout = discover::discover(root, locale, &mut diags);
    let books = Workbooks::new(root);
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
    add_pdf_fonts(root, &config, &mut theme, &mut diags);
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
fn is_a_paper(root: &Path) -> Result<(), Error> {
    if !root.is_dir() {
        return Err(Error::usage(
            Hinted::new(format!("`{}` is not a folder", root.display()))
                .hint("pass the paper's folder: the one that holds `gazette.yaml`"),
        ));
    }
    if !root.join(config::FILE).is_file() {
        return Err(Error::usage(
            Hinted::new(format!(
                "there is no `{}` in `{}`: this is not a gazette paper",
                config::FILE,
                root.display()
            ))
            .hint("pass the paper's folder, or create one with `gazette init`"),
        ));
    }
    output::check_target(root).map_err(Error::environment)
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
fn add_pdf_fonts(root: &Path, config: &Config, theme: &mut Theme, diags: &mut Vec<Diagnostic>) {
    for rel in &config.pdf_fonts {
        match source::read_bytes(root, Path::new(rel), config::FILE) {
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
