//! One provenance per printed figure: every figure a paper prints — a value, a change, a year
//! of a series, a part, an item of a list — says the same thing about where it comes from in
//! the site's hover text, the Word copy's comment and the 数据说明 appendix, in both editions.

use std::path::Path;

use crate::common::PaperTest;

/// The edition's words around a provenance.
struct Words {
    open: &'static str,
    close: &'static str,
    source_in_title: &'static str,
    semicolon: &'static str,
    colon: &'static str,
    period: &'static str,
    source: &'static str,
}

const ZH: Words = Words {
    open: "（",
    close: "）",
    source_in_title: "；来源：",
    semicolon: "；",
    colon: "：",
    period: "统计期间",
    source: "来源",
};
const EN: Words = Words {
    open: " (",
    close: ")",
    source_in_title: "; source: ",
    semicolon: "; ",
    colon: ": ",
    period: "Period",
    source: "Source",
};

/// An appendix row: the figure as listed, its meaning, period and source with its cells.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    phrase: String,
    meaning: String,
    period: String,
    source: String,
}

impl Row {
    /// The hover text a figure of this row must have.
    fn title(&self, w: &Words) -> String {
        let mut t = self.meaning.clone();
        if !self.period.is_empty() {
            t = format!("{t}{}{}{}", w.open, self.period, w.close);
        }
        if !self.source.is_empty() {
            t = format!("{t}{}{}", w.source_in_title, self.source);
        }
        t
    }

    /// The Word comment a figure of this row must have.
    fn comment(&self, w: &Words) -> String {
        let mut t = format!("{}{}{}", self.meaning, w.colon, self.phrase);
        for (name, value) in [(w.period, &self.period), (w.source, &self.source)] {
            if !value.is_empty() {
                t = format!("{t}{}{name}{}{value}", w.semicolon, w.colon);
            }
        }
        t
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn strip_tags(s: &str) -> String {
    unescape(&crate::common::plain_text(s))
}

/// The figures of the site's pages: each printed figure's metric and hover text.
fn hovers(site: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(site).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap();
        for tag in html.split("<span class=\"fig").skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let attr = |name: &str| {
                let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
                Some(unescape(&tag[start..start + tag[start..].find('"')?]))
            };
            // The appendix's own figures have no metric: they are the rows themselves.
            if let (Some(metric), Some(title)) = (attr("data-metric"), attr("title")) {
                out.push((metric, title));
            }
        }
    }
    out
}

/// The rows of the 数据说明 appendix.
fn appendix(index: &str) -> Vec<Row> {
    let Some(start) = index.find("<section class=\"chapter appendix\"") else { return Vec::new() };
    let section = &index[start..index[start..].find("</section>").map_or(index.len(), |e| start + e)];
    section
        .split("<tr><td")
        .skip(1)
        .filter_map(|row| {
            let cells: Vec<String> = row
                .split("<td")
                .map(|c| {
                    let body = &c[c.find('>').map_or(0, |i| i + 1)..];
                    strip_tags(&body[..body.find("</td>").unwrap_or(body.len())])
                })
                .collect();
            match cells.as_slice() {
                [phrase, meaning, period, source, ..] => Some(Row {
                    phrase: phrase.clone(),
                    meaning: meaning.clone(),
                    period: period.clone(),
                    source: source.clone(),
                }),
                _ => None,
            }
        })
        .collect()
}

/// The text of each comment of the Word copy.
fn comments(docx: &Path) -> Vec<String> {
    let parts = crate::docx::parts(docx);
    let Some(xml) = parts.get("word/comments.xml") else { return Vec::new() };
    let doc = roxmltree::Document::parse(xml).unwrap();
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    doc.descendants()
        .filter(|n| n.has_tag_name((w, "comment")))
        .map(|c| c.descendants().filter(|n| n.has_tag_name((w, "t"))).filter_map(|n| n.text()).collect())
        .collect()
}

/// Builds a paper's edition with comments in its Word copy and checks that every figure's
/// hover and comment are those of an appendix row; returns how many figures it checked.
fn agree(paper: &PaperTest, en: bool) -> usize {
    crate::common::with_setting(paper.path(), "\ndocx: { comments: true }\n");
    let args: &[&str] = if en { &["build", "--locale", "en"] } else { &["build"] };
    let run = paper.run(args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = if en { paper.path().join("output/en") } else { paper.path().join("output") };
    let w = if en { &EN } else { &ZH };
    let rows = appendix(&std::fs::read_to_string(out.join("site/index.html")).unwrap());
    assert!(!rows.is_empty(), "no appendix in {}", out.display());
    let hovers = hovers(&out.join("site"));
    let docx = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"));
    let comments = comments(&docx.expect("a Word copy"));
    for (metric, title) in &hovers {
        assert!(
            rows.iter().any(|r| r.title(w) == *title),
            "{}: the hover of a figure of `{metric}` is no appendix row's:\n{title}\nrows:\n{rows:#?}",
            out.display()
        );
    }
    for comment in &comments {
        assert!(
            rows.iter().any(|r| r.comment(w) == *comment),
            "{}: a Word comment is no appendix row's:\n{comment}\nrows:\n{rows:#?}",
            out.display()
        );
    }
    // Every figure of the text is commented, and each once.
    assert_eq!(
        hovers.len(),
        comments.len(),
        "{}: figures in the site and comments in the Word copy",
        out.display()
    );
    hovers.len()
}

#[test]
fn every_figure_of_the_example_says_where_it_comes_from_alike_in_every_output() {
    assert!(agree(&PaperTest::example(), false) > 20);
    assert!(agree(&PaperTest::example(), true) > 20);
}

#[test]
fn every_figure_of_the_shandong_paper_says_where_it_comes_from_alike_in_every_output() {
    let paper = PaperTest::real("shandong-2022");
    let n = agree(&paper, false);
    assert!(n > 30, "{n}");
    // A year of a series says its year, not the metric's period; a change says it is one.
    let rows = appendix(&paper.read("output/site/index.html"));
    let year = rows.iter().find(|r| r.phrase == "16.4%").expect("the 2018 loss rate is listed");
    assert_eq!(year.period, "2018年", "{year:?}");
    let change = rows.iter().find(|r| r.phrase.contains("77.76%")).expect("the change of 淄博 is listed");
    assert!(change.meaning.contains("同比变化"), "{change:?}");
    assert!(change.phrase.starts_with("同比增长"), "{change:?}");
    assert!(agree(&PaperTest::real("shandong-2022"), true) > 30);
}

#[test]
fn every_figure_read_from_a_workbook_names_its_own_cell_alike_in_every_output() {
    let file = "data/统计.xlsx";
    let paper = crate::anchored::paper_with(
        file,
        &crate::anchored::Grid::office().xlsx(),
        &crate::anchored::anchored(file),
    );
    assert!(agree(&paper, false) >= 8);
    let rows = appendix(&paper.read("output/site/index.html"));
    let source =
        |phrase: &str| rows.iter().find(|r| r.phrase == phrase).map(|r| r.source.clone()).unwrap_or_default();
    // A part cites its own cell, not the whole range; the value its own.
    assert_eq!(source("3200件"), "省法院审判管理办公室（data/统计.xlsx 行政!D6）");
    assert_eq!(source("1万件"), "省法院审判管理办公室（data/统计.xlsx 行政!D5）");
    // A change computed from the series names the two years' cells.
    assert_eq!(
        source("同比增长5.3%"),
        "省法院审判管理办公室（data/统计.xlsx 行政!C5; data/统计.xlsx 行政!D5）"
    );
}
