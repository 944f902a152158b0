//! Chapters: each file's front matter read, its template expanded and its Markdown parsed
//! into the document model, with every problem of every chapter collected.

pub mod document;
pub mod expand;
pub mod front;
mod kept;
pub mod lint;
mod lists;
pub mod markdown;
mod markers;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::charts::Charts;
use crate::config::Config;
use crate::content::document::{Block, Chapter, Inline};
use crate::content::expand::Expander;
use crate::content::front::ChapterFile;
use crate::discover::CONTENT;
use crate::input::diagnostic::{Diagnostic, Location};
use crate::input::source;
use crate::metrics::Metrics;

use rayon::prelude::*;

/// Image files a chapter may show.
const IMAGE_TYPES: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp"];

/// The chapters of a paper, and the image files they show (site path → file under the paper).
#[derive(Debug, Default)]
pub struct Loaded {
    pub chapters: Vec<Chapter>,
    pub media: BTreeMap<String, PathBuf>,
    /// The charts the chapters place, by id, with their figure numbers.
    pub placed: HashMap<String, usize>,
}

/// Reads, expands and parses every chapter, in parallel; slugs, numbers and messages come out
/// in file order whatever the order of the work. While `serve` keeps files, a chapter whose
/// text and everything it refers to are unchanged is taken as made last time.
pub fn load(
    root: &Path,
    files: &[PathBuf],
    metrics: &Metrics,
    charts: &Charts,
    config: &Config,
    locale: crate::input::Locale,
    diags: &mut Vec<Diagnostic>,
) -> Loaded {
    let expander = Expander::new(metrics, charts, locale);
    let last = kept::Chapters::take(root, config, locale, metrics, charts);
    let expanded: Vec<Result<Expanded, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|rel| {
            let source = source::read(root, rel).map_err(|d| vec![d])?;
            let key = last.key(&source.text);
            let (file, text, warnings) = match last.expanded(rel, key) {
                Some(made) => made,
                None => {
                    let file = front::parse(&source)?;
                    let (text, warnings) = expander.expand(&file)?;
                    (file, text, warnings)
                }
            };
            let lint = crate::content::lint::naked_numbers(&file, metrics);
            Ok(Expanded { file, text, warnings, lint, key })
        })
        .collect();
    let mut slugs = Slugs::default();
    let mut ready = Vec::new();
    for (i, (rel, result)) in files.iter().zip(expanded).enumerate() {
        match result {
            Ok(mut e) => {
                // The template's warnings are kept with the chapter; the lint's are not.
                diags.extend(e.warnings.iter().cloned());
                diags.extend(std::mem::take(&mut e.lint));
                let slug = unique_slug(&e.file, rel, i + 1, &mut slugs);
                ready.push((rel, e, slug));
            }
            Err(ds) => diags.extend(ds),
        }
    }
    let parsed: Vec<(Parsed, u64)> = ready
        .into_par_iter()
        .map(|(rel, e, slug)| {
            let made = (e.key, &e.file, e.text.as_str(), e.warnings.as_slice());
            let parsed = last.parsed(rel, made, root, slug, |slug| {
                parse_chapter(root, e.file.clone(), &e.text, slug, metrics, config, locale)
            });
            (parsed, e.key)
        })
        .collect();
    let mut loaded = Loaded::default();
    let mut number = 0;
    for (Parsed { mut chapter, diags: ds, media }, key) in parsed {
        diags.extend(ds);
        loaded.media.extend(media.into_iter().map(|(site, path, _)| (site, path)));
        if chapter.number.is_some() {
            number += 1;
            chapter.number = Some(number);
        }
        chapter.inputs = key;
        loaded.chapters.push(chapter);
    }
    let print = |n| crate::input::locale::figure_number(locale, config.chinese_figure_numbers, n);
    loaded.placed = number_charts(&mut loaded.chapters, &print);
    diags.extend(resolve_refs(&mut loaded.chapters, &loaded.placed, config, locale));
    last.finish();
    loaded
}

/// A chapter read and its template expanded, with its messages and the hash of its inputs.
struct Expanded {
    file: ChapterFile,
    text: String,
    warnings: Vec<Diagnostic>,
    lint: Vec<Diagnostic>,
    key: u64,
}

/// One chapter parsed, with its problems and the images it shows (site path, file, and the
/// address as written).
#[derive(Clone)]
struct Parsed {
    chapter: Chapter,
    diags: Vec<Diagnostic>,
    media: Vec<(String, PathBuf, String)>,
}

/// Parses one expanded chapter into the document model, with its images resolved.
fn parse_chapter(
    root: &Path,
    file: ChapterFile,
    expanded: &str,
    slug: String,
    metrics: &Metrics,
    config: &Config,
    locale: crate::input::Locale,
) -> Parsed {
    let mut diags = Vec::new();
    let mut media = Vec::new();
    let cx = markdown::Context {
        metrics,
        slug: &slug,
        allow_raw_html: config.allow_raw_html,
        allowed_tags: &config.allow_raw_html_tags,
        locale,
    };
    let mut body = markdown::parse(expanded, &cx);
    for (what, html) in std::mem::take(&mut body.refused) {
        let first_line = html.lines().next().unwrap_or("").to_string();
        diags.push(
            Diagnostic::error(format!("raw HTML with `{what}` is refused: it could run code or load another site"))
                .at(locate_text(&file, &first_line))
                .hint(format!(
                    "remove it; if the published page really needs it, name it in `gazette.yaml`: `allow_raw_html: [{}]`",
                    what.strip_prefix('<').and_then(|t| t.strip_suffix('>')).unwrap_or("script")
                )),
        );
    }
    for (url, _) in std::mem::take(&mut body.images) {
        match resolve_image(root, &url) {
            Ok((site, path)) => {
                rewrite_image(&mut body.blocks, &url, &site);
                media.push((site, path, url));
            }
            Err((message, hint)) => {
                diags.push(Diagnostic::error(message).at(locate_text(&file, &url)).hint(hint));
            }
        }
    }
    let chapter = Chapter {
        source: file.source,
        slug,
        title: file.front.title,
        summary: file.front.summary,
        // Numbered in file order by the caller.
        number: file.front.numbered.then_some(0),
        blocks: body.blocks,
        footnotes: body.footnotes,
        inputs: 0,
    };
    Parsed { chapter, diags, media }
}

/// Gives every `{{ ref.ID }}` its chart's number (图3, 图三), wherever the chart is placed; a
/// reference to a chart placed nowhere is an error at the reference.
fn resolve_refs(
    chapters: &mut [Chapter],
    numbers: &HashMap<String, usize>,
    config: &Config,
    locale: crate::input::Locale,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for c in chapters.iter_mut() {
        let mut used = Vec::new();
        crate::content::document::visit_inlines_mut(&mut c.blocks, &mut |i| {
            if let Inline::FigureRef { chart, text, number } = i {
                *number = numbers.get(chart.as_str()).copied().unwrap_or(0);
                *text = crate::input::locale::figure_ref(locale, config.chinese_figure_numbers, *number);
                used.push((chart.clone(), *number));
            }
        });
        for (chart, _) in used.iter().filter(|(_, n)| *n == 0) {
            let needle = format!("ref.{chart}");
            let at = c.source.text.find(&needle).unwrap_or(0);
            diags.push(
                Diagnostic::error(format!("`ref.{chart}` refers to a chart that is placed in no chapter"))
                    .at(Location::new(&c.source, at..at + needle.len()))
                    .hint(format!("place it with `{{{{ chart.{chart} }}}}` on a line of its own, or remove the reference")),
            );
        }
        if c.inputs != 0 && !used.is_empty() {
            // The body prints the numbers of the charts it refers to, wherever they are.
            c.inputs = kept::combine(c.inputs, &used);
        }
    }
    diags
}

/// Numbers charts 图1, 图2 … in document order, across chapters, each labelled as `print`
/// writes its number (3, or 三); returns the number of each chart by id (its first placing).
fn number_charts(chapters: &mut [Chapter], print: &dyn Fn(usize) -> String) -> HashMap<String, usize> {
    fn walk(
        blocks: &mut [Block],
        n: &mut usize,
        print: &dyn Fn(usize) -> String,
        ids: &mut HashMap<String, usize>,
    ) {
        for b in blocks {
            match b {
                Block::Chart { id, number, label } => {
                    *n += 1;
                    *number = *n;
                    *label = print(*n);
                    ids.entry(id.clone()).or_insert(*n);
                }
                Block::Quote(inner) => walk(inner, n, print, ids),
                Block::List { items, .. } => items.iter_mut().for_each(|i| walk(i, n, print, ids)),
                _ => {}
            }
        }
    }
    let mut n = 0;
    let mut ids = HashMap::new();
    for c in chapters {
        let before = n;
        walk(&mut c.blocks, &mut n, print, &mut ids);
        if c.inputs != 0 {
            // The body prints its charts' numbers, and links by its slug.
            c.inputs = kept::combine(c.inputs, &(c.slug.as_str(), before));
        }
    }
    ids
}

/// Slugs given so far, and the next number to try for each base.
#[derive(Default)]
struct Slugs {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

fn unique_slug(file: &ChapterFile, rel: &Path, position: usize, seen: &mut Slugs) -> String {
    let base = file.front.slug.clone().unwrap_or_else(|| {
        let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let trimmed =
            stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_' || c == ' ');
        let ascii: String = trimmed
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if ascii.is_empty() || !ascii.starts_with(|c: char| c.is_ascii_lowercase()) {
            format!("chapter-{position}")
        } else {
            ascii
        }
    });
    // The next number to try for each base, so that many chapters sharing a base
    // (`01-chapter.md`, `02-chapter.md`, …) do not each try every earlier number.
    let next = seen.next.entry(base.clone()).or_insert(2);
    let mut slug = base.clone();
    while !seen.taken.insert(slug.clone()) {
        slug = format!("{base}-{next}");
        *next += 1;
    }
    slug
}

/// Resolves an image written in a chapter to a file under `content/` and its site path.
fn resolve_image(root: &Path, url: &str) -> Result<(String, PathBuf), (String, String)> {
    let lower = url.to_ascii_lowercase();
    if lower.contains("://") || lower.starts_with("//") || lower.starts_with("data:") {
        return Err((
            format!("image `{url}` is on another site"),
            "the published site loads nothing from other hosts: save the image into `content/` and write its path".into(),
        ));
    }
    let path = Path::new(url);
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                return Err((
                    format!("image `{url}` is outside `content/`"),
                    "images are read only from the paper's `content/` folder; write a path such as `images/photo.png`".into(),
                ));
            }
        }
    }
    let rel = parts.join("/");
    let ext =
        Path::new(&rel).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if !IMAGE_TYPES.contains(&ext.as_str()) {
        return Err((
            format!("`{url}` is not an image gazette can publish"),
            format!("use one of: {}", IMAGE_TYPES.join(", ")),
        ));
    }
    let file = root.join(CONTENT).join(&rel);
    if !file.is_file() {
        return Err((
            format!("image `{url}` does not exist"),
            format!("put the file at `content/{rel}`, or correct the path"),
        ));
    }
    // A symbolic link may point anywhere: what is published must really be inside the paper.
    let inside = match (file.canonicalize(), root.join(CONTENT).canonicalize()) {
        (Ok(real), Ok(content)) => real.starts_with(content),
        _ => false,
    };
    if !inside {
        return Err((
            format!("image `{url}` is a link to a file outside `content/`"),
            "copy the image into `content/` instead of linking to it: only the paper's own files are published".into(),
        ));
    }
    Ok((format!("media/{rel}"), file))
}

fn rewrite_image(blocks: &mut [Block], from: &str, to: &str) {
    fn inlines(list: &mut [Inline], from: &str, to: &str) {
        for i in list {
            match i {
                Inline::Image { url, .. } if url == from => *url = to.to_string(),
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => inlines(c, from, to),
                Inline::Link { content, .. } => inlines(content, from, to),
                _ => {}
            }
        }
    }
    for b in blocks {
        match b {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => inlines(c, from, to),
            Block::List { items, .. } => items.iter_mut().for_each(|item| rewrite_image(item, from, to)),
            Block::Quote(inner) => rewrite_image(inner, from, to),
            Block::Table { head, rows, .. } => {
                head.iter_mut().for_each(|c| inlines(c, from, to));
                rows.iter_mut().flatten().for_each(|c| inlines(c, from, to));
            }
            _ => {}
        }
    }
}

/// The place in the chapter file where `text` is written (the file's start if not found).
fn locate_text(file: &ChapterFile, text: &str) -> Location {
    let start = file.source.text[file.body_start..].find(text).map_or(0, |i| file.body_start + i);
    let end = if start == 0 { 0 } else { start + text.len() };
    Location::new(&file.source, start..end)
}
