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
