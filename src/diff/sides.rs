//! The two versions `gazette diff` compares, each a paper folder or a git revision read
//! into memory, loaded side by side.

use std::path::Path;

use super::revision;
use crate::input::Locale;
use crate::input::files::{Disk, Files, Memory};
use crate::pipeline::{self, Error, Paper};

/// One side of a comparison: a paper folder, or a git revision of the repository holding
/// `paper`, read into memory.
enum Side {
    Folder(Disk),
    Revision(Memory),
}

impl Side {
    fn files(&self) -> &dyn Files {
        match self {
            Side::Folder(disk) => disk,
            Side::Revision(memory) => memory,
        }
    }
}

/// The two versions compared (their `locale` edition), loaded side by side, with the new
/// one's name.
pub(super) fn load_both<'a>(
    old: &str,
    new: Option<&'a str>,
    paper: &Path,
    locale: Locale,
) -> Result<(Paper, Paper, &'a str), Error> {
    let old_side = side(old, paper)?;
    let new_name = new.unwrap_or("the working folder");
    let new_side = match new {
        Some(n) => side(n, paper)?,
        None => Side::Folder(pipeline::open(paper)?),
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s
            .spawn(|| pipeline::load(old_side.files(), locale, None, &|_| {}).map_err(|e| name_side(e, old)));
        let b = pipeline::load(new_side.files(), locale, None, &|_| {}).map_err(|e| name_side(e, new_name));
        (a.join().unwrap_or_else(|p| std::panic::resume_unwind(p)), b)
    });
    Ok((a?, b?, new_name))
}

/// The problems of a version that does not build, kept whole and said to be that version's.
fn name_side(e: Error, side: &str) -> Error {
    match e {
        Error::Input(problems) => Error::Side { side: side.to_string(), problems },
        other => other,
    }
}

fn side(spec: &str, paper: &Path) -> Result<Side, Error> {
    if let Some(disk) = Disk::open(Path::new(spec)) {
        return Ok(Side::Folder(disk));
    }
    match revision::read(spec, paper)? {
        Some(memory) => Ok(Side::Revision(memory)),
        None => Err(Error::usage(format!(
            "`{spec}` is neither a folder nor a git revision of the repository holding `{}`",
            paper.display()
        ))),
    }
}
