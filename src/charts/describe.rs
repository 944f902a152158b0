//! What a chart says in words: the Chinese text alternative and the data table that stand
//! beside every drawn chart.

use super::{Chart, Data};

/// The text alternative: the kind of chart, then every value as the text prints it
/// ("柱状图：诉前化解纠纷4500余件，协助排查化解矛盾纠纷1047起").
pub fn alt_text(chart: &Chart) -> String {
    if let Some(alt) = chart.alt.as_ref().filter(|a| !a.trim().is_empty()) {
        return alt.clone();
    }
    let body = match &chart.data {
        Data::Items(items) => {
            items.iter().map(|i| format!("{}{}", i.label, i.text)).collect::<Vec<_>>().join("，")
        }
        Data::Lines(lines) => lines
            .iter()
            .map(|l| {
                let points =
                    l.points.iter().map(|(y, _, t)| format!("{y}年{t}")).collect::<Vec<_>>().join("，");
                format!("{}：{points}", l.label)
            })
            .collect::<Vec<_>>()
            .join("；"),
        Data::Stacks { categories, values, .. } => categories
            .iter()
            .zip(values)
            .map(|(c, parts)| {
                let p = parts
                    .iter()
                    .filter(|i| i.value != 0.0)
                    .map(|i| format!("{}{}", i.label, i.text))
                    .collect::<Vec<_>>()
                    .join("，");
                format!("{c}：{p}")
            })
            .collect::<Vec<_>>()
            .join("；"),
    };
    format!("{}：{}。{body}", chart.kind.zh(), chart.title)
}

/// The chart's data as a table: caption, header cells and rows, values as the text prints them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The data behind a chart, for the table beneath it.
pub fn table(chart: &Chart) -> Table {
    let unit = if chart.unit.is_empty() { String::new() } else { format!("（{}）", chart.unit) };
    match &chart.data {
        Data::Items(items) => Table {
            head: vec!["项目".to_string(), format!("数值{unit}")],
            rows: items.iter().map(|i| vec![i.label.clone(), i.text.clone()]).collect(),
        },
        Data::Lines(lines) => {
            let mut years: Vec<i32> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).collect();
            years.sort_unstable();
            years.dedup();
            let mut head = vec!["年份".to_string()];
            head.extend(lines.iter().map(|l| l.label.clone()));
            let rows = years
                .iter()
                .map(|y| {
                    let mut row = vec![format!("{y}年")];
                    row.extend(lines.iter().map(|l| {
                        l.points.iter().find(|p| p.0 == *y).map_or_else(|| "—".to_string(), |p| p.2.clone())
                    }));
                    row
                })
                .collect();
            Table { head, rows }
        }
        Data::Stacks { categories, segments, values } => {
            let mut head = vec!["项目".to_string()];
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
