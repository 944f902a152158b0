//! gazette's integration tests, by area, in one test binary (after mdBook's `testsuite/`):
//! each runs the `gazette` binary, or the library, on a paper copied to a temporary folder —
//! a fixture of `tests/fixtures/`, the example paper of this repository, or a real paper of
//! `tests/papers/` — and checks what a user would notice.

mod anchored;
mod build;
mod charts;
mod check;
mod common;
mod diagnostics;
mod diff;
mod docx;
mod init;
mod numbers;
mod pages;
mod pdf;
mod provenance;
mod redline;
mod review;
mod serve;
mod sheets;
mod site;
