//! One problem met in many places told once: a renamed sheet that fourteen bindings read, rows
//! that moved under five of them. The cases of one [`Group`](crate::input::diagnostic::Group) become one diagnostic at the first
//! place, with every other place and what it found beside it.

use std::collections::HashMap;

use crate::input::diagnostic::{Diagnostic, Severity};

/// Tells each problem met in two or more places once: the cases of one [`Group`] become one
/// diagnostic at the first place, with every place and what it found listed beside it. A case
/// met once stays as it was. Order is kept (the grouped message stands where its first case did).
pub(crate) fn group(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for d in &diags {
        if let Some(g) = &d.group {
            *count.entry(g.key.clone()).or_default() += 1;
        }
    }
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diags.len());
    let mut first: HashMap<String, usize> = HashMap::new();
    for d in diags {
        let Some(g) = d.group.clone().filter(|g| count[&g.key] > 1) else {
            out.push(d);
            continue;
        };
        let place = d.at.clone();
        match first.get(&g.key) {
            Some(&i) => {
                let told = &mut out[i];
                if told.severity == Severity::Warning {
                    told.severity = d.severity;
                }
                match place {
                    Some(at) => told.related.push((at, g.detail.clone())),
                    None => told.hints.insert(told.hints.len() - 1, g.detail.clone()),
                }
            }
            None => {
                let n = count[&g.key];
                let mut told = Diagnostic { message: g.message.replace("{n}", &n.to_string()), ..d };
                told.hints = Vec::new();
                match told.at.clone() {
                    Some(at) => told.related.push((at, g.detail.clone())),
                    None => told.hints.push(g.detail.clone()),
                }
                told.hints.push(g.hint.clone());
                told.group = None;
                first.insert(g.key.clone(), out.len());
                out.push(told);
            }
        }
    }
    out
}
