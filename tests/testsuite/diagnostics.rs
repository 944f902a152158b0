//! Bad input: every invalid fixture fails with a located message, its whole stderr
//! snapshotted, and leaves `output/` untouched; refused HTML, images and files.

use std::path::Path;

use crate::common::*;

/// What an invalid fixture expects: exit status and diagnostics.
struct Expect {
    exit: i32,
    lines: Vec<String>,
    absent: Vec<String>,
}

fn read_expect(case: &Path) -> Expect {
    let text = std::fs::read_to_string(case.join("expect.txt")).unwrap();
    let mut exit = 1;
    let mut lines = Vec::new();
    let mut absent = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if let Some(n) = line.strip_prefix("exit ") {
            exit = n.parse().unwrap();
        } else if let Some(t) = line.strip_prefix("not: ") {
            absent.push(t.to_string());
        } else {
            lines.push(line.to_string());
        }
    }
    Expect { exit, lines, absent }
}

/// One test per fixture of `tests/fixtures/invalid/`, named after it, so that each runs and
/// fails on its own (`cargo test --test testsuite absurd_value`).
macro_rules! invalid_fixtures {
    ($($test:ident: $dir:literal,)*) => {
        $(
            #[test]
            fn $test() {
                invalid_fixture($dir);
            }
        )*
        /// The fixtures that have their test.
        const INVALID_FIXTURES: &[&str] = &[$($dir),*];
    };
}

invalid_fixtures! {
    absurd_value: "absurd-value",
    bad_metric_id: "bad-metric-id",
    bad_qualifier: "bad-qualifier",
    binary_metrics: "binary-metrics",
    broken_metrics_file_no_cascade: "broken-metrics-file-no-cascade",
    chapter_is_a_folder: "chapter-is-a-folder",
    chart_inside_sentence: "chart-inside-sentence",
    chart_mixes_percent: "chart-mixes-percent",
    chart_rejected_but_placed: "chart-rejected-but-placed",
    chart_unknown_metric: "chart-unknown-metric",
    charts_folder_is_a_file: "charts-folder-is-a-file",
    config_typo: "config-typo",
    derived_disagrees: "derived-disagrees",
    doubled_qualifier: "doubled-qualifier",
    duplicate_across_files: "duplicate-across-files",
    duplicate_in_file: "duplicate-in-file",
    empty_chapter: "empty-chapter",
    external_image: "external-image",
    formula_adds_units: "formula-adds-units",
    formula_cycle_and_big_share: "formula-cycle-and-big-share",
    formula_unknown_metric: "formula-unknown-metric",
    formula_unreadable: "formula-unreadable",
    front_matter_typo: "front-matter-typo",
    gbk_chapter: "gbk-chapter",
    image_outside_paper: "image-outside-paper",
    infinite_value: "infinite-value",
    line_errors_point_at_each_item: "line-errors-point-at-each-item",
    line_metric_without_series: "line-metric-without-series",
    line_without_series: "line-without-series",
    list_changes_different_ways: "list-changes-different-ways",
    list_unknown_argument: "list-unknown-argument",
    metric_not_mapping: "metric-not-mapping",
    missing_glyph: "missing-glyph",
    missing_title: "missing-title",
    missing_unit: "missing-unit",
    nan_value: "nan-value",
    negative_count: "negative-count",
    output_is_a_file: "output-is-a-file",
    part_year_yoy: "part-year-yoy",
    parts_mismatch: "parts-mismatch",
    pdf_a_without_date: "pdf-a-without-date",
    pdf_template_error: "pdf-template-error",
    pdf_template_missing_glyph: "pdf-template-missing-glyph",
    pdf_ua_chart_empty_alt: "pdf-ua-chart-empty-alt",
    pdf_ua_image_without_alt: "pdf-ua-image-without-alt",
    pie_negative_parts: "pie-negative-parts",
    pie_without_parts: "pie-without-parts",
    plus_on_exact_number: "plus-on-exact-number",
    range_with_qualifier: "range-with-qualifier",
    ref_to_unplaced_chart: "ref-to-unplaced-chart",
    round_out_of_range: "round-out-of-range",
    series_disagrees_with_value: "series-disagrees-with-value",
    stated_change_disagrees: "stated-change-disagrees",
    template_grows_a_value: "template-grows-a-value",
    template_include_outside: "template-include-outside",
    template_loops_multiply: "template-loops-multiply",
    template_reads_environment: "template-reads-environment",
    template_syntax: "template-syntax",
    unknown_chart_kind: "unknown-chart-kind",
    unknown_chart_reference: "unknown-chart-reference",
    unknown_field_reference: "unknown-field-reference",
    unknown_metric_key: "unknown-metric-key",
    unknown_metric_reference: "unknown-metric-reference",
    unknown_theme: "unknown-theme",
    unterminated_front_matter: "unterminated-front-matter",
    value_with_unit: "value-with-unit",
    value_with_unit_and_parts: "value-with-unit-and-parts",
    workbook_unreadable_told_once: "workbook-unreadable-told-once",
    wrong_type_label: "wrong-type-label",
    yaml_alias_bomb: "yaml-alias-bomb",
    yaml_deep_nesting: "yaml-deep-nesting",
    yaml_indented_deeper: "yaml-indented-deeper",
    yaml_out_of_step: "yaml-out-of-step",
    yaml_syntax: "yaml-syntax",
    yaml_tab_indent: "yaml-tab-indent",
}

#[test]
fn every_invalid_fixture_has_its_test() {
    let mut found: Vec<String> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(
        found, INVALID_FIXTURES,
        "add each new fixture of `tests/fixtures/invalid/` to `invalid_fixtures!`"
    );
}

/// An invalid fixture laid over the basic paper (after a good build): `gazette build` and
/// `gazette check` fail with the exit status and the located messages of its `expect.txt`,
/// leave `output/` as it was, and print exactly the stderr snapshotted.
fn invalid_fixture(name: &str) {
    let case = fixtures().join("invalid").join(name);
    let expect = read_expect(&case);
    let paper = PaperTest::fixture("valid/basic");
    paper.build();
    if case.join("output").is_file() {
        std::fs::remove_dir_all(paper.path().join("output")).unwrap();
    }
    let paper = paper.with_fixture(&format!("invalid/{name}"));
    std::fs::remove_file(paper.path().join("expect.txt")).unwrap();
    let before = paper.output();
    let mut transcript = String::new();
    for cmd in ["build", "check"] {
        let Run { code, stderr: err, .. } = paper.run(&[cmd]);
        assert_eq!(code, Some(expect.exit), "{name}: `gazette {cmd}` exit status; stderr:\n{err}");
        assert!(!err.contains("panicked"), "{name}: panic:\n{err}");
        for line in &expect.lines {
            assert_shows(&err, line, &format!("{name} ({cmd})"));
        }
        for text in &expect.absent {
            assert!(!err.contains(text.as_str()), "{name} ({cmd}): `{text}` should not be reported:\n{err}");
        }
        assert!(paper.output() == before, "{name}: `gazette {cmd}` changed output/");
        let err = err.replace(&paper.path().display().to_string(), "[paper]");
        transcript.push_str(&format!("$ gazette {cmd}\nexit status {}\n{err}\n", expect.exit));
    }
    insta::assert_snapshot!(format!("invalid_{name}"), transcript);
}

#[test]
fn raw_html_is_text_unless_allowed_and_then_cleaned_by_an_allowlist_that_names_what_it_removed() {
    let paper = PaperTest::fixture("valid/basic").with_file(
        "content/03-raw.md",
        "---\ntitle: 原始HTML\n---\n\n<div class=\"note\">说明</div>\n\n<script>alert(\"x\")</script>\n\n<a href=\"#\" onclick=\"steal()\">链接</a>\n\n<table><tr><td colspan=\"2\" onmouseover=\"x()\">1<sup>注</sup></td></tr></table>\n\n<p><a href=\"JaVaScRiPt:alert(1)\">点此</a> <img src=\"https://tracker.example/p.gif\"></p>\n",
    );
    paper.build();
    let page = paper.read("output/site/index.html");
    assert!(page.contains("&lt;div class=&quot;note&quot;&gt;说明&lt;/div&gt;"), "escaped by default");
    let config = paper.path().join("gazette.yaml");
    let base = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{base}allow_raw_html: true\n")).unwrap();
    let run = paper.run(&["build"]);
    assert_eq!(run.code, Some(0), "cleaned, not refused:\n{}", run.stderr);
    let page = paper.read("output/site/index.html");
    let lower = page.to_ascii_lowercase();
    for banned in ["<script", "onclick", "onmouseover", "javascript:", "tracker.example"] {
        assert!(!lower.contains(banned), "`{banned}` reached the page");
    }
    assert!(page.contains("<div class=\"note\">说明</div>"), "allowed HTML passes");
    assert!(page.contains("<td colspan=\"2\">1<sup>注</sup></td>"), "tables keep their structure");
    assert!(page.contains(">链接</a>"), "the link's text stays");
    for line in [
        "content/03-raw.md:7:1: warning: raw HTML: `<script>` removed, and the page published without it",
        "content/03-raw.md:9:1: warning: raw HTML: `onclick=` removed, and the page published without it",
        "content/03-raw.md:11:1: warning: raw HTML: `onmouseover=` removed, and the page published without it",
        "hint: it could run code or load another site; if the published page really needs it, name the tag in `gazette.yaml`: `allow_raw_html: [script]`",
    ] {
        assert_shows(&run.stderr, line, "raw html");
    }
    assert!(run.stderr.contains("`javascript:`, `an image from another site` removed"), "{}", run.stderr);
    // The fixture's own inline <script> (in 01-overview.md) is cleaned too.
    assert!(!paper.read("output/fragment.html").to_ascii_lowercase().contains("<script"));
    std::fs::write(&config, format!("{base}allow_raw_html: [script]\n")).unwrap();
    let run = paper.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("raw HTML:"), "nothing is removed once script is named:\n{}", run.stderr);
    assert!(
        paper.read("output/site/index.html").contains("<script>alert(\"x\")</script>"),
        "allowed by name"
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_under_content_ends_in_a_message_not_a_hang() {
    let dir = paper("valid/basic");
    // A folder link back up the tree, and a link to itself.
    std::os::unix::fs::symlink("..", dir.path().join("content/metrics/loop")).unwrap();
    std::os::unix::fs::symlink("self.yaml", dir.path().join("content/metrics/self.yaml")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("content/images/self")).unwrap();
    // A hang would never return; a loop followed would read the paper again and again.
    let o = gazette(&["build"], dir.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("`content/metrics/self.yaml` is a broken or looping link"), "{err}");
    assert!(
        err.contains("`content/metrics/loop` is a link to a folder, which gazette does not follow"),
        "{err}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_by_name_without_reading_it() {
    let dir = paper("valid/basic");
    let huge = std::fs::File::create(dir.path().join("content/metrics/huge.yaml")).unwrap();
    // Sparse: 65 MiB on paper, nothing on disk.
    huge.set_len(65 * 1024 * 1024).unwrap();
    let o = gazette(&["build"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("`content/metrics/huge.yaml` is 65 MiB, more than the 64 MiB gazette reads"),
        "{err}"
    );
    assert!(!dir.path().join("output").exists());
}

#[test]
fn a_chapter_over_a_mebibyte_is_refused_before_it_is_read_and_the_last_build_stays() {
    let dir = paper("valid/basic");
    assert!(gazette(&["build", "--only", "site"], dir.path()).status.success());
    let page = std::fs::read(dir.path().join("output/site/index.html")).unwrap();
    // Sparse: 10 MB on paper, nothing on disk; read, it would not even be text.
    let huge = std::fs::File::create(dir.path().join("content/09-export.md")).unwrap();
    huge.set_len(10_000_000).unwrap();
    let o = gazette(&["build"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error: `content/09-export.md` is 9.6 MiB, more than the 1 MiB a chapter can be"),
        "{err}"
    );
    assert!(err.contains("split the text into several chapter files"), "{err}");
    assert!(!err.contains("not valid UTF-8"), "the file was read: {err}");
    assert_eq!(std::fs::read(dir.path().join("output/site/index.html")).unwrap(), page);
}

#[test]
fn every_input_the_fuzzers_keep_is_replayed_without_a_panic() {
    type Target = (&'static str, fn(&[u8]));
    let targets: [Target; 7] = [
        ("config", gazette::fuzzing::config_file),
        ("metrics", gazette::fuzzing::metrics_file),
        ("chapter", gazette::fuzzing::chapter_file),
        ("phrase", gazette::fuzzing::figure),
        ("theme", gazette::fuzzing::theme_template),
        ("workbook", gazette::fuzzing::workbook),
        ("reviewed", gazette::fuzzing::reviewed),
    ];
    let mut replayed = 0;
    for (target, run) in targets {
        for entry in std::fs::read_dir(fixtures().join("fuzz").join(target)).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let caught = std::panic::catch_unwind(|| run(&bytes));
            assert!(caught.is_ok(), "{target}: {} panics", path.display());
            replayed += 1;
        }
    }
    assert!(replayed >= 5);
}

#[cfg(unix)]
#[test]
fn an_image_linked_from_outside_the_paper_is_refused_and_not_published() {
    let dir = paper("valid/basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), b"not for the public").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.png"), dir.path().join("content/images/leak.png"))
        .unwrap();
    std::fs::write(
        dir.path().join("content/03-leak.md"),
        "---\ntitle: 图片\n---\n\n![照片](images/leak.png)\n",
    )
    .unwrap();
    let o = gazette(&["build"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("image `images/leak.png` is a link to a file outside `content/`"), "{err}");
    assert!(err.contains("┌─ content/03-leak.md:5:"), "{err}");
    assert!(!dir.path().join("output").exists());
}

/// Every file is read through the same door: a settings file or a theme's template linked
/// from outside the paper is refused, as a chapter or an image is, and nothing is written.
#[cfg(unix)]
#[test]
fn a_settings_file_linked_from_outside_the_paper_is_refused() {
    let dir = paper("valid/basic");
    let outside = tempfile::tempdir().unwrap();
    let settings = std::fs::read(dir.path().join("gazette.yaml")).unwrap();
    std::fs::write(outside.path().join("gazette.yaml"), settings).unwrap();
    std::fs::remove_file(dir.path().join("gazette.yaml")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("gazette.yaml"), dir.path().join("gazette.yaml")).unwrap();
    let o = gazette(&["build"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("`gazette.yaml` in `"), "{err}");
    assert!(err.contains("is a link to a file outside the paper"), "{err}");
    assert!(!dir.path().join("output").exists());
}

#[test]
fn an_english_edition_without_english_labels_is_refused_at_the_metric() {
    let dir = paper("valid/basic");
    std::fs::create_dir_all(dir.path().join("content/en")).unwrap();
    std::fs::write(
        dir.path().join("content/en/01-overview.md"),
        "---\ntitle: Overview\n---\n\nThe court concluded {{ m.cases_concluded }} cases.\n",
    )
    .unwrap();
    let mut config = std::fs::read_to_string(dir.path().join("gazette.yaml")).unwrap();
    config.push_str("en: { title: Test paper }\n");
    std::fs::write(dir.path().join("gazette.yaml"), config).unwrap();
    let o = gazette(&["build", "--locale", "en"], dir.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_shows(
        &err,
        "content/metrics/cases.yaml:1:1: error: metric `cases_concluded` is printed in the English edition but has no English label",
        "english",
    );
    assert!(!dir.path().join("output").exists());
}
