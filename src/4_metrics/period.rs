//! Periods as spans of days, so that figures of periods that follow one another (2022年 and
//! 2023年1-10月) can be told apart from figures of different periods, and their union named.

use super::days::{Day, date, days_in};
use super::model::Period;

/// The first and last days of a period: from its dates, or from a label that names a year
/// (2023年), months of a year (2023年1-10月, 2023年1至10月) or a half (2023年上半年).
pub(super) fn span(p: &Period) -> Option<(Day, Day)> {
    if let (Some(from), Some(to)) = (&p.from, &p.to) {
        return Some((date(from)?, date(to)?));
    }
    let label: String = p.label.as_deref()?.chars().filter(|c| !c.is_whitespace()).collect();
    let (year, rest) = label.split_once('年')?;
    let y: i32 = year.parse().ok().filter(|_| year.len() == 4)?;
    let months = |a: u32, b: u32| (a >= 1 && a <= b && b <= 12).then(|| ((y, a, 1), (y, b, days_in(y, b))));
    match rest {
        "" | "度" | "全年" => months(1, 12),
        "上半年" => months(1, 6),
        "下半年" => months(7, 12),
        _ => {
            let inner = rest.strip_suffix('月')?;
            let (a, b) = inner.split_once(['-', '—', '–', '~', '～', '至'])?;
            months(a.trim_end_matches('月').parse().ok()?, b.parse().ok()?)
        }
    }
}

/// The period from `from` to `to`, named as a report names it: 2021—2023年 for whole years,
/// 2021年1月—2023年10月 otherwise.
pub(super) fn union(from: Day, to: Day) -> Period {
    let whole = from.1 == 1 && from.2 == 1 && to.1 == 12 && to.2 == 31;
    let label = if whole {
        format!("{}—{}年", from.0, to.0)
    } else {
        format!("{}年{}月—{}年{}月", from.0, from.1, to.0, to.1)
    };
    let iso = |(y, m, d): Day| format!("{y:04}-{m:02}-{d:02}");
    Period { label: Some(label), from: Some(iso(from)), to: Some(iso(to)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(l: &str) -> Period {
        Period { label: Some(l.into()), from: None, to: None }
    }

    #[test]
    fn periods_read_as_spans_of_days() {
        assert_eq!(span(&label("2023年")), Some(((2023, 1, 1), (2023, 12, 31))));
        assert_eq!(span(&label("2024年1-10月")), Some(((2024, 1, 1), (2024, 10, 31))));
        assert_eq!(span(&label("2024年1至2月")), Some(((2024, 1, 1), (2024, 2, 29))));
        assert_eq!(span(&label("2023年上半年")), Some(((2023, 1, 1), (2023, 6, 30))));
        assert_eq!(span(&label("2023年以来")), None);
        assert_eq!(crate::metrics::days::next_day((2023, 12, 31)), (2024, 1, 1));
        assert_eq!(union((2021, 1, 1), (2023, 12, 31)).text(), "2021—2023年");
        assert_eq!(union((2021, 1, 1), (2023, 10, 31)).text(), "2021年1月—2023年10月");
    }
}
