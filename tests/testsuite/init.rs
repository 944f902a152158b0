//! `gazette init`: a new paper that builds.

use crate::common::*;

#[test]
fn init_writes_a_paper_that_builds_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("新白皮书 2025");
    let o = gazette(&["init"], &target);
    assert!(o.status.success(), "{}", stderr(&o));
    let built = gazette(&["build"], &target);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(index_html(&target).contains(">545件</span>"));
    let before = std::fs::read(target.join("gazette.yaml")).unwrap();
    let again = gazette(&["init"], &target);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("is not empty"), "{}", stderr(&again));
    assert_eq!(std::fs::read(target.join("gazette.yaml")).unwrap(), before);
}

#[test]
fn init_bare_writes_the_settings_and_folders_alone_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("own");
    let o = gazette(&["init", "--bare"], &target);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(target.join("gazette.yaml").is_file());
    // No sample figure, chart or text to delete: the metrics and charts files only explain.
    for file in ["content/metrics/metrics.yaml", "content/charts/charts.yaml"] {
        let text = std::fs::read_to_string(target.join(file)).unwrap();
        assert!(text.lines().all(|l| l.is_empty() || l.starts_with('#')), "{file}: {text}");
    }
    let built = gazette(&["build", "--only", "site"], &target);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(!index_html(&target).contains("545件"));
}
