//! What a metrics file states once for all its metrics (`defaults:`): its source, owner,
//! period, note, unit and change verbs, and their English; a metric's own field wins.

use serde_yaml::{Mapping, Value};

use crate::input::diagnostic::Diagnostic;
use crate::input::reader::Reader;
use crate::input::yaml::{YamlFile, key_string};

use super::fields::period;
use super::model::{Metric, Period};

/// The file's `defaults`, read without messages (reading its own entry gives them).
pub(super) fn file_defaults(file: &YamlFile) -> Defaults {
    let entry = file.entries.iter().find(|e| e.key == "defaults");
    entry.map(|e| read_defaults(file, &e.value, &mut Vec::new())).unwrap_or_default()
}

/// What a metrics file states once for all its metrics (`defaults:`); a metric's own field
/// wins.
#[derive(Debug, Default)]
pub(super) struct Defaults {
    source: Option<String>,
    owner: Option<String>,
    period: Option<Period>,
    note: Option<String>,
    source_en: Option<String>,
    period_en: Option<String>,
    unit: Option<String>,
    /// The words for a rise and a fall (`change: { up: 上升, down: 下降 }`).
    up: Option<String>,
    down: Option<String>,
}

const DEFAULT_KEYS: &[&str] = &["source", "owner", "period", "note", "unit", "change", "en"];

impl Defaults {
    /// Fills what the metric leaves out from the file's `defaults`; its own fields win.
    pub(super) fn apply(&self, m: &mut Metric) {
        m.source = m.source.take().or_else(|| self.source.clone());
        m.owner = m.owner.take().or_else(|| self.owner.clone());
        m.period = m.period.take().or_else(|| self.period.clone());
        m.note = m.note.take().or_else(|| self.note.clone());
        m.en.source = m.en.source.take().or_else(|| self.source_en.clone());
        m.en.period = m.en.period.take().or_else(|| self.period_en.clone());
    }

    /// The metric's keys with the file's unit where it names none.
    pub(super) fn unit_for<'m>(&self, map: &'m Mapping) -> std::borrow::Cow<'m, Mapping> {
        match (&self.unit, map.contains_key("unit")) {
            (Some(unit), false) => {
                let mut with = map.clone();
                with.insert(Value::from("unit"), Value::from(unit.as_str()));
                std::borrow::Cow::Owned(with)
            }
            _ => std::borrow::Cow::Borrowed(map),
        }
    }

    /// Gives the metric's change, stated or computed, the file's verbs where it names none.
    pub(super) fn give_verbs(&self, m: &mut Metric) {
        if let Some(change) = m.change.as_mut() {
            change.up = change.up.take().or_else(|| self.up.clone());
            change.down = change.down.take().or_else(|| self.down.clone());
        }
    }
}

pub(super) fn read_defaults(file: &YamlFile, value: &Value, diags: &mut Vec<Diagnostic>) -> Defaults {
    let mut d = Defaults::default();
    let mut r = Reader::new(file, diags);
    let Some(map) =
        r.mapping(&["defaults"], value, "a mapping such as `{ source: 审判管理系统, period: 2022年 }`")
    else {
        return d;
    };
    for (k, v) in map {
        let key = key_string(k);
        let path = ["defaults", key.as_str()];
        match key.as_str() {
            "source" => d.source = r.required_text(&path, v),
            "owner" => d.owner = r.text(&path, v),
            "note" => d.note = r.text(&path, v),
            "period" => d.period = period(&mut r, &path, v),
            "unit" => d.unit = r.text(&path, v),
            "change" => {
                let Some(words) = r.mapping(
                    &path,
                    v,
                    "the verbs for a rise and a fall, such as `{ up: 上升, down: 下降 }`",
                ) else {
                    continue;
                };
                for (k, v) in words {
                    let key = key_string(k);
                    let sub = ["defaults", "change", key.as_str()];
                    match key.as_str() {
                        "up" => d.up = r.required_text(&sub, v),
                        "down" => d.down = r.required_text(&sub, v),
                        _ => r.unknown(
                            &sub,
                            &["up", "down"],
                            "`change` of `defaults` (the verbs every change of the file uses)",
                        ),
                    }
                }
            }
            "en" => {
                let Some(en) = r.mapping(&path, v, "a mapping such as `{ source: People's Court Daily }`")
                else {
                    continue;
                };
                for (k, v) in en {
                    let key = key_string(k);
                    let sub = ["defaults", "en", key.as_str()];
                    match key.as_str() {
                        "source" => d.source_en = r.text(&sub, v),
                        "period" => d.period_en = r.text(&sub, v),
                        _ => r.unknown(&sub, &["source", "period"], "`en` of `defaults`"),
                    }
                }
            }
            _ => r.unknown(&path, DEFAULT_KEYS, "`defaults` (what every metric of this file shares)"),
        }
    }
    d
}
