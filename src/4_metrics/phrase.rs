//! Chinese number phrasing after GB/T 15835-2011 and court practice: how a metric's value,
//! unit and approximation are printed (545件, 4500余件, 超4亿元, 近200件, 百余起).

use rust_decimal::Decimal;

use crate::input::hinted::{Hinted, HintedResult};
use crate::input::locale::chinese_integer;

/// How approximate a published figure is, and the word that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Qualifier {
    #[default]
    Exact,
    /// 余, after a round number: 4500余件, 400余万元, 4亿余元.
    Plus,
    /// 多: 100多件, 3年多.
    More,
    /// 超过, before the number: 超过20%.
    Over,
    /// 超, the short form: 超4亿元.
    OverShort,
    /// 近: 近200件.
    Nearly,
    /// 约: 约300人.
    About,
    /// 左右, after the unit: 40天左右.
    Around,
    /// 以上, after the unit: 20%以上.
    Above,
    /// 上下, after the unit: 50岁上下.
    Roughly,
    /// 几, after a round ten in Chinese numerals: 十几件, 二十几人.
    Several,
    /// 不足, before the number: 不足500件 (fewer than the figure).
    Under,
    /// 不到, before the number: 不到500件.
    LessThan,
    /// 以下, after the unit: 500件以下 (at most the figure).
    Below,
    /// 低于, before the number: 低于5%.
    LowerThan,
}

impl Qualifier {
    /// Every accepted spelling, English keyword first, for parsing and for hints.
    pub const NAMES: &'static [(&'static str, &'static str, Qualifier)] = &[
        ("exact", "", Qualifier::Exact),
        ("plus", "余", Qualifier::Plus),
        ("more", "多", Qualifier::More),
        ("over", "超过", Qualifier::Over),
        ("over_short", "超", Qualifier::OverShort),
        ("nearly", "近", Qualifier::Nearly),
        ("about", "约", Qualifier::About),
        ("around", "左右", Qualifier::Around),
        ("above", "以上", Qualifier::Above),
        ("roughly", "上下", Qualifier::Roughly),
        ("several", "几", Qualifier::Several),
        ("under", "不足", Qualifier::Under),
        ("less_than", "不到", Qualifier::LessThan),
        ("below", "以下", Qualifier::Below),
        ("lower_than", "低于", Qualifier::LowerThan),
    ];

    /// Parses `plus` or `余` (either spelling).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::NAMES
            .iter()
            .find(|(en, zh, _)| *en == s || (!zh.is_empty() && *zh == s) || (s == "精确" && en == &"exact"))
            .map(|(_, _, q)| *q)
    }

    /// The Chinese word printed with the number ("" for exact figures).
    pub fn word(self) -> &'static str {
        Self::NAMES.iter().find(|(_, _, q)| *q == self).map_or("", |(_, zh, _)| zh)
    }

    /// The English keyword used in YAML.
    pub fn keyword(self) -> &'static str {
        Self::NAMES.iter().find(|(_, _, q)| *q == self).map_or("exact", |(en, _, _)| en)
    }

    pub fn is_exact(self) -> bool {
        self == Qualifier::Exact
    }
}

/// Whether large values are written with 万 or 亿.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Scale {
    /// 万/亿 when the value is at least 10,000 and the scaled figure needs at most two decimals.
    #[default]
    Auto,
    None,
    Wan,
    Yi,
}

impl Scale {
    pub const NAMES: &'static [&'static str] = &["auto", "none", "万", "亿"];

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "auto" => Some(Scale::Auto),
            "none" => Some(Scale::None),
            "万" | "wan" => Some(Scale::Wan),
            "亿" | "yi" => Some(Scale::Yi),
            _ => None,
        }
    }
}

/// Which digits print the number: Arabic (the default for statistics) or Chinese (百余起, 近五年).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Numerals {
    #[default]
    Arabic,
    Chinese,
}

/// Everything needed to print one figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure<'a> {
    pub value: Decimal,
    pub unit: &'a str,
    pub qualifier: Qualifier,
    pub scale: Scale,
    pub numerals: Numerals,
    /// Decimal places the printed number shows (`round:`), trailing zeros kept: 1.47万件,
    /// 4.50亿元. `None` prints the value as stated, trailing zeros typed in the file kept.
    pub decimals: Option<u32>,
}

/// Units after which 多/余 may follow a non-round number (3年多, 5米多, 1年余).
const DIVISIBLE_UNITS: &[&str] = &[
    "年", "天", "日", "周", "元", "万元", "米", "千米", "公里", "斤", "公斤", "千克", "克", "吨", "亩",
    "公顷", "小时", "分钟", "秒", "岁",
];

/// Prints a figure the way a Chinese publication prints it.
pub(crate) fn phrase(f: &Figure<'_>) -> HintedResult<String> {
    let percent = is_rate(f.unit);
    // Chinese numerals carry 万 and 亿 themselves: 三千万, never 三千万万.
    let words = f.numerals == Numerals::Chinese && f.value.fract().is_zero() && !f.value.is_sign_negative();
    let (mantissa, scale_word, unit) = match in_base_unit(f, words) {
        // In words the whole number is written out: 一亿元, not 一万万元.
        Some((value, base)) if words => (value, "", base),
        // 38000万元 is printed 3.8亿元; 400万元 stays 400万元.
        Some((value, base)) => match scaled(value, f.scale) {
            (m, word) if !word.is_empty() => (m, word, base),
            _ => (f.value, "", f.unit),
        },
        None => {
            let (m, word) = scaled(f.value, if percent || words { Scale::None } else { f.scale });
            (m, word, f.unit)
        }
    };
    let mantissa = displayed(mantissa, f, &format!("{scale_word}{unit}"));
    let number = number_text(mantissa, f.numerals, f.qualifier);
    let q = f.qualifier;
    let out = match q {
        Qualifier::Exact => format!("{number}{scale_word}{unit}"),
        Qualifier::Over
        | Qualifier::OverShort
        | Qualifier::Nearly
        | Qualifier::About
        | Qualifier::Under
        | Qualifier::LessThan
        | Qualifier::LowerThan => {
            format!("{}{number}{scale_word}{unit}", q.word())
        }
        Qualifier::Around | Qualifier::Above | Qualifier::Roughly | Qualifier::Below => {
            format!("{number}{scale_word}{unit}{}", q.word())
        }
        Qualifier::Several => several(f)?,
        Qualifier::Plus | Qualifier::More => plus_or_more(q, &number, mantissa, scale_word, unit, percent)?,
    };
    Ok(out)
}

/// 十几件, 三十几万元: `几` after a round ten, always in words (10几件 is never written), in
/// the unit the figure is stated in.
fn several(f: &Figure<'_>) -> HintedResult<String> {
    let tens = u64::try_from(f.value).ok().filter(|n| *n >= 10 && *n < 100 && n % 10 == 0);
    match tens.filter(|_| f.value.fract().is_zero()) {
        Some(n) => Ok(format!("{}几{}", chinese_integer(n), f.unit)),
        None => Err(Hinted::new(format!(
            "`几` follows a round ten (十几, 二十几 … 九十几), not {}",
            fmt_decimal(f.value)
        ))
        .hint("write 10 for 十几, 20 for 二十几; for other figures use `approx: plus` (余) or `more` (多)")),
    }
}

/// 余 and 多 after a round number (4500余件, 400余万元, 3年多, 5个多月); never after a
/// percentage, and after a non-round number only where the unit divides (年, 米).
fn plus_or_more(
    q: Qualifier,
    number: &str,
    mantissa: Decimal,
    scale_word: &str,
    unit: &str,
    percent: bool,
) -> HintedResult<String> {
    let w = q.word();
    if percent {
        return Err(Hinted::new(format!("`{w}` does not go with a percentage ({number}{unit}{w})"))
            .hint("write `approx: over` (超过20%) or `approx: above` (20%以上)"));
    }
    let round = mantissa.fract().is_zero() && (mantissa % Decimal::TEN).is_zero();
    if !scale_word.is_empty() {
        return Ok(if !mantissa.fract().is_zero() {
            // 1.2万余件 is contested; 1.2万件以上 says the same without doubt.
            format!("{number}{scale_word}{unit}以上")
        } else if round && one_significant_digit(mantissa) {
            // 400余万元 (4.0–5.0 million); 410 has a known 万 digit: 410万余元.
            format!("{number}{w}{scale_word}{unit}")
        } else {
            format!("{number}{scale_word}{w}{unit}")
        });
    }
    if round {
        return Ok(format!("{number}{w}{unit}"));
    }
    if let Some(rest) = unit.strip_prefix('个').filter(|r| !r.is_empty()) {
        return Ok(format!("{number}个{w}{rest}"));
    }
    if DIVISIBLE_UNITS.contains(&unit) && mantissa.fract().is_zero() {
        return Ok(format!("{number}{unit}{w}"));
    }
    let down = (mantissa / Decimal::TEN).floor() * Decimal::TEN;
    Err(Hinted::new(format!(
            "`{}{unit}` with `{w}` cannot be written: `{w}` follows a round number (such as {}{w}{unit})",
            fmt_decimal(mantissa),
            fmt_decimal(down.max(Decimal::TEN))
        )).hint(format!(
            "state the round figure the paper means with `approx: {}`, or make the figure exact by removing `approx`",
            q.keyword()
        )))
}

/// Prints a range from `f.value` to `upper` (GB/T 15835 5.1.3): 400~429件, 63%~68%,
/// 9亿元~16亿元 (the scale word kept on both ends), 三四个月 (adjacent numerals in words).
pub(crate) fn phrase_range(f: &Figure<'_>, upper: Decimal) -> HintedResult<String> {
    if !f.qualifier.is_exact() {
        return Err(Hinted::new(format!(
            "a range takes no qualifier, but `approx: {}` is given",
            f.qualifier.keyword()
        ))
        .hint("a range already says how far the figure may be: remove `approx`"));
    }
    if upper <= f.value {
        return Err(Hinted::new(format!(
            "the range goes from {} down to {}",
            fmt_decimal(f.value),
            fmt_decimal(upper)
        ))
        .hint("write the smaller value first: `value: [低, 高]`"));
    }
    let unit = f.unit;
    if is_rate(unit) {
        return Ok(format!("{}{unit}~{}{unit}", fmt_decimal(f.value), fmt_decimal(upper)));
    }
    let whole = |d: Decimal| d.fract().is_zero() && !d.is_sign_negative();
    if f.numerals == Numerals::Chinese && whole(f.value) && whole(upper) {
        let (a, b) = (u64::try_from(f.value).unwrap_or(0), u64::try_from(upper).unwrap_or(0));
        if (1..=8).contains(&a) && b == a + 1 {
            return Ok(format!("{}{}{unit}", chinese_integer(a), chinese_integer(b)));
        }
        return Ok(format!("{}至{}{unit}", chinese_integer(a), chinese_integer(b)));
    }
    // One scale for both ends, chosen by the larger, when it prints both exactly.
    let (_, word) = scaled(upper, f.scale);
    let factor = match word {
        "亿" => Decimal::from(100_000_000),
        "万" => Decimal::from(10_000),
        _ => Decimal::ONE,
    };
    let low = (f.value / factor).normalize();
    if word.is_empty() || low.scale() > 2 {
        return Ok(format!("{}~{}{unit}", fmt_decimal(f.value), fmt_decimal(upper)));
    }
    let high = (upper / factor).normalize();
    Ok(format!("{}{word}{unit}~{}{word}{unit}", fmt_decimal(low), fmt_decimal(high)))
}

/// Whether a unit is a rate or share (%, 个百分点), which changes by percentage points.
pub(crate) fn is_rate(unit: &str) -> bool {
    unit == "%" || unit == "个百分点"
}

/// A unit that carries 万 or 亿 (万元, 亿元, 万人) as its plain unit and the factor to it:
/// (元, 10000); any other unit is itself, with factor one.
pub(crate) fn base_unit(unit: &str) -> (&str, Decimal) {
    let split = |prefix: char, factor: i64| {
        unit.strip_prefix(prefix).filter(|base| !base.is_empty()).map(|base| (base, Decimal::from(factor)))
    };
    split('万', 10_000).or_else(|| split('亿', 100_000_000)).unwrap_or((unit, Decimal::ONE))
}

/// A figure whose unit already carries 万 or 亿 (万元, 亿元), as a value in the plain unit,
/// so that scaling does not print 万万元; `None` for other units or, for digits, an explicit
/// `scale: none`.
fn in_base_unit<'a>(f: &Figure<'a>, words: bool) -> Option<(Decimal, &'a str)> {
    if f.scale == Scale::None && !words {
        return None;
    }
    let (base, factor) = base_unit(f.unit);
    if factor == Decimal::ONE {
        return None;
    }
    Some((f.value.checked_mul(factor)?, base))
}

fn one_significant_digit(d: Decimal) -> bool {
    let digits = fmt_decimal(d.abs());
    digits.trim_end_matches('0').len() == 1
}

/// The value divided for 万 or 亿, and the word to print after it.
fn scaled(value: Decimal, scale: Scale) -> (Decimal, &'static str) {
    let wan = Decimal::from(10_000);
    let yi = Decimal::from(100_000_000);
    let fits = |d: Decimal| (value / d).normalize().scale() <= 2;
    match scale {
        Scale::None => (value, ""),
        Scale::Wan => ((value / wan).normalize(), "万"),
        Scale::Yi => ((value / yi).normalize(), "亿"),
        Scale::Auto => {
            let abs = value.abs();
            if abs >= yi && fits(yi) {
                ((value / yi).normalize(), "亿")
            } else if abs >= wan && fits(wan) {
                ((value / wan).normalize(), "万")
            } else {
                (value, "")
            }
        }
    }
}

/// The number as it will be printed: rounded to `round:` places with their trailing zeros, or
/// as stated, keeping the trailing zeros typed in the file (8.10%) when it prints in the unit
/// it was typed in.
fn displayed(mantissa: Decimal, f: &Figure<'_>, printed_unit: &str) -> Decimal {
    match f.decimals {
        Some(places) => {
            let mut d =
                mantissa.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            d.rescale(places);
            d
        }
        None if printed_unit == f.unit && f.value.scale() > mantissa.normalize().scale() => {
            let mut d = mantissa;
            d.rescale(f.value.scale());
            d
        }
        None => mantissa.normalize(),
    }
}

fn number_text(value: Decimal, numerals: Numerals, q: Qualifier) -> String {
    if numerals == Numerals::Chinese
        && value.fract().is_zero()
        && value >= Decimal::ZERO
        && let Ok(n) = u64::try_from(value)
    {
        let text = chinese_integer(n);
        // 百余起, 千余人: the leading 一 drops before 百/千 with 余 or 多.
        if matches!(q, Qualifier::Plus | Qualifier::More) && (n == 100 || n == 1000) {
            return text.trim_start_matches('一').to_string();
        }
        return text;
    }
    fmt_number(value)
}

/// A decimal as printed: half-width digits, no grouping, no trailing zeros (58.4, 4500, 0.46).
pub(crate) fn fmt_decimal(value: Decimal) -> String {
    value.normalize().to_string()
}

/// A number as a figure prints it: its decimals as given (8.10 stays 8.10), and a minus sign
/// (U+2212, not the hyphen) before a negative one: −21.74.
pub(crate) fn fmt_number(value: Decimal) -> String {
    let text = value.abs().to_string();
    if value.is_sign_negative() && !value.is_zero() { format!("\u{2212}{text}") } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::change::{ChangeWords, change, change_amount, change_list, change_phrase};
    use std::str::FromStr;

    fn zh(value: &str, unit: &str, q: &str) -> String {
        zh_with(value, unit, q, Scale::Auto, Numerals::Arabic)
    }

    fn zh_with(value: &str, unit: &str, q: &str, scale: Scale, numerals: Numerals) -> String {
        let f = Figure {
            value: Decimal::from_str(value).unwrap(),
            unit,
            qualifier: Qualifier::parse(q).unwrap(),
            scale,
            numerals,
            decimals: None,
        };
        match phrase(&f) {
            Ok(s) => s,
            Err(e) => format!("ERR {}", e.message),
        }
    }

    // Rows of the rule table in research/domain.md §2a: value, unit, qualifier → printed.
    #[test]
    fn rule_table_qualifiers_and_scaling() {
        let rows = [
            // (#, value, unit, qualifier, expected)
            (1, "32", "次", "exact", "32次"),
            (2, "41", "个", "exact", "41个"),
            (3, "545", "件", "exact", "545件"),
            (4, "4500", "件", "plus", "4500余件"),
            (5, "20", "次", "余", "20余次"),
            (6, "100", "件", "more", "100多件"),
            (7, "50", "人", "多", "50多人"),
            (8, "3", "年", "more", "3年多"),
            (9, "300", "人", "about", "约300人"),
            (10, "40", "天", "around", "40天左右"),
            (12, "200", "件", "nearly", "近200件"),
            (13, "400000000", "元", "over_short", "超4亿元"),
            (13, "400000000", "元", "over", "超过4亿元"),
            (14, "400000000", "元", "plus", "4亿余元"),
            (15, "4000000", "元", "plus", "400余万元"),
            (15, "4100000", "元", "plus", "410万余元"),
            (16, "12000", "件", "exact", "1.2万件"),
            (17, "12000", "件", "plus", "1.2万件以上"),
            (18, "40000000", "元", "exact", "4000万元"),
            (19, "345000000", "元", "exact", "3.45亿元"),
            (20, "1008175288", "人", "exact", "1008175288人"),
            (21, "58.4", "%", "exact", "58.4%"),
            (22, "20", "%", "over", "超过20%"),
            (22, "20", "%", "above", "20%以上"),
            (27, "0.46", "", "exact", "0.46"),
            (33, "8", "名", "exact", "8名"),
            (34, "60", "家", "plus", "60余家"),
            (35, "1200", "户", "plus", "1200余户"),
            (36, "3", "起", "exact", "3起"),
            (37, "14730", "件", "exact", "14730件"),
        ];
        for (row, value, unit, q, expected) in rows {
            assert_eq!(zh(value, unit, q), expected, "rule table row {row}");
        }
    }

    #[test]
    fn never_prints_the_forms_the_rule_table_rejects() {
        // 545余件 and 545多件 (row 3), 4余亿元 (row 14), 4千万元 (row 18), full-width digits (row 4).
        assert!(zh("545", "件", "plus").starts_with("ERR"));
        assert!(zh("545", "件", "more").starts_with("ERR"));
        assert_ne!(zh("400000000", "元", "plus"), "4余亿元");
        let all = [zh("4500", "件", "plus"), zh("40000000", "元", "exact")];
        for s in all {
            assert!(!s.contains('千') && !s.chars().any(|c| ('０'..='９').contains(&c)), "{s}");
        }
    }

    #[test]
    fn plus_after_non_round_numbers_needs_a_divisible_unit() {
        assert_eq!(zh("3", "个月", "more"), "3个多月");
        assert_eq!(zh("1", "年", "plus"), "1年余");
        let err = zh("545", "件", "plus");
        assert!(err.contains("round number (such as 540余件)"), "{err}");
        assert!(zh("20", "%", "plus").starts_with("ERR"));
    }

    #[test]
    fn scale_can_be_forced_or_turned_off() {
        assert_eq!(zh_with("12000", "件", "exact", Scale::None, Numerals::Arabic), "12000件");
        assert_eq!(zh_with("345000000", "元", "exact", Scale::Wan, Numerals::Arabic), "34500万元");
        assert_eq!(zh_with("58.4", "%", "exact", Scale::Wan, Numerals::Arabic), "58.4%");
    }

    #[test]
    fn chinese_numerals_for_set_phrases() {
        assert_eq!(zh_with("100", "起", "plus", Scale::Auto, Numerals::Chinese), "百余起");
        assert_eq!(zh_with("5", "年", "nearly", Scale::Auto, Numerals::Chinese), "近五年");
        assert_eq!(zh_with("20", "次", "plus", Scale::Auto, Numerals::Chinese), "二十余次");
        assert_eq!(zh_with("10", "个", "plus", Scale::Auto, Numerals::Chinese), "十余个");
    }

    #[test]
    fn chinese_integers_use_zero_correctly() {
        let cases = [
            (5, "五"),
            (12, "十二"),
            (20, "二十"),
            (108, "一百零八"),
            (3052, "三千零五十二"),
            (4000, "四千"),
            (10_000, "一万"),
            (100_500, "十万零五百"),
            (8_175_288, "八百一十七万五千二百八十八"),
            (1_008_175_288, "十亿零八百一十七万五千二百八十八"),
        ];
        for (n, s) in cases {
            assert_eq!(chinese_integer(n), s, "{n}");
        }
    }

    #[test]
    fn qualifiers_parse_in_english_or_chinese() {
        assert_eq!(Qualifier::parse("余"), Some(Qualifier::Plus));
        assert_eq!(Qualifier::parse("plus"), Some(Qualifier::Plus));
        assert_eq!(Qualifier::parse("超"), Some(Qualifier::OverShort));
        assert_eq!(Qualifier::parse("approximately"), None);
    }

    fn range(from: &str, to: &str, unit: &str, q: &str, numerals: Numerals) -> String {
        let f = Figure {
            value: Decimal::from_str(from).unwrap(),
            unit,
            qualifier: Qualifier::parse(q).unwrap(),
            scale: Scale::Auto,
            numerals,
            decimals: None,
        };
        phrase_range(&f, Decimal::from_str(to).unwrap()).unwrap_or_else(|e| format!("ERR {}", e.message))
    }

    // Rows 23–26 and 31 of the rule table: ranges keep 万/亿/% on both ends.
    #[test]
    fn rule_table_ranges() {
        let a = Numerals::Arabic;
        assert_eq!(range("63", "68", "%", "exact", a), "63%~68%");
        assert_eq!(range("900000000", "1600000000", "元", "exact", a), "9亿元~16亿元");
        assert_eq!(range("130000", "170000", "元", "exact", a), "13万元~17万元");
        assert_eq!(range("400", "429", "件", "exact", a), "400~429件");
        assert_eq!(range("3", "4", "个月", "exact", Numerals::Chinese), "三四个月");
        assert_eq!(range("5", "8", "年", "exact", Numerals::Chinese), "五至八年");
        assert_eq!(range("0.5", "1.2", "个百分点", "exact", a), "0.5个百分点~1.2个百分点");
        // A lower end that 亿 cannot print exactly keeps both ends in plain digits.
        assert_eq!(range("123456", "1600000000", "元", "exact", a), "123456~1600000000元");
        assert_eq!(
            range("400", "429", "件", "plus", a),
            "ERR a range takes no qualifier, but `approx: plus` is given"
        );
        assert_eq!(range("429", "400", "件", "exact", a), "ERR the range goes from 429 down to 400");
    }

    /// A change computed from two years, printed with the default verbs.
    fn year_on_year(previous: Decimal, current: Decimal, unit: &str) -> Option<String> {
        let (amount, points) = change(previous, current, unit)?;
        Some(change_phrase(amount, points, ChangeWords::default_for(points)))
    }

    // Rows 28 and 29: counts change by a percentage, rates by percentage points.
    #[test]
    fn rule_table_year_on_year() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(year_on_year(d("1000"), d("1123"), "件").as_deref(), Some("同比增长12.3%"));
        assert_eq!(year_on_year(d("1123"), d("1000"), "件").as_deref(), Some("同比下降11%"));
        assert_eq!(year_on_year(d("98.76"), d("99.6"), "%").as_deref(), Some("同比上升0.84个百分点"));
        assert_eq!(year_on_year(d("99.6"), d("99.433"), "%").as_deref(), Some("同比下降0.167个百分点"));
        assert_eq!(year_on_year(d("545"), d("545"), "件").as_deref(), Some("同比持平"));
        assert_eq!(year_on_year(d("0"), d("5"), "件"), None);
    }

    // Rows 11 and 32: 上下 after the unit; 几 after a round ten, always in words.
    #[test]
    fn rule_table_roughly_and_several() {
        assert_eq!(zh("50", "岁", "roughly"), "50岁上下");
        assert_eq!(zh("50", "岁", "上下"), "50岁上下");
        assert_eq!(zh("10", "件", "several"), "十几件");
        assert_eq!(zh("20", "人", "几"), "二十几人");
        // 万 stays with the figure it is stated in (found by the fuzzer: 三十几元).
        assert_eq!(zh("30", "万元", "several"), "三十几万元");
        assert!(zh("15", "件", "several").starts_with("ERR `几` follows a round ten"));
        assert!(zh("100", "件", "several").starts_with("ERR"));
    }

    #[test]
    fn a_unit_with_wan_is_never_scaled_twice() {
        assert_eq!(zh("38000", "万元", "exact"), "3.8亿元");
        assert_eq!(zh("37966", "万元", "exact"), "37966万元");
        assert_eq!(zh_with("10000", "万元", "over", Scale::Auto, Numerals::Chinese), "超过一亿元");
        assert_eq!(zh("400", "万元", "exact"), "400万元");
        assert_eq!(zh("400", "万元", "plus"), "400余万元");
        assert_eq!(zh("0.5", "万元", "exact"), "0.5万元");
        assert_eq!(zh_with("37966", "万元", "exact", Scale::None, Numerals::Arabic), "37966万元");
    }

    fn zh_round(value: &str, unit: &str, scale: Scale, decimals: Option<u32>) -> String {
        let f = Figure {
            value: Decimal::from_str(value).unwrap(),
            unit,
            qualifier: Qualifier::Exact,
            scale,
            numerals: Numerals::Arabic,
            decimals,
        };
        phrase(&f).unwrap()
    }

    // Qualifiers below a figure: 不足, 不到 and 低于 before it, 以下 after the unit.
    #[test]
    fn rule_table_qualifiers_below() {
        assert_eq!(zh("500", "件", "under"), "不足500件");
        assert_eq!(zh("500", "件", "不足"), "不足500件");
        assert_eq!(zh("500", "件", "less_than"), "不到500件");
        assert_eq!(zh("500", "件", "below"), "500件以下");
        assert_eq!(zh("5", "%", "lower_than"), "低于5%");
        assert_eq!(zh("120000", "元", "under"), "不足12万元");
    }

    // Display precision: the printed decimals, trailing zeros kept; the value stays stored.
    #[test]
    fn rule_table_display_precision() {
        assert_eq!(zh_round("14730", "件", Scale::Wan, Some(2)), "1.47万件");
        assert_eq!(zh_round("450000000", "元", Scale::Auto, Some(2)), "4.50亿元");
        assert_eq!(zh_round("8.1", "%", Scale::Auto, Some(2)), "8.10%");
        assert_eq!(zh_round("81.7503", "%", Scale::Auto, Some(2)), "81.75%");
        // Trailing zeros typed in the file are kept where the figure prints in that unit.
        assert_eq!(zh_round("8.10", "%", Scale::Auto, None), "8.10%");
        assert_eq!(zh_round("4.50", "亿元", Scale::Auto, None), "4.50亿元");
        assert_eq!(zh_round("12000.0", "件", Scale::Auto, None), "1.2万件");
    }

    // Negative values print a minus sign, U+2212.
    #[test]
    fn rule_table_negative_values() {
        assert_eq!(zh("-21.74", "%", "exact"), "\u{2212}21.74%");
        assert_eq!(zh("-3", "个百分点", "exact"), "\u{2212}3个百分点");
        assert_eq!(fmt_number(Decimal::from_str("-1.50").unwrap()), "\u{2212}1.50");
    }

    // Stated changes: 增长/下降 for counts, 上升/下降 for rates, 持平 for none, decimals kept.
    #[test]
    fn rule_table_stated_changes() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let count = ChangeWords::default_for(false);
        let rate = ChangeWords::default_for(true);
        assert_eq!(change_phrase(d("77.76"), false, count), "同比增长77.76%");
        assert_eq!(change_phrase(d("-6.50"), false, count), "同比下降6.50%");
        assert_eq!(change_phrase(d("0.84"), true, rate), "同比上升0.84个百分点");
        assert_eq!(change_phrase(d("-3.95"), true, rate), "同比下降3.95个百分点");
        assert_eq!(change_phrase(d("0"), true, rate), "同比持平");
        let own = ChangeWords { up: "提高", down: "降低" };
        assert_eq!(change_phrase(d("1.2"), true, own), "同比提高1.2个百分点");
        // Lists of changes that go one way share the verb.
        let amounts = |a: &[&str]| a.iter().map(|s| change_amount(d(s), false)).collect::<Vec<_>>();
        assert_eq!(change_list(false, &amounts(&["77.76", "65.78"]), count), "同比分别增长77.76%、65.78%");
        assert_eq!(change_list(true, &amounts(&["-21.74", "-15.31"]), count), "同比分别下降21.74%、15.31%");
    }

    #[test]
    fn counts_above_a_trillion_name_their_count_of_yi() {
        assert_eq!(chinese_integer(1_000_000_000_000), "一万亿");
        assert_eq!(chinese_integer(2_010_000_050_000), "二万零一百亿零五万");
    }
}

/// Properties over arbitrary figures: whatever is printed states the value it was given.
#[cfg(test)]
mod properties {
    use super::*;
    use crate::fuzzing::{check_read_back, parse_chinese_integer};
    use proptest::prelude::*;

    const UNITS: &[&str] = &["件", "元", "万元", "年", "个月", "%", "个百分点", "人", "起"];

    fn figures() -> impl Strategy<Value = (i64, u32, usize, usize, usize, bool)> {
        (
            prop_oneof![-1_000_000i64..1_000_000, any::<i64>(), (1i64..100).prop_map(|n| n * 10_000_000)],
            0u32..6,
            0..UNITS.len(),
            0..Qualifier::NAMES.len(),
            0usize..4,
            any::<bool>(),
        )
    }

    proptest! {
        #[test]
        fn a_printed_figure_reads_back_to_its_value((m, dp, u, q, s, chinese) in figures()) {
            let f = Figure {
                value: Decimal::new(m, dp),
                unit: UNITS[u],
                qualifier: Qualifier::NAMES[q].2,
                scale: [Scale::Auto, Scale::None, Scale::Wan, Scale::Yi][s],
                numerals: if chinese { Numerals::Chinese } else { Numerals::Arabic },
                decimals: None,
            };
            match phrase(&f) {
                Ok(text) => {
                    if let Err(why) = check_read_back(&f, &text) {
                        return Err(TestCaseError::fail(format!("{f:?} printed as `{text}`: {why}")));
                    }
                }
                Err(e) => prop_assert!(!e.message.is_empty() && !e.hints.is_empty()),
            }
        }

        #[test]
        fn chinese_numerals_read_back(n in prop_oneof![0u64..100_000, any::<u64>()]) {
            prop_assert_eq!(parse_chinese_integer(&chinese_integer(n)), Some(n));
        }

        #[test]
        fn an_exact_figure_carries_no_qualifier_word((m, dp, u) in (any::<i32>(), 0u32..4, 0..UNITS.len())) {
            let f = Figure {
                value: Decimal::new(i64::from(m), dp),
                unit: UNITS[u],
                qualifier: Qualifier::Exact,
                scale: Scale::Auto,
                numerals: Numerals::Arabic,
                decimals: None,
            };
            let text = phrase(&f).unwrap();
            for (_, word, _) in &Qualifier::NAMES[1..] {
                prop_assert!(!text.contains(word), "`{}` in `{}`", word, text);
            }
        }
    }
}
