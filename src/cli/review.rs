//! `gazette review`: a reviewed Word copy's changes and comments, located in the paper.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use super::report;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The Word copy, as the reviewer returned it.
    file: PathBuf,
    /// The paper's folder.
    #[arg(default_value = ".")]
    paper: PathBuf,
    /// `text` (the default) or `json`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the changes of plain prose into the chapters (never a figure, a metric file or a
    /// comment), and list what could not be applied and why.
    #[arg(long)]
    apply: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

pub(crate) fn run(args: &Args, color: ColorChoice) -> ExitCode {
    let failed = |e| report::failed(&mut StandardStream::stderr(color), e, None);
    let review = match gazette::review(&args.file, &args.paper) {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    let text = match (args.apply, args.format) {
        (true, _) => match review.apply(&args.paper) {
            Ok(applied) => applied.to_text(),
            Err(e) => return failed(e),
        },
        (false, Format::Text) => review.to_text(),
        (false, Format::Json) => review.to_json(),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::SUCCESS
}
