//! The package's other parts: styles from the theme's table, settings, fonts, footers with
//! "— N —" page numbers, relationships, content types and document properties.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::config::word::{Align, Page, Style, WordStyles};
use crate::input::Locale;

pub(super) const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
pub(super) const R: &str = "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Twips (1/20 point) in a millimetre.
pub(super) fn twips(mm: f64) -> i64 {
    (mm * 1440.0 / 25.4).round() as i64
}

/// Word's built-in style names, by style id, for the roles of the theme's table.
const NAMES: &[(&str, &str, &str)] = &[
    // role, style id, name Word shows
    ("body", "BodyText", "Body Text"),
    ("title", "Title", "Title"),
    ("subtitle", "Subtitle", "Subtitle"),
    ("heading1", "Heading1", "heading 1"),
    ("heading2", "Heading2", "heading 2"),
    ("heading3", "Heading3", "heading 3"),
    ("heading4", "Heading4", "heading 4"),
    ("quote", "Quote", "Quote"),
    ("caption", "Caption", "caption"),
    ("source", "FigureSource", "Figure Source"),
    ("table", "TableText", "Table Text"),
    ("footnote", "FootnoteText", "footnote text"),
    ("footer", "Footer", "footer"),
    ("code", "Code", "Code"),
];

/// `word/styles.xml`: Normal from the body style, then one paragraph style per role, the
/// character styles the body refers to and the table style.
pub(super) fn styles(table: &WordStyles, locale: Locale) -> String {
    let styles = table.styles(locale);
    let body = styles.iter().find(|(r, _)| r == "body").map(|(_, s)| s.clone()).unwrap_or_default();
    let lang = match locale {
        Locale::Zh => "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>",
        Locale::En => "<w:lang w:val=\"en-GB\" w:eastAsia=\"zh-CN\"/>",
    };
    let mut out = format!(
        "{HEAD}<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr>{}{lang}</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/></w:pPr></w:pPrDefault></w:docDefaults>",
        rpr(&body, locale)
    );
    // Normal: the body's face and size, single-spaced, for table cells and footers to build on.
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:rPr>{}</w:rPr></w:style>",
        rpr(&body, locale)
    );
    for (role, style) in styles {
        let Some((_, id, name)) = NAMES.iter().find(|(r, _, _)| r == role) else { continue };
        let level = role.strip_prefix("heading").and_then(|n| n.parse::<u8>().ok());
        let mut ppr = ppr(style);
        if let Some(l) = level {
            // Kept with the next paragraph; the outline level is what the contents field lists.
            ppr = ppr
                .replace("<w:pPr>", "<w:pPr><w:keepNext/><w:keepLines/>")
                .replace("</w:pPr>", &format!("<w:outlineLvl w:val=\"{}\"/></w:pPr>", l - 1));
        }
        let _ = write!(
            out,
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"BodyText\"/><w:qFormat/>{ppr}<w:rPr>{}</w:rPr></w:style>",
            rpr(style, locale)
        );
    }
    // A picture's paragraph: centred, single-spaced (a fixed line height would clip it).
    out.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Picture\"><w:name w:val=\"Picture\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/></w:pPr></w:style>");
    out.push_str("<w:style w:type=\"paragraph\" w:styleId=\"TOCHeading\"><w:name w:val=\"TOC Heading\"/><w:basedOn w:val=\"Title\"/><w:next w:val=\"Normal\"/></w:style>");
    for level in 1..=2 {
        let _ = write!(
            out,
            "<w:style w:type=\"paragraph\" w:styleId=\"TOC{level}\"><w:name w:val=\"toc {level}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:ind w:left=\"{}\"/></w:pPr></w:style>",
            (level - 1) * 420
        );
    }
    out.push_str("<w:style w:type=\"paragraph\" w:styleId=\"CommentText\"><w:name w:val=\"annotation text\"/><w:basedOn w:val=\"Normal\"/><w:rPr><w:sz w:val=\"20\"/></w:rPr></w:style>");
    out.push_str("<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/></w:style>");
    out.push_str("<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>");
    out.push_str("<w:style w:type=\"character\" w:styleId=\"CommentReference\"><w:name w:val=\"annotation reference\"/><w:rPr><w:sz w:val=\"16\"/></w:rPr></w:style>");
    out.push_str("<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:rPr><w:color w:val=\"0563C1\"/><w:u w:val=\"single\"/></w:rPr></w:style>");
    out.push_str("<w:style w:type=\"character\" w:styleId=\"CodeChar\"><w:name w:val=\"Code Char\"/><w:rPr><w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\"/></w:rPr></w:style>");
    out.push_str("<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
    out.push_str("<w:style w:type=\"table\" w:styleId=\"PaperTable\"><w:name w:val=\"Paper Table\"/><w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"auto\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:bottom w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"auto\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/></w:tblBorders></w:tblPr></w:style>");
    out.push_str("</w:styles>");
    out
}

/// A style's paragraph properties: spacing, first-line indent, alignment.
fn ppr(s: &Style) -> String {
    let (before, after) = ((s.before * 20.0).round() as i64, (s.after * 20.0).round() as i64);
    let line = match s.line {
        Some(pt) => format!("w:line=\"{}\" w:lineRule=\"exact\"", (pt * 20.0).round() as i64),
        None => "w:line=\"240\" w:lineRule=\"auto\"".to_string(),
    };
    let indent = if s.indent > 0.0 {
        // Characters for Word, twips for readers that ignore them.
        format!(
            "<w:ind w:firstLineChars=\"{}\" w:firstLine=\"{}\"/>",
            (s.indent * 100.0).round() as i64,
            (s.indent * s.size * 20.0).round() as i64
        )
    } else {
        "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>".to_string()
    };
    let jc = match s.align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        Align::Justify => "both",
    };
    format!(
        "<w:pPr><w:spacing w:before=\"{before}\" w:after=\"{after}\" {line}/>{indent}<w:jc w:val=\"{jc}\"/></w:pPr>"
    )
}

/// A style's run properties: both font slots, size, weight and slant.
fn rpr(s: &Style, locale: Locale) -> String {
    // The hint gives ambiguous punctuation (“ ” — …) to the Chinese face in the Chinese edition.
    let hint = if locale == Locale::Zh { " w:hint=\"eastAsia\"" } else { "" };
    let mut out = format!(
        "<w:rFonts w:ascii=\"{l}\" w:hAnsi=\"{l}\" w:eastAsia=\"{e}\" w:cs=\"{l}\"{hint}/>",
        l = xml(&s.latin),
        e = xml(&s.font)
    );
    if s.bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    if s.italic {
        out.push_str("<w:i/><w:iCs/>");
    }
    let half_points = (s.size * 2.0).round() as i64;
    let _ = write!(out, "<w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/>");
    out
}

/// `word/settings.xml`: fields updated on opening (the contents), odd and even footers, the
/// footnote separators (only when there are footnotes: Word calls a separator it cannot find
/// a corrupt footnote).
pub(super) fn settings(has_notes: bool, track_changes: bool) -> String {
    let track = if track_changes { "<w:trackRevisions/>" } else { "" };
    let notes = if has_notes {
        "<w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>"
    } else {
        ""
    };
    format!(
        "{HEAD}<w:settings {W}><w:zoom w:percent=\"100\"/>{track}<w:defaultTabStop w:val=\"420\"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val=\"compressPunctuation\"/><w:updateFields w:val=\"true\"/>{notes}<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    )
}

/// Other names of the Chinese faces, by which Word finds or substitutes them.
const ALT_NAMES: &[(&str, &str)] = &[
    ("仿宋", "FangSong"),
    ("仿宋_GB2312", "FangSong_GB2312"),
    ("黑体", "SimHei"),
    ("楷体", "KaiTi"),
    ("楷体_GB2312", "KaiTi_GB2312"),
    ("宋体", "SimSun"),
    ("方正小标宋简体", "FZXiaoBiaoSong-B05S"),
];

/// `word/fontTable.xml`: every face the styles name, the Chinese ones marked GB2312 so that a
/// computer without them substitutes a Chinese face.
pub(super) fn font_table(table: &WordStyles, locale: Locale) -> String {
    let mut faces = BTreeSet::new();
    for (_, s) in table.styles(locale) {
        faces.insert(s.font.as_str());
        faces.insert(s.latin.as_str());
    }
    let mut out = format!("{HEAD}<w:fonts {W}>");
    for face in faces {
        let chinese = !face.is_ascii();
        let _ = write!(out, "<w:font w:name=\"{}\">", xml(face));
        if let Some((_, alt)) = ALT_NAMES.iter().find(|(n, _)| *n == face) {
            let _ = write!(out, "<w:altName w:val=\"{alt}\"/>");
        }
        let charset = if chinese { "86" } else { "00" };
        let _ = write!(
            out,
            "<w:charset w:val=\"{charset}\"/><w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/></w:font>"
        );
    }
    out.push_str("</w:fonts>");
    out
}

/// A footer with the page number as GB/T 9704 prints it: "— 3 —", odd pages at the right
/// edge, even pages at the left, each a quarter character in.
pub(super) fn footer(odd: bool) -> String {
    let (jc, ind) = if odd { ("right", "w:right=\"280\"") } else { ("left", "w:left=\"280\"") };
    format!(
        "{HEAD}<w:ftr {W} {R}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:ind {ind}/><w:jc w:val=\"{jc}\"/></w:pPr><w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    )
}

/// A section's page: size, margins, footer distance; `numbered` sections carry the footers.
pub(super) fn section(page: &Page, numbered: bool) -> String {
    let footers = if numbered {
        "<w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/><w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>"
    } else {
        ""
    };
    let restart = if numbered { "<w:pgNumType w:start=\"1\"/>" } else { "" };
    format!(
        "<w:sectPr>{footers}<w:type w:val=\"nextPage\"/><w:pgSz w:w=\"{}\" w:h=\"{}\"/><w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"851\" w:footer=\"{}\" w:gutter=\"0\"/>{restart}<w:cols w:space=\"425\"/></w:sectPr>",
        twips(page.width),
        twips(page.height),
        twips(page.top),
        twips(page.right),
        twips(page.bottom),
        twips(page.left),
        twips(page.footer),
    )
}

/// `[Content_Types].xml`.
pub(super) fn content_types(
    has_footnotes: bool,
    has_comments: bool,
    has_custom: bool,
    extensions: &BTreeSet<&str>,
) -> String {
    let mut out = format!(
        "{HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    );
    for ext in extensions {
        let _ = write!(out, "<Default Extension=\"{ext}\" ContentType=\"image/{ext}\"/>");
    }
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut parts = vec![
        ("/word/document.xml", format!("{wml}.document.main+xml")),
        ("/word/styles.xml", format!("{wml}.styles+xml")),
        ("/word/settings.xml", format!("{wml}.settings+xml")),
        ("/word/fontTable.xml", format!("{wml}.fontTable+xml")),
        ("/word/footer1.xml", format!("{wml}.footer+xml")),
        ("/word/footer2.xml", format!("{wml}.footer+xml")),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml".to_string()),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
    ];
    if has_custom {
        parts.push((
            "/docProps/custom.xml",
            "application/vnd.openxmlformats-officedocument.custom-properties+xml".to_string(),
        ));
    }
    if has_footnotes {
        parts.push(("/word/footnotes.xml", format!("{wml}.footnotes+xml")));
    }
    if has_comments {
        parts.push(("/word/comments.xml", format!("{wml}.comments+xml")));
    }
    for (name, kind) in parts {
        let _ = write!(out, "<Override PartName=\"{name}\" ContentType=\"{kind}\"/>");
    }
    out.push_str("</Types>");
    out
}

/// `_rels/.rels`.
pub(super) fn package_rels(has_custom: bool) -> String {
    let o = "http://schemas.openxmlformats.org";
    let custom = if has_custom {
        format!(
            "<Relationship Id=\"rId4\" Type=\"{o}/officeDocument/2006/relationships/custom-properties\" Target=\"docProps/custom.xml\"/>"
        )
    } else {
        String::new()
    };
    format!(
        "{HEAD}<Relationships xmlns=\"{o}/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{o}/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"{o}/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"{o}/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>{custom}</Relationships>"
    )
}

/// `docProps/custom.xml`: custom document properties, each a text.
pub(super) fn custom_properties(properties: &[(&str, String)]) -> String {
    let mut out = format!(
        "{HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
    );
    for (i, (name, value)) in properties.iter().enumerate() {
        let _ = write!(
            out,
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{}\" name=\"{}\"><vt:lpwstr>{}</vt:lpwstr></property>",
            i + 2,
            xml(name),
            xml(value)
        );
    }
    out.push_str("</Properties>");
    out
}

/// `word/_rels/document.xml.rels`: the parts, pictures and links the body refers to.
pub(super) fn document_rels(
    has_footnotes: bool,
    has_comments: bool,
    media: &[(String, String)],
    links: &[(String, String)],
) -> String {
    let t = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut out = format!(
        "{HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    );
    let mut rel = |id: &str, kind: &str, target: &str, external: bool| {
        let mode = if external { " TargetMode=\"External\"" } else { "" };
        let _ =
            write!(out, "<Relationship Id=\"{id}\" Type=\"{t}/{kind}\" Target=\"{}\"{mode}/>", xml(target));
    };
    rel("rIdStyles", "styles", "styles.xml", false);
    rel("rIdSettings", "settings", "settings.xml", false);
    rel("rIdFonts", "fontTable", "fontTable.xml", false);
    rel("rIdFooterOdd", "footer", "footer1.xml", false);
    rel("rIdFooterEven", "footer", "footer2.xml", false);
    if has_footnotes {
        rel("rIdFootnotes", "footnotes", "footnotes.xml", false);
    }
    if has_comments {
        rel("rIdComments", "comments", "comments.xml", false);
    }
    for (id, name) in media {
        rel(id, "image", &format!("media/{name}"), false);
    }
    for (id, url) in links {
        rel(id, "hyperlink", url, true);
    }
    out.push_str("</Relationships>");
    out
}

/// `word/footnotes.xml`: the two separators Word expects, then the notes.
pub(super) fn footnotes(notes: &[String]) -> String {
    let mut out = format!(
        "{HEAD}<w:footnotes {W} {R}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    );
    notes.iter().for_each(|n| out.push_str(n));
    out.push_str("</w:footnotes>");
    out
}

/// `word/comments.xml`.
pub(super) fn comments(comments: &[String]) -> String {
    let mut out = format!("{HEAD}<w:comments {W} {R}>");
    comments.iter().for_each(|c| out.push_str(c));
    out.push_str("</w:comments>");
    out
}

/// `docProps/core.xml` and `docProps/app.xml`: title, author and language; no clock time, so
/// two builds are the same bytes.
pub(super) fn properties(title: &str, publisher: &str, lang: &str) -> (String, String) {
    let core = format!(
        "{HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>{lang}</dc:language></cp:coreProperties>",
        xml(title),
        xml(publisher)
    );
    let app = format!(
        "{HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>gazette</Application></Properties>"
    );
    (core, app)
}

/// Text as the content of a run: `w:t` elements, with a line break written `w:br` and a tab
/// `w:tab` (Word shows a newline or tab inside `w:t` as a space).
pub(super) fn texts(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let end = rest.find(['\n', '\t']).unwrap_or(rest.len());
        if end > 0 {
            let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", xml(&rest[..end]));
        }
        match rest[end..].chars().next() {
            Some('\n') => out.push_str("<w:br/>"),
            Some('\t') => out.push_str("<w:tab/>"),
            _ => return out,
        }
        rest = &rest[end + 1..];
    }
}

/// Text as it may stand in XML: escaped, with the characters XML 1.0 forbids left out (a
/// Word document holding one does not open).
pub(super) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => crate::charts::draw::escape_char(c, &mut out),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_tabs_in_text_are_words_own() {
        assert_eq!(
            texts("第一行\n第二行\t末"),
            "<w:t xml:space=\"preserve\">第一行</w:t><w:br/><w:t xml:space=\"preserve\">第二行</w:t><w:tab/><w:t xml:space=\"preserve\">末</w:t>"
        );
        assert_eq!(texts("a&<\u{1}b"), "<w:t xml:space=\"preserve\">a&amp;&lt;b</w:t>");
        assert_eq!(texts(""), "");
    }
}
