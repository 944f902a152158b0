//! One expanded chapter parsed into the document model, its images found under `content/`.

use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::content::document::{Block, Chapter, Inline, NodeMut, walk_mut};
use crate::content::front::ChapterFile;
use crate::content::markdown;
use crate::discover::CONTENT;
use crate::input::diagnostic::{Diagnostic, Location};
use crate::input::files::Entry;
use crate::input::source::Folder;
use crate::metrics::Metrics;

/// Image files a chapter may show.
const IMAGE_TYPES: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp"];

/// One chapter parsed, with its problems and the images it shows (site path, file under the
/// paper, and the address as written).
#[derive(Clone)]
pub(super) struct Parsed {
    pub(super) chapter: Chapter,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) media: Vec<(String, PathBuf, String)>,
}

/// Parses one expanded chapter into the document model, with its images resolved.
pub(super) fn parse_chapter(
    folder: Folder<'_>,
    file: ChapterFile,
    expanded: &str,
    slug: String,
    metrics: &Metrics,
    config: &Config,
    locale: crate::input::Locale,
) -> Parsed {
    let mut diags = Vec::new();
    let mut media = Vec::new();
    let cx = markdown::Context {
        metrics,
        slug: &slug,
        allow_raw_html: config.allow_raw_html,
        allowed_tags: &config.allow_raw_html_tags,
        locale,
    };
    let mut body = markdown::parse(expanded, &cx);
    for (removed, html) in std::mem::take(&mut body.removed) {
        let first_line = html.lines().next().unwrap_or("").to_string();
        diags.push(raw_html_removed(&removed).at(locate_text(&file, &first_line)));
    }
    for (url, _) in std::mem::take(&mut body.images) {
        match resolve_image(folder, &url) {
            Ok((site, path)) => {
                rewrite_image(&mut body.blocks, &url, &site);
                media.push((site, path, url));
            }
            Err((message, hint)) => {
                diags.push(Diagnostic::error(message).at(locate_text(&file, &url)).hint(hint));
            }
        }
    }
    let chapter = Chapter {
        source: file.source,
        slug,
        title: file.front.title,
        summary: file.front.summary,
        // Numbered in file order by the caller.
        number: file.front.numbered.then_some(0),
        blocks: body.blocks,
        footnotes: body.footnotes,
        inputs: 0,
    };
    Parsed { chapter, diags, media }
}

/// The warning for what the allowlist removed from a chapter's raw HTML.
fn raw_html_removed(removed: &[String]) -> Diagnostic {
    let list: Vec<String> = removed.iter().map(|r| format!("`{r}`")).collect();
    let code = removed.iter().any(|r| {
        r.starts_with("on")
            || r.ends_with(':')
            || ["<script>", "<iframe>", "<object>", "<embed>", "<form>", "<style>"].contains(&r.as_str())
    });
    let tag = removed
        .iter()
        .find_map(|r| r.strip_prefix('<').and_then(|t| t.strip_suffix('>')))
        .unwrap_or("script");
    let d = Diagnostic::warning(format!(
        "raw HTML: {} removed, and the page published without it",
        list.join(", ")
    ));
    if code {
        d.hint(format!(
            "it could run code or load another site; if the published page really needs it, name the tag in `gazette.yaml`: `allow_raw_html: [{tag}]`"
        ))
    } else {
        d.hint("raw HTML keeps text markup, tables, lists, figures and images from the paper, with `class`, `lang` and `title`; write the rest in Markdown")
    }
}

/// Resolves an image written in a chapter to a file under `content/` and its site path.
pub(super) fn resolve_image(folder: Folder<'_>, url: &str) -> Result<(String, PathBuf), (String, String)> {
    let lower = url.to_ascii_lowercase();
    if lower.contains("://") || lower.starts_with("//") || lower.starts_with("data:") {
        return Err((
            format!("image `{url}` is on another site"),
            "the published site loads nothing from other hosts: save the image into `content/` and write its path".into(),
        ));
    }
    let path = Path::new(url);
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                return Err((
                    format!("image `{url}` is outside `content/`"),
                    "images are read only from the paper's `content/` folder; write a path such as `images/photo.png`".into(),
                ));
            }
        }
    }
    let rel = parts.join("/");
    let ext =
        Path::new(&rel).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if !IMAGE_TYPES.contains(&ext.as_str()) {
        return Err((
            format!("`{url}` is not an image gazette can publish"),
            format!("use one of: {}", IMAGE_TYPES.join(", ")),
        ));
    }
    let file = Path::new(CONTENT).join(&rel);
    match folder.entry(&file) {
        Some(Entry::File { .. }) => {}
        // A symbolic link may point anywhere: what is published must really be the paper's.
        Some(Entry::Outside) => {
            return Err((
                format!("image `{url}` is a link to a file outside `content/`"),
                "copy the image into `content/` instead of linking to it: only the paper's own files are published".into(),
            ));
        }
        _ => {
            return Err((
                format!("image `{url}` does not exist"),
                format!("put the file at `content/{rel}`, or correct the path"),
            ));
        }
    }
    Ok((format!("media/{rel}"), file))
}

fn rewrite_image(blocks: &mut [Block], from: &str, to: &str) {
    walk_mut(blocks, &mut |node| {
        if let NodeMut::Inline(Inline::Image { url, .. }) = node
            && url == from
        {
            *url = to.to_string();
        }
    });
}

/// The place in the chapter file where `text` is written (the file's start if not found).
fn locate_text(file: &ChapterFile, text: &str) -> Location {
    let start = file.source.text[file.body_start..].find(text).map_or(0, |i| file.body_start + i);
    let end = if start == 0 { 0 } else { start + text.len() };
    Location::new(&file.source, start..end)
}
