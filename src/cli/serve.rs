//! `gazette serve`: build, serve the site on this computer, rebuild on every change and
//! reload the open page. A failed rebuild shows its problems over the last good page, which
//! stays served.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use gazette::{Error, Outcome, Rebuilder};

use super::http::{Server, Site, open_browser};
use super::{Lang, report};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The paper's folder, holding `gazette.yaml`.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// The port to listen on; 0 picks any free port.
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// The address to listen on. Only this computer can connect unless you change it
    /// (`--bind 0.0.0.0` lets others on the network see the preview).
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// A host name the preview may also be opened by (repeatable); requests for any other
    /// name are refused, so that no web page can read the draft.
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_host: Vec<String>,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
    /// The edition to serve: `zh` (the default) or `en`, written to `output/en/`.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    locale: Lang,
}

/// Serves until the process is stopped. Fails only at start: when the paper's folder cannot
/// be opened or watched, or the port cannot be had.
pub(crate) fn run(args: &Args, color: ColorChoice) -> ExitCode {
    let mut stderr = StandardStream::stderr(color);
    let fail = |stderr: &mut StandardStream, e| report::failed(stderr, e, Some("output/"));
    let rebuilder = match Rebuilder::new(&args.path, args.locale.locale()) {
        Ok(r) => r,
        Err(e) => return fail(&mut stderr, e),
    };
    let out = Mutex::new(StandardStream::stderr(color));
    let site = Site::default();
    let done = |outcome| tell(&out, &site, outcome);
    done(rebuilder.rebuild(&|r| site.show(&r.files)));
    let server = match Server::bind(args.bind, args.port, &args.allow_host) {
        Ok(s) => s,
        Err(problem) => return fail(&mut stderr, Error::Environment(*problem)),
    };
    let url = format!("http://{}/", server.addr());
    let _ = writeln!(lock(&out), "serving {url} (Ctrl-C stops); watching gazette.yaml, content/ and themes/");
    if args.open {
        open_browser(&url);
    }
    let watcher = match rebuilder.watch() {
        Ok(w) => w,
        Err(e) => return fail(&mut stderr, e),
    };
    let refused = super::hosts::tell_once(&out);
    std::thread::scope(|scope| {
        scope.spawn(|| rebuilder.run(watcher, &|r| site.show(&r.files), &done));
        server.serve(&site, &refused);
    });
    ExitCode::SUCCESS
}

fn lock(out: &Mutex<StandardStream>) -> std::sync::MutexGuard<'_, StandardStream> {
    out.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Tells the person at the terminal how a rebuild went, and the served site what to show.
fn tell(out: &Mutex<StandardStream>, site: &Site, outcome: Outcome) {
    let mut out = lock(out);
    match outcome {
        Outcome::Built { rendered, timing, trouble } => {
            if let Some(message) = trouble {
                let _ = writeln!(out, "error: {message}");
            }
            report::print_diagnostics(&mut out, &rendered.warnings);
            let _ = writeln!(out, "built in {timing}");
            site.built(rendered.files);
        }
        Outcome::Failed(error) => {
            match &error {
                Error::Input(diags) => {
                    report::print_diagnostics(&mut out, diags);
                    let errors = diags.iter().filter(|d| d.is_error()).count();
                    let _ = writeln!(
                        out,
                        "found {errors} {}; the browser shows them over the last good page",
                        if errors == 1 { "error" } else { "errors" }
                    );
                }
                Error::Usage(_) | Error::Environment(_) | Error::Side { .. } => {
                    let _ = writeln!(out, "error: {error}");
                }
            }
            site.failed(error.to_string());
        }
    }
}
