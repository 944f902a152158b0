//! The `gazette` command: parses arguments and calls one library function per subcommand.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use gazette::diagnostic::Diagnostic;

#[derive(Parser)]
#[command(
    name = "gazette",
    version,
    about = "Data-driven white papers: YAML metrics and Markdown chapters into a publication"
)]
struct Cli {
    /// When to colour messages: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Build the paper into `PATH/output/` (the site under `output/site/`).
    #[command(
        after_help = "Example:\n  gazette build            build the paper in this folder\n  gazette build papers/2024"
    )]
    Build {
        /// The paper's folder, holding `gazette.yaml`.
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Check everything a build reads and report every problem, writing nothing.
    #[command(
        after_help = "Exit status: 0 when the paper is clean, 1 when it has problems, 2 when PATH is not a paper.\n\nExample:\n  gazette check\n  gazette check papers/2024"
    )]
    Check {
        /// The paper's folder, holding `gazette.yaml`.
        #[arg(default_value = ".")]
        path: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = match cli.color {
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
        Color::Auto if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => ColorChoice::Never,
        Color::Auto if std::io::stderr().is_terminal() => ColorChoice::Auto,
        Color::Auto => ColorChoice::Never,
    };
    let (result, verb) = match &cli.command {
        Command::Build { path } => (gazette::build(path), "built"),
        Command::Check { path } => (gazette::check(path), "checked"),
    };
    let mut stderr = StandardStream::stderr(color);
    match result {
        Ok(report) => {
            print_diagnostics(&mut stderr, &report.warnings);
            let ms = report.elapsed.as_millis();
            let warnings = match report.warnings.len() {
                0 => String::new(),
                1 => ", 1 warning".to_string(),
                n => format!(", {n} warnings"),
            };
            let line = if verb == "built" {
                format!("built `output/` in {ms} ms: {} files{warnings}", report.files.len())
            } else {
                format!("checked the paper in {ms} ms: no errors{warnings}")
            };
            let _ = writeln!(stderr, "{line}");
            ExitCode::SUCCESS
        }
        Err(gazette::Error::Input(diags)) => {
            print_diagnostics(&mut stderr, &diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let noun = if errors == 1 { "error" } else { "errors" };
            let tail = if verb == "built" { "; `output/` was left as it was" } else { "" };
            let _ = writeln!(stderr, "found {errors} {noun} in the paper{tail}");
            ExitCode::from(1)
        }
        Err(gazette::Error::Usage(message) | gazette::Error::Environment(message)) => {
            let _ = writeln!(stderr, "error: {message}");
            ExitCode::from(2)
        }
    }
}

fn print_diagnostics(stderr: &mut StandardStream, diags: &[Diagnostic]) {
    let mut lock = stderr.lock();
    for d in diags {
        d.render(&mut lock);
    }
}
