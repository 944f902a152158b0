//! `gazette build`: the paper into `output/`, with a progress display on a terminal and, on
//! request, the time each stage took.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::ValueEnum;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use super::{Lang, report};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The paper's folder, holding `gazette.yaml`.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Make only the site or only the PDF; `output/` then holds just that.
    #[arg(long, value_enum)]
    only: Option<Only>,
    /// After the build, print the time each stage took.
    #[arg(long)]
    timings: bool,
    /// The edition: `zh` (the default, into `output/`) or `en` (into `output/en/`, from
    /// the chapters in `content/en/`).
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    locale: Lang,
}

#[derive(Clone, Copy, ValueEnum)]
enum Only {
    /// The site: pages, SVG charts, media, fragment and data files.
    Site,
    /// The PDF white paper.
    Pdf,
}

/// Each stage's name, when it started and the peak memory then.
type Stages = Vec<(String, Instant, Option<u64>)>;

pub(crate) fn run(args: &Args, color: ColorChoice) -> ExitCode {
    let mut stderr = StandardStream::stderr(color);
    let outputs = match args.only {
        None => gazette::Outputs::ALL,
        Some(Only::Site) => gazette::Outputs::SITE,
        Some(Only::Pdf) => gazette::Outputs::PDF,
    };
    let progress = Progress::start();
    let stages: Mutex<Stages> = Mutex::new(Vec::new());
    let result = gazette::build_with(&args.path, args.locale.locale(), outputs, &|stage| {
        progress.stage(stage);
        if let Ok(mut s) = stages.lock() {
            s.push((stage.to_string(), Instant::now(), peak_memory()));
        }
    });
    progress.finish();
    let built = if matches!(args.locale, Lang::En) { "output/en/" } else { "output/" };
    let code = report::finish(&mut stderr, result, Some(built));
    if args.timings {
        print_timings(&mut stderr, &stages.into_inner().unwrap_or_default());
    }
    code
}

/// Each stage's wall time, from its start to the next one's (the last to now), and the
/// process's peak memory at its end (where the system tells it).
fn print_timings(stderr: &mut StandardStream, stages: &Stages) {
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
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A stage display for builds that take longer than a second, on a terminal only.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn start() -> Self {
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

    fn stage(&self, name: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
        }
    }

    fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
