//! Labels as compared: the ways one label is written in statistics sheets (全角 and 半角,
//! 收　案, 其中：, 一、, （件）, 2023年度) reduced to one form, and how alike two labels are.

/// A label as compared: full-width letters, digits and brackets as ASCII, no white space, no
/// leading 其中 or numbering (一、 1. （一）), no trailing colon or unit in brackets, a year
/// written 2023年 or 2023年度 as 2023. Returns it, whether it was written as a part (其中),
/// and the unit in its brackets.
pub(crate) fn normalise(text: &str) -> (String, bool, Option<String>) {
    let mut s: String = text
        .chars()
        .filter_map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => {
                char::from_u32(c as u32 - 0xFEE0).map(|c| if c == '~' { '-' } else { c })
            }
            '—' | '–' | '〜' | '~' => Some('-'),
            c if c.is_whitespace() => None,
            c => Some(c.to_ascii_lowercase()),
        })
        .collect();
    let mut part = false;
    if let Some(rest) = s.strip_prefix("其中")
        && !rest.is_empty()
    {
        part = true;
        s = rest.trim_start_matches(':').to_string();
    }
    s = strip_numbering(&s).to_string();
    while s.ends_with(':') {
        s.pop();
    }
    let mut unit = None;
    if s.ends_with(')')
        && let Some(open) = s.rfind('(')
    {
        let inner = &s[open + 1..s.len() - 1];
        if open > 0
            && !inner.is_empty()
            && inner.chars().count() <= 4
            && !inner.chars().any(|c| c.is_ascii_digit())
        {
            unit = Some(inner.to_string());
            s.truncate(open);
        }
    }
    if let Some(y) = year(&s) {
        s = y.to_string();
    }
    (s, part, unit)
}

/// 一、 1. 1、 (一) (1) before a label.
fn strip_numbering(s: &str) -> &str {
    const HAN: &str = "一二三四五六七八九十";
    let numeral = |c: char| c.is_ascii_digit() || HAN.contains(c);
    if let Some(rest) = s.strip_prefix('(')
        && let Some(close) = rest.find(')')
        && close > 0
        && rest[..close].chars().all(numeral)
        && close + 1 < rest.len()
    {
        return &rest[close + 1..];
    }
    let digits = s.find(|c: char| !numeral(c)).unwrap_or(s.len());
    let rest = &s[digits..];
    match rest.chars().next() {
        Some(sep @ ('、' | '.')) if digits > 0 => {
            let after = &rest[sep.len_utf8()..];
            if after.chars().next().is_some_and(|c| !c.is_ascii_digit()) { after } else { s }
        }
        _ => s,
    }
}

/// The year a compared label names: `2023` from 2023, 2023.0, 2023年 or 2023年度.
pub(crate) fn year(key: &str) -> Option<i64> {
    let digits = key.strip_suffix("年度").or_else(|| key.strip_suffix('年')).unwrap_or(key);
    let digits = digits.strip_suffix(".0").unwrap_or(digits);
    let y: i64 =
        digits.parse().ok().filter(|_| digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()))?;
    (1900..=2200).contains(&y).then_some(y)
}

/// How alike two labels are, from 0 to 1: the characters they share (审结 and 结案 share 结),
/// which suits Chinese labels of two or three characters better than an edit distance.
pub(super) fn likeness(a: &str, b: &str) -> f64 {
    let mut rest: Vec<char> = b.chars().collect();
    let total = a.chars().count() + rest.len();
    let mut shared = 0;
    for c in a.chars() {
        if let Some(i) = rest.iter().position(|x| *x == c) {
            rest.swap_remove(i);
            shared += 1;
        }
    }
    if total == 0 { 0.0 } else { 2.0 * shared as f64 / total as f64 }
}
