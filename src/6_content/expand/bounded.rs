//! A chapter's template run within bounds. Tera limits one `range` to 100,000 values, but loops
//! inside loops multiply (two nested `range(end=10000)` ran 10^8 times: 25 s and 500 MB), and
//! a loop repeats whatever its body holds. So each chapter gets its own `range`, which counts
//! every value it gives against one budget, and its text may grow only so far.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many values `range` may give in one chapter, every call counted: a chapter loops over
/// years or items, never more.
pub(super) const RANGE_BUDGET: usize = 10_000;

/// The most text one chapter may expand to: eight times the largest chapter file.
pub(super) const MAX_EXPANDED: usize = 8 << 20;

/// Why a chapter's template did not expand.
pub(super) enum Failed {
    /// What Tera said (a `range` over budget among it).
    Tera(tera::Error),
    /// The text grew past [`MAX_EXPANDED`].
    TooLong,
}

/// Renders `input` with `tera`, its `range` replaced by one that counts against
/// [`RANGE_BUDGET`], its output cut off at [`MAX_EXPANDED`].
pub(super) fn render(tera: &tera::Tera, input: &str, context: &tera::Context) -> Result<String, Failed> {
    let mut tera = tera.clone();
    let left = Arc::new(AtomicUsize::new(RANGE_BUDGET));
    tera.register_function("range", move |kwargs: tera::Kwargs, _: &tera::State| range(&kwargs, &left));
    let mut out = Limited { bytes: Vec::new(), over: false };
    match tera.render_str_to(input, context, false, &mut out) {
        Ok(()) => String::from_utf8(out.bytes).map_err(|e| Failed::Tera(tera::Error::message(e.to_string()))),
        Err(_) if out.over => Err(Failed::TooLong),
        Err(e) => Err(Failed::Tera(e)),
    }
}

/// Tera's `range` (`start`, `end`, `step_by`), its values taken from `left`.
fn range(kwargs: &tera::Kwargs, left: &AtomicUsize) -> tera::TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message("`range` was called with `step_by=0`"));
    }
    let len = (end.saturating_sub(start).saturating_add(step.saturating_sub(step.signum())) / step).max(0);
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    let taken = left.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(len));
    if taken.is_err() {
        return Err(tera::Error::message(format!(
            "`range` would give more than {RANGE_BUDGET} values in this chapter, every loop counted (loops inside loops multiply)"
        )));
    }
    Ok((0..len as i128).map(|i| start + i * step).collect())
}

/// A writer that refuses to grow past [`MAX_EXPANDED`], and says it did.
struct Limited {
    bytes: Vec<u8>,
    over: bool,
}

impl Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_EXPANDED {
            self.over = true;
            return Err(std::io::Error::other("the chapter's text is too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(template: &str) -> Result<String, Failed> {
        render(&tera::Tera::new(), template, &tera::Context::new())
    }

    #[test]
    fn range_counts_every_loop_of_a_chapter_and_text_stops_growing() {
        let ok = run("{% for y in range(start=2018, end=2024) %}{{ y }} {% endfor %}").ok();
        assert_eq!(ok.as_deref(), Some("2018 2019 2020 2021 2022 2023 "));
        assert_eq!(
            run("{% for y in range(start=5, end=0, step_by=-2) %}{{ y }}{% endfor %}").ok().as_deref(),
            Some("531")
        );
        let nested = "{% for i in range(end=1000) %}{% for j in range(end=1000) %}x{% endfor %}{% endfor %}";
        match run(nested) {
            Err(Failed::Tera(e)) => assert!(format!("{e:?}").contains("more than 10000 values"), "{e:?}"),
            _ => panic!("nested loops past the budget are refused"),
        }
        let long = format!("{{% for i in range(end=9000) %}}{}{{% endfor %}}", "长".repeat(400));
        assert!(matches!(run(&long), Err(Failed::TooLong)));
    }
}
