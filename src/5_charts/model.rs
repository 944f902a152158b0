//! The chart model: what a chart shows and how, its data in the shape its kind draws.

use crate::input::diagnostic::Location;
use crate::input::keyed::{Keyed, Set};

/// What a chart shows and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Bar,
    HBar,
    Line,
    Pie,
    Donut,
    Stacked,
    Kpi,
}

impl Kind {
    pub(crate) const NAMES: &'static [(&'static str, Kind)] = &[
        ("bar", Kind::Bar),
        ("hbar", Kind::HBar),
        ("line", Kind::Line),
        ("pie", Kind::Pie),
        ("donut", Kind::Donut),
        ("stacked", Kind::Stacked),
        ("kpi", Kind::Kpi),
    ];

    /// What the kind is called in a Chinese text alternative.
    /// The kind's name in the edition's language, for text alternatives.
    pub(crate) fn name(self, locale: crate::input::Locale) -> &'static str {
        if locale == crate::input::Locale::Zh {
            return self.zh();
        }
        match self {
            Kind::Bar => "Bar chart",
            Kind::HBar => "Horizontal bar chart",
            Kind::Line => "Line chart",
            Kind::Pie => "Pie chart",
            Kind::Donut => "Donut chart",
            Kind::Stacked => "Stacked bar chart",
            Kind::Kpi => "Key figures",
        }
    }

    pub(crate) fn zh(self) -> &'static str {
        match self {
            Kind::Bar => "柱状图",
            Kind::HBar => "条形图",
            Kind::Line => "折线图",
            Kind::Pie => "饼图",
            Kind::Donut => "环形图",
            Kind::Stacked => "堆积柱状图",
            Kind::Kpi => "数据卡片",
        }
    }
}

/// One value to draw, with the text that prints it.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub label: String,
    pub value: f64,
    /// The figure as the text prints it (4500余件).
    pub text: String,
}

/// A line of a line chart.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub label: String,
    pub points: Vec<(i32, f64, String)>,
}

/// The data of a chart, in the shape its kind draws.
#[derive(Debug, Clone)]
pub(crate) enum Data {
    Items(Vec<Item>),
    Lines(Vec<Line>),
    /// Stacked bars: one bar per category, one segment per part name.
    Stacks {
        categories: Vec<String>,
        segments: Vec<String>,
        values: Vec<Vec<Item>>,
    },
}

/// A chart, validated and ready to draw.
#[derive(Debug, Clone)]
pub(crate) struct Chart {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub caption: Option<String>,
    /// The source line: as written, or the metrics' sources.
    pub source: String,
    pub unit: String,
    pub colors: Vec<String>,
    pub data: Data,
    pub at: Location,
    /// The metrics it draws, by id.
    pub metrics: Vec<String>,
    /// A text alternative written by hand, replacing the one made from the data.
    pub alt: Option<String>,
    /// The edition the chart is drawn for: its words and figures are in this language.
    pub locale: crate::input::Locale,
    pub alt_at: Option<Location>,
    /// Drawn for the English edition without an English title: an error only if an English
    /// chapter places it.
    pub missing_en_title: bool,
}

/// All charts of a paper, by id.
pub(crate) type Charts = Set<Chart>;

impl Chart {
    /// A hash of everything about the chart that a chapter shows, so that `serve` can tell
    /// whether a chapter that places it must be made again.
    pub(crate) fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let Chart {
            id,
            kind,
            title,
            caption,
            source,
            unit,
            colors,
            data,
            at: _,
            metrics,
            alt,
            locale,
            alt_at: _,
            missing_en_title,
        } = self;
        let mut h = std::hash::DefaultHasher::new();
        (id, kind, title, caption, source, unit, colors, metrics, alt, locale.tag(), missing_en_title)
            .hash(&mut h);
        format!("{data:?}").hash(&mut h);
        h.finish()
    }
}

impl Keyed for Chart {
    fn id(&self) -> &str {
        &self.id
    }

    fn at(&self) -> &Location {
        &self.at
    }
}
