//! English phrasing for the English edition, in one house style: figures for 10 and above
//! with commas from four digits (4,500), one to nine spelled out for counts, million and
//! billion for large amounts (400 million yuan), "percent" spelled out (58.4 percent), and
//! the qualifier before the number (more than 4,500; nearly 200; over 400 million yuan).

use rust_decimal::Decimal;

use crate::metrics::phrase::{Numerals, Qualifier, fmt_decimal};

/// What the English edition prints for a figure.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FigureEn<'a> {
    pub value: Decimal,
    /// The Chinese unit (件, 元, %), for the built-in English words.
    pub unit: &'a str,
    /// The metric's own English unit (`en: { unit: … }`), which wins over the built-in one.
    pub unit_en: Option<&'a str>,
    pub qualifier: Qualifier,
    pub numerals: Numerals,
    /// Decimal places shown, trailing zeros kept (8.10 percent); `None`: as stated.
    pub decimals: Option<u32>,
    /// Charts print `%` after the number (58.4%) where prose spells out "percent".
    pub percent_sign: bool,
}

/// The English word before the number for each qualifier.
fn qualifier_word(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "",
        Qualifier::Plus | Qualifier::More | Qualifier::Above => "more than ",
        Qualifier::Over | Qualifier::OverShort => "over ",
        Qualifier::Nearly => "nearly ",
        Qualifier::About => "about ",
        Qualifier::Around | Qualifier::Roughly => "around ",
        Qualifier::Several => "more than ",
        Qualifier::Under => "under ",
        Qualifier::LessThan => "fewer than ",
        Qualifier::Below | Qualifier::LowerThan => "below ",
    }
}

/// English units for Chinese ones; counting words (件, 个, 次…) print no unit: the noun is
/// written in the English prose ("{{ m.cases }} administrative cases").
fn builtin_unit(unit: &str) -> (&'static str, Decimal) {
    match unit {
        "%" => ("percent", Decimal::ONE),
        "个百分点" => ("percentage points", Decimal::ONE),
        "元" => ("yuan", Decimal::ONE),
        "万元" => ("yuan", Decimal::from(10_000)),
        "亿元" => ("yuan", Decimal::from(100_000_000)),
        "年" => ("years", Decimal::ONE),
        "个月" => ("months", Decimal::ONE),
        "天" | "日" => ("days", Decimal::ONE),
        _ => ("", Decimal::ONE),
    }
}

/// One to nine in words, as English copy writes small counts.
fn small_word(n: Decimal) -> Option<&'static str> {
    const WORDS: [&str; 10] =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    if !n.fract().is_zero() || n.is_sign_negative() {
        return None;
    }
    u64::try_from(n).ok().filter(|v| *v <= 9).map(|v| WORDS[v as usize])
}

/// 4500 → 4,500; 12000.5 → 12,000.5 (commas from four digits); decimals as given (8.10);
/// a negative number with a minus sign (−1,234).
pub(crate) fn grouped(value: Decimal) -> String {
    let text = value.to_string();
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |d| ("\u{2212}", d));
    let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// The number with million or billion when that prints it exactly in two decimals or fewer.
pub(super) fn number(value: Decimal, spell_small: bool) -> String {
    let billion = Decimal::from(1_000_000_000);
    let million = Decimal::from(1_000_000);
    let fits = |d: Decimal| (value / d).normalize().scale() <= 2;
    if value.abs() >= billion && fits(billion) {
        return format!("{} billion", fmt_decimal((value / billion).normalize()));
    }
    if value.abs() >= million && fits(million) {
        return format!("{} million", fmt_decimal((value / million).normalize()));
    }
    if spell_small && let Some(w) = small_word(value) {
        return w.to_string();
    }
    grouped(value)
}

/// Prints a figure for the English edition.
pub(crate) fn phrase(f: &FigureEn<'_>) -> String {
    let (builtin, factor) = builtin_unit(f.unit);
    let mut value = f.value.checked_mul(factor).unwrap_or(f.value);
    if let Some(places) = f.decimals {
        value = value.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        value.rescale(places);
    } else if factor != Decimal::ONE {
        value = value.normalize();
    }
    if f.percent_sign && builtin == "percent" {
        return format!("{}{}%", qualifier_word(f.qualifier), grouped(value));
    }
    let unit = f.unit_en.unwrap_or(builtin);
    let money_or_rate = matches!(builtin, "yuan" | "percent" | "percentage points");
    let text = number(value, !money_or_rate || f.numerals == Numerals::Chinese);
    let unit = if unit == "years" && value == Decimal::ONE { "year" } else { unit };
    let joined = if unit.is_empty() { text } else { format!("{text} {unit}") };
    format!("{}{joined}", qualifier_word(f.qualifier))
}

/// A range: "130,000 to 170,000 yuan", "63 to 68 percent", "three to four months".
pub(crate) fn phrase_range(f: &FigureEn<'_>, upper: Decimal) -> String {
    let (builtin, factor) = builtin_unit(f.unit);
    let unit = f.unit_en.unwrap_or(builtin);
    let spell = !matches!(builtin, "yuan" | "percent" | "percentage points");
    let low = number(f.value.checked_mul(factor).unwrap_or(f.value), spell);
    let high = number(upper.checked_mul(factor).unwrap_or(upper), spell);
    if unit.is_empty() { format!("{low} to {high}") } else { format!("{low} to {high} {unit}") }
}

/// The amount of a change without its direction: "77.76 percent", "3.95 percentage points".
pub(crate) fn change_amount(amount: Decimal, points: bool) -> String {
    let what = if points { "percentage points" } else { "percent" };
    format!("{} {what}", grouped(amount.abs()))
}

/// A stated or derived change: "up 77.76 percent year on year", "unchanged year on year".
pub(crate) fn change_phrase(amount: Decimal, points: bool) -> String {
    if amount.is_zero() {
        return "unchanged year on year".to_string();
    }
    let word = if amount.is_sign_negative() { "down" } else { "up" };
    format!("{word} {} year on year", change_amount(amount, points))
}

/// Several changes the same way: "up 77.76 percent and 65.78 percent year on year
/// respectively" (the amounts as printed, or figure markers standing for them).
pub(crate) fn change_list(down: bool, amounts: &[String]) -> String {
    let word = if down { "down" } else { "up" };
    let respectively = if amounts.len() > 1 { " respectively" } else { "" };
    format!("{word} {} year on year{respectively}", join_and(amounts))
}

/// "a", "a and b", "a, b and c": an English list.
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn en(value: &str, unit: &str, q: &str) -> String {
        phrase(&FigureEn {
            value: Decimal::from_str(value).unwrap(),
            unit,
            unit_en: None,
            qualifier: Qualifier::parse(q).unwrap(),
            numerals: Numerals::Arabic,
            decimals: None,
            percent_sign: false,
        })
    }

    // The phrases and the mapping table of research/domain.md §5.
    #[test]
    fn the_house_style() {
        assert_eq!(en("4500", "件", "plus"), "more than 4,500");
        assert_eq!(en("400000000", "元", "over_short"), "over 400 million yuan");
        assert_eq!(en("200", "件", "nearly"), "nearly 200");
        assert_eq!(en("58.4", "%", "exact"), "58.4 percent");
        assert_eq!(en("20", "%", "over"), "over 20 percent");
        assert_eq!(en("4", "年", "exact"), "four years");
        assert_eq!(en("1", "年", "exact"), "one year");
        assert_eq!(en("545", "件", "exact"), "545");
        assert_eq!(en("8", "名", "exact"), "eight");
        assert_eq!(en("12000", "件", "exact"), "12,000");
        assert_eq!(en("1008175288", "人", "exact"), "1,008,175,288");
        assert_eq!(en("3.45", "亿元", "exact"), "345 million yuan");
        assert_eq!(en("300", "人", "about"), "about 300");
        assert_eq!(en("40", "天", "around"), "around 40 days");
        assert_eq!(grouped(Decimal::from_str("-1234567.25").unwrap()), "\u{2212}1,234,567.25");
        // Below a figure: 不足 → under, 不到 → fewer than, 以下 and 低于 → below.
        assert_eq!(en("500", "件", "under"), "under 500");
        assert_eq!(en("500", "件", "less_than"), "fewer than 500");
        assert_eq!(en("500", "件", "below"), "below 500");
        assert_eq!(en("5", "%", "lower_than"), "below 5 percent");
        assert_eq!(en("8.10", "%", "exact"), "8.10 percent");
        // Display precision: `round` shows its decimals, trailing zeros kept.
        let rounded = |v: &str, places| {
            phrase(&FigureEn {
                value: Decimal::from_str(v).unwrap(),
                unit: "%",
                unit_en: None,
                qualifier: Qualifier::Exact,
                numerals: Numerals::Arabic,
                decimals: Some(places),
                percent_sign: false,
            })
        };
        assert_eq!(rounded("8.1", 2), "8.10 percent");
        assert_eq!(rounded("81.7503", 2), "81.75 percent");
        assert_eq!(en("-21.74", "%", "exact"), "\u{2212}21.74 percent");
    }

    #[test]
    fn stated_changes_and_lists() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(change_phrase(d("77.76"), false), "up 77.76 percent year on year");
        assert_eq!(change_phrase(d("-3.95"), true), "down 3.95 percentage points year on year");
        assert_eq!(change_phrase(d("0"), true), "unchanged year on year");
        let amounts = [change_amount(d("-21.74"), false), change_amount(d("-15.31"), false)];
        assert_eq!(
            change_list(true, &amounts),
            "down 21.74 percent and 15.31 percent year on year respectively"
        );
        assert_eq!(join_and(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }

    /// A change computed from two years, as the English edition prints it.
    fn year_on_year(previous: Decimal, current: Decimal, unit: &str) -> Option<String> {
        let (amount, points) = crate::metrics::change::change(previous, current, unit)?;
        Some(change_phrase(amount, points))
    }

    #[test]
    fn ranges_and_changes() {
        let f = |v: &str, unit| FigureEn {
            value: Decimal::from_str(v).unwrap(),
            unit,
            unit_en: None,
            qualifier: Qualifier::Exact,
            numerals: Numerals::Arabic,
            decimals: None,
            percent_sign: false,
        };
        assert_eq!(phrase_range(&f("130000", "元"), Decimal::from(170_000)), "130,000 to 170,000 yuan");
        assert_eq!(phrase_range(&f("3", "个月"), Decimal::from(4)), "three to four months");
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(year_on_year(d("1000"), d("1123"), "件").as_deref(), Some("up 12.3 percent year on year"));
        assert_eq!(
            year_on_year(d("98.76"), d("99.6"), "%").as_deref(),
            Some("up 0.84 percentage points year on year")
        );
    }
}
