//! Stage 2, config: the paper's settings. In: `gazette.yaml` and the theme's files, through
//! the input stage. Out: the [`Config`] every later stage reads (title, date, slug, PDF
//! standards and fonts, English wording) and the [`Theme`](theme::Theme) the renderers use,
//! with the Word copy's style table ([`word`]).

mod model;
mod read;
pub(crate) mod template_lint;
pub(crate) mod theme;
pub(crate) mod word;

use std::path::Path;

use crate::input::diagnostic::Diagnostic;
use crate::input::source::Folder;

pub(crate) use model::{
    ChapterStart, Config, Date, FILE, FontRole, Pages, Standard, is_reserved_slug, is_slug,
};
pub(crate) use read::parse;

/// Reads and validates `gazette.yaml` at the top of the paper.
pub(crate) fn load(folder: Folder<'_>, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    let source = match folder.read(Path::new(FILE)) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    read::parse(&source, diags)
}
