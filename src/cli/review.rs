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
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

pub(crate) fn run(args: &Args, color: ColorChoice) -> ExitCode {
    match gazette::review(&args.file, &args.paper) {
        Ok(r) => {
            let text = match args.format {
                Format::Text => r.to_text(),
                Format::Json => r.to_json(),
            };
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => report::failed(&mut StandardStream::stderr(color), e, None),
    }
}
