//! Stage 6, content: the chapters. In: the chapter files, the [`Metrics`] and [`Charts`], the
//! settings. Out: [`Loaded`], each chapter's front matter read ([`front`]), its template
//! expanded ([`expand`], with `lists` and the `markers` it hands on), its Markdown parsed
//! into the [`document`] model ([`markdown`]), its charts numbered and references resolved
//! (`number`), the numbers typed in its text linted ([`lint`]); with every problem of every
//! chapter collected, and the images the chapters show.

pub(crate) mod document;
pub(crate) mod expand;
pub(crate) mod front;
mod kept;
pub(crate) mod lint;
mod lists;
pub(crate) mod markdown;
pub(crate) mod markers;
mod number;
mod parse;
pub(crate) mod provenance;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::charts::Charts;
use crate::config::Config;
use crate::content::document::Chapter;
use crate::content::expand::Expander;
use crate::content::front::ChapterFile;
use crate::content::number::{number_charts, resolve_refs};
use crate::content::parse::{Parsed, parse_chapter};
use crate::input::diagnostic::Diagnostic;
use crate::input::source::{Folder, Limit};
use crate::metrics::Metrics;

use rayon::prelude::*;

pub(crate) use kept::Kept;

/// The largest chapter file read. A white paper's chapter is 5 to 50 KB; 1 MiB of Chinese is
/// some 350,000 characters and 500 printed pages, typeset in about 1.5 s and 300 MB. A larger
/// file is almost always the wrong one (an export, a data dump), and typesetting 10 MB takes
/// 2 GiB: it is refused before it is read, and the site and PDF are left as they were.
const CHAPTER: Limit = Limit {
    bytes: 1024 * 1024,
    what: "a chapter can be",
    hint: "split the text into several chapter files, or check that this is the file you meant to put in `content/`",
};

/// The chapters of a paper, and the images they show (site path → the image file's bytes).
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub chapters: Vec<Chapter>,
    pub media: BTreeMap<String, Vec<u8>>,
    /// The charts the chapters place, by id, with their figure numbers.
    pub placed: HashMap<String, usize>,
}

/// What every chapter may refer to or depends on: the metrics, the charts, the settings and
/// the edition.
#[derive(Clone, Copy)]
pub(crate) struct Context<'a> {
    pub metrics: &'a Metrics,
    pub charts: &'a Charts,
    pub config: &'a Config,
    pub locale: crate::input::Locale,
}

/// Reads, expands and parses every chapter, in parallel; slugs, numbers and messages come out
/// in file order whatever the order of the work. While `serve` keeps files, a chapter whose
/// text and everything it refers to are unchanged is taken as made last time.
pub(crate) fn load(
    folder: Folder<'_>,
    kept: Option<&Kept>,
    files: &[PathBuf],
    cx: Context<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Loaded {
    let Context { metrics, charts, config, locale } = cx;
    let expander = Expander::new(metrics, charts, locale);
    let last = kept::Chapters::take(kept, folder, config, locale, metrics, charts);
    let expanded: Vec<Result<Expanded, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|rel| {
            let source = folder.read_within(rel, CHAPTER).map_err(|d| vec![d])?;
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
            let parsed = last.parsed(rel, made, folder, slug, |slug| {
                parse_chapter(folder, e.file.clone(), &e.text, slug, metrics, config, locale)
            });
            (parsed, e.key)
        })
        .collect();
    let mut loaded = Loaded::default();
    let mut number = 0;
    for (Parsed { mut chapter, diags: ds, media }, key) in parsed {
        diags.extend(ds);
        for (site, path, _) in media {
            if let std::collections::btree_map::Entry::Vacant(v) = loaded.media.entry(site) {
                match folder.read_bytes(&path) {
                    Ok(bytes) => drop(v.insert(bytes)),
                    Err(d) => diags.push(d.in_file(crate::input::source::display_name(&path))),
                }
            }
        }
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
    number::resolve_charts(&mut loaded.chapters, charts, metrics, locale);
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
    loop {
        // A file named `main.md` or `fig-2.md`, or a second `fig.md` numbered `fig-2`, would
        // share an id with the page or a figure: `-chapter` keeps it apart.
        let candidate = if crate::config::is_reserved_slug(&slug) { format!("{slug}-chapter") } else { slug };
        if seen.taken.insert(candidate.clone()) {
            return candidate;
        }
        slug = format!("{base}-{next}");
        *next += 1;
    }
}
