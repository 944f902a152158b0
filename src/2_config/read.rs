//! Reading `gazette.yaml`: every setting by type, each problem located at its key.

use std::sync::Arc;

use serde_yaml::Value;

use super::model::{ChapterStart, Config, Date, FILE, FontRole, Pages, Standard, is_slug};
use crate::input::diagnostic::{Diagnostic, Source};
use crate::input::reader::Reader;
use crate::input::yaml::{YamlFile, key_string};

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
    "docx",
    "base_url",
    "status",
    "keywords",
    "en",
    "figure_numbering",
    "site",
];

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
            "en" => read_english(&mut r, v, &mut config),
            "date" => config.date = read_date(&mut r, v).or(config.date),
            "slug" => config.slug = read_slug(&mut r, v).unwrap_or(config.slug),
            "theme" => config.theme = read_theme(&mut r, v).unwrap_or(config.theme),
            "allow_raw_html" => read_raw_html(&mut r, v, &mut config),
            "pdf" => read_pdf(&mut r, v, &mut config),
            "docx" => read_docx(&mut r, v, &mut config),
            "site" => read_site(&mut r, v, &mut config),
            "figure_numbering" => {
                let words = [("arabic", false), ("chinese", true)];
                let hint = "use `arabic` (图1, the default) or `chinese` (图一)";
                config.chinese_figure_numbers = r.choice(&path, v, &words, hint).unwrap_or(false);
            }
            "base_url" => config.base_url = read_base_url(&mut r, v).or(config.base_url),
            "status" => {
                let words = [("draft", true), ("published", false)];
                let hint = "use `draft` (marks every page 征求意见稿) or `published`";
                config.draft = r.choice(&path, v, &words, hint).unwrap_or(false);
            }
            "keywords" => config.keywords = read_keywords(&mut r, v),
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

/// `en: { title: …, subtitle: …, publisher: …, description: … }`.
fn read_english(r: &mut Reader<'_>, v: &Value, config: &mut Config) {
    let Some(m) = r.mapping(&["en"], v, "a mapping such as `{ title: …, publisher: … }`") else { return };
    for (k, v) in m {
        let key = key_string(k);
        let sub = ["en", key.as_str()];
        match key.as_str() {
            "title" => config.en.title = r.required_text(&sub, v),
            "subtitle" => config.en.subtitle = r.text(&sub, v),
            "publisher" => config.en.publisher = r.text(&sub, v),
            "description" => config.en.description = r.text(&sub, v),
            _ => {
                r.unknown(&sub, &["title", "subtitle", "publisher", "description"], "`en` in `gazette.yaml`");
            }
        }
    }
}

fn read_date(r: &mut Reader<'_>, v: &Value) -> Option<Date> {
    let text = r.text(&["date"], v)?;
    let date = Date::parse(&text);
    if date.is_none() {
        r.error(
            &["date"],
            format!("`date` must be a calendar date written `YYYY-MM-DD` or a month written `YYYY-MM`, found `{text}`"),
            "for example `date: 2024-07-19`, or `date: 2023-12` for a paper dated 2023年12月",
        );
    }
    date
}

fn read_slug(r: &mut Reader<'_>, v: &Value) -> Option<String> {
    let slug = r.required_text(&["slug"], v)?;
    if is_slug(&slug) {
        return Some(slug);
    }
    r.error(
        &["slug"],
        format!("`slug` must be lowercase ASCII letters, digits and `-`, found `{slug}`"),
        "the slug names the PDF file, for example `slug: laoshan-2024`",
    );
    None
}

fn read_theme(r: &mut Reader<'_>, v: &Value) -> Option<String> {
    let theme = r.required_text(&["theme"], v)?;
    if is_slug(&theme) || theme.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Some(theme);
    }
    r.error(
        &["theme"],
        format!("`theme` must be the name of a folder under `themes/`, found `{theme}`"),
        "for example `theme: default`",
    );
    None
}

/// `allow_raw_html: true`, or a list of the dangerous tags allowed by name.
fn read_raw_html(r: &mut Reader<'_>, v: &Value, config: &mut Config) {
    let path = ["allow_raw_html"];
    match v {
        Value::Sequence(items) => {
            config.allow_raw_html = true;
            config.allow_raw_html_tags =
                items.iter().filter_map(|i| r.text(&path, i)).map(|t| t.to_ascii_lowercase()).collect();
        }
        other => config.allow_raw_html = r.boolean(&path, other).unwrap_or(false),
    }
}

fn read_base_url(r: &mut Reader<'_>, v: &Value) -> Option<String> {
    let url = r.required_text(&["base_url"], v)?;
    if url.starts_with("https://") || url.starts_with("http://") {
        return Some(if url.ends_with('/') { url } else { format!("{url}/") });
    }
    r.error(
        &["base_url"],
        format!("`base_url` must start with `https://` or `http://`, found `{url}`"),
        "for example `base_url: https://www.example-court.gov.cn/baipishu/2024/`",
    );
    None
}

/// `keywords: [a, b]`, or one text with the keywords separated by commas.
fn read_keywords(r: &mut Reader<'_>, v: &Value) -> Vec<String> {
    let path = ["keywords"];
    match v {
        Value::Sequence(items) => items.iter().filter_map(|i| r.text(&path, i)).collect(),
        other => r
            .text(&path, other)
            .map(|t| t.split(['，', ',']).map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect())
            .unwrap_or_default(),
    }
}

/// `pdf: { standard: ua-1 | a-2b | [ua-1, a-2b], fonts: [fonts/FangSong.ttf], chapters: new-page }`.
fn read_pdf(r: &mut Reader<'_>, v: &Value, config: &mut Config) {
    let Some(map) = r.mapping(&["pdf"], v, "a mapping with `standard` and `fonts`") else { return };
    for (k, val) in map {
        let key = key_string(k);
        let path = ["pdf", key.as_str()];
        match key.as_str() {
            "standard" => {
                let names: Vec<String> = match val {
                    Value::Sequence(items) => items.iter().filter_map(|i| r.text(&path, i)).collect(),
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
                    Value::Sequence(items) => items.iter().filter_map(|i| r.text(&path, i)).collect(),
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
            "chapters" => {
                let words = [
                    ("auto", ChapterStart::Auto),
                    ("run-on", ChapterStart::RunOn),
                    ("new-page", ChapterStart::NewPage),
                ];
                let hint = "use `run-on` (each chapter straight after the one before), `new-page` (each \
                            chapter on a new page) or `auto`";
                config.pdf_chapters = r.choice(&path, val, &words, hint).unwrap_or_default();
            }
            _ => r.unknown(
                &path,
                &["standard", "fonts", "body_font", "heading_font", "title_font", "chapters"],
                "`pdf`",
            ),
        }
    }
}

/// `docx: { comments: true }`: a Word comment on every figure with its label, period and source.
fn read_docx(r: &mut Reader<'_>, v: &Value, config: &mut Config) {
    let Some(map) = r.mapping(&["docx"], v, "a mapping such as `{ comments: true }`") else { return };
    for (k, val) in map {
        let key = key_string(k);
        let path = ["docx", key.as_str()];
        match key.as_str() {
            "comments" => config.docx_comments = r.boolean(&path, val).unwrap_or(false),
            _ => r.unknown(&path, &["comments"], "`docx`"),
        }
    }
}

/// `site: { pages: chapter }`: the site as one page, a page per chapter, or (`auto`, the
/// default) a page per chapter only for a long paper.
fn read_site(r: &mut Reader<'_>, v: &Value, config: &mut Config) {
    let Some(map) = r.mapping(&["site"], v, "a mapping such as `{ pages: chapter }`") else { return };
    for (k, val) in map {
        let key = key_string(k);
        let path = ["site", key.as_str()];
        match key.as_str() {
            "pages" => {
                let words = [("auto", Pages::Auto), ("one", Pages::One), ("chapter", Pages::Chapter)];
                let hint =
                    "use `one` (the whole paper on one page), `chapter` (a page per chapter) or `auto`";
                config.site_pages = r.choice(&path, val, &words, hint).unwrap_or(Pages::Auto);
            }
            _ => r.unknown(&path, &["pages"], "`site`"),
        }
    }
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
    fn where_the_pdf_starts_a_chapter_is_a_choice_of_three() {
        let (c, d) = parse_str("title: 白皮书\nslug: wp\npdf: { chapters: new-page }\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.map(|c| c.pdf_chapters), Some(ChapterStart::NewPage));
        let (_, d) = parse_str("title: 白皮书\nslug: wp\npdf: { chapters: book }\n");
        let d = d.first().expect("an error");
        assert_eq!(d.message(), "`chapters: book` is not known");
        assert!(d.hints().iter().any(|h| h.contains("`new-page` (each chapter on a new page)")), "{d:?}");
        assert_eq!(d.line_col(), Some((3, 18)), "at the value");
    }

    #[test]
    fn reads_a_full_config() {
        let (c, d) = parse_str("title: 白皮书\ndate: 2024-07-19\nslug: wp-2024\n");
        assert!(d.is_empty(), "{d:?}");
        let c = c.unwrap();
        assert_eq!(c.date.unwrap().zh(), "2024年7月19日");
        for (written, zh, en, iso) in [
            ("2023-12", "2023年12月", "December 2023", "2023-12"),
            ("2023年12月", "2023年12月", "December 2023", "2023-12"),
            ("2024年7月19日", "2024年7月19日", "19 July 2024", "2024-07-19"),
        ] {
            let d = crate::config::model::Date::parse(written).unwrap();
            assert_eq!(
                (d.zh(), d.printed(crate::input::Locale::En), d.iso()),
                (zh.to_string(), en.to_string(), iso.to_string()),
                "{written}"
            );
        }
        assert!(crate::config::model::Date::parse("2023-13").is_none());
        assert!(crate::config::model::Date::parse("2023年2月30日").is_none());
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
