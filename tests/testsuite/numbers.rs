//! Figures: every figure of both example papers printed as the papers print it, in every
//! output, with its source.

use std::path::Path;

use crate::common::*;

#[test]
fn the_example_prints_every_figure_of_the_article_as_the_article_prints_it() {
    let paper = PaperTest::example();
    let html = paper.build().read("output/site/index.html");
    for figure in SEED_FIGURES {
        let span = format!(">{figure}</span>");
        assert!(html.contains(&span), "the page does not print {figure} as a figure");
    }
    assert!(html.contains("连续<span class=\"fig\" data-metric=\"appearance_streak_years\""));
    assert!(html.contains("<html lang=\"zh-CN\">"));
    for chapter in ["一、", "二、", "三、", "四、"] {
        assert!(html.contains(&format!("<span class=\"ordinal\">{chapter}</span>")), "{chapter}");
    }
    assert!(paper.path().join("output/site/assets/style.css").is_file());
}

#[test]
fn every_figure_is_listed_with_its_source_in_data_files_and_the_appendix() {
    let dir = example();
    assert!(gazette(&["build"], dir.path()).status.success());
    let rows: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("output/data/metrics.json")).unwrap()).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 30, "every metric of the example");
    for r in rows {
        assert!(!r["source"].as_str().unwrap().is_empty(), "{} has no source", r["id"]);
        assert!(r["used"].as_bool().unwrap(), "{} is not printed anywhere", r["id"]);
    }
    let concluded = rows.iter().find(|r| r["id"] == "admin_cases_concluded").unwrap();
    assert_eq!((concluded["phrase"].as_str(), concluded["value"].as_str()), (Some("545件"), Some("545")));
    let csv = std::fs::read_to_string(dir.path().join("output/data/metrics.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}id,label,value,unit,approx,phrase,period,"));
    assert!(csv.contains(
        "\nconstruction_claims_amount,从快办理的工程款纠纷总标的额,400000000,元,over_short,超4亿元,近年来,"
    ));
    let html = index_html(dir.path());
    let appendix = &html[html.find("id=\"data-notes\"").expect("the site ends with 数据说明")..];
    assert!(appendix.contains("<td data-label=\"数据\"><span class=\"fig\">4500余件</span></td><td data-label=\"含义\">诉前化解纠纷</td><td data-label=\"统计期间\">近年来</td><td data-label=\"来源\">《中国经济周刊》2024年7月19日刊载文章</td>"));
    if let Some(text) = pdf_text(&dir.path().join("output/laoshan-2024.pdf")) {
        assert!(text.contains("数据说明"), "the PDF ends with 数据说明");
    }
}

#[test]
fn ranges_year_on_year_and_derived_figures_print_in_site_and_pdf() {
    let dir = paper("valid/basic");
    std::fs::write(
        dir.path().join("content/metrics/derived.yaml"),
        "fee_range:\n  label: 收费标准\n  value: [130000, 170000]\n  unit: 元\n  source: 测试\n\n\
         months:\n  label: 审理周期\n  value: [3, 4]\n  unit: 个月\n  numerals: chinese\n  source: 测试\n\n\
         appearance:\n  label: 出庭应诉率\n  value: 99.6\n  unit: '%'\n  series: {2023: 98.76, 2024: 99.6}\n  source: 测试\n\n\
         filed:\n  label: 收案\n  value: 1123\n  unit: 件\n  series: {2023: 1000, 2024: 1123}\n  source: 测试\n\n\
         share:\n  label: 占比\n  formula: by_type / cases_concluded * 100\n  unit: '%'\n  source: 计算\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/03-more.md"),
        "---\ntitle: 补充\n---\n\n收费{{ m.fee_range }}，周期{{ m.months }}。出庭应诉率{{ m.appearance }}，\
         {{ metric.appearance.yoy }}；收案{{ m.filed }}，{{ metric.filed.yoy }}。占比{{ m.share }}。\n",
    )
    .unwrap();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = plain_text(&index_html(dir.path()));
    for phrase in ["13万元~17万元", "三四个月", "99.6%", "同比上升0.84个百分点", "同比增长12.3%", "5.5%"]
    {
        assert!(text.contains(phrase), "`{phrase}` is not in the page");
    }
    if let Some(text) = pdf_text(&dir.path().join("output/basic.pdf")) {
        let flat: String = text.split_whitespace().collect();
        for phrase in ["13万元~17万元", "同比上升0.84个百分点", "5.5%"] {
            assert!(flat.contains(phrase), "`{phrase}` is not in the PDF");
        }
    }
}

/// The figures of 《2022年度山东法院行政案件司法审查报告》 as the court printed them
/// (`shared/research/papers/shandong-2022.md`).
const SHANDONG_TEXT: &[&str] = &[
    "14730件",
    "14665件",
    "达到99.6%",
    "同比上升0.84个百分点",
    "20097件",
    "8307件",
    "270份",
    "1874件",
    "6.88%",
    "同比下降3.95个百分点",
    "分别为16.4%、11.36%、9.72%、10.83%",
    "5224件",
    "分别为3595件、3125件、2655件、2574件、2398件、1998件",
    "61.9%",
    "同比分别增长77.76%、65.78%",
    "同比分别下降21.74%、15.31%",
    "1532件",
    "81.75%",
    "17.1%",
    "均不足500件",
];

#[test]
fn shandong_prints_every_figure_as_the_court_printed_it() {
    let dir = built_without_warning("shandong-2022", &["build"]);
    let html = read(dir.path(), "output/site/index.html");
    let text = plain_text(&html);
    for figure in SHANDONG_TEXT {
        assert!(text.contains(figure), "the site prints `{figure}`");
    }
    // Every figure in a list is a figure: kept on one line, with its source on hover.
    assert!(html.contains(r#"<span class="fig" data-metric="first_instance_loss_rate" title="#));
    assert!(html.contains(">11.36%</span>、<span"), "a year of a series is a figure");
    assert!(html.contains(">77.76%</span>、<span"), "a listed change is a figure");
    // The CMS fragment prints them too.
    let fragment = plain_text(&read(dir.path(), "output/fragment.html"));
    for figure in SHANDONG_TEXT {
        assert!(fragment.contains(figure), "the fragment prints `{figure}`");
    }
    // Cross-references are links to the numbered figure.
    assert!(html.contains(r##"<a class="fig-ref" href="#fig-3">图3</a>"##), "图3 links to its figure");

    // The PDF prints the same words.
    if let Some(pdf) = pdf_text(&dir.path().join("output/shandong-2022.pdf")) {
        let flat: String = pdf.chars().filter(|c| !c.is_whitespace()).collect();
        for figure in SHANDONG_TEXT {
            assert!(flat.contains(figure), "the PDF prints `{figure}`");
        }
    }
}

#[test]
fn shandong_charts_tables_appendix_and_data_print_the_texts_figures() {
    let dir = real_paper("shandong-2022");
    assert!(gazette(&["build"], dir.path()).status.success());
    let html = read(dir.path(), "output/site/index.html");
    // The line chart of the loss rate: the court's decimals, in the SVG and its data table.
    let trend = read(dir.path(), "output/site/charts/loss_rate_trend.svg");
    for figure in ["16.4%", "11.36%", "9.72%", "10.83%", "6.88%"] {
        assert!(trend.contains(figure), "the line chart prints `{figure}`");
        assert!(html.contains(&format!("<td>{figure}</td>")), "the data table prints `{figure}`");
    }
    let cities = read(dir.path(), "output/site/charts/six_cities.svg");
    for figure in ["3595件", "3125件", "2655件", "2574件", "2398件", "1998件"] {
        assert!(cities.contains(figure), "the bar chart prints `{figure}`");
    }
    // The donut prints the share as the text does (81.75%, not 81.8%).
    let donut = read(dir.path(), "output/site/charts/loss_fields.svg");
    assert!(donut.contains("81.75%") && !donut.contains("81.8%"), "{donut}");
    let kpi = read(dir.path(), "output/site/charts/headline.svg");
    for figure in ["14730件", "99.6%", "20097件", "8307件", "270份"] {
        assert!(kpi.contains(figure), "the KPI row prints `{figure}`");
    }
    // A table header never puts one metric's unit over another's figures.
    assert!(!html.contains("数值（件）"), "the data tables print each row's own unit");

    // The 数据说明 appendix lists every printed figure, series years and changes included.
    let appendix = plain_text(&html[html.find("数据说明").expect("appendix")..]);
    for figure in ["16.4%", "11.36%", "同比下降3.95个百分点", "同比增长77.76%", "同比下降21.74%", "不足500件"]
    {
        assert!(appendix.contains(figure), "the appendix lists `{figure}`");
    }
    // The data files carry the series, the stated change and the printed phrase.
    let json = read(dir.path(), "output/data/metrics.json");
    assert!(json.contains(r#""series": "2018: 16.4; 2019: 11.36; 2020: 9.72; 2021: 10.83; 2022: 6.88""#));
    assert!(json.contains(r#""change": "同比分别增长"#) || json.contains(r#""change": "同比增长77.76%""#));
    assert!(json.contains(r#""change_stated": true"#));
    assert!(json.contains(r#""phrase": "不足500件""#));
}

#[test]
fn shandong_english_edition_prints_the_same_figures_in_english() {
    let dir = real_paper("shandong-2022");
    let out = gazette(&["build", "--locale", "en"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = plain_text(&read(dir.path(), "output/en/site/index.html"));
    for figure in [
        "14,730",
        "99.6 percent",
        "up 0.84 percentage points year on year",
        "down 3.95 percentage points year on year",
        "16.4 percent, 11.36 percent, 9.72 percent and 10.83 percent",
        "up 77.76 percent and 65.78 percent year on year respectively",
        "down 21.74 percent and 15.31 percent year on year respectively",
        "under 500",
        "81.75 percent",
        "Figure 3",
    ] {
        assert!(text.contains(figure), "the English site prints `{figure}`");
    }
    // Charts keep the % sign in English.
    let trend = read(dir.path(), "output/en/site/charts/loss_rate_trend.svg");
    assert!(trend.contains("11.36%"), "{trend}");
}

#[test]
fn published_parts_that_do_not_add_up_print_with_a_warning_and_a_note() {
    let dir = real_paper("shandong-2022");
    let file = dir.path().join("content/metrics/02-loss-rate.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    // As if the report had printed 341 for the other fields: 1532 + 341 is not 1874.
    std::fs::write(&file, text.replace("其他领域: 342", "其他领域: 341")).unwrap();
    let out = gazette(&["build"], dir.path());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "parts that do not add up stop the build by default");
    assert!(err.contains("add up to 1873, but its value is 1874"), "{err}");
    std::fs::write(&file, text.replace("其他领域: 342", "其他领域: 341\n  check: warn")).unwrap();
    let out = gazette(&["build"], dir.path());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    assert!(err.contains("content/metrics/02-loss-rate.yaml:"), "the warning is located: {err}");
    assert!(err.contains("printed as published"), "{err}");
    let html = read(dir.path(), "output/site/index.html");
    assert!(html.contains("分项之和为1873件，与总数1874件相差1件，按公布数字刊印"), "the appendix notes it");
    // The file's `defaults` gave every metric its source, period and owner.
    let json = read(dir.path(), "output/data/metrics.json");
    assert!(json.contains(r#""source": "《人民法院报》2023年7月20日""#));
    assert!(!json.contains(r#""source": """#), "every metric has a source");
}

#[test]
fn a_change_published_without_its_value_prints_with_its_verb_everywhere() {
    let metrics = "\
defaults:
  source: 环境资源审判庭
env_cases:
  label: 环境资源保护类案件
  unit: 件
  change: 103
land_cases:
  label: 土地类案件
  value: 1200
  unit: 件
  change: 74.7
";
    let chapter = "---\ntitle: 变化\n---\n\n环境资源保护类案件{{ m.env_cases }}；两类案件{{ list(metrics=[\"env_cases\", \"land_cases\"], yoy=true) }}。\n";
    let paper = PaperTest::fixture("valid/basic")
        .with_file("content/metrics/change.yaml", metrics)
        .with_file("content/03-change.md", chapter);
    let run = paper.run(&["build", "--only", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let page = paper.read("output/site/index.html");
    let text = plain_text(&page);
    assert!(text.contains("环境资源保护类案件同比增长103%；两类案件同比分别增长103%、74.7%。"), "{text}");
    // The appendix lists it as the change it is.
    assert!(text.contains("同比增长103%环境资源保护类案件（同比变化）"), "{text}");
    let json = paper.read("output/data/metrics.json");
    assert!(json.contains("\"phrase\": \"同比增长103%\""), "{json}");
    // A chart or a formula cannot use a value the report never published.
    let chart =
        "trend:\n  kind: bar\n  title: 案件\n  metrics: [env_cases, land_cases]\n  source: 环境资源审判庭\n";
    let formula = "total:\n  label: 合计\n  formula: env_cases + land_cases\n  unit: 件\n  source: 表\n";
    let run = paper
        .with_file("content/charts/trend.yaml", chart)
        .with_file("content/metrics/total.yaml", formula)
        .run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains(
            "chart `trend` draws metric `env_cases`, which publishes only its change (同比增长103%)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the formula of `total` uses `env_cases`, which publishes only its change"),
        "{}",
        run.stderr
    );
}

#[test]
fn typed_trailing_zeros_are_kept_in_the_long_form_of_a_change_too() {
    let metrics = "\
defaults:
  source: 表
a:
  label: 甲
  value: 110
  unit: 件
  change: { value: 10.0 }
b:
  label: 乙
  value: 120
  unit: 件
  change: { value: 6.50, up: 上升 }
c:
  label: 丙
  value: 130
  unit: 件
  change: 10.0
";
    let chapter =
        "---\ntitle: 变化\n---\n\n甲{{ metric.a.yoy }}，乙{{ metric.b.yoy }}，丙{{ metric.c.yoy }}。\n";
    let paper = PaperTest::fixture("valid/basic")
        .with_file("content/metrics/zeros.yaml", metrics)
        .with_file("content/03-zeros.md", chapter);
    let run = paper.run(&["build", "--only", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = plain_text(&paper.read("output/site/index.html"));
    assert!(text.contains("甲同比增长10.0%，乙同比上升6.50%，丙同比增长10.0%。"), "{text}");
}

#[test]
fn a_file_states_its_verbs_and_unit_once_in_defaults() {
    let metrics = "\
defaults:
  source: 表
  unit: 件
  change: { up: 上升, down: 减少 }
stated:
  label: 甲
  value: 110
  change: 10.0
computed:
  label: 乙
  value: 90
  series: { 2022: 100, 2023: 90 }
own:
  label: 丙
  value: 120
  change: { value: 20, up: 增加 }
";
    let chapter = "---\ntitle: 变化\n---\n\n甲{{ m.stated }}，{{ metric.stated.yoy }}；乙{{ m.computed }}，{{ metric.computed.yoy }}；丙{{ metric.own.yoy }}。\n";
    let paper = PaperTest::fixture("valid/basic")
        .with_file("content/metrics/verbs.yaml", metrics)
        .with_file("content/03-verbs.md", chapter);
    let run = paper.run(&["build", "--only", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = plain_text(&paper.read("output/site/index.html"));
    assert!(text.contains("甲110件，同比上升10.0%；乙90件，同比减少10%；丙同比增加20%。"), "{text}");
    // A key `defaults` does not know is told with the ones it does.
    let run = paper
        .with_file(
            "content/metrics/verbs.yaml",
            &metrics.replace("  unit: 件\n", "  unit: 件\n  colour: red\n"),
        )
        .run(&["build"]);
    assert!(run.stderr.contains("unknown key `colour` in `defaults`"), "{}", run.stderr);
    assert!(run.stderr.contains("`change`"), "{}", run.stderr);
}

#[test]
fn one_year_of_a_series_prints_by_its_year_written_either_way() {
    let metrics = "loss:\n  label: 败诉率\n  value: 8.1\n  unit: '%'\n  series: { 2020: 9.72, 2021: 10.83, 2022: 8.1 }\n  source: 表\n";
    let chapter = "---\ntitle: 年份\n---\n\n2021年为{{ metric.loss.series[2021] }}，2020年为{{ metric.loss.series[\"2020\"] }}。\n";
    let paper = PaperTest::fixture("valid/basic")
        .with_file("content/metrics/loss.yaml", metrics)
        .with_file("content/03-years.md", chapter);
    let run = paper.run(&["build", "--only", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = plain_text(&paper.read("output/site/index.html"));
    assert!(text.contains("2021年为10.83%，2020年为9.72%。"), "{text}");
    // A year the series lacks is told at its place in the chapter.
    let wrong = chapter.replace("series[2021]", "series[1999]");
    let run = paper.with_file("content/03-years.md", &wrong).run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("content/03-years.md:5:"), "{}", run.stderr);
    assert!(run.stderr.contains("the series of metric `loss` has no year 1999"), "{}", run.stderr);
    assert!(run.stderr.contains("its years are 2020, 2021, 2022"), "{}", run.stderr);
}

/// Asserts that a built paper prints each figure in its site, its PDF (when poppler is there)
/// and its Word copy; `edition` is the output's folder: `output` or `output/en`.
fn prints_in_every_output(dir: &Path, edition: &str, slug: &str, figures: &[&str]) {
    let text = plain_text(&read(dir, &format!("{edition}/site/index.html")));
    let pdf = pdf_text(&dir.join(format!("{edition}/{slug}.pdf")));
    let flat = pdf.map(|p| p.chars().filter(|c| !c.is_whitespace()).collect::<String>());
    let docx = crate::docx::parts(&dir.join(format!("{edition}/{slug}.docx")));
    let words = plain_text(&docx["word/document.xml"]);
    for figure in figures {
        assert!(text.contains(figure), "the site prints `{figure}`");
        let bare: String = figure.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.as_ref().is_none_or(|f| f.contains(&bare)), "the PDF prints `{figure}`");
        assert!(words.contains(figure), "the Word copy prints `{figure}`");
    }
}

/// The figures of the financial test paper, as a court prints them: yearly metrics, a stated
/// change checked against last year's metric, a part-year, a cumulative total, a change
/// published without its count, a month date.
const FINANCE_TEXT: &[&str] = &[
    "受理金融案件41260件",
    "2022年受理52137件，同比增长26.36%",
    "2023年1至10月受理4.7万件以上",
    "三年来累计受理140397件",
    "诉讼标的额超4180亿元",
    "金融借款合同纠纷21150件，占45%",
    "涉互联网金融案件同比增长103%",
    "信用卡纠纷同比下降12.40%",
];

#[test]
fn a_financial_paper_of_yearly_metrics_prints_every_figure_in_every_output() {
    let dir = built_without_warning("finance-2023", &["build"]);
    let html = read(dir.path(), "output/site/index.html");
    let text = plain_text(&html);
    prints_in_every_output(dir.path(), "output", "finance-2023", FINANCE_TEXT);
    // The total covers the years it adds up; the paper is dated by its month.
    assert!(text.contains("受理金融案件合计2021年1月—2023年10月"), "{text}");
    assert!(html.contains("<time datetime=\"2023-12\">2023年12月</time>"));
    // The chart's axis says its unit, its ticks in one form.
    let svg = read(dir.path(), "output/site/charts/yearly.svg");
    assert!(svg.contains("单位：件") && svg.contains("6万"), "{svg}");
}

/// The figures of the administrative test paper: 上升 for every rise, changes published
/// without their counts, listed together.
const ADMIN_TEXT: &[&str] = &[
    "受理一审行政案件15240件，同比上升20%",
    "审结14986件，同比上升19.40%",
    "非诉行政执行案件24451件，同比上升8.7%",
    "环境资源保护类、土地类案件同比分别上升103%、74.7%",
    "房屋征收类案件同比下降15.31%",
    "行政机关一审败诉率为11.36%，同比下降5.04个百分点",
    "出庭应诉率为78.25%，同比上升20.10个百分点",
];

#[test]
fn an_administrative_paper_that_writes_上升_and_states_changes_alone_prints_every_figure() {
    let dir = built_without_warning("admin-2018", &["build"]);
    prints_in_every_output(dir.path(), "output", "admin-2018", ADMIN_TEXT);
    // A change without its count is listed as the change it is.
    let text = plain_text(&read(dir.path(), "output/site/index.html"));
    assert!(text.contains("同比上升103%环境资源保护类案件（同比变化）"), "{text}");
}

/// A copy of a test paper of `tests/papers/`, built with `args`, which must succeed without a
/// warning.
fn built_without_warning(paper: &str, args: &[&str]) -> tempfile::TempDir {
    let dir = real_paper(paper);
    let out = gazette(args, dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning"), "`gazette {}` of {paper} gives no warning:\n{err}", args.join(" "));
    dir
}

/// Builds a test paper's English edition, which must have no warning, and asserts its figures
/// in every output.
fn english_edition_prints(paper: &str, figures: &[&str]) -> tempfile::TempDir {
    let dir = built_without_warning(paper, &["build", "--locale", "en"]);
    prints_in_every_output(dir.path(), "output/en", paper, figures);
    dir
}

#[test]
fn the_financial_papers_english_edition_prints_every_figure() {
    let dir = english_edition_prints(
        "finance-2023",
        &[
            "received 41,260 financial cases",
            "they received 52,137, up 26.36 percent year on year",
            "more than 47,000",
            "they received 140,397, with over 418 billion yuan in dispute",
            "21,150, 45 percent of the whole",
            // The verb and number stay together; a chart may float before `year on year`.
            "Internet finance cases were up 103 percent",
            "credit card disputes down 12.40 percent year on year",
        ],
    );
    // Dated by its month, in English words; the title's range of years is never broken.
    let html = read(dir.path(), "output/en/site/index.html");
    assert!(plain_text(&html).contains("cases were up 103 percent year on year"), "{html}");
    // The total's period, the years it adds up, in English words in 数据说明.
    assert!(html.contains("January 2021 to October 2023") && !html.contains("2021-01-01"), "{html}");
    assert!(html.contains("<time datetime=\"2023-12\">December 2023</time>"), "{html}");
    if let Some(pdf) = pdf_text(&dir.path().join("output/en/finance-2023.pdf")) {
        assert!(pdf.contains("2021–2023"), "the cover keeps 2021–2023 on one line:\n{pdf}");
    }
}

#[test]
fn the_administrative_papers_english_edition_prints_every_figure() {
    let dir = english_edition_prints(
        "admin-2018",
        &[
            "received 15,240 administrative cases at first instance, up 20 percent year on year",
            "concluded 14,986, up 19.40 percent year on year",
            "24,451 applications to enforce administrative decisions, up 8.7 percent year on year",
            "were up 103 percent and 74.7 percent year on year respectively",
            "housing expropriation cases were down 15.31 percent year on year",
            "down 5.04 percentage points year on year",
            "78.25 percent of cases, up 20.10 percentage points year on year",
        ],
    );
    // 数据说明's long figures wrap in their cell as in the text, the number kept with its
    // words, so the table fits the page instead of scrolling sideways.
    let html = read(dir.path(), "output/en/site/index.html");
    let cell = "<td data-label=\"Figure\"><span class=\"fig long\"><span class=\"nb\">up 103 percent</span> year on year</span></td>";
    assert!(html.contains(cell), "{html}");
}
