//! The command line: arguments parsed by clap, then one file per subcommand, each calling the
//! library and telling the person at the terminal what happened.

mod build;
mod check;
mod diff;
mod hosts;
mod http;
mod import;
mod init;
mod progress;
mod report;
mod review;
mod serve;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::ColorChoice;

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

/// The edition a command works on.
#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    /// The Chinese original.
    Zh,
    /// The English edition.
    En,
}

impl Lang {
    fn locale(self) -> gazette::Locale {
        match self {
            Lang::Zh => gazette::Locale::Zh,
            Lang::En => gazette::Locale::En,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Build the paper into `PATH/output/` (the site under `output/site/`).
    #[command(
        after_help = "Example:\n  gazette build            build the paper in this folder\n  gazette build papers/2024"
    )]
    Build(build::Args),
    /// Check everything a build reads and report every problem, writing nothing.
    #[command(
        after_help = "Exit status: 0 when the paper is clean, 1 when it has problems, 2 when PATH is not a paper.\n\nExample:\n  gazette check\n  gazette check --format json papers/2024"
    )]
    Check(check::Args),
    /// Build, serve the site on this computer and rebuild and reload the page on every change.
    #[command(
        after_help = "Example:\n  gazette serve            then open http://127.0.0.1:8000/\n  gazette serve --port 0 --open"
    )]
    Serve(serve::Args),
    /// Show which figures changed between two versions of the paper (folders or git revisions).
    #[command(
        after_help = "OLD and NEW are each a paper folder or a git revision; NEW defaults to the paper as it is now.\n\nExample:\n  gazette diff HEAD~1              what the working folder changes since the last commit\n  gazette diff v2023 HEAD\n  gazette diff --format markdown origin/main HEAD > figures.md"
    )]
    Diff(diff::Args),
    /// List a reviewed Word copy's tracked changes and comments, each at its source file and line.
    #[command(
        after_help = "FILE is a Word copy gazette wrote (or a redline), edited in Word, WPS or LibreOffice with changes tracked.\n\nExample:\n  gazette review 修订稿-审阅.docx\n  gazette review 修订稿-审阅.docx --format json > review.json"
    )]
    Review(review::Args),
    /// Start a new paper in DIR (which must be new or empty) from the built-in templates.
    #[command(
        after_help = "Example:\n  gazette init white-paper-2025\n  cd white-paper-2025 && gazette build"
    )]
    Init(init::Args),
    /// Print a metrics file skeleton bound to each number of a workbook's sheet, to prune.
    #[command(after_help = "Example:
  gazette import data/2022收结案.xlsx --sheet 行政 --range B2:F10 > content/metrics/收结案.yaml")]
    Import(import::Args),
}

/// Parses the arguments and runs the subcommand: exit status 0 on success, 1 when the paper
/// has problems, 2 when the command cannot work at all.
pub(crate) fn run() -> ExitCode {
    let cli = Cli::parse();
    let color = match cli.color {
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
        Color::Auto if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => ColorChoice::Never,
        Color::Auto if std::io::stderr().is_terminal() => ColorChoice::Auto,
        Color::Auto => ColorChoice::Never,
    };
    match cli.command {
        Command::Build(args) => build::run(&args, color),
        Command::Check(args) => check::run(&args, color),
        Command::Serve(args) => serve::run(&args, color),
        Command::Diff(args) => diff::run(&args, color),
        Command::Review(args) => review::run(&args, color),
        Command::Init(args) => init::run(&args, color),
        Command::Import(args) => import::run(&args, color),
    }
}
