//! Derived metrics: a `formula` over other metrics (a share, a sum, a difference), computed
//! at build time, checked against a stated `value`, and phrased like any other figure.

use std::collections::HashMap;

use rust_decimal::{Decimal, RoundingStrategy};

use super::formula::{Expr, eval, parse};
use super::model::{Formula, Metrics, Period};
use crate::input::diagnostic::{Diagnostic, suggestion};
use crate::input::hinted::{At as _, Hinted, HintedResult};
use crate::metrics::phrase::{self, fmt_decimal};

/// Computes every derived metric in dependency order, checks it, and phrases it. A metric
/// whose formula fails is rejected, so that its uses are not reported again.
pub(crate) fn compute(metrics: &mut Metrics, diags: &mut Vec<Diagnostic>) {
    let derived: Vec<String> = metrics.iter().filter(|m| m.formula.is_some()).map(|m| m.id.clone()).collect();
    let mut deriving = Deriving { metrics, path: Vec::new(), state: HashMap::new(), diags };
    for id in &derived {
        deriving.resolve(id);
    }
    let state = deriving.state;
    for id in derived {
        if state.get(&id).copied().flatten().is_none() {
            metrics.reject(&id);
        }
    }
}

/// The derivation under way: the formulas being followed (to see a circle), and each
/// metric's value once known (`None` when its formula failed).
struct Deriving<'a> {
    metrics: &'a mut Metrics,
    path: Vec<String>,
    state: HashMap<String, Option<Decimal>>,
    diags: &'a mut Vec<Diagnostic>,
}

impl Deriving<'_> {
    /// Reports `d` and marks the metric `id` as failed.
    fn fail(&mut self, id: &str, d: Diagnostic) -> Option<Decimal> {
        self.diags.push(d);
        self.state.insert(id.to_string(), None);
        None
    }

    /// The value of the metric `id`, derived from its formula (and its dependencies' first)
    /// when it has one.
    fn resolve(&mut self, id: &str) -> Option<Decimal> {
        if let Some(done) = self.state.get(id) {
            return *done;
        }
        let m = self.metrics.get(id)?;
        let Some(formula) = m.formula.clone() else { return Some(m.value) };
        if let Some(start) = self.path.iter().position(|p| p == id) {
            let cycle = self.path[start..].join(" → ");
            let d = Diagnostic::error(format!("the formula of `{id}` depends on itself: {cycle} → {id}"))
                .at(formula.at.clone())
                .hint("a derived metric is computed from stated ones; break the circle");
            return self.fail(id, d);
        }
        let expr = match parse(&formula.text) {
            Ok(e) => e,
            Err(why) => {
                let d = why
                    .prefixed(&format!("the formula of `{id}` cannot be read: "))
                    .error()
                    .at(formula.at.clone());
                return self.fail(id, d);
            }
        };
        self.path.push(id.to_string());
        let values = self.dependencies(id, &expr, &formula);
        self.path.pop();
        let computed =
            match values.and_then(|values| self.evaluate(id, &expr, &formula, &values).map_err(Some)) {
                Ok(v) => v,
                Err(Some(d)) => return self.fail(id, d),
                Err(None) => {
                    // A dependency failed, and its own message explains.
                    self.state.insert(id.to_string(), None);
                    return None;
                }
            };
        self.settle(id, computed, &formula)
    }

    /// The values of the metrics the formula of `id` uses; the error to report when one is a
    /// range or unknown, or none when one failed or was rejected (its own message explains).
    fn dependencies(
        &mut self,
        id: &str,
        expr: &Expr,
        formula: &Formula,
    ) -> Result<HashMap<String, Decimal>, Option<Diagnostic>> {
        let mut values = HashMap::new();
        let mut wrong = None;
        for dep in expr.metrics() {
            match self.metrics.get(dep) {
                Some(d) if d.upper.is_some() => {
                    wrong = Some(
                        Diagnostic::error(format!("the formula of `{id}` uses `{dep}`, which is a range"))
                            .at(formula.at.clone())
                            .hint("a formula computes with single values"),
                    );
                }
                Some(d) if d.only_change => {
                    wrong = Some(
                        Diagnostic::error(format!(
                            "the formula of `{id}` uses `{dep}`, which publishes only its change ({})",
                            d.phrase
                        ))
                        .at(formula.at.clone())
                        .hint("a formula computes with values: give `value` to the metric, or leave it out of the formula"),
                    );
                }
                Some(_) => {
                    let value = self.resolve(dep).ok_or(None)?;
                    values.insert(dep.to_string(), value);
                }
                None if self.metrics.is_rejected(dep) => return Err(None),
                None => {
                    let hint = suggestion(dep, self.metrics.ids()).unwrap_or_else(|| {
                        "a formula names metrics defined in `content/metrics/*.yaml`".into()
                    });
                    wrong = Some(
                        Diagnostic::error(format!("the formula of `{id}` uses unknown metric `{dep}`"))
                            .at(formula.at.clone())
                            .hint(hint),
                    );
                }
            }
        }
        match wrong {
            Some(d) => Err(Some(d)),
            None => Ok(values),
        }
    }

    /// The formula computed in the metric's unit, once its units are checked: money in 万元
    /// and 亿元 is computed in 元. A formula over figures of different periods is warned about.
    fn evaluate(
        &mut self,
        id: &str,
        expr: &Expr,
        formula: &Formula,
        values: &HashMap<String, Decimal>,
    ) -> Result<Decimal, Diagnostic> {
        let metrics = &*self.metrics;
        let units: HashMap<&str, &str> =
            expr.metrics().into_iter().filter_map(|k| Some((k, metrics.get(k)?.unit.as_str()))).collect();
        let target = metrics.get(id).map(|m| m.unit.clone()).unwrap_or_default();
        if let Err(why) = check_units(expr, &units, &target) {
            return Err(why.prefixed(&format!("the formula of `{id}` ")).error().at(formula.at.clone()));
        }
        let union = match periods(metrics, id, expr) {
            Ok(union) => union,
            Err(w) => {
                self.diags.push(w.at(formula.at.clone()));
                None
            }
        };
        let factor = |unit: &str| phrase::base_unit(unit).1;
        let base = |k: &str| values.get(k).map(|v| *v * factor(units.get(k).copied().unwrap_or("")));
        let value = eval(expr, &base);
        if let (Some(union), Some(m)) = (union, self.metrics.get_mut(id)) {
            m.period.get_or_insert(union);
        }
        value.map(|v| v / factor(&target)).map_err(|why| {
            why.prefixed(&format!("the formula of `{id}` cannot be computed: "))
                .hint("check the metrics it uses")
                .error()
                .at(formula.at.clone())
        })
    }

    /// Gives the metric `id` its computed value, rounded, checked against a stated one,
    /// phrased, with its change.
    fn settle(&mut self, id: &str, computed: Decimal, formula: &Formula) -> Option<Decimal> {
        let m = self.metrics.get_mut(id)?;
        let places = m.round.unwrap_or_else(|| match &m.stated {
            Some(s) => s.scale(),
            None if phrase::is_rate(&m.unit) => 1,
            None => 0,
        });
        let value =
            computed.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero).normalize();
        if let Some(stated) = m.stated.filter(|s| s.normalize() != value) {
            let d = Diagnostic::error(format!(
                "metric `{id}` states {} but its formula `{}` gives {}",
                fmt_decimal(stated),
                formula.text,
                fmt_decimal(value)
            ))
            .at(formula.at.clone())
            .hint("correct the stated `value`, or the metrics the formula uses; or delete `value` and let the formula give it");
            return self.fail(id, d);
        }
        let mut warning = None;
        if m.unit == "%" && value > Decimal::ONE_HUNDRED {
            warning = Some(
                Diagnostic::warning(format!("metric `{id}` is a share above 100% ({}%)", fmt_decimal(value)))
                    .at(formula.at.clone())
                    .hint("a part cannot be larger than its whole: check the order of the formula's metrics"),
            );
        }
        m.value = value;
        let phrased =
            m.phrase_both().map_err(|e| e.prefixed(&format!("metric `{id}`: "))).at(formula.at.clone());
        // A derived metric keeps its `series`, and its change is checked or computed like any.
        let finished = phrased.and_then(|()| super::check::finish_change(m, None));
        self.diags.extend(warning);
        if let Err(d) = finished {
            return self.fail(id, d);
        }
        self.state.insert(id.to_string(), Some(value));
        Some(value)
    }
}

/// What a formula's value measures: a plain number (a ratio, a constant), a percentage, or a
/// unit (money in 元, whatever 万/亿 it is written in).
#[derive(Debug, Clone, PartialEq)]
enum Dim {
    Plain,
    Percent,
    Unit(String),
    /// A quotient of two units (元 per 件): not checked further.
    Compound,
}

/// What a unit measures: 万元 and 亿元 measure 元 (as 万人 measures 人).
fn dim_of(unit: &str) -> Dim {
    match phrase::base_unit(unit).0 {
        "" => Dim::Plain,
        u if phrase::is_rate(u) => Dim::Percent,
        u => Dim::Unit(u.to_string()),
    }
}

fn dim(e: &Expr, units: &HashMap<&str, &str>) -> HintedResult<Dim> {
    let name = |d: &Dim| match d {
        Dim::Unit(u) => format!("`{u}`"),
        Dim::Percent => "a percentage".to_string(),
        Dim::Plain | Dim::Compound => "a number".to_string(),
    };
    Ok(match e {
        Expr::Number(_) => Dim::Plain,
        Expr::Metric(id) => dim_of(units.get(id.as_str()).copied().unwrap_or("")),
        Expr::Neg(inner) => dim(inner, units)?,
        Expr::Binary(a, op, b) => {
            let (a, b) = (dim(a, units)?, dim(b, units)?);
            match op {
                '+' | '-' => match (&a, &b) {
                    _ if a == b => a,
                    (Dim::Plain | Dim::Compound, _) => b,
                    (_, Dim::Plain | Dim::Compound) => a,
                    _ => {
                        let verb = if *op == '+' { "adds" } else { "subtracts" };
                        let to = if *op == '+' { "to" } else { "from" };
                        return Err(Hinted::new(format!(
                            "{verb} {} {to} {}, which cannot be added up",
                            name(&b),
                            name(&a)
                        )));
                    }
                },
                '*' => match (&a, &b) {
                    (Dim::Plain, _) => b,
                    (_, Dim::Plain | Dim::Percent) => a,
                    (Dim::Percent, _) => b,
                    _ => return Err(Hinted::new(format!("multiplies {} by {}", name(&a), name(&b)))),
                },
                _ => match (&a, &b) {
                    _ if a == b => Dim::Plain,
                    (_, Dim::Plain | Dim::Percent) => a,
                    _ => Dim::Compound,
                },
            }
        }
    })
}

/// What to do when a formula's unit is not its metric's.
const UNITS_HINT: &str = "a formula adds and compares figures of one unit (元, 万元 and 亿元 convert); a share is a count divided by a count, times 100";

/// Whether the formula's unit can be the metric's: a share (unit %) is a ratio or a rate, a
/// count or amount is the same unit.
fn check_units(e: &Expr, units: &HashMap<&str, &str>, target: &str) -> HintedResult<()> {
    let got = dim(e, units).map_err(|e| e.hint(UNITS_HINT))?;
    let want = dim_of(target);
    let fits = match (&want, &got) {
        (_, Dim::Compound | Dim::Plain) | (Dim::Plain, _) => true,
        (Dim::Percent, Dim::Percent) => true,
        (Dim::Unit(a), Dim::Unit(b)) => a == b,
        _ => false,
    };
    if fits {
        return Ok(());
    }
    let got = match got {
        Dim::Unit(u) => format!("`{u}`"),
        _ => "a percentage".to_string(),
    };
    Err(Hinted::new(format!("gives {got}, but the metric's unit is `{target}`")).hint(UNITS_HINT))
}

/// The period of a formula's figures: a warning when it combines figures of different periods
/// (2023年 with 2022年) that do not follow one another; when they do (2021年, 2022年, 2023年:
/// a cumulative total), the period they cover together, which the derived metric takes
/// unless it states its own.
fn periods(metrics: &Metrics, id: &str, e: &Expr) -> Result<Option<Period>, Diagnostic> {
    let mut seen: Vec<(&str, &Period)> = Vec::new();
    for dep in e.metrics() {
        let Some(p) = metrics.get(dep).and_then(|m| m.period.as_ref()) else { continue };
        if !seen.iter().any(|(d, _)| *d == dep) {
            seen.push((dep, p));
        }
    }
    let Some(&(first, first_period)) = seen.first() else { return Ok(None) };
    let Some(&(other, other_period)) = seen.iter().find(|(_, p)| p.text() != first_period.text()) else {
        return Ok(None);
    };
    let mut spans: Vec<_> = seen.iter().filter_map(|(_, p)| super::period::span(p)).collect();
    if spans.len() == seen.len() {
        spans.sort();
        spans.dedup();
        if spans.windows(2).all(|w| super::days::next_day(w[0].1) == w[1].0) {
            let (from, to) = (spans[0].0, spans[spans.len() - 1].1);
            return Ok(Some(super::period::union(from, to)));
        }
    }
    Err(Diagnostic::warning(format!(
        "the formula of `{id}` combines figures of different periods: `{first}` ({}) and `{other}` ({})",
        first_period.text(),
        other_period.text()
    ))
    .hint("check that the formula compares like with like; figures of periods that follow one another (2022年 and 2023年) add up to the period they cover together"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_parse_with_precedence_and_parentheses() {
        let e = parse("a + b * 2").unwrap();
        let v = eval(&e, &|k| Some(if k == "a" { Decimal::ONE } else { Decimal::TEN })).unwrap();
        assert_eq!(v, Decimal::from(21));
        let e = parse("(a + b) / 4").unwrap();
        let v = eval(&e, &|_| Some(Decimal::TWO)).unwrap();
        assert_eq!(v, Decimal::ONE);
        assert_eq!(parse("a +").unwrap_err().message, "the formula ends too early");
        assert_eq!(parse("(a").unwrap_err().message, "a `(` is not closed");
        assert_eq!(parse("a ^ 2").unwrap_err().message, "`^` has no meaning in a formula");
        // Every reason to refuse a formula says how one is written.
        assert_eq!(parse("a ^ 2").unwrap_err().hints.len(), 1);
        assert_eq!(
            eval(&parse("a / 0").unwrap(), &|_| Some(Decimal::ONE)).unwrap_err().message,
            "it divides by zero"
        );
    }

    #[test]
    fn units_are_checked_in_arithmetic() {
        let units: HashMap<&str, &str> =
            [("cases", "件"), ("won", "件"), ("fee", "元"), ("big", "亿元"), ("rate", "%")].into();
        let check = |f: &str, target: &str| check_units(&parse(f).unwrap(), &units, target);
        assert_eq!(
            check("cases + fee", "件").unwrap_err().message,
            "adds `元` to `件`, which cannot be added up"
        );
        assert!(check("fee + big", "元").is_ok(), "元 and 亿元 convert");
        assert!(check("won / cases * 100", "%").is_ok());
        assert_eq!(
            check("cases + won", "%").unwrap_err().message,
            "gives `件`, but the metric's unit is `%`"
        );
        assert_eq!(check("cases * won", "件").unwrap_err().message, "multiplies `件` by `件`");
        assert!(check("rate * cases / 100", "件").is_ok());
        assert_eq!(check("fee", "件").unwrap_err().message, "gives `元`, but the metric's unit is `件`");
    }
}
