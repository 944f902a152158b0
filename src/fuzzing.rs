//! Entry points for the fuzz targets under `fuzz/` and for the tests that replay what they
//! found: each takes arbitrary bytes and runs one stage on them, which must never panic.

use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use rust_decimal::Decimal;

use crate::charts::Charts;
use crate::content::document::{Block, Inline, Node, walk};
use crate::content::expand::Expander;
use crate::content::{front as chapter, markdown};
use crate::input::diagnostic::{Source, render_plain};
use crate::input::source;
use crate::input::yaml::YamlFile;
use crate::metrics::phrase::{self, Figure, Numerals, Qualifier, Scale};
use crate::metrics::{self, Metrics};

/// A `gazette.yaml`: decoded, parsed and read; settings that read are printed in both
/// editions (the date, the English wording).
pub fn config_file(data: &[u8]) {
    let text = match source::decode(crate::config::FILE, data.to_vec()) {
        Ok(t) => t,
        Err(d) => {
            render_plain(&[d]);
            return;
        }
    };
    let mut diags = Vec::new();
    let config = crate::config::parse(&Source::new(crate::config::FILE, text), &mut diags);
    render_plain(&diags);
    if let Some(mut config) = config {
        for locale in [crate::input::Locale::Zh, crate::input::Locale::En] {
            let _ = config.date.map(|d| d.printed(locale));
        }
        config.in_english();
        assert!(crate::config::is_slug(&config.slug), "a slug that is not one: {}", config.slug);
    }
}

/// A metrics file: decoded, parsed, read and every metric phrased.
pub fn metrics_file(data: &[u8]) {
    let mut diags = Vec::new();
    let text = match source::decode("content/metrics/fuzz.yaml", data.to_vec()) {
        Ok(t) => t,
        Err(d) => {
            render_plain(&[d]);
            return;
        }
    };
    let src = Source::new("content/metrics/fuzz.yaml", text);
    let mut set = Metrics::default();
    match YamlFile::parse(&src) {
        Ok(file) => {
            metrics::load_file(&file, &mut set, &mut diags);
            crate::metrics::derive::compute(&mut set, &mut diags);
        }
        Err(d) => diags.push(d),
    }
    for m in set.iter() {
        assert!(!m.phrase.is_empty(), "metric `{}` has no printed figure", m.id);
    }
    render_plain(&diags);
}

/// The metrics a fuzzed chapter can refer to.
fn sample_metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let src = Source::new(
            "content/metrics/sample.yaml",
            "cases: {label: 案件, value: 4500, unit: 件, approx: plus}\n\
             rate: {label: 比率, value: 58.4, unit: '%', series: {2023: 50.1, 2024: 58.4}}\n\
             money: {label: 金额, value: 400000000, unit: 元, approx: over_short}\n",
        );
        let mut set = Metrics::default();
        if let Ok(file) = YamlFile::parse(&src) {
            metrics::load_file(&file, &mut set, &mut Vec::new());
        }
        set
    })
}

/// A chapter file: front matter, template expansion and Markdown.
pub fn chapter_file(data: &[u8]) {
    let text = match source::decode("content/01-fuzz.md", data.to_vec()) {
        Ok(t) => t,
        Err(d) => {
            render_plain(&[d]);
            return;
        }
    };
    let src: Arc<Source> = Source::new("content/01-fuzz.md", text);
    let file = match chapter::parse(&src) {
        Ok(f) => f,
        Err(ds) => {
            render_plain(&ds);
            return;
        }
    };
    let metrics = sample_metrics();
    let charts = Charts::default();
    let expanded = match Expander::new(metrics, &charts, crate::input::Locale::Zh).expand(&file) {
        Ok((t, _)) => t,
        Err(ds) => {
            render_plain(&ds);
            return;
        }
    };
    // With raw HTML allowed, what reaches the page is cleaned: no script, handler or script URL.
    for allow_raw_html in [false, true] {
        let cx = markdown::Context {
            metrics,
            slug: "fuzz",
            allow_raw_html,
            allowed_tags: &[],
            locale: crate::input::Locale::Zh,
        };
        let body = markdown::parse(&expanded, &cx);
        let footnotes = body.footnotes.iter().map(|f| f.blocks.as_slice());
        for blocks in std::iter::once(body.blocks.as_slice()).chain(footnotes) {
            walk(blocks, &mut |node| {
                if let Node::Block(Block::Html(h)) | Node::Inline(Inline::Html(h)) = node {
                    assert!(markdown::code_in(h).is_none(), "code reached the page: {h:?}");
                }
            });
        }
    }
}

/// The example paper, read once, with what its page template is handed.
struct Example {
    paper: crate::pipeline::Paper,
    appendix: Vec<crate::render::provenance::Row>,
    bodies: Vec<Arc<crate::render::html::Body>>,
}

/// The example paper at the root of gazette's own repository.
fn example() -> Option<&'static Example> {
    static EXAMPLE: OnceLock<Option<Example>> = OnceLock::new();
    EXAMPLE
        .get_or_init(|| {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            let files = crate::pipeline::open(root).ok()?;
            let paper = crate::pipeline::load(&files, crate::input::Locale::Zh, None, &|_| {}).ok()?;
            let (doc, charts) = (&paper.document, &paper.charts);
            let appendix = crate::render::provenance::used(doc);
            let bodies = crate::render::site::bodies(doc, charts, None);
            Some(Example { paper, appendix, bodies })
        })
        .as_ref()
}

/// A theme's page template of any bytes, rendered with the example paper: a page or a
/// message located in the template.
pub fn theme_template(data: &[u8]) {
    const NAME: &str = "themes/fuzz/templates/page.html";
    let Some(example) = example() else { panic!("the example paper does not build") };
    let text = match source::decode(NAME, data.to_vec()) {
        Ok(t) => t,
        Err(d) => {
            render_plain(&[d]);
            return;
        }
    };
    let paper = &example.paper;
    // The page template is all the site's renderer reads of a theme.
    let theme = crate::config::theme::Theme {
        page: Source::new(NAME, text),
        assets: Default::default(),
        pdf: Arc::clone(&paper.theme.pdf),
        pdf_extra: Vec::new(),
        fonts: Vec::new(),
        palette: Vec::new(),
        word: paper.theme.word.clone(),
    };
    let (charts, media) = (Default::default(), Default::default());
    let cx = crate::render::Context {
        doc: &paper.document,
        appendix: &example.appendix,
        charts: &paper.charts,
        theme: &theme,
        assets: crate::render::Assets {
            charts: &charts,
            pictures: &std::collections::BTreeMap::new(),
            media: &media,
        },
        pdf: true,
    };
    match crate::render::site::render(cx, &example.bodies) {
        Ok(_) => {}
        Err(d) => {
            assert!(render_plain(std::slice::from_ref(&d)).contains(NAME), "not located: {d:?}");
        }
    }
}

/// A workbook of any bytes, as `.csv`, `.xlsx`, `.ods` or `.xls` by its first byte: its
/// sheets read, or a message; cells looked up by place and rows and columns by label.
pub fn workbook(data: &[u8]) {
    let Some((kind, bytes)) = data.split_first() else { return };
    let name = ["data/x.csv", "data/x.xlsx", "data/x.ods", "data/x.xls"][usize::from(*kind) % 4];
    if let Ok(book) = crate::input::sheet::parse(name, bytes) {
        for name in book.sheet_names() {
            let Some(Ok(sheet)) = book.sheet(name) else { continue };
            for at in [(0, 0), (11, 2), (1_048_575, 16_383)] {
                let _ = (sheet.get(at), sheet.merged_into(at), sheet.is_percent(at));
            }
            // Every row and column looked up by its labels.
            let layout = book.layout(sheet);
            for line in layout.rows.iter().chain(&layout.columns).take(1000) {
                let _ = (layout.row(&line.path), layout.column(&line.path), layout.parts_of(line));
            }
        }
    }
}

/// A Word copy back from a reviewer, of any bytes: read, or refused with a message, within
/// bounded memory; every change lies inside its paragraph's text, every comment on a
/// paragraph the copy has.
pub fn reviewed(data: &[u8]) {
    let Ok(r) = crate::input::reviewed::read(data) else { return };
    for p in &r.paragraphs {
        let len = p.original.chars().count();
        for e in &p.edits {
            assert!(e.at <= len, "an edit at {} of a paragraph of {len} characters", e.at);
        }
    }
    for c in &r.comments {
        assert!(
            c.paragraph.is_none_or(|i| i < r.paragraphs.len()),
            "a comment on a paragraph the copy lacks"
        );
    }
}

/// Units a fuzzed figure is printed with: counts, money, time, percentages.
const UNITS: &[&str] = &["件", "元", "万元", "年", "个月", "%", "个百分点", "人", "", "起"];

/// A figure from bytes: it is phrased or refused, and a phrased figure reads back to its value.
pub fn figure(data: &[u8]) {
    if data.len() < 12 {
        return;
    }
    let mantissa = i64::from_le_bytes(data[..8].try_into().unwrap_or([0; 8]));
    let value = Decimal::new(mantissa, u32::from(data[8] % 8));
    let unit = UNITS[usize::from(data[9]) % UNITS.len()];
    let qualifier = Qualifier::NAMES[usize::from(data[10]) % Qualifier::NAMES.len()].2;
    let scale = [Scale::Auto, Scale::None, Scale::Wan, Scale::Yi][usize::from(data[11] % 4)];
    let numerals = if data[11] & 0x80 == 0 { Numerals::Arabic } else { Numerals::Chinese };
    let f = Figure { value, unit, qualifier, scale, numerals, decimals: None };
    if let Ok(text) = phrase::phrase(&f)
        && let Err(why) = check_read_back(&f, &text)
    {
        panic!("{value} {unit} ({}) printed as `{text}`: {why}", qualifier.keyword());
    }
}

/// Whether `text`, the printed form of `f`, states `f`'s value and no other.
pub fn check_read_back(f: &Figure<'_>, text: &str) -> Result<(), String> {
    let (value, rest) = read_back(text).ok_or("no number in it")?;
    // A unit such as 万元 reads back as a scale word: 3万元 is 30000 元.
    let unit_scale = match f.unit.chars().next() {
        Some('万') => Decimal::from(10_000),
        Some('亿') => Decimal::from(100_000_000),
        _ => Decimal::ONE,
    };
    let Some(expected) = f.value.checked_mul(unit_scale) else { return Ok(()) };
    if value != expected.normalize() {
        return Err(format!("it reads as {value}"));
    }
    if !rest.contains(f.unit.trim_start_matches(['个', '万', '亿'])) {
        return Err(format!("the unit `{}` is missing", f.unit));
    }
    let word = f.qualifier.word();
    let said = match f.qualifier {
        // 1.2万余件 is printed 1.2万件以上: the same lower bound.
        Qualifier::Plus | Qualifier::More => rest.contains(word) || rest.contains("以上"),
        _ => rest.contains(word),
    };
    if !said {
        return Err(format!("the qualifier `{word}` is missing"));
    }
    Ok(())
}

/// The value a printed figure states (its number times 万 or 亿), and the words around it.
pub fn read_back(text: &str) -> Option<(Decimal, String)> {
    // Figures print a minus sign (U+2212) before a negative number.
    let text = &text.replace('\u{2212}', "-");
    let start = text.find(|c: char| c.is_ascii_digit() || c == '-' || chinese_digit(c).is_some())?;
    let (prefix, body) = text.split_at(start);
    let arabic = body.starts_with(|c: char| c.is_ascii_digit() || c == '-');
    let end =
        body.find(|c: char| {
            if arabic { !(c.is_ascii_digit() || c == '.' || c == '-') } else { chinese_digit(c).is_none() }
        })
        .unwrap_or(body.len());
    let (number, mut rest) = body.split_at(end);
    let mut value =
        if arabic { Decimal::from_str(number).ok()? } else { Decimal::from(parse_chinese_integer(number)?) };
    // 百余起: the 一 before 百/千 is dropped with 余 and 多.
    if !arabic && (number == "百" || number == "千") {
        value = Decimal::from(if number == "百" { 100 } else { 1000 });
    }
    let mut words = prefix.to_string();
    // 400余万元, 三十几万元: the qualifier may stand between the number and its scale word.
    let (q, after) = match rest.strip_prefix(['余', '多', '几']) {
        Some(after) => (&rest[..3], after),
        None => ("", rest),
    };
    words.push_str(q);
    rest = after;
    if let Some(after) = rest.strip_prefix('亿') {
        value = value.checked_mul(Decimal::from(100_000_000))?;
        rest = after;
    } else if let Some(after) = rest.strip_prefix('万') {
        value = value.checked_mul(Decimal::from(10_000))?;
        rest = after;
    }
    words.push_str(rest);
    Some((value.normalize(), words))
}

fn chinese_digit(c: char) -> Option<u64> {
    "零一二三四五六七八九十百千万亿".find(c).map(|i| (i / 3) as u64)
}

/// The inverse of `chinese_integer` (the Chinese numerals of the input stage), for numbers it prints (五, 一百零八, 三千零五十二).
pub fn parse_chinese_integer(s: &str) -> Option<u64> {
    let (mut total, mut section, mut digit) = (0u64, 0u64, None::<u64>);
    for c in s.chars() {
        match chinese_digit(c)? {
            d @ 0..=9 => digit = Some(d),
            unit @ 10..=12 => {
                let place = 10u64.pow((unit - 9) as u32);
                section = section.checked_add(digit.unwrap_or(1).checked_mul(place)?)?;
                digit = None;
            }
            13 => {
                total = total.checked_add(section.checked_add(digit.unwrap_or(0))?.checked_mul(10_000)?)?;
                (section, digit) = (0, None);
            }
            _ => {
                total =
                    total.checked_add(section.checked_add(digit.unwrap_or(0))?)?.checked_mul(100_000_000)?;
                (section, digit) = (0, None);
            }
        }
    }
    total.checked_add(section.checked_add(digit.unwrap_or(0))?)
}
