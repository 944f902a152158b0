//! Who `gazette serve` answers: requests whose `Host` (and, from a page, `Origin`) is this
//! computer — `localhost`, an IP address, the address it listens on, this computer's name —
//! or a name given with `--allow-host`. A web page the office visits in the same browser could
//! otherwise point a name of its own at 127.0.0.1 (DNS rebinding) and read the draft of a
//! report before its press conference; such requests get 403 (after Vite, CVE-2025-24010).

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};

/// The host names a server answers to.
pub(crate) struct Hosts {
    names: Vec<String>,
}

impl Hosts {
    /// For a server listening on `bind`, with the names of `--allow-host`.
    pub(crate) fn new(bind: IpAddr, allowed: &[String]) -> Hosts {
        let mut names: Vec<String> = allowed.iter().map(|n| n.trim().to_ascii_lowercase()).collect();
        names.push("localhost".into());
        // Listening on every address (`--bind 0.0.0.0`, to show a colleague): this computer's
        // own name too.
        if bind.is_unspecified() {
            names.extend(own_name());
        }
        Hosts { names }
    }

    /// Whether a request may be answered: `Err` with the host it asked for when not.
    pub(crate) fn check(&self, headers: &[tiny_http::Header]) -> Result<(), String> {
        let field = |name: &'static str| {
            headers.iter().find(|h| h.field.equiv(name)).map(|h| h.value.as_str().to_string())
        };
        let host = field("Host").unwrap_or_default();
        if !self.allows(&host) {
            return Err(host);
        }
        match field("Origin") {
            // A page of another site asking from the browser; `null` from a file or sandbox.
            Some(origin) => {
                let host = origin.split_once("://").map_or(origin.as_str(), |(_, h)| h);
                if self.allows(host) { Ok(()) } else { Err(origin.clone()) }
            }
            None => Ok(()),
        }
    }

    /// Whether `host` (`name:port`, `[::1]:port`, or without the port) is this computer.
    fn allows(&self, host: &str) -> bool {
        let host = host.trim().trim_end_matches('/').to_ascii_lowercase();
        let name = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => host
                .rsplit_once(':')
                .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
                .map_or(host.as_str(), |(n, _)| n),
        };
        if name.is_empty() {
            return false;
        }
        // An address needs no name, so no page can rebind it; a name must be one of ours.
        name.parse::<IpAddr>().is_ok() || name.ends_with(".localhost") || self.names.iter().any(|n| n == name)
    }
}

/// This computer's name, as the network knows it, where the system says.
fn own_name() -> Vec<String> {
    let mut names = Vec::new();
    for file in ["/proc/sys/kernel/hostname", "/etc/hostname"] {
        if let Ok(text) = std::fs::read_to_string(file) {
            let name = text.trim().to_ascii_lowercase();
            if !name.is_empty() && !names.contains(&name) {
                names.push(format!("{name}.local"));
                names.push(name);
            }
        }
    }
    if let Some(name) = std::env::var("COMPUTERNAME").ok().map(|n| n.to_ascii_lowercase()) {
        names.push(name);
    }
    names
}

/// What tells the person at the terminal of a refused request: once for each host, however
/// often a page asks.
pub(crate) fn tell_once<W: std::io::Write + Send>(out: &Mutex<W>) -> impl Fn(&str) + Sync + '_ {
    let told = Mutex::new(BTreeSet::new());
    move |host: &str| {
        if told.lock().unwrap_or_else(PoisonError::into_inner).insert(host.to_string()) {
            let mut out = out.lock().unwrap_or_else(PoisonError::into_inner);
            let _ = writeln!(
                out,
                "refused a request for `{host}`: only this computer's names are answered (add `--allow-host NAME` for a name of your own)"
            );
        }
    }
}

/// The page a refused request gets.
pub(crate) fn refusal(host: &str) -> String {
    format!(
        "403 forbidden: gazette serve answers only requests for this computer, and this one asked for `{host}`.\n\n\
         If you opened the preview by a name of your own (a name in your hosts file, say), start it with `gazette serve --allow-host NAME`.\n\
         Otherwise a web page tried to read the preview, which is refused so that the draft stays private."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bind: &str, allowed: &[&str]) -> Hosts {
        Hosts::new(bind.parse().unwrap(), &allowed.iter().map(|s| (*s).to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn only_this_computer_and_allowed_names_are_answered() {
        let h = hosts("127.0.0.1", &["paper.test"]);
        for ok in [
            "127.0.0.1:8000",
            "localhost:8000",
            "LOCALHOST",
            "[::1]:8000",
            "paper.test:8000",
            "192.168.1.5:8000",
            "app.localhost",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
        for refused in
            ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "", "localhost.evil.example:8000"]
        {
            assert!(!h.allows(refused), "{refused}");
        }
    }
}
