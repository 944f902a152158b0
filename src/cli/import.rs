//! `gazette import`: prints a metrics file skeleton bound to a workbook's numbers.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The workbook (.xlsx, .xls, .ods or .csv), inside the paper's folder.
    workbook: PathBuf,
    /// The sheet to import; the first when left out.
    #[arg(long)]
    sheet: Option<String>,
    /// The cells to import, such as `B2:F10`; every number of the sheet when left out.
    #[arg(long)]
    range: Option<String>,
    /// The paper's folder: the workbook's path is written relative to it.
    #[arg(long, default_value = ".")]
    paper: PathBuf,
}

pub(crate) fn run(args: &Args, color: ColorChoice) -> ExitCode {
    let what = gazette::Import {
        paper: &args.paper,
        workbook: &args.workbook,
        sheet: args.sheet.as_deref(),
        range: args.range.as_deref(),
    };
    match gazette::import(what) {
        Ok(text) => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(problem) => {
            super::report::print_diagnostics(&mut StandardStream::stderr(color), &[problem]);
            ExitCode::from(2)
        }
    }
}
