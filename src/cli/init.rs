//! `gazette init`: a new paper from the built-in templates.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The folder for the new paper.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Only the settings and folders, for an office's own paper: no sample metrics, chart or
    /// chapters to delete.
    #[arg(long)]
    bare: bool,
}

pub(crate) fn run(args: &Args, color: ColorChoice) -> ExitCode {
    let mut stderr = StandardStream::stderr(color);
    let dir = &args.dir;
    match gazette::init(dir, args.bare) {
        Ok(files) => {
            for f in &files {
                let _ = writeln!(stderr, "  created {}", dir.join(f).display());
            }
            let _ = writeln!(
                stderr,
                "new paper in `{}`: run `gazette build {}` to build it",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            let _ = writeln!(stderr, "error: {message}");
            ExitCode::from(2)
        }
    }
}
