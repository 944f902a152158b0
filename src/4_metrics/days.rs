//! Calendar days, for periods: a day as (year, month, day), the day after, a date read from
//! YYYY-MM-DD, and a span of days named in English.

/// A day: year, month, day.
pub(super) type Day = (i32, u32, u32);

/// How many days month `m` of year `y` has.
pub(super) fn days_in(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The day after.
pub(super) fn next_day((y, m, d): Day) -> Day {
    if d < days_in(y, m) {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    }
}

/// The day a date written YYYY-MM-DD names, when it names one.
pub(super) fn date(text: &str) -> Option<Day> {
    let mut it = text.trim().split('-');
    let (y, m, d) = (it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?);
    ((1..=12).contains(&m) && d >= 1 && d <= days_in(y, m)).then_some((y, m, d))
}

/// The span from `from` to `to` (dates written YYYY-MM-DD) as English prints it: 2022, or
/// 2021–2023, for whole years; January to October 2023, or January 2021 to October 2023, for
/// whole months; the days otherwise; the dates as written when they are not dates.
pub(super) fn english(from: &str, to: &str) -> String {
    let (Some(a), Some(b)) = (date(from), date(to)) else { return format!("{from} to {to}") };
    let month = |m: u32| crate::input::locale::MONTHS[(m - 1) as usize];
    if (a.1, a.2, b.1, b.2) == (1, 1, 12, 31) {
        return if a.0 == b.0 { a.0.to_string() } else { format!("{}–{}", a.0, b.0) };
    }
    if a.2 == 1 && b.2 == days_in(b.0, b.1) {
        return match (a.0 == b.0, a.1 == b.1) {
            (true, true) => format!("{} {}", month(a.1), a.0),
            (true, false) => format!("{} to {} {}", month(a.1), month(b.1), b.0),
            (false, _) => format!("{} {} to {} {}", month(a.1), a.0, month(b.1), b.0),
        };
    }
    format!("{} {} {} to {} {} {}", a.2, month(a.1), a.0, b.2, month(b.1), b.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_named_in_english_as_english_prints_them() {
        assert_eq!(english("2021-01-01", "2023-12-31"), "2021–2023");
        assert_eq!(english("2022-01-01", "2022-12-31"), "2022");
        assert_eq!(english("2021-01-01", "2023-10-31"), "January 2021 to October 2023");
        assert_eq!(english("2023-01-01", "2023-10-31"), "January to October 2023");
        assert_eq!(english("2023-03-01", "2023-03-31"), "March 2023");
        assert_eq!(english("2023-03-02", "2023-06-15"), "2 March 2023 to 15 June 2023");
        assert_eq!(english("2023", "now"), "2023 to now");
    }
}
