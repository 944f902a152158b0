//! The metric model: a figure with its unit, approximation, period and source, and how each
//! of its facets prints in either edition.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::input::diagnostic::Location;
use crate::input::keyed::{Keyed, Set};
use crate::metrics::phrase::{self, Figure, Numerals, Qualifier, Scale};

/// Which of a metric's figures a figure node prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Facet {
    /// The metric's own figure (545件).
    Value,
    /// Its year-on-year change with the verb (同比增长12.3%).
    Change,
    /// The amount of the change alone, in a list (12.3%).
    ChangeAmount,
    /// One year of its `series`.
    Year(i32),
    /// One of its `parts`, by position.
    Part(usize),
}

/// The period a figure covers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Period {
    /// How the paper names it (2023年以来, 上半年).
    pub label: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Period {
    /// The period as printed: its label, or `from—to`.
    pub(crate) fn text(&self) -> String {
        match (&self.label, &self.from, &self.to) {
            (Some(l), _, _) => l.clone(),
            (None, Some(f), Some(t)) => format!("{f}—{t}"),
            (None, Some(f), None) => format!("{f}起"),
            (None, None, Some(t)) => format!("截至{t}"),
            (None, None, None) => String::new(),
        }
    }
}

/// A derived metric's formula, with where it is written.
#[derive(Debug, Clone)]
pub(crate) struct Formula {
    pub text: String,
    pub at: Location,
}

/// The workbook cells a metric's figures were read from, each named with its workbook and
/// sheet (`data/收结案.xlsx 行政!C12`): the value's, the series' and the parts', as ranges and
/// one by one.
#[derive(Debug, Clone, Default, PartialEq, Hash)]
pub(crate) struct Cells {
    pub value: Option<String>,
    pub series: Option<String>,
    pub years: BTreeMap<i32, String>,
    pub parts: Option<String>,
    /// Each part's cell, by its label.
    pub part: Vec<(String, String)>,
}

impl Cells {
    pub(crate) fn is_empty(&self) -> bool {
        self.value.is_none() && self.series.is_none() && self.parts.is_none()
    }

    /// Every range the metric was read from: its value's, its series' and its parts'.
    pub(crate) fn all(&self) -> Vec<String> {
        [&self.value, &self.series, &self.parts].into_iter().flatten().cloned().collect()
    }
}

/// One figure of the paper.
#[derive(Debug, Clone)]
pub(crate) struct Metric {
    pub id: String,
    pub label: String,
    pub value: Decimal,
    pub unit: String,
    pub qualifier: Qualifier,
    pub scale: Scale,
    pub numerals: Numerals,
    pub period: Option<Period>,
    pub source: Option<String>,
    pub owner: Option<String>,
    pub note: Option<String>,
    /// The workbook cells its figures were read from, if any.
    pub cells: Cells,
    /// The range its figures may lie in (`bounds: [0, 1000]`), where a rate may exceed 100%.
    pub bounds: Option<(Decimal, Decimal)>,
    /// Its series may change tenfold in its last year (`allow: [jump]`).
    pub allow_jump: bool,
    /// The report publishes its change alone, not its value (`change:` without `value:`, as
    /// in 环境资源保护类案件同比增长103%): the figure it prints is the change, with its verb.
    pub only_change: bool,
    /// The metric its stated change is measured from (`change: { value: 20.03, base: cases_2022 }`),
    /// and where that is written.
    pub change_base: Option<(String, Location)>,
    /// Value by year, in year order.
    pub series: BTreeMap<i32, Decimal>,
    /// Value by category, in file order.
    pub parts: Vec<(String, Decimal)>,
    /// The parts cover only some of the value.
    pub partial: bool,
    /// The figure as printed: 545件, 4500余件.
    pub phrase: String,
    /// The upper end when the figure is a range (`value: [9亿, 16亿]` → 9亿元~16亿元).
    pub upper: Option<Decimal>,
    /// The year-on-year change: stated (`change: 77.76`) or from the last two consecutive
    /// years of `series`.
    pub change: Option<Change>,
    /// How published parts that do not add up are treated (`check: warn` prints them anyway).
    pub check: Check,
    /// What the parts add up to when they differ from the value and `check: warn` allows it.
    pub parts_sum: Option<Decimal>,
    /// How a derived metric is computed from others (`settled / concluded * 100`).
    pub formula: Option<Formula>,
    /// Decimal places a derived value is rounded to.
    pub round: Option<u32>,
    /// The value as written in the file, when a derived metric also states one.
    pub stated: Option<Decimal>,
    /// What the English edition prints where it needs its own words, and its phrase.
    pub en: English,
    /// Where the metric's id is written.
    pub at: Location,
}

/// A metric in the English edition (`en: { label: …, unit: … }`): its own words where it
/// needs them, and its figure as that edition prints it (more than 4,500).
#[derive(Debug, Clone, Default, Hash)]
pub(crate) struct English {
    pub label: Option<String>,
    pub unit: Option<String>,
    pub period: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
    /// The figure as the English edition prints it, phrased with the Chinese one.
    pub phrase: String,
}

/// A year-on-year change as the paper prints it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Change {
    /// Signed: a percentage of the earlier value, or percentage points for a rate.
    pub amount: Decimal,
    /// Percentage points (a rate or share) rather than a percentage.
    pub points: bool,
    /// Stated in the file (`change:`), not computed from `series`.
    pub stated: bool,
    /// The words for a rise and a fall, when the metric names its own (提高/降低).
    pub up: Option<String>,
    pub down: Option<String>,
}

impl Change {
    /// The change as the edition prints it: 同比增长77.76%, up 77.76 percent year on year.
    pub(crate) fn phrase_in(&self, locale: crate::input::Locale) -> String {
        match locale {
            crate::input::Locale::Zh => {
                crate::metrics::change::change_phrase(self.amount, self.points, self.words())
            }
            crate::input::Locale::En => crate::metrics::phrase_en::change_phrase(self.amount, self.points),
        }
    }

    /// The verbs of this change: the metric's own, else the defaults for its kind.
    pub(crate) fn words(&self) -> crate::metrics::change::ChangeWords<'_> {
        let default = crate::metrics::change::ChangeWords::default_for(self.points);
        crate::metrics::change::ChangeWords {
            up: self.up.as_deref().unwrap_or(default.up),
            down: self.down.as_deref().unwrap_or(default.down),
        }
    }
}

/// How a metric's published parts are checked against its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum Check {
    /// Parts that do not add up stop the build (the default).
    #[default]
    Error,
    /// Parts that do not add up are printed as published, with a warning and a note.
    Warn,
}

/// All metrics of a paper, in file order, looked up by id.
pub(crate) type Metrics = Set<Metric>;

impl Metric {
    /// A hash of everything about the metric that a chapter can print, so that `serve` can
    /// tell whether a chapter that refers to it must be made again.
    pub(crate) fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let Metric {
            id,
            label,
            value,
            unit,
            qualifier,
            scale,
            numerals,
            period,
            source,
            owner,
            note,
            cells,
            series,
            parts,
            partial,
            phrase,
            upper,
            change,
            check,
            parts_sum,
            formula,
            round,
            stated,
            en,
            bounds,
            allow_jump,
            change_base,
            only_change,
            at: _,
        } = self;
        let mut h = std::hash::DefaultHasher::new();
        (id, label, value, unit, qualifier, scale, numerals, period, source, owner, note).hash(&mut h);
        (series, parts, partial, phrase, upper, change, check, parts_sum).hash(&mut h);
        (formula.as_ref().map(|f| &f.text), round, stated).hash(&mut h);
        (en, cells, bounds, allow_jump, change_base.as_ref().map(|b| &b.0), only_change).hash(&mut h);
        h.finish()
    }

    /// Phrases the figure in both editions' styles, once, when the metric is read or
    /// derived: the Chinese by the rules, which may refuse it (545件, 4500余件), and the
    /// English (more than 4,500; over 400 million yuan).
    pub(crate) fn phrase_both(&mut self) -> crate::input::hinted::HintedResult<()> {
        let figure = self.figure();
        self.phrase = match self.upper {
            Some(upper) => phrase::phrase_range(&figure, upper)?,
            None => phrase::phrase(&figure)?,
        };
        let f = self.figure_en(false);
        self.en.phrase = match self.upper {
            Some(upper) => crate::metrics::phrase_en::phrase_range(&f, upper),
            None => crate::metrics::phrase_en::phrase(&f),
        };
        if let Some(change) = self.change.as_ref().filter(|_| self.only_change) {
            self.phrase = change.phrase_in(crate::input::Locale::Zh);
            self.en.phrase = change.phrase_in(crate::input::Locale::En);
        }
        Ok(())
    }

    /// The values of the last two years of `series`, when they follow each other.
    pub(crate) fn last_change(&self) -> Option<(Decimal, Decimal)> {
        let mut last_two = self.series.iter().rev().take(2);
        let ((y1, v1), (y0, v0)) = (last_two.next()?, last_two.next()?);
        (*y1 == y0 + 1).then_some((*v0, *v1))
    }

    /// The metric's own figure, as the Chinese text prints it.
    pub(crate) fn figure(&self) -> Figure<'_> {
        Figure {
            value: self.value,
            unit: &self.unit,
            qualifier: self.qualifier,
            scale: self.scale,
            numerals: self.numerals,
            decimals: self.round,
        }
    }

    /// The metric's own figure as the English edition prints it; `percent_sign` for charts.
    /// Its decimals are `round`'s where the Chinese figure is not printed in 万 or 亿 (English
    /// prints the whole number: 14,730).
    fn figure_en(&self, percent_sign: bool) -> crate::metrics::phrase_en::FigureEn<'_> {
        crate::metrics::phrase_en::FigureEn {
            value: self.value,
            unit: &self.unit,
            unit_en: self.en.unit.as_deref(),
            qualifier: self.qualifier,
            numerals: self.numerals,
            decimals: self.round.filter(|_| matches!(self.scale, Scale::Auto | Scale::None)),
            percent_sign,
        }
    }

    /// The Chinese figure for a value of this metric (a year of its series, a part): in its
    /// unit, scale and decimals, always exact.
    pub(crate) fn figure_for(&self, value: Decimal) -> Figure<'_> {
        Figure {
            value,
            unit: &self.unit,
            qualifier: Qualifier::Exact,
            scale: self.scale,
            numerals: Numerals::Arabic,
            decimals: self.round,
        }
    }

    /// A value of this metric other than its own (a year of `series`, a part) as the edition
    /// prints it, exact, in the metric's unit; `percent_sign` for charts (58.4%).
    pub(crate) fn value_in(
        &self,
        value: Decimal,
        locale: crate::input::Locale,
        percent_sign: bool,
    ) -> String {
        match locale {
            crate::input::Locale::En => {
                crate::metrics::phrase_en::phrase(&crate::metrics::phrase_en::FigureEn {
                    value,
                    qualifier: Qualifier::Exact,
                    numerals: Numerals::Arabic,
                    ..self.figure_en(percent_sign)
                })
            }
            crate::input::Locale::Zh => phrase::phrase(&self.figure_for(value))
                .unwrap_or_else(|_| format!("{}{}", phrase::fmt_number(value), self.unit)),
        }
    }

    /// One of the metric's figures as the edition prints it; `None` when it has no such
    /// figure (a year not in its series).
    pub(crate) fn facet_text(&self, facet: Facet, locale: crate::input::Locale) -> Option<String> {
        match facet {
            Facet::Value => Some(self.phrase_in(locale)),
            Facet::Change => self.yoy_in(locale),
            Facet::ChangeAmount => self.change.as_ref().map(|c| match locale {
                crate::input::Locale::Zh => crate::metrics::change::change_amount(c.amount, c.points),
                crate::input::Locale::En => crate::metrics::phrase_en::change_amount(c.amount, c.points),
            }),
            Facet::Year(y) => self.series.get(&y).map(|v| self.value_in(*v, locale, false)),
            Facet::Part(i) => self.parts.get(i).map(|(_, v)| self.value_in(*v, locale, false)),
        }
    }

    /// The figure as a chart prints it: the text's phrase, with the % sign in English.
    pub(crate) fn chart_text(&self, locale: crate::input::Locale) -> String {
        if locale == crate::input::Locale::Zh || self.upper.is_some() || self.unit != "%" {
            return self.phrase_in(locale);
        }
        crate::metrics::phrase_en::phrase(&self.figure_en(true))
    }

    /// The year-on-year change as the edition prints it, if the metric has one.
    pub(crate) fn yoy_in(&self, locale: crate::input::Locale) -> Option<String> {
        self.change.as_ref().map(|c| c.phrase_in(locale))
    }

    /// The label in the edition's language: English falls back to the Chinese label.
    pub(crate) fn label_in(&self, locale: crate::input::Locale) -> &str {
        match locale {
            crate::input::Locale::En => self.en.label.as_deref().unwrap_or(&self.label),
            crate::input::Locale::Zh => &self.label,
        }
    }

    /// The period as the edition prints it: English falls back to the dates, then the Chinese.
    pub(crate) fn period_in(&self, locale: crate::input::Locale) -> Option<String> {
        let p = self.period.as_ref();
        match locale {
            crate::input::Locale::En => self.en.period.clone().or_else(|| {
                p.and_then(|p| match (&p.from, &p.to) {
                    (Some(f), Some(t)) => Some(super::days::english(f, t)),
                    (None, Some(t)) => Some(format!("to {t}")),
                    (Some(f), None) => Some(format!("from {f}")),
                    (None, None) => p.label.clone(),
                })
            }),
            crate::input::Locale::Zh => p.map(Period::text),
        }
    }

    /// The source in the edition's language (English falls back to the original citation).
    pub(crate) fn source_in(&self, locale: crate::input::Locale) -> Option<&str> {
        match locale {
            crate::input::Locale::En => self.en.source.as_deref().or(self.source.as_deref()),
            crate::input::Locale::Zh => self.source.as_deref(),
        }
    }

    /// The note in the edition's language; an English edition without one shows none.
    pub(crate) fn note_in(&self, locale: crate::input::Locale) -> Option<&str> {
        match locale {
            crate::input::Locale::En => self.en.note.as_deref(),
            crate::input::Locale::Zh => self.note.as_deref(),
        }
    }

    /// The printed figure in the edition's language.
    pub(crate) fn phrase_in(&self, locale: crate::input::Locale) -> String {
        match locale {
            crate::input::Locale::En => self.en.phrase.clone(),
            crate::input::Locale::Zh => self.phrase.clone(),
        }
    }
}

impl Keyed for Metric {
    fn id(&self) -> &str {
        &self.id
    }

    fn at(&self) -> &Location {
        &self.at
    }
}
