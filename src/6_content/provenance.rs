//! Where each printed figure comes from, resolved once, when a chapter is expanded: for its
//! value, its change, a year of its series, a part or an item of a list, what it is (the
//! label with the facet: 败诉率（2018年）, 收案（同比变化）, 收案（城建）), its period, its
//! source and the workbook cells it was read from. Every output reads this one record: the
//! 数据说明 appendix, the site's hover text, the Word copy's comment, the data files and `diff`.

use serde::Serialize;

use crate::input::Locale;
use crate::metrics::phrase::fmt_decimal;
use crate::metrics::{Facet, Metric};

/// One printed figure's provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Provenance {
    /// The metric it is a figure of.
    pub id: String,
    /// Which of the metric's figures (not written to the data files).
    #[serde(skip)]
    pub facet: Facet,
    /// What the figure is: the metric's label, with the year, part or change it prints.
    pub label: String,
    /// The figure as stored, and its unit.
    pub value: String,
    pub unit: String,
    /// `exact`, `plus`, … as written in YAML.
    pub approx: String,
    /// The figure as printed.
    pub phrase: String,
    pub period: String,
    pub period_from: String,
    pub period_to: String,
    pub source: String,
    /// The workbook cells this figure was read from (`data/收结案.xlsx 行政!C12`): the year's
    /// own cell, the part's own cell, or the value's.
    pub cells: String,
    pub owner: String,
    pub note: String,
    /// Values by year, as stored: `2018: 16.4; 2019: 11.36`.
    pub series: String,
    /// The year-on-year change as printed (同比下降3.95个百分点), its amount as stored, and
    /// whether the report states it (else it is computed from `series`).
    pub change: String,
    pub change_amount: String,
    pub change_stated: bool,
    /// Whether the text or a placed chart prints it (in the data files, which list every
    /// metric).
    pub used: bool,
}

impl Provenance {
    /// The provenance of one of a metric's figures as the edition prints it; `None` when the
    /// metric has no such figure.
    pub(crate) fn of(m: &Metric, facet: Facet, locale: Locale) -> Option<Provenance> {
        // A change printed in a list without its verb (同比分别增长77.76%、…) is, and says
        // it is, the change: with its verb, so that its direction is never lost.
        // A metric that publishes only its change prints that change as its value.
        let facet = match facet {
            Facet::ChangeAmount => Facet::Change,
            Facet::Value if m.only_change => Facet::Change,
            other => other,
        };
        let mut p = whole(m, locale);
        p.facet = facet;
        p.phrase = m.facet_text(facet, locale)?;
        let zh = locale == Locale::Zh;
        let (open, close) = if zh { ("（", "）") } else { (" (", ")") };
        match facet {
            Facet::Value => {}
            Facet::Change | Facet::ChangeAmount => {
                let c = m.change.as_ref()?;
                let how = match (zh, c.stated) {
                    (true, true) => "同比变化",
                    (true, false) => "同比变化，据逐年数据计算",
                    (false, true) => "change on the year before",
                    (false, false) => "change on the year before, from the yearly figures",
                };
                p.label = format!("{}{open}{how}{close}", p.label);
                p.value = c.amount.to_string();
                p.unit = if c.points { "个百分点".into() } else { "%".into() };
                // A change computed from the series comes from its last two years' cells.
                p.cells = match c.stated {
                    true => String::new(),
                    false => {
                        m.cells.years.values().rev().take(2).rev().cloned().collect::<Vec<_>>().join("; ")
                    }
                };
            }
            Facet::Year(y) => {
                p.value = m.series.get(&y)?.to_string();
                p.period = crate::input::locale::year(locale, y);
                p.period_from = String::new();
                p.period_to = String::new();
                p.cells =
                    m.cells.years.get(&y).cloned().or_else(|| m.cells.series.clone()).unwrap_or_default();
            }
            Facet::Part(i) => {
                let (name, v) = m.parts.get(i)?;
                p.label = format!("{}{open}{name}{close}", p.label);
                p.value = v.to_string();
                let own = m.cells.part.iter().find(|(label, _)| label == name).map(|(_, c)| c.clone());
                p.cells = own.or_else(|| m.cells.parts.clone()).unwrap_or_default();
            }
        }
        Some(p)
    }

    /// Where the figure comes from, as the appendix prints it: the source, with the cells
    /// in brackets.
    pub(crate) fn source_and_cells(&self, locale: Locale) -> String {
        let t = crate::input::locale::get(locale);
        match (self.source.is_empty(), self.cells.is_empty()) {
            (_, true) => self.source.clone(),
            (true, false) => self.cells.clone(),
            (false, false) => format!("{}{}{}{}", self.source, t.open_paren, self.cells, t.close_paren),
        }
    }

    /// What the figure means, as the appendix prints it: the label, with the note in brackets.
    pub(crate) fn meaning(&self, locale: Locale) -> String {
        let t = crate::input::locale::get(locale);
        if self.note.is_empty() {
            self.label.clone()
        } else {
            format!("{}{}{}{}", self.label, t.open_paren, self.note, t.close_paren)
        }
    }

    /// The figure's hover text in the site: what it means, its period, its source and cells,
    /// as the appendix lists them.
    pub(crate) fn title(&self, locale: Locale) -> String {
        let t = crate::input::locale::get(locale);
        let mut title = self.meaning(locale);
        if !self.period.is_empty() {
            title.push_str(&format!("{}{}{}", t.open_paren, self.period, t.close_paren));
        }
        let source = self.source_and_cells(locale);
        if !source.is_empty() {
            title.push_str(&format!("{}{source}", t.source_in_title));
        }
        title
    }

    /// The figure's comment in the Word copy: what it means and how the appendix prints it,
    /// its period and its source with its cells.
    pub(crate) fn comment(&self, locale: Locale) -> String {
        let t = crate::input::locale::get(locale);
        let mut note = format!("{}{}{}", self.meaning(locale), t.colon, self.phrase);
        for (name, value) in
            [(t.appendix_period, &self.period), (t.appendix_source, &self.source_and_cells(locale))]
        {
            if !value.is_empty() {
                note.push_str(&format!("{}{name}{}{value}", t.list_semicolon, t.colon));
            }
        }
        note
    }
}

/// The provenance of a metric as a whole: its value, with every field it has.
fn whole(m: &Metric, locale: Locale) -> Provenance {
    let p = m.period.clone().unwrap_or_default();
    Provenance {
        id: m.id.clone(),
        facet: Facet::Value,
        label: m.label_in(locale).to_string(),
        // A change published alone has no value to list.
        value: if m.only_change { String::new() } else { fmt_decimal(m.value) },
        unit: m.unit.clone(),
        approx: m.qualifier.keyword().to_string(),
        phrase: m.phrase_in(locale),
        period: m.period_in(locale).unwrap_or_default(),
        period_from: p.from.unwrap_or_default(),
        period_to: p.to.unwrap_or_default(),
        source: m.source_in(locale).unwrap_or_default().to_string(),
        cells: m.cells.value.clone().unwrap_or_default(),
        owner: m.owner.clone().unwrap_or_default(),
        note: note(m, locale),
        series: m.series.iter().map(|(y, v)| format!("{y}: {v}")).collect::<Vec<_>>().join("; "),
        change: m.yoy_in(locale).unwrap_or_default(),
        change_amount: m.change.as_ref().map(|c| c.amount.to_string()).unwrap_or_default(),
        change_stated: m.change.as_ref().is_some_and(|c| c.stated),
        used: true,
    }
}

/// The metric's note, with the gap of published parts that do not add up.
fn note(m: &Metric, locale: Locale) -> String {
    let mut note = m.note_in(locale).unwrap_or_default().to_string();
    let Some(sum) = m.parts_sum else { return note };
    let gap = match locale {
        Locale::Zh => format!(
            "分项之和为{}，与总数{}相差{}，按公布数字刊印",
            m.value_in(sum, locale, false),
            m.value_in(m.value, locale, false),
            m.value_in((m.value - sum).abs(), locale, false)
        ),
        Locale::En => {
            format!(
                "the parts add up to {}, not {}: printed as published",
                fmt_decimal(sum),
                fmt_decimal(m.value)
            )
        }
    };
    if !note.is_empty() {
        note.push_str(if locale == Locale::Zh { "；" } else { "; " });
    }
    note.push_str(&gap);
    note
}
