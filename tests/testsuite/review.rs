//! `gazette review FILE.docx`: a Word copy edited by a reviewer (its XML changed here as Word
//! writes tracked changes and comments) read back, each change and comment located at the
//! chapter's file and line, a changed figure at its metric's.

use std::io::{Read as _, Write as _};
use std::path::Path;

use crate::common::PaperTest;

/// The Word copy at `from` with `edit` applied to its `word/document.xml`, and `extra` parts
/// added, written to `to`.
pub(crate) fn reviewed(from: &Path, to: &Path, edit: impl Fn(String) -> String, extra: &[(&str, &str)]) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            bytes = edit(String::from_utf8(bytes).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&bytes).unwrap();
    }
    for (name, text) in extra {
        out.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap();
}

const BY: &str = "w:author=\"审阅人甲\" w:date=\"2026-03-01T09:00:00Z\"";

#[test]
fn a_reviewers_changes_and_comments_are_located_in_the_chapter_and_the_metric() {
    let paper = PaperTest::example();
    paper.build();
    let copy = paper.path().join("审阅稿.docx");
    reviewed(
        &paper.path().join("output/laoshan-2024.docx"),
        &copy,
        |xml| {
            // The figure replaced, as Word records it; a phrase deleted mid-run; a comment.
            let figure = "<w:r><w:t xml:space=\"preserve\">32次</w:t></w:r>";
            assert!(xml.contains(figure));
            let xml = xml.replacen(
                figure,
                &format!("<w:commentRangeStart w:id=\"90\"/><w:del w:id=\"91\" {BY}><w:r w:rsidDel=\"00C3\"><w:delText>32次</w:delText></w:r></w:del><w:ins w:id=\"92\" {BY}><w:r><w:t>33次</w:t></w:r></w:ins><w:commentRangeEnd w:id=\"90\"/><w:r><w:commentReference w:id=\"90\"/></w:r>"),
                1,
            );
            let phrase = "规范性文件的管理以及历史遗留问题的处置提出法律意见";
            let xml = xml.replacen(
                phrase,
                &format!("规范性文件的管理</w:t></w:r><w:del w:id=\"93\" {BY}><w:r><w:delText>以及历史遗留问题的处置</w:delText></w:r></w:del><w:r><w:t xml:space=\"preserve\">提出法律意见"),
                1,
            );
            // Two words replaced, in the next paragraph.
            xml.replacen(
                "联络渠道",
                &format!("</w:t></w:r><w:del w:id=\"95\" {BY}><w:r><w:delText>联络</w:delText></w:r></w:del><w:ins w:id=\"96\" {BY}><w:r><w:t>沟通</w:t></w:r></w:ins><w:r><w:t xml:space=\"preserve\">渠道"),
                1,
            )
        },
        &[
            (
                "word/comments.xml",
                "<w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\"><w:comment w:id=\"90\" w:author=\"审阅人甲\"><w:p w14:paraId=\"0000AAAA\"><w:r><w:t>次数请与办公室核对。</w:t></w:r></w:p></w:comment><w:comment w:id=\"94\" w:author=\"办公室\"><w:p w14:paraId=\"0000BBBB\"><w:r><w:t>已核对。</w:t></w:r></w:p></w:comment></w:comments>",
            ),
            (
                "word/commentsExtended.xml",
                "<w15:commentsEx xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\"><w15:commentEx w15:paraId=\"0000AAAA\" w15:done=\"0\"/><w15:commentEx w15:paraId=\"0000BBBB\" w15:paraIdParent=\"0000AAAA\" w15:done=\"0\"/></w15:commentsEx>",
            ),
        ],
    );
    let run = paper.run(&["review", copy.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = run.stdout;
    assert!(out.contains("content/01-government.md:8: 审阅人甲 changed “32次” to “33次”"), "{out}");
    assert!(
        out.contains("= a printed figure: change `value` of `executive_meetings_attended` at content/metrics/01-government.yaml:10, not the prose"),
        "{out}"
    );
    assert!(out.contains("content/01-government.md:8: 审阅人甲 deleted “以及历史遗留问题的处置”"), "{out}");
    assert!(
        out.contains("content/01-government.md:8: 审阅人甲 commented on “32次”: 次数请与办公室核对。"),
        "{out}"
    );
    assert!(out.contains("content/01-government.md:14: 审阅人甲 changed “联络” to “沟通”"), "{out}");
    let json = paper.run(&["review", copy.to_str().unwrap(), "--format", "json"]).stdout;
    let items: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(items[0]["kind"], "changed");
    assert_eq!(items[0]["metric"], "executive_meetings_attended");
    assert_eq!(items[0]["at"], "content/01-government.md:8");
    // Applied: the prose edits, into the chapter; not the figure, nor its metric file.
    let chapter = paper.path().join("content/01-government.md");
    let metrics = paper.path().join("content/metrics/01-government.yaml");
    let (before, metrics_before) =
        (std::fs::read_to_string(&chapter).unwrap(), std::fs::read(&metrics).unwrap());
    let applied = paper.run(&["review", copy.to_str().unwrap(), "--apply"]);
    assert_eq!(applied.code, Some(0), "{}", applied.stderr);
    let said = applied.stdout;
    assert!(said.contains("applied: content/01-government.md:8: deleted “以及历史遗留问题的处置”"), "{said}");
    assert!(said.contains("applied: content/01-government.md:14: “联络” to “沟通”"), "{said}");
    assert!(
        said.contains("not applied: content/01-government.md:8: “32次” to “33次”: a printed figure: change `value` of `executive_meetings_attended` at content/metrics/01-government.yaml:10"),
        "{said}"
    );
    assert!(said.contains("2 applied, 1 not applied"), "{said}");
    let expected =
        before.replacen("以及历史遗留问题的处置", "", 1).replacen("“点对点”联络渠道", "“点对点”沟通渠道", 1);
    assert_eq!(std::fs::read_to_string(&chapter).unwrap(), expected, "exactly the reviewer's prose edits");
    assert_eq!(std::fs::read(&metrics).unwrap(), metrics_before, "a metric file is never written");
    // Read again, the edited paragraphs are the paper's no longer: said, and nothing applied twice.
    let again = paper.run(&["review", copy.to_str().unwrap(), "--apply"]).stdout;
    assert!(again.contains("0 applied, 3 not applied"), "{again}");
    assert!(again.contains("the paragraph has changed in the source since the copy was built"), "{again}");
    assert_eq!(std::fs::read_to_string(&chapter).unwrap(), expected);
}

#[test]
fn a_copy_nobody_changed_says_so_and_a_file_that_is_not_one_is_refused() {
    let paper = PaperTest::example();
    paper.build();
    let copy = paper.path().join("output/laoshan-2024.docx");
    let run = paper.run(&["review", copy.to_str().unwrap()]);
    assert_eq!(run.stdout, "the copy has no tracked change and no comment\n");
    // Every paragraph's anchor reads back as the digest of its text, in papers with tables,
    // lists, notes and quotations too (a mismatch would list the paragraph as changed).
    for name in ["shandong-2022", "finance-2023", "admin-2018"] {
        let real = PaperTest::real(name);
        let built = real.run(&["build", "--only", "docx"]);
        assert_eq!(built.code, Some(0), "{}", built.stderr);
        let docx = std::fs::read_dir(real.path().join("output"))
            .unwrap()
            .flatten()
            .find(|e| e.path().extension().is_some_and(|x| x == "docx"));
        let docx = docx.unwrap().path();
        let xml = {
            let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
            let mut text = String::new();
            zip.by_name("word/document.xml").unwrap().read_to_string(&mut text).unwrap();
            text
        };
        assert!(xml.matches("w:name=\"_gz").count() > 3, "{name} has anchors");
        let run = real.run(&["review", docx.to_str().unwrap()]);
        assert_eq!(run.stdout, "the copy has no tracked change and no comment\n", "{name}");
    }
    let pdf = paper.path().join("output/laoshan-2024.pdf");
    let run = paper.run(&["review", pdf.to_str().unwrap()]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("the file is not a Word document (.docx)"), "{}", run.stderr);
    assert!(run.stderr.contains("hint: save it from Word, WPS or LibreOffice"), "{}", run.stderr);
}

/// The `<w:bookmarkStart …/>` of gazette's anchor in the paragraph holding `text`.
fn anchor_of<'a>(xml: &'a str, text: &str) -> &'a str {
    let at = xml.find(text).unwrap();
    let start = xml[..at].rfind("<w:bookmarkStart").unwrap();
    let end = start + xml[start..].find("/>").unwrap() + 2;
    assert!(xml[start..end].contains("w:name=\"_gz"), "{}", &xml[start..end]);
    &xml[start..end]
}

#[test]
fn anchors_find_a_paragraph_changed_untracked_and_say_when_one_was_lost() {
    let paper = PaperTest::example();
    paper.build();
    let copy = paper.path().join("审阅稿.docx");
    reviewed(
        &paper.path().join("output/laoshan-2024.docx"),
        &copy,
        |xml| {
            // The figure typed over with tracking off: no record but the anchor's digest.
            let xml = xml.replacen(">32次<", ">33次<", 1);
            // A paragraph's anchor taken out (as copying it elsewhere would), then an edit.
            let bookmark = anchor_of(&xml, "各审判团队").to_string();
            xml.replacen(&bookmark, "", 1).replacen(
                "联络渠道",
                &format!("</w:t></w:r><w:del w:id=\"95\" {BY}><w:r><w:delText>联络</w:delText></w:r></w:del><w:r><w:t xml:space=\"preserve\">渠道"),
                1,
            )
        },
        &[],
    );
    let out = paper.run(&["review", copy.to_str().unwrap()]).stdout;
    assert!(
        out.contains("content/01-government.md:8: the paragraph was changed with change tracking off (no name or date recorded): “32次” is now “33次”\n  = a printed figure: change `value` of `executive_meetings_attended` at content/metrics/01-government.yaml:10, not the prose"),
        "{out}"
    );
    assert!(
        out.contains("content/01-government.md:14: 审阅人甲 deleted “联络”\n  = the paragraph's anchor was lost in editing; found by its text"),
        "{out}"
    );
    let items: serde_json::Value =
        serde_json::from_str(&paper.run(&["review", copy.to_str().unwrap(), "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(
        (&items[0]["kind"], &items[0]["found"], &items[0]["anchor"]),
        (&"untracked".into(), &"anchor".into(), &"kept".into())
    );
    assert_eq!((&items[1]["found"], &items[1]["anchor"]), (&"text".into(), &"lost".into()));
    let applied = paper.run(&["review", copy.to_str().unwrap(), "--apply"]).stdout;
    assert!(
        applied.contains("not applied: content/01-government.md:8: “32次” to “33次” (untracked)"),
        "{applied}"
    );
    assert!(applied.contains("applied: content/01-government.md:14: deleted “联络”"), "{applied}");
}

#[test]
fn of_two_paragraphs_that_read_the_same_the_anchor_tells_which_was_changed() {
    let same = "府院双方同意继续推进此项工作。";
    let paper = PaperTest::example();
    let chapter = paper.read("content/01-government.md");
    let paper =
        paper.with_file("content/01-government.md", &format!("{chapter}\n{same}\n\n另起一段。\n\n{same}\n"));
    paper.build();
    let lines = paper.read("content/01-government.md").lines().count();
    let copy = paper.path().join("审阅稿.docx");
    reviewed(
        &paper.path().join("output/laoshan-2024.docx"),
        &copy,
        |xml| {
            let second = xml.rfind(same).unwrap();
            format!(
                "{}</w:t></w:r><w:del w:id=\"97\" {BY}><w:r><w:delText>继续</w:delText></w:r></w:del><w:r><w:t xml:space=\"preserve\">{}",
                &xml[..second + "府院双方同意".len()],
                &xml[second + "府院双方同意继续".len()..]
            )
        },
        &[],
    );
    let out = paper.run(&["review", copy.to_str().unwrap()]).stdout;
    assert_eq!(out, format!("content/01-government.md:{lines}: 审阅人甲 deleted “继续”\n"));
}

#[test]
fn the_english_editions_copy_is_read_against_the_english_chapters() {
    let paper = PaperTest::example();
    let built = paper.run(&["build", "--locale", "en", "--only", "docx"]);
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    let copy = paper.path().join("reviewed.docx");
    reviewed(
        &paper.path().join("output/en/laoshan-2024.docx"),
        &copy,
        |xml| {
            xml.replacen(
                " on long-standing problems",
                &format!("</w:t></w:r><w:del w:id=\"95\" {BY}><w:r><w:delText xml:space=\"preserve\"> on long-standing problems</w:delText></w:r></w:del><w:r><w:t xml:space=\"preserve\">"),
                1,
            )
        },
        &[],
    );
    let out = paper.run(&["review", copy.to_str().unwrap()]).stdout;
    assert_eq!(out, "content/en/01-government.md:8: 审阅人甲 deleted “ on long-standing problems”\n");
}

#[test]
fn a_copy_read_against_a_changed_paper_or_another_paper_says_so_first() {
    let paper = PaperTest::example();
    paper.build();
    let copy = paper.path().join("output/laoshan-2024.docx");
    // One paragraph changed in the source since the copy was built.
    let chapter = paper.path().join("content/01-government.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, text.replacen("提质增效示范岗", "提质增效先进岗", 1)).unwrap();
    let out = paper.run(&["review", copy.to_str().unwrap()]).stdout;
    let all = out.split("of the copy's ").nth(1).and_then(|r| r.split(' ').next()).unwrap();
    assert!(all.parse::<usize>().unwrap() > 20, "{out}");
    assert!(
        out.starts_with(&format!("note: 1 of the copy's {all} paragraphs read otherwise in the paper now than when the copy was built;")),
        "{out}"
    );
    // Another paper altogether.
    let other = PaperTest::real("shandong-2022");
    let out = other.run(&["review", copy.to_str().unwrap()]).stdout;
    assert!(out.starts_with("warning: "), "{out}");
    assert!(
        out.contains(&format!(" of the copy's {all} paragraphs do not read in the paper at `{}` as they did when the copy was built: check that this is the paper the copy was made from\n", other.path().display())),
        "{out}"
    );
}
