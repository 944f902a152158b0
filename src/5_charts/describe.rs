//! What a chart says in words: the text alternative and the data table that stand beside
//! every drawn chart, in the chart's edition's language.

use super::model::{Chart, Data};
use crate::input::{Locale, locale as strings};

/// A label and its figure: 诉前化解纠纷4500余件, or `Disputes resolved: more than 4,500`.
fn labelled(locale: Locale, label: &str, text: &str) -> String {
    match locale {
        Locale::Zh => format!("{label}{text}"),
        Locale::En => format!("{label}: {text}"),
    }
}

/// The text alternative: the kind of chart, then every value as the text prints it
/// ("柱状图：诉前化解纠纷4500余件，协助排查化解矛盾纠纷1047起").
pub(crate) fn alt_text(chart: &Chart) -> String {
    if let Some(alt) = chart.alt.as_ref().filter(|a| !a.trim().is_empty()) {
        return alt.clone();
    }
    let t = strings::get(chart.locale);
    let l = chart.locale;
    let body = match &chart.data {
        Data::Items(items) => {
            items.iter().map(|i| labelled(l, &i.label, &i.text)).collect::<Vec<_>>().join(t.list_comma)
        }
        Data::Lines(lines) => lines
            .iter()
            .map(|line| {
                let points = line
                    .points
                    .iter()
                    .map(|(y, _, text)| labelled(l, &strings::year(l, *y), text))
                    .collect::<Vec<_>>()
                    .join(t.list_comma);
                format!("{}{}{points}", line.label, t.colon)
            })
            .collect::<Vec<_>>()
            .join(t.list_semicolon),
        Data::Stacks { categories, values, .. } => categories
            .iter()
            .zip(values)
            .map(|(c, parts)| {
                let p = parts
                    .iter()
                    .filter(|i| i.value != 0.0)
                    .map(|i| labelled(l, &i.label, &i.text))
                    .collect::<Vec<_>>()
                    .join(t.list_comma);
                format!("{c}{}{p}", t.colon)
            })
            .collect::<Vec<_>>()
            .join(t.list_semicolon),
    };
    format!("{}{}{}{}{body}", chart.kind.name(l), t.colon, chart.title, t.full_stop)
}

/// The chart's data as a table: caption, header cells and rows, values as the text prints them.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The data behind a chart, for the table beneath it.
pub(crate) fn table(chart: &Chart) -> Table {
    let t = strings::get(chart.locale);
    match &chart.data {
        // Each cell prints its own figure with its unit (545件, 58.4%): no unit over the column.
        Data::Items(items) => Table {
            head: vec![t.item.to_string(), t.value.to_string()],
            rows: items.iter().map(|i| vec![i.label.clone(), i.text.clone()]).collect(),
        },
        Data::Lines(lines) => {
            let mut years: Vec<i32> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).collect();
            years.sort_unstable();
            years.dedup();
            let mut head = vec![t.year.to_string()];
            head.extend(lines.iter().map(|l| l.label.clone()));
            let rows = years
                .iter()
                .map(|y| {
                    let mut row = vec![strings::year(chart.locale, *y)];
                    row.extend(lines.iter().map(|l| {
                        l.points.iter().find(|p| p.0 == *y).map_or_else(|| "—".to_string(), |p| p.2.clone())
                    }));
                    row
                })
                .collect();
            Table { head, rows }
        }
        Data::Stacks { categories, segments, values } => {
            let mut head = vec![t.item.to_string()];
            head.extend(segments.iter().cloned());
            let rows = categories
                .iter()
                .zip(values)
                .map(|(c, parts)| {
                    let mut row = vec![c.clone()];
                    row.extend(parts.iter().map(|i| i.text.clone()));
                    row
                })
                .collect();
            Table { head, rows }
        }
    }
}
