//! `gazette diff OLD NEW --format docx`: the redline of two commits' Word copies, checked as
//! a reviewer's program would read it — accepting every change gives the new Word copy's
//! text, rejecting every change the old one's — with each changed figure commented.

use std::path::Path;
use std::process::Command;

use crate::common::{PaperTest, git_in, no_git};
use crate::docx::parts;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A paragraph's text as a reader sees it with every change accepted, or every change
/// rejected: `None` when that view has no such paragraph.
fn view(p: roxmltree::Node<'_, '_>, accept: bool) -> Option<String> {
    let gone = if accept { "del" } else { "ins" };
    // The paragraph's own mark, or its row's, deleted (accepting) or inserted (rejecting).
    let marked = |n: roxmltree::Node<'_, '_>, props: &str| {
        n.children()
            .filter(|c| c.has_tag_name((W, props)))
            .any(|pr| pr.children().any(|c| c.has_tag_name((W, gone))))
    };
    let para_mark = p.children().find(|c| c.has_tag_name((W, "pPr"))).is_some_and(|ppr| marked(ppr, "rPr"));
    let row_gone = p.ancestors().find(|a| a.has_tag_name((W, "tr"))).is_some_and(|tr| marked(tr, "trPr"));
    if para_mark || row_gone {
        return None;
    }
    let mut text = String::new();
    for d in p.descendants() {
        let inside_gone = d.ancestors().any(|a| a.has_tag_name((W, gone)));
        if inside_gone {
            continue;
        }
        if d.has_tag_name((W, "t")) || d.has_tag_name((W, "delText")) {
            text.push_str(d.text().unwrap_or(""));
        } else if d.has_tag_name((W, "br")) {
            text.push('\n');
        }
    }
    Some(text)
}

/// Every paragraph of a Word copy's body (tables' too), in one view.
fn paragraphs(docx: &Path, accept: bool) -> Vec<String> {
    let xml = &parts(docx)["word/document.xml"];
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants().filter(|n| n.has_tag_name((W, "p"))).filter_map(|p| view(p, accept)).collect()
}

/// The Word copy the last build wrote.
fn word_copy(paper: &PaperTest) -> std::path::PathBuf {
    let out = paper.path().join("output");
    std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .expect("the build wrote a Word copy")
}

/// `gazette diff ARGS` in the paper's folder, which must succeed.
fn diff(paper: &PaperTest, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("diff")
        .args(args)
        .current_dir(paper.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{stderr}");
    stderr
}

/// Commits the paper, edits it with `edit`, commits again, and returns the two Word copies
/// and the redline between the commits.
fn redline_of(paper: &PaperTest, edit: impl FnOnce(&Path)) -> (tempfile::TempDir, [std::path::PathBuf; 3]) {
    let keep = tempfile::tempdir().unwrap();
    let (old, new, red) =
        (keep.path().join("old.docx"), keep.path().join("new.docx"), keep.path().join("修订稿.docx"));
    paper.build();
    std::fs::copy(word_copy(paper), &old).unwrap();
    std::fs::write(paper.path().join(".gitignore"), "output/\n").unwrap();
    git_in(paper.path(), &["init", "-q"]);
    git_in(paper.path(), &["add", "-A"]);
    git_in(paper.path(), &["commit", "-qm", "送审稿"]);
    edit(paper.path());
    paper.build();
    std::fs::copy(word_copy(paper), &new).unwrap();
    git_in(paper.path(), &["commit", "-qam", "修改稿"]);
    let said = diff(paper, &["HEAD~1", "HEAD", "--format", "docx", "--output", red.to_str().unwrap()]);
    assert!(said.contains("wrote the redline"), "{said}");
    (keep, [old, new, red])
}

fn edit_file(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "`{from}` is not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_redline_of_the_example_accepts_to_the_new_copy_and_rejects_to_the_old() {
    if no_git() {
        return;
    }
    let paper = PaperTest::example();
    let (_keep, [old, new, red]) = redline_of(&paper, |dir| {
        let chapter = dir.join("content/01-government.md");
        // Prose changed, a paragraph added, two paragraphs swapped, a figure changed (it is
        // in a chart too).
        edit_file(
            &chapter,
            "就重大行政决策、规范性文件的管理以及历史遗留问题的处置",
            "就重大行政决策和规范性文件的管理",
        );
        edit_file(&chapter, "## 健全府院衔接机制\n\n", "## 健全府院衔接机制\n\n新增加的一段说明文字。\n\n");
        let text = std::fs::read_to_string(&chapter).unwrap();
        let (a, b) = ("法院以“行政争议和解中心”为平台", "2023年以来，法院审结各类行政案件");
        let (i, k) = (text.find(a).unwrap(), text.find(b).unwrap());
        let (j, l) = (i + text[i..].find("\n\n").unwrap(), k + text[k..].find("\n\n").unwrap());
        let swapped = format!("{}{}{}{}{}", &text[..i], &text[k..l], &text[j..k], &text[i..j], &text[l..]);
        std::fs::write(&chapter, swapped).unwrap();
        edit_file(&dir.join("content/metrics/01-government.yaml"), "value: 32\n", "value: 33\n");
    });
    assert_ne!(paragraphs(&old, true), paragraphs(&new, true));
    assert!(paragraphs(&new, true).len() > 50, "the whole copy is read");
    assert_eq!(paragraphs(&red, true), paragraphs(&new, true), "accepting every change gives the new copy");
    assert_eq!(paragraphs(&red, false), paragraphs(&old, true), "rejecting every change gives the old copy");
    let parts = parts(&red);
    let body = &parts["word/document.xml"];
    // The figure is one token: 32次 deleted and 33次 inserted, never 3[2→3]次.
    assert!(body.contains("<w:delText xml:space=\"preserve\">32次</w:delText>"), "{body}");
    assert!(body.contains("<w:t xml:space=\"preserve\">33次</w:t></w:r></w:ins>"));
    assert!(
        body.contains("新增加的一段说明文字。</w:t></w:r></w:ins></w:p>"),
        "an inserted paragraph is one insertion"
    );
    assert!(body.contains("w:author=\"test\""), "the changes are the new commit's author's");
    let comments = &parts["word/comments.xml"];
    assert!(comments.contains("数字有变化：原为32次，现为33次。"), "{comments}");
    assert!(comments.contains("executive_meetings_attended"), "the comment names the metric to change");
    assert!(comments.contains("《中国经济周刊》"), "the comment names the figure's source");
    assert!(comments.contains("图表数据有变化"), "the changed chart is commented: {comments}");
    assert!(parts["word/settings.xml"].contains("<w:trackRevisions/>"), "a reviewer's edits are tracked");
    // The same redline as one web page, for a reviewer who reads in a browser.
    let page = red.with_file_name("修订稿.html");
    diff(&paper, &["HEAD~1", "HEAD", "--format", "html", "--output", page.to_str().unwrap()]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("<del><span class=\"fig\">32次</span></del><ins><span class=\"fig\">33次</span></ins>")
    );
    assert!(html.contains("<del>以及历史遗留问题的处置</del>"), "{html}");
    assert!(html.contains("<ins>新增加的一段说明文字。</ins>"));
    assert!(
        html.contains("<p class=\"note\">数字有变化：原为32次，现为33次。"),
        "the note is beneath its paragraph"
    );
    assert!(
        html.contains("<ins>新增的文字</ins> <del>删除的文字</del>"),
        "a legend says what the marks mean"
    );
    assert!(html.contains("name=\"viewport\"") && html.contains("<html lang=\"zh-CN\">"));
    assert!(
        !html.contains("src=\"http") && !html.contains("<script"),
        "the page loads nothing and runs nothing"
    );
    assert!(html.contains("<img src=\"data:image/png;base64,"), "the charts are inside the page");
    // The same two commits give the same bytes.
    let again = red.with_file_name("again.docx");
    diff(&paper, &["HEAD~1", "HEAD", "--format", "docx", "--output", again.to_str().unwrap()]);
    assert!(std::fs::read(&red).unwrap() == std::fs::read(&again).unwrap(), "two redlines differ");
}

#[test]
fn a_redline_of_the_shandong_paper_marks_a_figure_its_chart_and_a_sentence() {
    if no_git() {
        return;
    }
    let paper = PaperTest::real("shandong-2022");
    let (_keep, [old, new, red]) = redline_of(&paper, |dir| {
        let chapter = std::fs::read_dir(dir.join("content"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .max()
            .unwrap();
        let text = std::fs::read_to_string(&chapter).unwrap();
        let sentence =
            text.lines().rev().find(|l| l.ends_with('。') && !l.contains("{{")).unwrap().to_string();
        std::fs::write(&chapter, text.replacen(&sentence, &format!("{sentence}（此句为修改时补充。）"), 1))
            .unwrap();
        edit_file(&dir.join("content/metrics/01-caseload.yaml"), "value: 3595\n", "value: 3600\n");
    });
    assert_ne!(paragraphs(&old, true), paragraphs(&new, true));
    assert_eq!(paragraphs(&red, true), paragraphs(&new, true));
    assert_eq!(paragraphs(&red, false), paragraphs(&old, true));
    let parts = parts(&red);
    let body = &parts["word/document.xml"];
    assert!(body.contains("（此句为修改时补充。）</w:t></w:r></w:ins>"), "the added words are inserted");
    assert!(body.contains(">3595件</w:delText>") && body.contains(">3600件</w:t></w:r></w:ins>"), "{body}");
    let comments = &parts["word/comments.xml"];
    assert!(comments.contains("原为3595件，现为3600件") && comments.contains("jinan_cases"), "{comments}");
}

#[test]
fn a_redline_needs_a_word_file_to_write() {
    let paper = PaperTest::example();
    let o = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["diff", ".", ".", "--format", "docx", "--output", "redline.pdf"])
        .current_dir(paper.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("`--format docx` writes a redline: name its file with `--output FILE.docx`"),
        "{err}"
    );
    assert!(!paper.path().join("redline.pdf").exists());
}

#[test]
fn the_library_writes_a_redline_only_to_a_word_file_or_a_web_page() {
    let paper = PaperTest::example();
    let dir = paper.path().to_str().unwrap();
    let out = paper.path().join("修订稿.pdf");
    let err = gazette::redline(dir, Some(dir), paper.path(), None, gazette::Locale::Zh, &out)
        .unwrap_err()
        .to_string();
    assert!(err.contains("is neither a Word file's name nor a web page's"), "{err}");
    assert!(!out.exists());
    let page = paper.path().join("same.html");
    gazette::redline(dir, Some(dir), paper.path(), Some("研究室"), gazette::Locale::Zh, &page).unwrap();
    let html = std::fs::read_to_string(&page).unwrap();
    // Only the legend's marks: nothing changed.
    assert_eq!((html.matches("<ins>").count(), html.matches("<del>").count()), (1, 1));
    assert!(html.contains("研究室"), "the author given is named");
}

/// The text of every footnote of a Word copy, in one view (`None`: it has no notes part).
fn notes(docx: &Path, accept: bool) -> Vec<String> {
    let Some(xml) = parts(docx).remove("word/footnotes.xml") else { return Vec::new() };
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "footnote")))
        .filter(|n| n.attribute((W, "id")).is_some_and(|id| id.parse::<i32>().is_ok_and(|i| i > 0)))
        .map(|n| {
            n.descendants().filter(|p| p.has_tag_name((W, "p"))).filter_map(|p| view(p, accept)).collect()
        })
        .collect()
}

#[test]
fn a_footnote_changed_or_taken_out_is_a_tracked_change_too() {
    if no_git() {
        return;
    }
    // A note's text changed: the change is tracked inside the note.
    let paper = PaperTest::example();
    let (_keep, [old, new, red]) = redline_of(&paper, |dir| {
        edit_file(&dir.join("content/00-preface.md"), "均记录在", "均已记录在");
    });
    assert_eq!(notes(&red, true), notes(&new, true), "accepting gives the new notes");
    assert_eq!(notes(&red, false), notes(&old, true), "rejecting gives the old notes");
    assert_ne!(notes(&old, true), notes(&new, true));
    assert!(parts(&red)["word/footnotes.xml"].contains("<w:ins "), "the inserted 已 is marked");
    // A note taken out: its reference is deleted with tracking and the old note carried, so
    // that rejecting brings it back.
    let paper = PaperTest::example();
    let (_keep, [old, new, red]) = redline_of(&paper, |dir| {
        let preface = dir.join("content/00-preface.md");
        edit_file(&preface, "工作文章。[^source]", "工作文章。");
        let text = std::fs::read_to_string(&preface).unwrap();
        let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("[^source]:")).collect();
        std::fs::write(&preface, kept.join("\n") + "\n").unwrap();
    });
    assert!(notes(&new, true).is_empty());
    let document = &parts(&red)["word/document.xml"];
    let reference = document.find("<w:footnoteReference w:id=\"1\"/>").expect("the old reference is kept");
    let del = document[..reference].rfind("<w:del ").unwrap();
    assert!(!document[del..reference].contains("</w:del>"), "it is inside a deletion");
    assert_eq!(notes(&red, true), notes(&old, true), "the old note is carried, for rejecting");
    assert_eq!(paragraphs(&red, true), paragraphs(&new, true));
    assert_eq!(paragraphs(&red, false), paragraphs(&old, true));
}

#[test]
fn a_redline_of_the_english_edition_is_of_its_chapters() {
    let (old_paper, new_paper) = (PaperTest::example(), PaperTest::example());
    edit_file(
        &new_paper.path().join("content/en/01-government.md"),
        "on long-standing problems left from the past",
        "on problems left from the past",
    );
    for p in [&old_paper, &new_paper] {
        let built = p.run(&["build", "--locale", "en", "--only", "docx"]);
        assert_eq!(built.code, Some(0), "{}", built.stderr);
    }
    let red = new_paper.path().join("redline.docx");
    let (old_dir, new_dir) = (old_paper.path().to_str().unwrap(), new_paper.path().to_str().unwrap());
    diff(
        &new_paper,
        &[old_dir, new_dir, "--format", "docx", "--output", red.to_str().unwrap(), "--locale", "en"],
    );
    let (old, new) = (
        old_paper.path().join("output/en/laoshan-2024.docx"),
        new_paper.path().join("output/en/laoshan-2024.docx"),
    );
    assert_eq!(paragraphs(&red, true), paragraphs(&new, true));
    assert_eq!(paragraphs(&red, false), paragraphs(&old, true));
    let document = &parts(&red)["word/document.xml"];
    assert!(document.contains("<w:delText xml:space=\"preserve\">long-standing </w:delText>"), "by word");
}

#[test]
fn a_redline_a_reviewer_edited_is_read_back_against_the_new_version() {
    if no_git() {
        return;
    }
    let paper = PaperTest::example();
    let (keep, [_, _, red]) = redline_of(&paper, |dir| {
        let chapter = dir.join("content/01-government.md");
        edit_file(&chapter, "在支持中监督、在监督中支持", "在支持中监督，在监督中支持");
        edit_file(&dir.join("content/metrics/01-government.yaml"), "value: 32\n", "value: 33\n");
    });
    let by = "w:author=\"审阅人甲\" w:date=\"2026-03-01T09:00:00Z\"";
    let copy = keep.path().join("审阅稿.docx");
    crate::review::reviewed(
        &red,
        &copy,
        |xml| {
            assert!(xml.contains("以及历史遗留问题的处置"));
            xml.replacen(
                "以及历史遗留问题的处置",
                &format!("</w:t></w:r><w:del w:id=\"990\" {by}><w:r><w:delText>以及历史遗留问题的处置</w:delText></w:r></w:del><w:r><w:t xml:space=\"preserve\">"),
                1,
            )
        },
        &[],
    );
    let run = paper.run(&["review", copy.to_str().unwrap()]);
    assert_eq!(
        run.stdout, "content/01-government.md:8: 审阅人甲 deleted “以及历史遗留问题的处置”\n",
        "{}",
        run.stderr
    );
    let applied = paper.run(&["review", copy.to_str().unwrap(), "--apply"]).stdout;
    assert!(applied.contains("1 applied, 0 not applied"), "{applied}");
    assert!(!paper.read("content/01-government.md").contains("以及历史遗留问题的处置"));
}
