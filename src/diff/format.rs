//! A diff as people and tools read it: coloured text for the terminal, Markdown for a pull
//! request, JSON for scripts.

use std::fmt::Write as _;

use super::{MetricChange, PaperDiff};

impl PaperDiff {
    /// Whether nothing the diff looks at changed.
    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty() && self.charts.is_empty() && self.sentences.is_empty()
    }

    /// For a terminal; `color` adds ANSI colours (red for old, green for new).
    pub fn to_text(&self, color: bool) -> String {
        let (red, green, bold, reset) =
            if color { ("\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m") } else { ("", "", "", "") };
        let mut out = format!("comparing {} → {}\n", self.old, self.new);
        if self.is_empty() {
            out.push_str("no figure changed\n");
            return out;
        }
        if !self.metrics.is_empty() {
            let _ = writeln!(out, "\n{bold}metrics{reset} ({})", self.metrics.len());
            for m in &self.metrics {
                match m {
                    MetricChange::Added { id, label, phrase } => {
                        let _ = writeln!(out, "  {green}+ {id}{reset}  {label} {green}{phrase}{reset}");
                    }
                    MetricChange::Removed { id, label, phrase } => {
                        let _ = writeln!(out, "  {red}- {id}{reset}  {label} {red}{phrase}{reset}");
                    }
                    MetricChange::Changed {
                        id,
                        label,
                        old_phrase,
                        new_phrase,
                        delta,
                        relative,
                        fields,
                        cells,
                        ..
                    } => {
                        let _ = write!(
                            out,
                            "  ~ {id}  {label} {red}{old_phrase}{reset} → {green}{new_phrase}{reset}"
                        );
                        let by: Vec<&String> = delta.iter().chain(relative).collect();
                        if !by.is_empty() {
                            let by: Vec<&str> = by.iter().map(|s| s.as_str()).collect();
                            let _ = write!(out, " ({})", by.join(", "));
                        }
                        out.push('\n');
                        if !cells.is_empty() {
                            let _ = writeln!(out, "      from {cells}");
                        }
                        for f in fields {
                            let _ = writeln!(
                                out,
                                "      {}: {red}{}{reset} → {green}{}{reset}",
                                f.field, f.old, f.new
                            );
                        }
                    }
                }
            }
        }
        if !self.charts.is_empty() {
            let _ = writeln!(out, "\n{bold}charts{reset} ({})", self.charts.len());
            for c in &self.charts {
                let _ = writeln!(out, "  {} {}  {}", c.change, c.id, c.title);
                if let Some(o) = &c.old {
                    let _ = writeln!(out, "    {red}- {o}{reset}");
                }
                if let Some(n) = &c.new {
                    let _ = writeln!(out, "    {green}+ {n}{reset}");
                }
            }
        }
        if !self.sentences.is_empty() {
            let _ = writeln!(out, "\n{bold}sentences{reset} ({})", self.sentences.len());
            for s in &self.sentences {
                let _ = writeln!(
                    out,
                    "  {}\n    {red}- {}{reset}\n    {green}+ {}{reset}",
                    s.chapter, s.old, s.new
                );
            }
        }
        out
    }

    /// For a pull-request comment.
    pub fn to_markdown(&self) -> String {
        let cell = |s: &str| s.replace('|', "\\|");
        let mut out = format!("### Figures changed: `{}` → `{}`\n\n", self.old, self.new);
        if self.is_empty() {
            out.push_str("No figure changed.\n");
            return out;
        }
        if !self.metrics.is_empty() {
            out.push_str(
                "| | metric | label | old | new | change |\n| --- | --- | --- | --- | --- | --- |\n",
            );
            for m in &self.metrics {
                match m {
                    MetricChange::Added { id, label, phrase } => {
                        let _ =
                            writeln!(out, "| + | `{id}` | {} | | {} | added |", cell(label), cell(phrase));
                    }
                    MetricChange::Removed { id, label, phrase } => {
                        let _ =
                            writeln!(out, "| − | `{id}` | {} | {} | | removed |", cell(label), cell(phrase));
                    }
                    MetricChange::Changed {
                        id,
                        label,
                        old_phrase,
                        new_phrase,
                        delta,
                        relative,
                        fields,
                        ..
                    } => {
                        let mut change: Vec<String> =
                            delta.iter().cloned().chain(relative.iter().cloned()).collect();
                        change.extend(
                            fields
                                .iter()
                                .map(|f| format!("{}: {} → {}", f.field, cell(&f.old), cell(&f.new))),
                        );
                        let _ = writeln!(
                            out,
                            "| ~ | `{id}` | {} | {} | {} | {} |",
                            cell(label),
                            cell(old_phrase),
                            cell(new_phrase),
                            change.join("; ")
                        );
                    }
                }
            }
            out.push('\n');
        }
        if !self.charts.is_empty() {
            out.push_str("**Charts**\n\n");
            for c in &self.charts {
                let _ = writeln!(out, "- {} `{}` {}", c.change, c.id, c.title);
            }
            out.push('\n');
        }
        if !self.sentences.is_empty() {
            out.push_str("**Sentences**\n\n| chapter | old | new |\n| --- | --- | --- |\n");
            for s in &self.sentences {
                let _ = writeln!(out, "| {} | {} | {} |", cell(&s.chapter), cell(&s.old), cell(&s.new));
            }
        }
        out
    }

    /// For tools.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}
