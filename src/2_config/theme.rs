//! Themes: the default theme is embedded in the binary so gazette works anywhere; a paper's
//! `themes/<name>/` may replace any single file of it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::input::diagnostic::{Diagnostic, Source};
use crate::input::files::Entry;
use crate::input::fonts::{FontData, FontFile};
use crate::input::source::{self, Folder};

/// Files of the default theme, by path inside the theme folder.
const EMBEDDED: &[(&str, &[u8])] = &[
    ("templates/page.html", include_bytes!("../../themes/default/templates/page.html")),
    ("assets/style.css", include_bytes!("../../themes/default/assets/style.css")),
    ("pdf/main.typ", include_bytes!("../../themes/default/pdf/main.typ")),
    ("theme.yaml", include_bytes!("../../themes/default/theme.yaml")),
    ("docx/styles.yaml", include_bytes!("../../themes/default/docx/styles.yaml")),
];

/// A theme as resolved for one paper: each file from the paper's theme folder when it has
/// one, else from the embedded default.
#[derive(Debug)]
pub(crate) struct Theme {
    /// The HTML page template.
    pub page: Arc<Source>,
    /// Static files copied to `site/assets/`, by path under `assets/`.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// The PDF's Typst template.
    pub pdf: Arc<Source>,
    /// Other `.typ` files of the theme's `pdf/` folder, by path under it.
    pub pdf_extra: Vec<(String, Arc<Source>)>,
    /// Fonts for the PDF and the PNG charts: the bundled faces, each replaceable by a file of
    /// the same name in the theme's `fonts/`, then the theme's other fonts.
    pub fonts: Vec<FontFile>,
    /// Colours of chart series, in order (`chart_palette` in `theme.yaml`).
    pub palette: Vec<String>,
    /// The Word copy's page and paragraph styles (`docx/styles.yaml`).
    pub word: super::word::WordStyles,
}

/// Resolves the theme named in `gazette.yaml`.
pub(crate) fn load(folder: Folder<'_>, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let dir = PathBuf::from("themes").join(name);
    if name != "default" && !folder.is_folder(&dir) {
        return Err(vec![unknown_theme(folder, name)]);
    }
    let mut diags = Vec::new();
    let page = read_file(folder, &dir, "templates/page.html").map_err(|d| diags.push(d)).ok();
    let pdf = read_file(folder, &dir, "pdf/main.typ").map_err(|d| diags.push(d)).ok();
    let palette = match read_file(folder, &dir, "theme.yaml") {
        Ok(s) => settings(&s, &mut diags),
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    };
    let word = match read_file(folder, &dir, "docx/styles.yaml") {
        Ok(s) => super::word::parse(&s, &mut diags),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let pdf_extra = pdf_files(folder, &dir, &mut diags);
    let fonts = fonts(folder, &dir, &mut diags);
    let assets = assets(folder, &dir, &mut diags);
    match (page, pdf, word) {
        (Some(page), Some(pdf), Some(word)) if diags.is_empty() => {
            Ok(Theme { page, assets, pdf, pdf_extra, fonts, palette, word })
        }
        _ => Err(diags),
    }
}

/// The error for a theme named in `gazette.yaml` that has no folder, naming the themes there.
fn unknown_theme(folder: Folder<'_>, name: &str) -> Diagnostic {
    let mut known: Vec<String> = vec!["default".to_string()];
    if let Ok(entries) = folder.list(Path::new("themes")) {
        let names = entries.into_iter().filter(|(_, e)| *e == Entry::Folder).map(|(n, _)| n);
        known.extend(names.filter(|n| n != "default"));
    }
    let hint = crate::input::diagnostic::suggestion(name, known.iter().map(String::as_str))
        .unwrap_or_else(|| format!("the themes here are: {}", known.join(", ")));
    Diagnostic::error(format!("theme `{name}` does not exist: there is no folder `themes/{name}`"))
        .in_file(crate::config::FILE)
        .hint(hint)
}

/// The files under `sub` of the theme's folder with one of the extensions `ext` (any, when
/// empty), in name order, up to `depth` folders down: each with its path under `sub` and size.
fn files_under(folder: Folder<'_>, dir: &Path, sub: &str, ext: &[&str], depth: usize) -> Vec<(PathBuf, u64)> {
    fn walk(folder: Folder<'_>, base: &Path, under: &Path, depth: usize, out: &mut Vec<(PathBuf, u64)>) {
        let Ok(entries) = folder.list(&base.join(under)) else { return };
        for (name, entry) in entries {
            match entry {
                Entry::File { len, .. } => out.push((under.join(name), len)),
                Entry::Folder if depth > 1 => walk(folder, base, &under.join(name), depth - 1, out),
                _ => {}
            }
        }
    }
    let mut all = Vec::new();
    walk(folder, &dir.join(sub), Path::new(""), depth, &mut all);
    all.retain(|(rel, _)| {
        let e = rel.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        ext.is_empty() || e.is_some_and(|e| ext.contains(&e.as_str()))
    });
    all
}

/// The theme's Typst files besides `pdf/main.typ`, which it may include.
fn pdf_files(folder: Folder<'_>, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, Arc<Source>)> {
    let mut extra = Vec::new();
    for (rel, _) in files_under(folder, dir, "pdf", &["typ"], 4) {
        let name = source::display_name(&rel);
        if name != "main.typ" {
            match folder.read(&dir.join("pdf").join(&rel)) {
                Ok(s) => extra.push((name, s)),
                Err(d) => diags.push(d),
            }
        }
    }
    extra
}

/// The bundled fonts, and the theme's own under `fonts/`.
fn fonts(folder: Folder<'_>, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<FontFile> {
    let mut fonts: Vec<FontFile> = crate::input::fonts::BUNDLED
        .iter()
        .map(|(name, data)| FontFile { name: (*name).to_string(), data: FontData::Bundled(data) })
        .collect();
    for (rel, len) in files_under(folder, dir, "fonts", &["otf", "ttf", "ttc"], 4) {
        let name = source::display_name(&rel);
        // The bundled faces ship in the default theme's folder too: a file of the same name
        // and size is that face, already in memory, and is not read again.
        let bundled = crate::input::fonts::BUNDLED.iter().find(|(n, _)| *n == name);
        if bundled.is_some_and(|(_, data)| len == data.len() as u64) {
            continue;
        }
        let path = dir.join("fonts").join(&rel);
        match folder.read_bytes(&path) {
            Ok(bytes) => add_font(&mut fonts, name, bytes),
            Err(d) => diags.push(d.in_file(source::display_name(&path))),
        }
    }
    fonts
}

/// The default theme's assets, replaced or added to by the theme's own under `assets/`.
fn assets(folder: Folder<'_>, dir: &Path, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, Vec<u8>> {
    let mut assets = BTreeMap::new();
    for (path, bytes) in EMBEDDED {
        if let Some(rel) = path.strip_prefix("assets/") {
            assets.insert(rel.to_string(), bytes.to_vec());
        }
    }
    for (rel, _) in files_under(folder, dir, "assets", &[], 8) {
        let path = dir.join("assets").join(&rel);
        match folder.read_bytes(&path) {
            Ok(bytes) => drop(assets.insert(source::display_name(&rel), bytes)),
            Err(d) => diags.push(d.in_file(source::display_name(&path))),
        }
    }
    assets
}

/// Reads `theme.yaml`: the chart palette.
fn settings(source: &Arc<Source>, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let file = match crate::input::yaml::YamlFile::parse(source) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let mut palette = Vec::new();
    let mut r = crate::input::reader::Reader::new(&file, diags);
    for entry in &file.entries {
        match entry.key.as_str() {
            "chart_palette" => match &entry.value {
                serde_yaml::Value::Sequence(items) => {
                    for item in items {
                        match item.as_str().filter(|c| crate::input::reader::rgb(c).is_some()) {
                            Some(c) => palette.push(c.to_string()),
                            None => r.error(
                                &["chart_palette"],
                                "`chart_palette` lists colours written `\"#RRGGBB\"`",
                                "for example `[\"#0072B2\", \"#D55E00\"]`",
                            ),
                        }
                    }
                }
                _ => r.error(
                    &["chart_palette"],
                    "`chart_palette` must be a list of colours",
                    "for example `[\"#0072B2\", \"#D55E00\"]`",
                ),
            },
            _ => r.unknown(&[entry.key.as_str()], &["chart_palette"], "`theme.yaml`"),
        }
    }
    palette
}

/// Adds a font, replacing a bundled face of the same file name.
pub(crate) fn add_font(fonts: &mut Vec<FontFile>, name: String, bytes: Vec<u8>) {
    let file = FontFile { name, data: FontData::Loaded(Arc::new(bytes)) };
    match fonts.iter_mut().find(|f| f.name == file.name) {
        Some(existing) => *existing = file,
        None => fonts.push(file),
    }
}

/// One theme file: the paper's copy if it has one, else the embedded default.
fn read_file(folder: Folder<'_>, dir: &Path, rel: &str) -> Result<Arc<Source>, Diagnostic> {
    let path = dir.join(rel);
    if folder.entry(&path).is_some() {
        return folder.read(&path);
    }
    let bytes = EMBEDDED.iter().find(|(p, _)| *p == rel).map(|(_, b)| *b).unwrap_or_default();
    let text = String::from_utf8_lossy(bytes).into_owned();
    Ok(Source::new(format!("themes/default/{rel} (built in)"), text))
}
