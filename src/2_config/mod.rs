//! `gazette.yaml`: the paper's settings.

pub(crate) mod theme;

use std::path::Path;
use std::sync::Arc;

use crate::input::Locale;
use crate::input::diagnostic::{Diagnostic, Source};
use crate::input::locale::MONTHS;
use crate::input::reader::Reader;
use crate::input::source::Folder;
use crate::input::yaml::YamlFile;

/// The name of the settings file at the top of every paper.
pub(crate) const FILE: &str = "gazette.yaml";

/// The paper's settings.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    pub title: String,
    pub subtitle: Option<String>,
    pub publisher: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<Date>,
    /// ASCII name for files made from the paper (the PDF), default `paper`.
    pub slug: String,
    pub description: Option<String>,
    pub theme: String,
    /// Whether raw HTML in chapters is passed through instead of escaped.
    pub allow_raw_html: bool,
    /// Tags that run code or embed other sites (`script`, `iframe`, …) allowed by name.
    pub allow_raw_html_tags: Vec<String>,
    /// PDF standards to meet (`pdf: { standard: ua-1 }`).
    pub pdf_standards: Vec<Standard>,
    /// Extra font files for the PDF, relative to the paper (`pdf: { fonts: [...] }`).
    pub pdf_fonts: Vec<String>,
    /// Font families chosen for the PDF's body, headings and title, with where each is named.
    pub pdf_families: Vec<(FontRole, String, crate::input::diagnostic::Location)>,
    /// Where the site is published (`https://…/`), for canonical and Open Graph links.
    pub base_url: Option<String>,
    /// A draft carries a 征求意见稿 mark on every page of the site and the PDF.
    pub draft: bool,
    /// Search keywords for the page's metadata.
    pub keywords: Vec<String>,
    /// The English edition's title, subtitle, publisher and description (`en: { … }`).
    pub en: English,
    /// `figure_numbering: chinese` numbers figures 图一, 图二 … (as many provincial reports do).
    pub chinese_figure_numbers: bool,
    /// The file as read, for messages that point into it.
    pub source: Option<Arc<Source>>,
}

/// The settings the English edition prints in place of the Chinese ones.
#[derive(Debug, Clone, Default)]
pub(crate) struct English {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub publisher: Option<String>,
    pub description: Option<String>,
}

impl Config {
    /// The settings as the English edition prints them: its own title and words where given.
    pub(crate) fn in_english(&mut self) {
        let en = std::mem::take(&mut self.en);
        if let Some(t) = en.title {
            self.title = t;
        }
        for (field, value) in [
            (&mut self.subtitle, en.subtitle),
            (&mut self.publisher, en.publisher),
            (&mut self.description, en.description),
        ] {
            if value.is_some() {
                *field = value;
            }
        }
    }
}

/// What a font family set in `gazette.yaml` is used for in the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FontRole {
    /// Body text (GB/T 9704: 仿宋).
    Body,
    /// 一、 headings (黑体).
    Heading,
    /// The title (小标宋).
    Title,
}

impl FontRole {
    /// The key in `gazette.yaml` and in the template's data.
    pub(crate) fn key(self) -> &'static str {
        match self {
            FontRole::Body => "body_font",
            FontRole::Heading => "heading_font",
            FontRole::Title => "title_font",
        }
    }
}

/// A calendar date as written in `gazette.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `2024-07-19`, checking the day exists.
    pub(crate) fn parse(s: &str) -> Option<Self> {
        let mut it = s.trim().split('-');
        let year: u16 = it.next()?.parse().ok()?;
        let month: u8 = it.next()?.parse().ok()?;
        let day: u8 = it.next()?.parse().ok()?;
        if it.next().is_some() || !(1000..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        (1..=days[usize::from(month - 1)]).contains(&day).then_some(Self { year, month, day })
    }

    /// 2024年7月19日: full year, no zero padding (GB/T 9704 7.3.5.4).
    pub(crate) fn zh(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// The date as the edition prints it: 2024年7月19日, or 19 July 2024.
    pub(crate) fn printed(&self, locale: Locale) -> String {
        match locale {
            Locale::Zh => self.zh(),
            Locale::En => {
                format!("{} {} {}", self.day, MONTHS[usize::from(self.month.clamp(1, 12)) - 1], self.year)
            }
        }
    }

    /// 2024-07-19.
    pub(crate) fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

const KEYS: &[&str] = &[
    "title",
    "subtitle",
    "publisher",
    "date",
    "slug",
    "description",
    "theme",
    "allow_raw_html",
    "pdf",
    "base_url",
    "status",
    "keywords",
    "en",
    "figure_numbering",
];

/// Reads and validates `gazette.yaml` at the top of the paper.
pub(crate) fn load(folder: Folder<'_>, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    let source = match folder.read(Path::new(FILE)) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    parse(&source, diags)
}

/// Validates the settings of an already read `gazette.yaml`.
pub(crate) fn parse(source: &Arc<Source>, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    let file = match YamlFile::parse(source) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let before = diags.iter().filter(|d| d.is_error()).count();
    let mut r = Reader::new(&file, diags);
    let mut config = Config { slug: "paper".to_string(), theme: "default".to_string(), ..Config::default() };
    let mut title = None;
    for entry in &file.entries {
        let key = entry.key.as_str();
        let path = [key];
        let v = &entry.value;
        match key {
            "title" => title = r.required_text(&path, v),
            "subtitle" => config.subtitle = r.text(&path, v),
            "publisher" => config.publisher = r.text(&path, v),
            "description" => config.description = r.text(&path, v),
            "en" => {
                if let Some(m) = r.mapping(&path, v, "a mapping such as `{ title: …, publisher: … }`") {
                    for (k, v) in m {
                        let key = crate::input::yaml::key_string(k);
                        let sub = ["en", key.as_str()];
                        match key.as_str() {
                            "title" => config.en.title = r.required_text(&sub, v),
                            "subtitle" => config.en.subtitle = r.text(&sub, v),
                            "publisher" => config.en.publisher = r.text(&sub, v),
                            "description" => config.en.description = r.text(&sub, v),
                            _ => r.unknown(
                                &sub,
                                &["title", "subtitle", "publisher", "description"],
                                "`en` in `gazette.yaml`",
                            ),
                        }
                    }
                }
            }
            "date" => {
                if let Some(text) = r.text(&path, v) {
                    match Date::parse(&text) {
                        Some(d) => config.date = Some(d),
                        None => r.error(
                            &path,
                            format!("`date` must be a calendar date written `YYYY-MM-DD`, found `{text}`"),
                            "for example `date: 2024-07-19`",
                        ),
                    }
                }
            }
            "slug" => {
                if let Some(slug) = r.required_text(&path, v) {
                    if is_slug(&slug) {
                        config.slug = slug;
                    } else {
                        r.error(
                            &path,
                            format!("`slug` must be lowercase ASCII letters, digits and `-`, found `{slug}`"),
                            "the slug names the PDF file, for example `slug: laoshan-2024`",
                        );
                    }
                }
            }
            "theme" => {
                if let Some(theme) = r.required_text(&path, v) {
                    if is_slug(&theme)
                        || theme.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    {
                        config.theme = theme;
                    } else {
                        r.error(
                            &path,
                            format!("`theme` must be the name of a folder under `themes/`, found `{theme}`"),
                            "for example `theme: default`",
                        );
                    }
                }
            }
            "allow_raw_html" => match v {
                serde_yaml::Value::Sequence(items) => {
                    config.allow_raw_html = true;
                    config.allow_raw_html_tags = items
                        .iter()
                        .filter_map(|i| r.text(&path, i))
                        .map(|t| t.to_ascii_lowercase())
                        .collect();
                }
                other => config.allow_raw_html = r.boolean(&path, other).unwrap_or(false),
            },
            "pdf" => read_pdf(&mut r, v, &mut config),
            "figure_numbering" => {
                let words = [("arabic", false), ("chinese", true)];
                let hint = "use `arabic` (图1, the default) or `chinese` (图一)";
                config.chinese_figure_numbers = r.choice(&path, v, &words, hint).unwrap_or(false);
            }
            "base_url" => {
                if let Some(url) = r.required_text(&path, v) {
                    if url.starts_with("https://") || url.starts_with("http://") {
                        config.base_url = Some(if url.ends_with('/') { url } else { format!("{url}/") });
                    } else {
                        r.error(
                            &path,
                            format!("`base_url` must start with `https://` or `http://`, found `{url}`"),
                            "for example `base_url: https://www.example-court.gov.cn/baipishu/2024/`",
                        );
                    }
                }
            }
            "status" => {
                let words = [("draft", true), ("published", false)];
                let hint = "use `draft` (marks every page 征求意见稿) or `published`";
                config.draft = r.choice(&path, v, &words, hint).unwrap_or(false);
            }
            "keywords" => match v {
                serde_yaml::Value::Sequence(items) => {
                    config.keywords = items.iter().filter_map(|i| r.text(&path, i)).collect();
                }
                other => {
                    config.keywords = r
                        .text(&path, other)
                        .map(|t| {
                            t.split(['，', ','])
                                .map(|k| k.trim().to_string())
                                .filter(|k| !k.is_empty())
                                .collect()
                        })
                        .unwrap_or_default();
                }
            },
            _ => r.unknown(&path, KEYS, "`gazette.yaml`"),
        }
    }
    match title {
        Some(t) => config.title = t,
        None if !file.entries.iter().any(|e| e.key == "title") => diags.push(
            Diagnostic::error("`gazette.yaml` has no `title`")
                .in_file(FILE)
                .hint("add a line such as `title: 行政审判白皮书`"),
        ),
        None => {}
    }
    config.source = Some(Arc::clone(source));
    let after = diags.iter().filter(|d| d.is_error()).count();
    (after == before).then_some(config)
}

/// `pdf: { standard: ua-1 | a-2b | [ua-1, a-2b], fonts: [fonts/FangSong.ttf] }`.
fn read_pdf(r: &mut Reader<'_>, v: &serde_yaml::Value, config: &mut Config) {
    let Some(map) = r.mapping(&["pdf"], v, "a mapping with `standard` and `fonts`") else { return };
    for (k, val) in map {
        let key = crate::input::yaml::key_string(k);
        let path = ["pdf", key.as_str()];
        match key.as_str() {
            "standard" => {
                let names: Vec<String> = match val {
                    serde_yaml::Value::Sequence(items) => {
                        items.iter().filter_map(|i| r.text(&path, i)).collect()
                    }
                    other => r.text(&path, other).into_iter().collect(),
                };
                for name in names {
                    match Standard::NAMES.iter().find(|(n, _)| *n == name) {
                        Some((_, s)) => config.pdf_standards.push(*s),
                        None => r.error(
                            &path,
                            format!("`{name}` is not a PDF standard gazette makes"),
                            "use `ua-1` (accessible), `a-2b` (archival) or both: `[ua-1, a-2b]`",
                        ),
                    }
                }
            }
            "fonts" => {
                let items: Vec<String> = match val {
                    serde_yaml::Value::Sequence(items) => {
                        items.iter().filter_map(|i| r.text(&path, i)).collect()
                    }
                    other => r.text(&path, other).into_iter().collect(),
                };
                config.pdf_fonts.extend(items);
            }
            "body_font" | "heading_font" | "title_font" => {
                let role = match key.as_str() {
                    "body_font" => FontRole::Body,
                    "heading_font" => FontRole::Heading,
                    _ => FontRole::Title,
                };
                if let Some(family) = r.required_text(&path, val) {
                    let at = r.file.locate_value(&path);
                    config.pdf_families.push((role, family, at));
                }
            }
            _ => r.unknown(&path, &["standard", "fonts", "body_font", "heading_font", "title_font"], "`pdf`"),
        }
    }
}

/// Lowercase ASCII letters, digits and single hyphens.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Which PDF standards the paper asks for in `gazette.yaml` (`pdf: { standard: … }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standard {
    /// PDF/UA-1: accessible, every figure with alt text.
    Ua1,
    /// PDF/A-2b: archival.
    A2b,
}

impl Standard {
    pub(crate) const NAMES: &'static [(&'static str, Standard)] =
        &[("ua-1", Standard::Ua1), ("a-2b", Standard::A2b)];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> (Option<Config>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let c = parse(&Source::new(FILE, text), &mut diags);
        (c, diags)
    }

    #[test]
    fn reads_a_full_config() {
        let (c, d) = parse_str("title: 白皮书\ndate: 2024-07-19\nslug: wp-2024\n");
        assert!(d.is_empty(), "{d:?}");
        let c = c.unwrap();
        assert_eq!(c.date.unwrap().zh(), "2024年7月19日");
        assert_eq!(c.slug, "wp-2024");
    }

    #[test]
    fn unknown_keys_get_a_did_you_mean() {
        let (_, d) = parse_str("title: x\nsubtitel: y\n");
        assert_eq!(d[0].message, "unknown key `subtitel` in `gazette.yaml`");
        assert_eq!(d[0].hints, ["did you mean `subtitle`?"]);
        assert_eq!(d[0].line_col(), Some((2, 1)));
    }

    #[test]
    fn bad_dates_and_missing_title_are_errors() {
        let (_, d) = parse_str("date: 2024-02-30\n");
        assert_eq!(d.len(), 2);
        assert!(d[0].message.contains("YYYY-MM-DD"));
        assert!(d[1].message.contains("no `title`"));
    }
}
