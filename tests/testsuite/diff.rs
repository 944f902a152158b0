//! `gazette diff`: what changed between two versions, between folders and git revisions.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use crate::common::*;

fn diff_papers() -> (tempfile::TempDir, tempfile::TempDir) {
    let old = paper("valid/charts");
    let new = paper("valid/charts");
    let metrics = new.path().join("content/metrics/data.yaml");
    let text = std::fs::read_to_string(&metrics)
        .unwrap()
        .replace("value: 1047", "value: 1200")
        .replace("source: 立案庭", "source: 立案庭统计台账")
        .replace(
            "amount:\n",
            "new_metric:\n  label: 新增指标\n  value: 12\n  unit: 件\n  source: s\namount:\n",
        );
    std::fs::write(&metrics, text).unwrap();
    let chapter = new.path().join("content/01-charts.md");
    let text = std::fs::read_to_string(&chapter).unwrap().replace(
        "正文中间的段落{{ m.prelitigation }}。",
        "正文中间的段落{{ m.prelitigation }}，排查{{ m.screened }}。",
    );
    std::fs::write(chapter, text).unwrap();
    let old_chapter = old.path().join("content/01-charts.md");
    let text = std::fs::read_to_string(&old_chapter).unwrap().replace(
        "正文中间的段落{{ m.prelitigation }}。",
        "正文中间的段落{{ m.prelitigation }}，排查{{ m.screened }}。",
    );
    std::fs::write(old_chapter, text).unwrap();
    (old, new)
}

/// `gazette diff ARGS` run in `cwd`, without colour.
fn run_diff<S: AsRef<OsStr>>(args: &[S], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("diff")
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn diff_output(args: &[&str], cwd: &Path) -> String {
    let o = run_diff(args, cwd);
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn diff_between_two_folders_lists_metrics_charts_and_sentences() {
    let (old, new) = diff_papers();
    let parent = old.path().parent().unwrap();
    let (a, b) = (
        old.path().file_name().unwrap().to_str().unwrap(),
        new.path().file_name().unwrap().to_str().unwrap(),
    );
    let text = diff_output(&[a, b], parent).replace(a, "OLD").replace(b, "NEW");
    insta::assert_snapshot!("diff_text", text);
    let markdown = diff_output(&["--format", "markdown", a, b], parent).replace(a, "OLD").replace(b, "NEW");
    insta::assert_snapshot!("diff_markdown", markdown);
    let json = diff_output(&["--format", "json", a, b], parent).replace(a, "OLD").replace(b, "NEW");
    insta::assert_snapshot!("diff_json", json);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let screened = doc["metrics"].as_array().unwrap().iter().find(|m| m["id"] == "screened").unwrap();
    assert_eq!(
        (screened["old_phrase"].as_str(), screened["new_phrase"].as_str()),
        (Some("1047起"), Some("1200起"))
    );
    assert_eq!((screened["delta"].as_str(), screened["relative"].as_str()), (Some("+153"), Some("+14.6%")));
}

#[test]
fn diff_between_two_commits_of_a_repository() {
    if no_git() {
        return;
    }
    let (old, new) = diff_papers();
    let repo = tempfile::tempdir().unwrap();
    let paper_dir = repo.path().join("papers/2024");
    let git = |args: &[&str]| crate::common::git_in(repo.path(), args);
    git(&["init", "-q"]);
    copy_tree(old.path(), &paper_dir);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "2023"]);
    std::fs::remove_dir_all(&paper_dir).unwrap();
    copy_tree(new.path(), &paper_dir);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "2024"]);
    let out = diff_output(&["HEAD~1", "HEAD"], &paper_dir);
    assert!(out.starts_with("comparing HEAD~1 → HEAD"), "{out}");
    assert!(out.contains("~ screened  协助排查化解矛盾纠纷 1047起 → 1200起 (+153, +14.6%)"), "{out}");
    assert!(out.contains("+ new_metric"), "{out}");
    assert!(out.contains("- 正文中间的段落4500余件，排查1047起。"), "{out}");
    let working = diff_output(&["HEAD"], &paper_dir);
    assert!(working.contains("no figure changed"), "{working}");
}

#[test]
fn diff_prints_rate_changes_in_points_and_keeps_sentences_with_changes() {
    let old = real_paper("shandong-2022");
    let new = real_paper("shandong-2022");
    let file = new.path().join("content/metrics/03-appearance.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("value: 99.6", "value: 99.7").replace("change: 0.84", "change: 0.94"))
        .unwrap();
    let out = run_diff(&[old.path().as_os_str(), new.path().as_os_str()], Path::new("."));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("99.6% → 99.7% (+0.1个百分点)"), "{text}");
    assert!(text.contains("同比上升0.84个百分点 → 同比上升0.94个百分点"), "{text}");
    // The sentence that prints the rate and its change is listed, old and new.
    assert!(text.contains("出庭应诉率达到99.7%，同比上升0.94个百分点"), "{text}");
}

#[test]
fn diff_names_removed_metrics_and_changed_labels_and_sources() {
    let old = PaperTest::fixture("valid/basic").with_file(
        "content/metrics/extra.yaml",
        "gone_metric:\n  label: 已删除\n  value: 3\n  unit: 件\n  source: 系统\n",
    );
    let new = PaperTest::fixture("valid/basic");
    let cases = new.path().join("content/metrics/cases.yaml");
    let text = std::fs::read_to_string(&cases).unwrap();
    let text = text.replace("  label: 办结各类行政案件\n", "  label: 审结各类行政案件\n");
    std::fs::write(&cases, text.replace("  source: 立案庭统计\n", "  source: 立案庭年度统计\n")).unwrap();
    let out = run_diff(
        &[OsStr::new("--format"), OsStr::new("markdown"), old.path().as_os_str(), new.path().as_os_str()],
        Path::new("."),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = String::from_utf8_lossy(&out.stdout);
    for row in [
        "| ~ | `cases_concluded` | 审结各类行政案件 | 545件 | 545件 | label: 办结各类行政案件 → 审结各类行政案件 |",
        "| ~ | `claims_amount` | 工程款纠纷总标的额 | 超4亿元 | 超4亿元 | source: 立案庭统计 → 立案庭年度统计 |",
        "| − | `gone_metric` | 已删除 | 3件 | | removed |",
    ] {
        assert!(md.contains(row), "missing `{row}` in:\n{md}");
    }
}

#[test]
fn diff_with_a_version_that_does_not_build_shows_its_problems_not_a_count() {
    let old = paper("valid/basic");
    let new = paper("valid/basic");
    let metrics = new.path().join("content/metrics/cases.yaml");
    let text = std::fs::read_to_string(&metrics).unwrap().replacen("value: 545", "value: 545件", 1);
    std::fs::write(&metrics, text).unwrap();
    let o = run_diff(&[old.path().as_os_str(), new.path().as_os_str()], Path::new("."));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("content/metrics/cases.yaml:"), "the problem, with its place: {err}");
    assert!(err.contains("`value` must be a number, found `545件`"), "{err}");
    assert!(err.contains("does not build (1 error above), so it cannot be compared"), "{err}");
}
