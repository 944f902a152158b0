//! `gazette build`: the paper into `output/`, with a progress display on a terminal and, on
//! request, the time each stage took.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use clap::ValueEnum;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use super::progress::{Progress, Stages, peak_memory, print_timings};
use super::{Lang, report};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The paper's folder, holding `gazette.yaml`.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Make only the site, the PDF or the Word copy anew; the other outputs of the last build
    /// are kept.
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
    /// The Word copy for sign-off.
    Docx,
}

pub(crate) fn run(args: &Args, color: ColorChoice) -> ExitCode {
    let mut stderr = StandardStream::stderr(color);
    let outputs = match args.only {
        None => gazette::Outputs::ALL,
        Some(Only::Site) => gazette::Outputs::SITE,
        Some(Only::Pdf) => gazette::Outputs::PDF,
        Some(Only::Docx) => gazette::Outputs::DOCX,
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
