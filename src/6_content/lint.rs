//! The naked-number lint: figures typed straight into chapter prose instead of taken from a
//! metric, which then go stale when the metric is corrected. Ordinals, dates, article
//! numbers, list numbering and numbers a chapter allows by name are left alone.

use rust_decimal::Decimal;

use crate::content::front::ChapterFile;
use crate::input::diagnostic::{Diagnostic, Location};
use crate::metrics::Metrics;

/// What may follow a number that is a date, a reference or a label rather than a figure.
const NOT_A_FIGURE_AFTER: &[&str] = &[
    "月", "日", "号", "条", "款", "项", "章", "节", "届", "时", "点", "时许", "版", "期", "号令", "路", "楼",
    "室",
];

/// Warns about each number typed in the chapter's prose, suggesting the metric it matches.
pub(crate) fn naked_numbers(chapter: &ChapterFile, metrics: &Metrics) -> Vec<Diagnostic> {
    let body = chapter.body();
    let mut out = Vec::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    'scan: while i < bytes.len() {
        let rest = &body[i..];
        // Template tags, code, comments and link targets are not prose.
        for (open, close) in
            [("{{", "}}"), ("{%", "%}"), ("{#", "#}"), ("`", "`"), ("<!--", "-->"), ("](", ")")]
        {
            if let Some(inner) = rest.strip_prefix(open) {
                i = inner.find(close).map_or(body.len(), |e| i + open.len() + e + close.len());
                continue 'scan;
            }
        }
        // Nor are the tags of raw HTML (`<td colspan="2">`), only the text between them.
        if rest.starts_with('<') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            i = rest.find('>').map_or(body.len(), |e| i + e + 1);
            continue;
        }
        if !bytes[i].is_ascii_digit() {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_digit()
                || (bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        let number = &body[start..i];
        if is_not_a_figure(body, start, i, number) || chapter.front.allow_numbers.iter().any(|a| a == number)
        {
            continue;
        }
        let at = Location::new(&chapter.source, chapter.body_start + start..chapter.body_start + i);
        let unit: String = body[i..]
            .chars()
            .take_while(|c| (!c.is_ascii() || *c == '%') && !"，。、；：！？）)".contains(*c))
            .take(3)
            .collect();
        let d = Diagnostic::warning(format!(
            "`{number}{}` is typed in the text, not taken from a metric",
            unit.chars().next().map(String::from).unwrap_or_default()
        ))
        .at(at);
        out.push(match matching_metric(metrics, number, &unit) {
            Some((id, phrase)) => d.hint(format!(
                "metric `{id}` prints {phrase}: write `{{{{ m.{id} }}}}` so the text follows the metric"
            )),
            None => d.hint(
                "define the figure in `content/metrics/` and write `{{ m.ID }}`; if the number is meant as typed, list it in the chapter's front matter: `allow_numbers: [N]`",
            ),
        });
    }
    out
}

/// Dates, ordinals, references, list numbers and numbers inside names or codes.
fn is_not_a_figure(body: &str, start: usize, end: usize, number: &str) -> bool {
    let before = &body[..start];
    let after = &body[end..];
    let prev = before.chars().next_back();
    let next = after.chars().next();
    // Inside a code or name: GB/T 15835, TOD3, A4, v1.2, 3D.
    if prev.is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '-' || c == '_')
        || next.is_some_and(|c| c.is_ascii_alphabetic() || c == '-' || c == '_' || c == ':')
    {
        return true;
    }
    if before.trim_end_matches([' ', '\u{3000}']).ends_with("GB/T") || before.ends_with('第') {
        return true;
    }
    // Years (2024年, 2023—2024) and the month and day after them.
    if number.len() == 4 && number.parse::<u32>().is_ok_and(|y| (1900..=2199).contains(&y)) {
        return true;
    }
    if NOT_A_FIGURE_AFTER.iter().any(|w| after.starts_with(w)) {
        return true;
    }
    // The first of a range of months or days: 1至10月, 1—10月, 1-10日.
    let range_end = after
        .strip_prefix(['至', '—', '–', '-', '~', '～'])
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    if range_end.is_some_and(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with(['月', '日']))
    {
        return true;
    }
    // English dates: 19 July 2024, July 19.
    if crate::input::locale::MONTHS
        .iter()
        .any(|m| after.trim_start().starts_with(m) || before.trim_end().ends_with(m))
    {
        return true;
    }
    // List numbering at the start of a line: `1.`, `1、`, `（1）`, `(1)`.
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let lead = body[line_start..start].trim();
    if (lead.is_empty() || lead == "（" || lead == "(" || lead.starts_with('#'))
        && (after.starts_with(". ")
            || after.starts_with('、')
            || after.starts_with('）')
            || after.starts_with(')')
            || lead.starts_with('#'))
    {
        return true;
    }
    // Footnote labels `[^1]`.
    before.ends_with("[^")
}

/// The metric whose value (or printed figure) this typed number repeats.
fn matching_metric(metrics: &Metrics, number: &str, unit: &str) -> Option<(String, String)> {
    let value: Decimal = number.parse().ok()?;
    let by_phrase = metrics
        .iter()
        .find(|m| m.phrase.starts_with(number) && unit.starts_with(m.unit.as_str()) && !m.unit.is_empty());
    let by_value = || metrics.iter().find(|m| m.value == value && m.upper.is_none());
    by_phrase.or_else(by_value).map(|m| (m.id.clone(), m.phrase.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::diagnostic::Source;

    fn lint(body: &str) -> Vec<String> {
        let src =
            Source::new("content/01-a.md", format!("---\ntitle: 一\nallow_numbers: [110]\n---\n{body}"));
        let chapter = crate::content::front::parse(&src).unwrap();
        let mut metrics = Metrics::default();
        let m = Source::new("m.yaml", "cases: {label: 案件, value: 545, unit: 件, source: 系统}\n");
        crate::metrics::load_file(
            &crate::input::yaml::YamlFile::parse(&m).unwrap(),
            &mut metrics,
            &mut Vec::new(),
        );
        naked_numbers(&chapter, &metrics)
            .iter()
            .map(|d| format!("{} | {}", d.short(), d.hints.join(" ")))
            .collect()
    }

    #[test]
    fn typed_figures_are_found_with_place_and_metric() {
        let found = lint("全年办结545件，调解率58.4%。\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("content/01-a.md:5:5: warning: `545件` is typed in the text"),
            "{}",
            found[0]
        );
        assert!(found[0].contains("write `{{ m.cases }}`"), "{}", found[0]);
        assert!(found[1].contains("`58.4%` is typed"), "{}", found[1]);
    }

    #[test]
    fn dates_ordinals_references_and_allowed_numbers_pass() {
        let text = "2024年7月19日至1至10月、1—6月，依据第3条和《行政诉讼法》第七十条，按GB/T 15835执行，拨打110。\n\n1. 第一项\n\n（2）第二项[^1]\n\n{{ m.cases }}与`42`。\n";
        assert_eq!(lint(text), Vec::<String>::new());
    }

    #[test]
    fn raw_html_tags_are_not_prose_but_their_text_is() {
        let found = lint("<table><tr><td colspan=\"2\" width=\"300\">全年办结545件</td></tr></table>\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("`545件` is typed"), "{}", found[0]);
    }
}
