//! `gazette check`: success, JSON for editors and CI, warnings about numbers typed in the text.

use crate::common::*;

#[test]
fn check_reports_success_and_writes_nothing() {
    let paper = PaperTest::fixture("valid/basic");
    let run = paper.run(&["check"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("no errors"));
    assert!(!paper.path().join("output").exists());
    let names: Vec<_> = std::fs::read_dir(paper.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "check wrote something: {names:?}");
}

#[test]
fn check_json_lists_every_diagnostic_with_its_place() {
    let paper = PaperTest::fixture("valid/basic").with_fixture("invalid/unknown-metric-reference");
    let run = paper.run(&["check", "--format", "json"]);
    assert_eq!(run.code, Some(1));
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["errors"], 2);
    let first = &doc["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "content/03-more.md");
    assert_eq!((&first["line"], &first["column"]), (&5.into(), &10.into()));
    assert_eq!((&first["end_line"], &first["end_column"]), (&5.into(), &24.into()));
    assert_eq!(first["message"], "unknown metric `cases_conclude`");
    assert_eq!(first["hints"][0], "did you mean `cases_concluded`?");
    let clean = PaperTest::fixture("valid/basic").run(&["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&clean.stdout).unwrap();
    assert_eq!((clean.code, doc["errors"].as_u64()), (Some(0), Some(0)));
}

#[test]
fn check_json_of_a_folder_that_is_not_a_paper_is_one_error_without_a_place() {
    let empty = tempfile::tempdir().unwrap();
    let o = gazette(&["check", "--format", "json"], empty.path());
    assert_eq!(o.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((doc["errors"].as_u64(), doc["warnings"].as_u64()), (Some(1), Some(0)));
    let d = &doc["diagnostics"][0];
    assert!(d["message"].as_str().unwrap().starts_with("there is no `gazette.yaml`"), "{d}");
    assert!(d["file"].is_null() && d["line"].is_null() && d["end_line"].is_null(), "{d}");
}

#[test]
fn check_warns_about_numbers_typed_in_the_text_and_names_the_metric() {
    let paper = PaperTest::fixture("valid/basic").with_file(
        "content/03-more.md",
        "---\ntitle: 补充\nallow_numbers: [12345]\n---\n\n2023年全年办结545件，热线12345。\n",
    );
    let run = paper.run(&["check"]);
    let err = &run.stderr;
    assert_eq!(run.code, Some(0), "{err}");
    assert_shows(
        err,
        "content/03-more.md:6:10: warning: `545件` is typed in the text, not taken from a metric",
        "lint",
    );
    assert!(err.contains("metric `cases_concluded` prints 545件: write `{{ m.cases_concluded }}`"), "{err}");
    assert!(!err.contains("`2023"), "a year was flagged:\n{err}");
    assert!(!err.contains("`12345"), "an allowed number was flagged:\n{err}");
}

#[test]
fn messages_are_coloured_when_asked_and_plain_otherwise() {
    let paper = PaperTest::fixture("valid/basic").with_fixture("invalid/unknown-metric-reference");
    let run = |args: &[&str], no_color: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"));
        cmd.args(args).arg(paper.path());
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        String::from_utf8_lossy(&cmd.output().unwrap().stderr).into_owned()
    };
    let coloured = run(&["check", "--color", "always"], true);
    assert!(coloured.contains("\u{1b}["), "--color always colours even with NO_COLOR:\n{coloured}");
    assert!(coloured.contains("unknown metric `cases_conclude`"));
    for (args, no_color) in
        [(&["check"][..], true), (&["check"][..], false), (&["check", "--color", "never"][..], false)]
    {
        let plain = run(args, no_color);
        assert!(
            !plain.contains('\u{1b}'),
            "{args:?} (NO_COLOR {no_color}) is plain off a terminal:\n{plain}"
        );
        assert!(plain.contains("unknown metric `cases_conclude`"));
    }
}
