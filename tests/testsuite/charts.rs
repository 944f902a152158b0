//! Charts: every kind drawn as snapshotted, numbered figures with source, alt text and table.

use std::path::Path;

use crate::common::*;

/// The width of a PNG, from its header.
fn png_width(bytes: &[u8]) -> u32 {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    u32::from_be_bytes(bytes[16..20].try_into().unwrap())
}

#[test]
fn every_chart_kind_draws_the_same_svg_as_snapshotted() {
    let dir = paper("valid/charts");
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    for id in
        ["bar_chart", "hbar_chart", "line_chart", "pie_chart", "donut_chart", "stacked_chart", "kpi_chart"]
    {
        let svg = std::fs::read_to_string(dir.path().join(format!("output/site/charts/{id}.svg"))).unwrap();
        assert!(svg.contains("role=\"img\""), "{id}");
        insta::assert_snapshot!(format!("chart_{id}"), svg);
        // The drawing for a phone: bars sideways, cards two to a row, a pie's legend beneath.
        let narrow =
            std::fs::read_to_string(dir.path().join(format!("output/site/charts/{id}.narrow.svg"))).unwrap();
        insta::assert_snapshot!(format!("chart_{id}_narrow"), narrow);
        let png = std::fs::read(dir.path().join(format!("output/images/{id}.png"))).unwrap();
        assert!(png_width(&png) >= 1080, "{id}: PNG too narrow");
    }
}

/// The font sizes of an SVG's text, and its width.
fn text_sizes(svg: &str) -> (f64, Vec<f64>) {
    let width = svg.split("width=\"").nth(1).and_then(|w| w.split('"').next()).unwrap().parse().unwrap();
    let sizes =
        svg.split("font-size=\"").skip(1).map(|s| s.split('"').next().unwrap().parse().unwrap()).collect();
    (width, sizes)
}

/// Chart text a reader can take in where each drawing is shown: the PDF prints the wide one
/// 156 mm (442 pt) wide, so at least 9 pt; a 320 px phone shows the narrow one 280 px wide,
/// so at least 11 px. Both example papers, every chart the site shows.
#[test]
fn every_chart_is_drawn_legibly_for_the_pdf_and_for_a_phone() {
    for dir in [example(), real_paper("shandong-2022")] {
        assert!(gazette(&["build", "--only", "site"], dir.path()).status.success());
        let html = index_html(dir.path());
        let ids: Vec<&str> = html
            .split("<source media=\"(max-width: 36rem)\" srcset=\"charts/")
            .skip(1)
            .map(|s| &s[..s.find(".narrow.svg").unwrap()])
            .collect();
        assert!(ids.len() >= 4, "every chart figure has a phone's drawing: {ids:?}");
        for id in ids {
            assert!(
                html.contains(&format!("<img src=\"charts/{id}.svg\"")),
                "{id}: the wide drawing is the fallback"
            );
            let (width, sizes) = text_sizes(&read(dir.path(), &format!("output/site/charts/{id}.svg")));
            let smallest = sizes.iter().copied().fold(f64::MAX, f64::min);
            assert!(smallest * 442.2 / width >= 9.0, "{id}: {smallest} units print at under 9 pt");
            let (width, sizes) =
                text_sizes(&read(dir.path(), &format!("output/site/charts/{id}.narrow.svg")));
            let smallest = sizes.iter().copied().fold(f64::MAX, f64::min);
            assert!(
                smallest * 280.0 / width >= 11.0,
                "{id}: {smallest} units show at under 11 px on a phone"
            );
        }
    }
}

#[test]
fn charts_in_the_site_are_numbered_figures_with_source_alt_text_and_table() {
    let dir = paper("valid/charts");
    assert!(gazette(&["build"], dir.path()).status.success());
    let html = index_html(dir.path());
    assert!(
        html.contains("alt=\"柱状图：多元解纷主要数据。诉前化解纠纷4500余件，协助排查化解矛盾纠纷1047起\""),
        "alt text"
    );
    assert!(html.contains("<span class=\"fig-number\">图1</span>　多元解纷主要数据"));
    assert!(html.contains("<span class=\"fig-number\">图7</span>　主要数据"));
    assert!(html.contains("数据来源：调解平台；基层治理台账"));
    assert!(html.contains("<caption>图3　行政案件数量变化</caption>"));
    assert!(html.contains("<th scope=\"row\">2021年</th><td>240件</td><td>70件</td>"));
    assert!(html.contains("<p>正文中间的段落<span class=\"fig\""), "text before a chart stays a paragraph");
    let figure = &html[html.find("<figure class=\"chart\" id=\"fig-1\">").unwrap()..];
    insta::assert_snapshot!("chart_figure_html", &figure[..figure.find("</figure>").unwrap() + 9]);
    // A reader without Noto Sans CJK sees the charts in the Chinese sans face of their own
    // computer: macOS's PingFang, Windows's Microsoft YaHei.
    let charts = std::fs::read_dir(dir.path().join("output/site/charts")).unwrap();
    let first = charts.map(|e| e.unwrap().path()).min().unwrap();
    let svg = std::fs::read_to_string(first).unwrap();
    let family = svg.split("font-family=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("");
    assert!(family.starts_with("Noto Sans CJK SC, ") && family.ends_with(", sans-serif"), "{family}");
    for face in ["PingFang SC", "Microsoft YaHei"] {
        assert!(family.contains(face), "{family}");
    }
}

#[test]
fn a_corrected_figure_corrects_its_chart() {
    let dir = paper("valid/charts");
    assert!(gazette(&["build"], dir.path()).status.success());
    let before = std::fs::read(dir.path().join("output/site/charts/bar_chart.svg")).unwrap();
    let metrics = dir.path().join("content/metrics/data.yaml");
    let text = std::fs::read_to_string(&metrics).unwrap().replace("value: 1047", "value: 1200");
    std::fs::write(&metrics, text).unwrap();
    assert!(gazette(&["build"], dir.path()).status.success());
    let after = std::fs::read_to_string(dir.path().join("output/site/charts/bar_chart.svg")).unwrap();
    assert_ne!(before, after.as_bytes());
    assert!(after.contains("1200起"));
}

/// A line labelled blank (`labels: { appeals: "" }`) is drawn unlabelled: no crash, no line
/// lost, in every drawing.
#[test]
fn a_line_labelled_blank_is_drawn_without_its_label() {
    let dir = paper("valid/charts");
    let charts = dir.path().join("content/charts/all.yaml");
    let text = std::fs::read_to_string(&charts).unwrap().replacen(
        "  series: [first_instance, appeals]\n",
        "  series: [first_instance, appeals]\n  labels: { appeals: \"\" }\n",
        1,
    );
    std::fs::write(&charts, text).unwrap();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    for file in ["site/charts/line_chart.svg", "site/charts/line_chart.narrow.svg"] {
        let svg = std::fs::read_to_string(dir.path().join("output").join(file)).unwrap();
        assert_eq!(svg.matches("<polyline").count(), 2, "{file}: both lines drawn");
    }
}

#[test]
fn figures_can_be_numbered_in_chinese_in_site_pdf_and_images() {
    let arabic = real_paper("shandong-2022");
    assert!(gazette(&["build"], arabic.path()).status.success());
    let dir = real_paper("shandong-2022");
    with_setting(dir.path(), "\nfigure_numbering: chinese\n");
    let out = gazette(&["build"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = read(dir.path(), "output/site/index.html");
    assert!(html.contains(r##"<a class="fig-ref" href="#fig-3">图三</a>"##), "a reference prints 图三");
    assert!(html.contains(r#"<span class="fig-number">图三</span>"#), "the caption prints 图三");
    if let Some(pdf) = pdf_text(&dir.path().join("output/shandong-2022.pdf")) {
        let flat: String = pdf.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.contains("见图三"), "the PDF's reference prints 图三");
        assert!(flat.matches("图三").count() >= 3, "the PDF's caption prints 图三 too");
        assert!(!flat.contains("图3"), "no figure is numbered in digits");
    }
    // The images for WeChat and slides carry the number in their heading (图二 where it was 图2).
    let png = |d: &Path| std::fs::read(d.join("output/images/six_cities.png")).unwrap();
    assert_ne!(png(dir.path()), png(arabic.path()), "the image's heading changes with the numbering");
}

/// The texts of an SVG, in order.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split("</text>").next()?.trim().to_string()))
        .collect()
}

#[test]
fn an_axis_says_its_unit_and_prints_every_tick_in_one_form() {
    let metrics = "\
defaults:
  source: 表
  unit: 件
a:
  label: 甲
  value: 20000
b:
  label: 乙
  value: 4000
money:
  label: 标的额
  value: 1800
  unit: 亿元
  series: { 2021: 1200, 2022: 1500, 2023: 1800 }
";
    let charts = "\
counts:
  kind: bar
  title: 收案
  metrics: [a, b]
  source: 表
amount:
  kind: line
  title: 标的额
  series: money
  source: 表
";
    let dir = paper("valid/basic");
    std::fs::write(dir.path().join("content/metrics/axis.yaml"), metrics).unwrap();
    std::fs::create_dir_all(dir.path().join("content/charts")).unwrap();
    std::fs::write(dir.path().join("content/charts/axis.yaml"), charts).unwrap();
    std::fs::write(
        dir.path().join("content/03-axis.md"),
        "---\ntitle: 图\n---\n\n{{ chart.counts }}\n\n{{ chart.amount }}\n",
    )
    .unwrap();
    let o = gazette(&["build", "--only", "site"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let counts = svg_texts(&read(dir.path(), "output/site/charts/counts.svg"));
    assert!(counts.contains(&"单位：件".to_string()), "{counts:?}");
    // 5000 beside 2万 is 0.5万: one form for the axis.
    for tick in ["0", "0.5万", "1万", "1.5万", "2万"] {
        assert!(counts.contains(&tick.to_string()), "no tick `{tick}`: {counts:?}");
    }
    assert!(!counts.contains(&"5000".to_string()), "{counts:?}");
    let amount = svg_texts(&read(dir.path(), "output/site/charts/amount.svg"));
    assert!(amount.contains(&"单位：亿元".to_string()), "{amount:?}");
}
