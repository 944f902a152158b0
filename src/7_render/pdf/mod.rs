//! The PDF white paper: the document model handed to the theme's Typst template as JSON and
//! compiled in process through [`world::PaperWorld`]. Before compiling, every character is
//! checked against the fonts, since Typst draws a silent box for a missing glyph.

pub(crate) mod data;
pub(crate) mod world;

use std::collections::BTreeMap;
use std::sync::Arc;

use typst::WorldExt;
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;

use crate::charts::Charts;
use crate::config::theme::Theme;
use crate::config::{Config, Date, Standard};
use crate::content::document::Document;
use crate::input::diagnostic::{Diagnostic, Location, Source};
use crate::render::Context;

/// The Typst name of a standard the paper asks for.
fn typst_standard(standard: Standard) -> typst_pdf::PdfStandard {
    match standard {
        Standard::Ua1 => typst_pdf::PdfStandard::Ua_1,
        Standard::A2b => typst_pdf::PdfStandard::A_2b,
    }
}

/// Compiles the PDF: its bytes, or every problem found. With `kept` (`serve`), the fonts and
/// library of the last compile are used again.
pub(crate) fn render(
    cx: Context<'_>,
    sources: &[Arc<Source>],
    kept: Option<&world::Kept>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let Context { doc, appendix, charts, theme, assets, .. } = cx;
    let config = &doc.config;
    let mut diags = Vec::new();
    let shared = match kept {
        Some(kept) => kept.shared(&theme.fonts),
        None => Arc::new(world::Shared::new(&theme.fonts)),
    };
    diags.extend(missing_families(config, shared.book()));
    let (json, text) = data::json(doc, charts, appendix);
    missing_glyphs(&text, &theme.fonts, sources, &mut diags);
    check_standards(config, doc, charts, &mut diags);
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut inputs: Vec<(String, Vec<u8>)> = vec![("data.json".to_string(), json.into_bytes())];
    // The template finds each chart and image where the site has it: `charts/ID.svg`, `media/…`.
    let mut files: Vec<(String, Vec<u8>)> = assets
        .charts
        .iter()
        .map(|(id, d)| (format!("charts/{id}.svg"), d.svg.clone().into_bytes()))
        .collect();
    files.extend(assets.media.iter().map(|(path, bytes)| (path.clone(), bytes.clone())));
    files.sort();
    inputs.extend(files);
    let today = config.date.and_then(|d| Datetime::from_ymd(i32::from(d.year), d.month, d.day_or_first()));
    let template = &theme.pdf;
    let Some(mut world) =
        world::PaperWorld::new("main.typ", &template.text, inputs, Arc::clone(&shared), today)
    else {
        return Err(vec![Diagnostic::error("cannot set up the PDF template").in_file(template.name.clone())]);
    };
    for (name, source) in &theme.pdf_extra {
        world.add_source(name, &source.text);
    }
    let warned = typst::compile::<PagedDocument>(&world);
    let document = warned.output.map_err(|errors| typst_errors(&world, theme, &errors))?;
    drawn_boxes(&document, &template.name)?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(config.slug.clone()),
        timestamp: timestamp(config.date),
        standards: typst_pdf::PdfStandards::new(
            &config.pdf_standards.iter().map(|s| typst_standard(*s)).collect::<Vec<_>>(),
        )
        .map_err(|e| {
            vec![
                Diagnostic::error(format!("the PDF standards asked for cannot be combined: {}", e.message()))
                    .in_file(crate::config::FILE),
            ]
        })?,
        ..typst_pdf::PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| typst_errors(&world, theme, &errors))?;
    typst::comemo::evict(10);
    Ok(bytes)
}

/// The families the paper names for its roles (`pdf: body_font` …) that no font has.
fn missing_families(config: &Config, book: &typst::text::FontBook) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (role, family, at) in &config.pdf_families {
        if !book.contains_family(&family.to_lowercase()) {
            let known: Vec<&str> = book.families().map(|(name, _)| name).collect();
            diags.push(
                Diagnostic::error(format!(
                    "no font of the paper is called `{family}` (for `{}`)",
                    role.key()
                ))
                .at(at.clone())
                .hint(
                    crate::input::diagnostic::suggestion(family, known.iter().copied()).unwrap_or_else(
                        || {
                            format!(
                                "add the font file under `pdf: fonts:`; the families loaded are: {}",
                                known.join(", ")
                            )
                        },
                    ),
                ),
            );
        }
    }
    diags
}

/// The PDF's date: the paper's own date, else `SOURCE_DATE_EPOCH`, else none (never the clock).
fn timestamp(date: Option<Date>) -> Option<typst_pdf::Timestamp> {
    let dt = match date {
        Some(d) => Datetime::from_ymd(i32::from(d.year), d.month, d.day_or_first()),
        None => {
            let secs: i64 = std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()?;
            let days = secs.div_euclid(86_400);
            let (y, m, d) = civil_from_days(days);
            Datetime::from_ymd(y, m, d)
        }
    }?;
    Some(typst_pdf::Timestamp::new_utc(dt))
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// PDF/UA needs alt text on every image; PDF/A needs a document date.
fn check_standards(config: &Config, doc: &Document, charts: &Charts, diags: &mut Vec<Diagnostic>) {
    if config.pdf_standards.contains(&Standard::A2b) && config.date.is_none() {
        diags.push(
            Diagnostic::error("PDF/A needs the paper's date, and `gazette.yaml` has no `date`")
                .in_file(crate::config::FILE)
                .hint("add a line such as `date: 2024-07-19`"),
        );
    }
    if !config.pdf_standards.contains(&Standard::Ua1) {
        return;
    }
    for chart in charts.iter() {
        if chart.alt.as_deref().is_some_and(|a| a.trim().is_empty()) {
            diags.push(
                Diagnostic::error(format!("chart `{}` has an empty `alt`, which PDF/UA does not allow", chart.id))
                    .at(chart.alt_at.clone().unwrap_or_else(|| chart.at.clone()))
                    .hint("describe the chart in `alt`, or delete `alt` to use the text gazette writes from the data"),
            );
        }
    }
    for ch in &doc.chapters {
        for (url, alt) in data::images(&ch.blocks) {
            if alt.trim().is_empty() {
                let written = url.strip_prefix("media/").unwrap_or(&url);
                let at = ch.source.text.find(written).map_or(0, |i| i);
                diags.push(
                    Diagnostic::error(format!("image `{written}` has no alt text, which PDF/UA requires"))
                        .at(Location::new(&ch.source, at..at + written.len()))
                        .hint("describe the image between the brackets: `![院徽](images/seal.svg)`"),
                );
            }
        }
    }
}

/// Reports each character that no font has, once, at the first place it is written.
fn missing_glyphs(
    text: &str,
    fonts: &[crate::input::fonts::FontFile],
    sources: &[Arc<Source>],
    diags: &mut Vec<Diagnostic>,
) {
    let faces: Vec<ttf_parser::Face<'_>> =
        fonts.iter().filter_map(|f| ttf_parser::Face::parse(f.data.as_ref(), 0).ok()).collect();
    // Each character once: a long paper has millions, of a few thousand kinds.
    let mut seen = vec![false; 0x1_0000];
    let mut others = std::collections::BTreeSet::new();
    let mut missing: BTreeMap<char, ()> = BTreeMap::new();
    for c in text.chars() {
        let first = match seen.get_mut(c as usize) {
            Some(s) => !std::mem::replace(s, true),
            None => others.insert(c),
        };
        if !first || c.is_control() || c.is_whitespace() {
            continue;
        }
        if !faces.iter().any(|f| f.glyph_index(c).is_some()) {
            missing.insert(c, ());
        }
    }
    for c in missing.keys() {
        let found =
            sources.iter().find_map(|s| s.text.find(*c).map(|i| Location::new(s, i..i + c.len_utf8())));
        let message =
            format!("`{c}` (U+{:04X}) is in no font of the theme: the PDF would print a box", *c as u32);
        let hint = "name a font that has it in `gazette.yaml` (`pdf: { fonts: [fonts/MyFont.otf] }`), or replace the character";
        diags.push(match found {
            Some(at) => Diagnostic::error(message).at(at).hint(hint),
            None => Diagnostic::error(message).hint(hint),
        });
    }
}

/// Refuses a laid-out document that draws a font's missing-glyph box anywhere, including
/// text that comes from the theme's template rather than the paper.
fn drawn_boxes(document: &PagedDocument, template: &str) -> Result<(), Vec<Diagnostic>> {
    fn walk(frame: &typst::layout::Frame, page: usize, found: &mut BTreeMap<char, usize>) {
        for (_, item) in frame.items() {
            match item {
                typst::layout::FrameItem::Group(group) => walk(&group.frame, page, found),
                typst::layout::FrameItem::Text(text) => {
                    for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                        let c =
                            text.text.get(glyph.range()).and_then(|s| s.chars().next()).unwrap_or('\u{FFFD}');
                        if !c.is_whitespace() && !c.is_control() {
                            found.entry(c).or_insert(page);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut found = BTreeMap::new();
    for (i, page) in document.pages().iter().enumerate() {
        walk(&page.frame, i + 1, &mut found);
    }
    if found.is_empty() {
        return Ok(());
    }
    Err(found
        .into_iter()
        .map(|(c, page)| {
            Diagnostic::error(format!(
                "page {page} of the PDF draws a box for `{c}` (U+{:04X}): no font of the theme has it",
                c as u32
            ))
            .in_file(template.to_string())
            .hint("replace the character in the theme's template, or add a font that has it to the theme's `fonts/`")
        })
        .collect())
}

/// Typst's errors, located in the theme's template when they point there.
fn typst_errors(
    world: &world::PaperWorld,
    theme: &Theme,
    errors: &[typst::diag::SourceDiagnostic],
) -> Vec<Diagnostic> {
    errors
        .iter()
        .filter(|e| e.severity == typst::diag::Severity::Error)
        .map(|e| {
            let mut d = Diagnostic::error(format!("PDF template error: {}", e.message));
            let file = e.span.id().map(world::file_path);
            let source = match file.as_deref() {
                Some("main.typ") => Some(Arc::clone(&theme.pdf)),
                Some(other) => theme.pdf_extra.iter().find(|(n, _)| n == other).map(|(_, s)| Arc::clone(s)),
                None => None,
            };
            match (source, world.range(e.span)) {
                (Some(src), Some(range)) => d = d.at(Location::new(&src, range)),
                (Some(src), None) => d = d.in_file(src.name.clone()),
                _ => d = d.in_file(theme.pdf.name.clone()),
            }
            for h in &e.hints {
                d = d.hint(h.v.to_string());
            }
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_the_epoch_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_923), (2024, 7, 19));
    }
}
