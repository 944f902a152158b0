//! The PDF: its text, its standards.

use crate::common::*;

#[test]
fn the_example_pdf_is_a_pdf_with_every_figure_in_its_text() {
    let dir = example();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = dir.path().join("output/laoshan-2024.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("/StructTreeRoot") && raw.contains("/Lang"), "the PDF is tagged with its language");
    let Some(text) = pdf_text(&pdf) else {
        eprintln!("skipped the PDF text check: `pdftotext` (Debian's poppler-utils) is not installed");
        return;
    };
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for figure in SEED_FIGURES {
        assert!(text.contains(figure), "the PDF text lacks {figure}");
    }
    assert!(text.contains("—1—"), "page numbers are printed as — 1 —");
}

#[test]
fn pdf_ua_and_pdf_a_can_be_asked_for_together() {
    let dir = paper("valid/charts");
    let config = dir.path().join("gazette.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("pdf:\n  standard: [ua-1, a-2b]\n");
    std::fs::write(&config, text).unwrap();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = std::fs::read(dir.path().join("output/charts.pdf")).unwrap();
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("pdfuaid:part") && raw.contains("pdfaid:part"),
        "the XMP metadata names both standards"
    );
}
