//! What every command prints at the end: the diagnostics, then one line saying what came of it.

use std::io::Write;
use std::process::ExitCode;

use codespan_reporting::term::termcolor::StandardStream;
use gazette::{Diagnostic, Error, Report};

/// Prints a build's or check's outcome and gives its exit status; `built` names the folder a
/// build wrote (none for a check).
pub(crate) fn finish(
    stderr: &mut StandardStream,
    result: Result<Report, Error>,
    built: Option<&str>,
) -> ExitCode {
    match result {
        Ok(report) => {
            print_diagnostics(stderr, &report.warnings);
            let ms = report.elapsed.as_millis();
            let warnings = match report.warnings.len() {
                0 => String::new(),
                1 => ", 1 warning".to_string(),
                n => format!(", {n} warnings"),
            };
            let line = match built {
                Some(built) => format!("built `{built}` in {ms} ms: {} files{warnings}", report.files.len()),
                None => format!("checked the paper in {ms} ms: no errors{warnings}"),
            };
            let _ = writeln!(stderr, "{line}");
            ExitCode::SUCCESS
        }
        Err(error) => failed(stderr, error, built),
    }
}

/// Prints why a command failed and gives its exit status: 1 for the paper's problems, 2 when
/// the command could not work at all.
pub(crate) fn failed(stderr: &mut StandardStream, error: Error, built: Option<&str>) -> ExitCode {
    match error {
        Error::Input(diags) => {
            print_diagnostics(stderr, &diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let noun = if errors == 1 { "error" } else { "errors" };
            let tail = built.map(|b| format!("; `{b}` was left as it was")).unwrap_or_default();
            let _ = writeln!(stderr, "found {errors} {noun} in the paper{tail}");
            ExitCode::from(1)
        }
        Error::Usage(problem) | Error::Environment(problem) => {
            print_diagnostics(stderr, &[problem]);
            ExitCode::from(2)
        }
        Error::Side { side, problems } => {
            print_diagnostics(stderr, &problems);
            let errors = problems.iter().filter(|d| d.is_error()).count();
            let noun = if errors == 1 { "error" } else { "errors" };
            let _ =
                writeln!(stderr, "`{side}` does not build ({errors} {noun} above), so it cannot be compared");
            ExitCode::from(1)
        }
    }
}

/// Every diagnostic with the source lines it concerns.
pub(crate) fn print_diagnostics(stderr: &mut StandardStream, diags: &[Diagnostic]) {
    let mut lock = stderr.lock();
    for d in diags {
        d.render(&mut lock);
    }
}
