//! The checks of a metric read whole: its change against its series, counts that must be
//! whole, parts that must add up.

use rust_decimal::Decimal;

use crate::input::diagnostic::Diagnostic;
use crate::input::reader::Reader;
use crate::input::yaml::YamlFile;
use crate::metrics::phrase::{self, Qualifier};

use super::model::{Change, Check, Metric, Metrics};

/// The metric's year-on-year change, once its unit and series are known: a stated change is
/// checked against `series` (within the rounding of its decimals); without one it is computed
/// from the last two consecutive years, unless the last year covers only part of a year.
pub(crate) fn finish_change(m: &mut Metric, file: Option<&YamlFile>) -> Result<(), Diagnostic> {
    let points = phrase::is_rate(&m.unit);
    let at = |key: &str| match file {
        Some(f) => f.locate_value(&[&m.id, key]),
        None => m.at.clone(),
    };
    value_against_series(m).map_err(|d| d.at(at("series")))?;
    let years = m.last_change();
    if let Some(stated) = m.change.as_mut() {
        stated.points = points;
        let exact = years
            .and_then(|(previous, current)| crate::metrics::change::exact_change(previous, current, &m.unit));
        if let Some((exact, _)) = exact {
            let half = Decimal::new(5, stated.amount.scale() + 1);
            if (exact - stated.amount).abs() > half {
                let unit = if points { "个百分点" } else { "%" };
                return Err(Diagnostic::error(format!(
                    "metric `{}` states a change of {}{unit}, but its `series` gives {}{unit}",
                    m.id,
                    phrase::fmt_number(stated.amount),
                    phrase::fmt_number(exact.round_dp(stated.amount.scale().max(2)).normalize())
                ))
                .at(at("change"))
                .hint("correct the stated `change` or the last two years of `series`, so that they agree"));
            }
        }
        return Ok(());
    }
    let Some((amount, _)) =
        years.and_then(|(previous, current)| crate::metrics::change::change(previous, current, &m.unit))
    else {
        return Ok(());
    };
    if let Some(why) = part_year(m) {
        return Err(Diagnostic::error(format!(
            "metric `{}` cannot print a year-on-year change from `series`: {why}",
            m.id
        ))
        .at(at("series"))
        .hint("compare like with like; if the report states the change, write it as `change:`"));
    }
    m.change = Some(Change { amount, points, stated: false, up: None, down: None });
    Ok(())
}

/// An exact value of a whole year that the metric's `series` also gives must be that year's
/// figure: when they differ, the text prints one number and the chart, the table and the
/// computed change another (a series edited and the value not, or the other way round).
fn value_against_series(m: &Metric) -> Result<(), Diagnostic> {
    if m.only_change || m.upper.is_some() || !m.qualifier.is_exact() {
        return Ok(());
    }
    let Some(((year, 1, 1), (last, 12, 31))) = m.period.as_ref().and_then(super::period::span) else {
        return Ok(());
    };
    match m.series.get(&year) {
        Some(in_series) if year == last && in_series.normalize() != m.value.normalize() => {
            Err(Diagnostic::error(format!(
                "metric `{}` prints {}{} for {year}, but its `series` gives {} for {year}",
                m.id,
                phrase::fmt_decimal(m.value),
                m.unit,
                phrase::fmt_decimal(*in_series)
            ))
            .hint(format!("correct `value` or the {year} of `series`, so that they agree")))
        }
        _ => Ok(()),
    }
}

/// Why the last year of a metric's `series` is only part of a year, if its period says so
/// (2024年上半年, or dates that do not cover the whole of the last year).
fn part_year(m: &Metric) -> Option<String> {
    let p = m.period.as_ref()?;
    let (&last, _) = m.series.iter().next_back()?;
    if let Some(label) = &p.label
        && ["上半年", "下半年", "季度", "前三季", "1—", "1-", "至"].iter().any(|w| label.contains(w))
        && label.contains(&last.to_string())
    {
        return Some(format!("its period `{label}` is part of {last}, and {} is a whole year", last - 1));
    }
    let (from, to) = (p.from.as_deref()?, p.to.as_deref()?);
    let whole = from == format!("{last}-01-01") && to == format!("{last}-12-31");
    let in_last = to.starts_with(&last.to_string());
    (in_last && !whole).then(|| {
        format!("its period runs from {from} to {to}, part of {last}, and {} is a whole year", last - 1)
    })
}

/// Units that count whole things, which cannot be negative or fractional.
const COUNT_UNITS: &[&str] =
    &["件", "次", "个", "人", "名", "起", "家", "户", "项", "场", "份", "条", "位", "批", "所", "宗"];

pub(super) fn check_counts(r: &mut Reader<'_>, m: &Metric) {
    if !COUNT_UNITS.contains(&m.unit.as_str()) {
        return;
    }
    if m.value.is_sign_negative() && !m.value.is_zero() {
        r.error(
            &[&m.id, "value"],
            format!("metric `{}` counts {} but its value is negative", m.id, m.unit),
            "a count cannot be below zero; check the sign",
        );
    } else if !m.value.fract().is_zero() {
        r.error(
            &[&m.id, "value"],
            format!("metric `{}` counts whole {} but its value has a fraction", m.id, m.unit),
            "write a whole number",
        );
    }
}

pub(super) fn check_parts(r: &mut Reader<'_>, m: &mut Metric) {
    if m.parts.is_empty() || m.partial {
        return;
    }
    let sum: Decimal = m.parts.iter().map(|(_, v)| *v).sum();
    let ok = match m.qualifier {
        Qualifier::Exact => sum == m.value,
        Qualifier::Plus | Qualifier::More | Qualifier::Over | Qualifier::OverShort | Qualifier::Above => {
            sum >= m.value
        }
        Qualifier::Nearly => sum <= m.value,
        Qualifier::Under | Qualifier::LessThan | Qualifier::LowerThan => sum < m.value,
        Qualifier::Below => sum <= m.value,
        Qualifier::About | Qualifier::Around | Qualifier::Roughly => true,
        Qualifier::Several => sum >= m.value,
    };
    if ok {
        return;
    }
    let (id, sum, value) = (&m.id, phrase::fmt_decimal(sum), phrase::fmt_decimal(m.value));
    let mut message =
        format!("the parts of metric `{id}` add up to {sum}, but its value is {}{value}", m.qualifier.word());
    if m.check == Check::Warn {
        message.push_str(": printed as published");
        let hint = "`check: warn` prints them as published; the 数据说明 appendix notes the difference";
        r.warning(&[id, "parts"], message, hint);
        m.parts_sum = m.parts.iter().map(|(_, v)| *v).sum::<Decimal>().into();
    } else if !m.cells.is_empty() {
        // Figures read from a workbook that no longer add up: most often a moved row.
        r.error(
            &[id, "parts"],
            message,
            "look at the cells they were read from: if rows were inserted or moved, bind by labels (`under: 收案, column: 2023`), which follow them; if the parts cover only some categories, add `partial: true`",
        );
    } else {
        r.error(
            &[id, "parts"],
            message,
            "correct the parts or the value; if the parts cover only some categories, add `partial: true`; if the report printed them so, add `check: warn`",
        );
    }
}

/// Every stated change that names its `base` (the metric it is measured from: last year's
/// figure, kept as a metric of its own) checked against the two figures, within the rounding
/// of its decimals. A metric whose change disagrees is rejected, its message at `base`.
pub(crate) fn check_bases(metrics: &mut Metrics, diags: &mut Vec<Diagnostic>) {
    let mut wrong = Vec::new();
    for m in metrics.iter() {
        let (Some((base_id, at)), Some(stated)) = (&m.change_base, &m.change) else { continue };
        let Some(base) = metrics.get(base_id) else {
            if !metrics.is_rejected(base_id) {
                let hint =
                    crate::input::diagnostic::suggestion(base_id, metrics.ids()).unwrap_or_else(|| {
                        "name the metric the change is measured from, such as last year's figure".into()
                    });
                diags.push(
                    Diagnostic::error(format!(
                        "metric `{}` measures its change from `{base_id}`, which is not a metric",
                        m.id
                    ))
                    .at(at.clone())
                    .hint(hint),
                );
                wrong.push(m.id.clone());
            }
            continue;
        };
        let factor = |unit: &str| phrase::base_unit(unit).1;
        let (from, to) = (base.value * factor(&base.unit), m.value * factor(&m.unit));
        let same_kind = phrase::base_unit(&base.unit).0 == phrase::base_unit(&m.unit).0;
        let Some((exact, _)) =
            same_kind.then(|| crate::metrics::change::exact_change(from, to, &m.unit)).flatten()
        else {
            diags.push(
                Diagnostic::error(format!(
                    "metric `{}` measures its change from `{base_id}`, but `{}` is in `{}` and `{}` in `{}`",
                    m.id, m.id, m.unit, base_id, base.unit
                ))
                .at(at.clone())
                .hint("a change compares figures of one unit, and a base that is not zero"),
            );
            wrong.push(m.id.clone());
            continue;
        };
        let half = Decimal::new(5, stated.amount.scale() + 1);
        if (exact - stated.amount).abs() > half {
            let unit = if stated.points { "个百分点" } else { "%" };
            diags.push(
                Diagnostic::error(format!(
                    "metric `{}` states a change of {}{unit}, but from `{base_id}` ({}) to {} it is {}{unit}",
                    m.id,
                    phrase::fmt_number(stated.amount),
                    base.phrase,
                    m.phrase,
                    phrase::fmt_number(exact.round_dp(stated.amount.scale().max(2)).normalize())
                ))
                .at(at.clone())
                .hint("correct the stated change, or the figure of one of the two metrics"),
            );
            wrong.push(m.id.clone());
        }
    }
    for id in wrong {
        metrics.reject(&id);
    }
}
