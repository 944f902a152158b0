//! `gazette diff`: which figures changed between two versions of the paper.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use super::{Lang, report};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The earlier version: a folder or a git revision.
    old: String,
    /// The later version: a folder or a git revision (default: the paper as it is now).
    new: Option<String>,
    /// The paper's folder, for git revisions and as the default NEW.
    #[arg(long, default_value = ".")]
    paper: PathBuf,
    /// `text` (the default, coloured on a terminal), `markdown`, `json`; or a redline, the new
    /// version with every change from the old marked: `docx` (tracked changes in Word) or
    /// `html` (a web page), written to `--output`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Where to write the redline (`--format docx` or `html`).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Who the redline's changes are by (default: the new revision's author, or `gazette`).
    #[arg(long)]
    author: Option<String>,
    /// The edition a redline is of: `zh` (the default) or `en` (from `content/en/`).
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    locale: Lang,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
    Docx,
    Html,
}

pub(crate) fn run(args: &Args, color: ColorChoice) -> ExitCode {
    if let Format::Docx | Format::Html = args.format {
        let ext = if let Format::Docx = args.format { "docx" } else { "html" };
        let Some(output) = args.output.as_ref().filter(|o| o.extension().is_some_and(|e| e == ext)) else {
            eprintln!("error: `--format {ext}` writes a redline: name its file with `--output FILE.{ext}`");
            return ExitCode::from(2);
        };
        let (new, author) = (args.new.as_deref(), args.author.as_deref());
        return match gazette::redline(&args.old, new, &args.paper, author, args.locale.locale(), output) {
            Ok(()) => {
                eprintln!("wrote the redline `{}`", output.display());
                ExitCode::SUCCESS
            }
            Err(e) => report::failed(&mut StandardStream::stderr(color), e, None),
        };
    }
    match gazette::diff(&args.old, args.new.as_deref(), &args.paper) {
        Ok(d) => {
            let text = match args.format {
                Format::Text => d.to_text(color != ColorChoice::Never && std::io::stdout().is_terminal()),
                Format::Markdown => d.to_markdown(),
                Format::Json | Format::Docx | Format::Html => d.to_json(),
            };
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => report::failed(&mut StandardStream::stderr(color), e, None),
    }
}
