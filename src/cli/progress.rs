//! What a long build shows while it runs (a spinner naming the stage, after a second, on a
//! terminal only), and the time and memory of each stage after it (`--timings`).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use codespan_reporting::term::termcolor::StandardStream;

/// Each stage's name, when it started and the peak memory then.
pub(crate) type Stages = Vec<(String, Instant, Option<u64>)>;

/// Each stage's wall time, from its start to the next one's (the last to now), and the
/// process's peak memory at its end (where the system tells it).
pub(crate) fn print_timings(stderr: &mut StandardStream, stages: &Stages) {
    let (end, end_peak) = (Instant::now(), peak_memory());
    let peak = |p: Option<u64>| p.map(|kib| format!("{:>8} MiB peak", kib / 1024)).unwrap_or_default();
    for (i, (name, start, _)) in stages.iter().enumerate() {
        let (until, until_peak) = stages.get(i + 1).map_or((end, end_peak), |(_, t, p)| (*t, *p));
        let ms = (until - *start).as_secs_f64() * 1000.0;
        let _ = writeln!(stderr, "  {name:<22}{ms:>9.1} ms{}", peak(until_peak));
    }
    if let Some((_, first, _)) = stages.first() {
        let ms = (end - *first).as_secs_f64() * 1000.0;
        let _ = writeln!(stderr, "  {:<22}{ms:>9.1} ms{}", "total", peak(end_peak));
    }
}

/// The process's peak resident memory so far, in KiB (Linux's `VmHWM`); none elsewhere.
pub(crate) fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A stage display for builds that take longer than a second, on a terminal only.
pub(crate) struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    pub(crate) fn start() -> Self {
        if !std::io::stderr().is_terminal() {
            return Self { bar: None };
        }
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !shown.is_finished() {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Self { bar: Some(bar) }
    }

    pub(crate) fn stage(&self, name: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
        }
    }

    pub(crate) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
