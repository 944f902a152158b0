//! `gazette diff`: which figures changed between two versions of the paper.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use super::report;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The earlier version: a folder or a git revision.
    old: String,
    /// The later version: a folder or a git revision (default: the paper as it is now).
    new: Option<String>,
    /// The paper's folder, for git revisions and as the default NEW.
    #[arg(long, default_value = ".")]
    paper: PathBuf,
    /// `text` (the default, coloured on a terminal), `markdown` or `json`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

pub(crate) fn run(args: &Args, color: ColorChoice) -> ExitCode {
    match gazette::diff(&args.old, args.new.as_deref(), &args.paper) {
        Ok(d) => {
            let text = match args.format {
                Format::Text => d.to_text(color != ColorChoice::Never && std::io::stdout().is_terminal()),
                Format::Markdown => d.to_markdown(),
                Format::Json => d.to_json(),
            };
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => report::failed(&mut StandardStream::stderr(color), e, None),
    }
}
