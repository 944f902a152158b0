//! The `gazette` command: parses arguments and calls one library function per subcommand.

use std::io::{IsTerminal, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use gazette::input::diagnostic::{Diagnostic, Severity};

/// jemalloc: Typst's layout allocates heavily, and runs measurably faster with it.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Messages with the source lines they concern, for people.
    Human,
    /// One JSON document with every diagnostic, for editors and CI.
    Json,
}

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

#[derive(Clone, Copy, ValueEnum)]
enum Only {
    /// The site: pages, SVG charts, media, fragment and data files.
    Site,
    /// The PDF white paper.
    Pdf,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
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
        /// Make only the site or only the PDF; `output/` then holds just that.
        #[arg(long, value_enum)]
        only: Option<Only>,
        /// After the build, print the time each stage took.
        #[arg(long)]
        timings: bool,
        /// The edition: `zh` (the default, into `output/`) or `en` (into `output/en/`, from
        /// the chapters in `content/en/`).
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        locale: Lang,
    },
    /// Check everything a build reads and report every problem, writing nothing.
    #[command(
        after_help = "Exit status: 0 when the paper is clean, 1 when it has problems, 2 when PATH is not a paper.\n\nExample:\n  gazette check\n  gazette check --format json papers/2024"
    )]
    Check {
        /// The paper's folder, holding `gazette.yaml`.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// `human` (the default) or `json` (on standard output).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// The edition to check: `zh` (the default) or `en`.
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        locale: Lang,
    },
    /// Build, serve the site on this computer and rebuild and reload the page on every change.
    #[command(
        after_help = "Example:\n  gazette serve            then open http://127.0.0.1:8000/\n  gazette serve --port 0 --open"
    )]
    Serve {
        /// The paper's folder, holding `gazette.yaml`.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// The port to listen on; 0 picks any free port.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to listen on. Only this computer can connect unless you change it.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the page in the default browser.
        #[arg(long)]
        open: bool,
        /// The edition to serve: `zh` (the default) or `en`, written to `output/en/`.
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        locale: Lang,
    },
    /// Show which figures changed between two versions of the paper (folders or git revisions).
    #[command(
        after_help = "OLD and NEW are each a paper folder or a git revision; NEW defaults to the paper as it is now.\n\nExample:\n  gazette diff HEAD~1              what the working folder changes since the last commit\n  gazette diff v2023 HEAD\n  gazette diff --format markdown origin/main HEAD > figures.md"
    )]
    Diff {
        /// The earlier version: a folder or a git revision.
        old: String,
        /// The later version: a folder or a git revision (default: the paper as it is now).
        new: Option<String>,
        /// The paper's folder, for git revisions and as the default NEW.
        #[arg(long, default_value = ".")]
        paper: PathBuf,
        /// `text` (the default, coloured on a terminal), `markdown` or `json`.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Start a new paper in DIR (which must be new or empty) from the built-in templates.
    #[command(
        after_help = "Example:\n  gazette init white-paper-2025\n  cd white-paper-2025 && gazette build"
    )]
    Init {
        /// The folder for the new paper.
        #[arg(default_value = ".")]
        dir: PathBuf,
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
    let mut stderr = StandardStream::stderr(color);
    match cli.command {
        Command::Build { path, only, timings, locale } => {
            let outputs = match only {
                None => gazette::Outputs::ALL,
                Some(Only::Site) => gazette::Outputs::SITE,
                Some(Only::Pdf) => gazette::Outputs::PDF,
            };
            let progress = Progress::start();
            let stages = Mutex::new(Vec::new());
            let result = gazette::build_with(&path, locale.locale(), outputs, &|stage| {
                progress.stage(stage);
                if let Ok(mut s) = stages.lock() {
                    s.push((stage.to_string(), std::time::Instant::now(), peak_memory()));
                }
            });
            progress.finish();
            let built = if matches!(locale, Lang::En) { "output/en/" } else { "output/" };
            let code = finish(&mut stderr, result, Some(built));
            if timings {
                print_timings(&mut stderr, &stages.into_inner().unwrap_or_default());
            }
            code
        }
        Command::Check { path, format: Format::Human, locale } => {
            finish(&mut stderr, gazette::check_edition(&path, locale.locale()), None)
        }
        Command::Check { path, format: Format::Json, locale } => check_json(&path, locale.locale()),
        Command::Serve { path, port, bind, open, locale } => {
            let options = gazette::serve::Options { bind, port, locale: locale.locale() };
            serve(&mut stderr, color, &path, &options, open)
        }
        Command::Diff { old, new, paper, format } => {
            match gazette::diff::diff(&old, new.as_deref(), &paper) {
                Ok(d) => {
                    let text = match format {
                        DiffFormat::Text => {
                            d.to_text(color != ColorChoice::Never && std::io::stdout().is_terminal())
                        }
                        DiffFormat::Markdown => d.to_markdown(),
                        DiffFormat::Json => d.to_json(),
                    };
                    let _ = std::io::stdout().lock().write_all(text.as_bytes());
                    ExitCode::SUCCESS
                }
                Err(e) => finish(&mut stderr, Err(e), None),
            }
        }
        Command::Init { dir } => match gazette::init::init(&dir) {
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
        },
    }
}

fn finish(
    stderr: &mut StandardStream,
    result: Result<gazette::Report, gazette::Error>,
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
            let line = if let Some(built) = built {
                format!("built `{built}` in {ms} ms: {} files{warnings}", report.files.len())
            } else {
                format!("checked the paper in {ms} ms: no errors{warnings}")
            };
            let _ = writeln!(stderr, "{line}");
            ExitCode::SUCCESS
        }
        Err(gazette::Error::Input(diags)) => {
            print_diagnostics(stderr, &diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let noun = if errors == 1 { "error" } else { "errors" };
            let tail = if let Some(built) = built {
                format!("; `{built}` was left as it was")
            } else {
                String::new()
            };
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

/// `check --format json`: every diagnostic, with its place, on standard output.
fn check_json(path: &Path, locale: gazette::Locale) -> ExitCode {
    let (diags, code): (Vec<serde_json::Value>, u8) = match gazette::check_edition(path, locale) {
        Ok(report) => (report.warnings.iter().map(json_diagnostic).collect(), 0),
        Err(gazette::Error::Input(diags)) => (diags.iter().map(json_diagnostic).collect(), 1),
        Err(gazette::Error::Usage(m) | gazette::Error::Environment(m)) => (
            vec![serde_json::json!({
                "severity": "error", "file": null, "line": null, "column": null,
                "message": m, "hints": [], "related": []
            })],
            2,
        ),
    };
    let count = |sev: &str| diags.iter().filter(|d| d["severity"] == sev).count();
    let doc = serde_json::json!({
        "errors": count("error"),
        "warnings": count("warning"),
        "diagnostics": diags,
    });
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, &doc);
    let _ = writeln!(out);
    ExitCode::from(code)
}

fn json_diagnostic(d: &Diagnostic) -> serde_json::Value {
    let (line, column) = d.line_col().map_or((None, None), |(l, c)| (Some(l), Some(c)));
    let (end_line, end_column) =
        d.at.as_ref()
            .map(|a| a.source.line_col(a.span.end))
            .map_or((None, None), |(l, c)| (Some(l), Some(c)));
    serde_json::json!({
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "file": d.file,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "message": d.message,
        "hints": d.hints,
        "related": d.related.iter().map(|(loc, msg)| {
            let (l, c) = loc.line_col();
            serde_json::json!({ "file": loc.source.name, "line": l, "column": c, "message": msg })
        }).collect::<Vec<_>>(),
    })
}

fn serve(
    stderr: &mut StandardStream,
    color: ColorChoice,
    path: &Path,
    options: &gazette::serve::Options,
    open: bool,
) -> ExitCode {
    let out = Mutex::new(StandardStream::stderr(color));
    let report = |event: gazette::serve::Event<'_>| {
        let mut out = out.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match event {
            gazette::serve::Event::Listening(addr) => {
                let url = format!("http://{addr}/");
                let _ = writeln!(
                    out,
                    "serving {url} (Ctrl-C stops); watching gazette.yaml, content/ and themes/"
                );
                let _ = std::io::stdout().flush();
                if open {
                    open_browser(&url);
                }
            }
            gazette::serve::Event::Built { elapsed, page, warnings } => {
                print_diagnostics(&mut out, warnings);
                let _ = writeln!(
                    out,
                    "built in {} ms (the page was ready in {} ms)",
                    elapsed.as_millis(),
                    page.as_millis()
                );
            }
            gazette::serve::Event::Failed(diags) => {
                print_diagnostics(&mut out, diags);
                let errors = diags.iter().filter(|d| d.is_error()).count();
                let _ =
                    writeln!(out, "found {errors} errors; the browser shows them over the last good page");
            }
            gazette::serve::Event::Trouble(m) => {
                let _ = writeln!(out, "error: {m}");
            }
        }
    };
    match gazette::serve::serve(path, options, &report) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => finish(stderr, Err(e), Some("output/")),
    }
}

/// Opens a URL in the desktop's browser, quietly doing nothing where there is none.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "windows") {
        ("cmd", vec!["/C", "start", "", url])
    } else if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else {
        ("xdg-open", vec![url])
    };
    let _ = std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// A stage display for builds that take longer than a second, on a terminal only.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

/// Each stage's wall time, from its start to the next one's (the last to now).
/// Each stage's time and the process's peak memory at its end (where the system tells it).
fn print_timings(stderr: &mut StandardStream, stages: &[(String, std::time::Instant, Option<u64>)]) {
    let (end, end_peak) = (std::time::Instant::now(), peak_memory());
    let peak = |p: Option<u64>| p.map(|kib| format!("{:>8} MiB peak", kib / 1024)).unwrap_or_default();
    for (i, (name, start, _)) in stages.iter().enumerate() {
        let (until, until_peak) = stages.get(i + 1).map_or((end, end_peak), |(_, t, p)| (*t, *p));
        let ms = (until - *start).as_secs_f64() * 1000.0;
        let _ = writeln!(stderr, "  {name:<22}{ms:>9.1} ms{}", peak(until_peak));
    }
    if let Some((_, first, _)) = stages.first() {
        let ms = (end - *first).as_secs_f64() * 1000.0;
        let _ = writeln!(stderr, "  {:<22}{ms:>9.1} ms{}", "total", peak(end_peak));
    }
}

/// The process's peak resident memory so far, in KiB (Linux's `VmHWM`); none elsewhere.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

impl Progress {
    fn start() -> Self {
        if !std::io::stderr().is_terminal() {
            return Self { bar: None };
        }
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !shown.is_finished() {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Self { bar: Some(bar) }
    }

    fn stage(&self, name: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
        }
    }

    fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
