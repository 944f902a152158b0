//! Year-on-year changes as reports print them: percentage points for rates, a percentage of
//! the earlier value otherwise, with the report's verbs (同比增长12.3%, 同比下降3.95个百分点).

use rust_decimal::Decimal;

use super::phrase::{fmt_number, is_rate};

/// The exact change from `previous` to `current`: percentage points for a rate (`true`), else
/// a percentage of the earlier value; `None` for a count that starts at zero.
pub(crate) fn exact_change(previous: Decimal, current: Decimal, unit: &str) -> Option<(Decimal, bool)> {
    if is_rate(unit) {
        return Some((current - previous, true));
    }
    if previous.is_zero() {
        return None;
    }
    Some(((current - previous) / previous.abs() * Decimal::ONE_HUNDRED, false))
}

/// The change as a report prints one it computed: percentage points as they are, a
/// percentage to one decimal (同比增长12.3%).
pub(crate) fn change(previous: Decimal, current: Decimal, unit: &str) -> Option<(Decimal, bool)> {
    let (exact, points) = exact_change(previous, current, unit)?;
    let amount = if points {
        exact
    } else {
        exact.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    Some((amount.normalize(), points))
}

/// The words a report uses for a rise and a fall: 增长/下降 for counts and amounts, 上升/下降
/// for rates (a metric can name its own: 提高/降低, 增加/减少).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ChangeWords<'a> {
    pub up: &'a str,
    pub down: &'a str,
}

impl ChangeWords<'static> {
    /// 上升/下降 for a change in percentage points, 增长/下降 for a percentage change.
    pub(crate) fn default_for(points: bool) -> Self {
        ChangeWords { up: if points { "上升" } else { "增长" }, down: "下降" }
    }
}

/// The amount of a change without its verb: 77.76%, 3.95个百分点 (its sign dropped; the
/// verb says the direction). Trailing zeros as stated: 6.50%.
pub(crate) fn change_amount(amount: Decimal, points: bool) -> String {
    let number = fmt_number(amount.abs());
    if points { format!("{number}个百分点") } else { format!("{number}%") }
}

/// A year-on-year change with its verb: 同比增长77.76%, 同比下降3.95个百分点, 同比持平.
pub(crate) fn change_phrase(amount: Decimal, points: bool, words: ChangeWords<'_>) -> String {
    if amount.is_zero() {
        return "同比持平".to_string();
    }
    let verb = if amount.is_sign_negative() { words.down } else { words.up };
    format!("同比{verb}{}", change_amount(amount, points))
}

/// Several changes that go the same way, as one phrase with one verb: 同比分别增长77.76%、
/// 65.78% (the amounts as printed by [`change_amount`], or figure markers standing for them).
pub(crate) fn change_list(down: bool, amounts: &[String], words: ChangeWords<'_>) -> String {
    let verb = if down { words.down } else { words.up };
    format!("同比分别{verb}{}", amounts.join("、"))
}
