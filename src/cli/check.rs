//! `gazette check`: everything a build reads, checked, every problem reported; nothing written.
//! For people, messages with their source lines; for editors and CI, one JSON document.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use gazette::{Diagnostic, Error};

use super::{Lang, report};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The paper's folder, holding `gazette.yaml`.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// `human` (the default) or `json` (on standard output).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// The edition to check: `zh` (the default) or `en`.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    locale: Lang,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Messages with the source lines they concern, for people.
    Human,
    /// One JSON document with every diagnostic, for editors and CI.
    Json,
}

/// `check --format json`: the counts, and every diagnostic with its place.
#[derive(serde::Serialize)]
struct Checked {
    diagnostics: Vec<Diagnostic>,
    errors: usize,
    warnings: usize,
}

pub(crate) fn run(args: &Args, color: ColorChoice) -> ExitCode {
    let result = gazette::check_edition(&args.path, args.locale.locale());
    if let Format::Human = args.format {
        return report::finish(&mut StandardStream::stderr(color), result, None);
    }
    let (diagnostics, code) = match result {
        Ok(report) => (report.warnings, 0),
        Err(Error::Input(diags)) => (diags, 1),
        Err(Error::Usage(d) | Error::Environment(d)) => (vec![d], 2),
        Err(Error::Side { problems, .. }) => (problems, 1),
    };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let checked = Checked { warnings: diagnostics.len() - errors, errors, diagnostics };
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, &checked);
    let _ = writeln!(out);
    ExitCode::from(code)
}
