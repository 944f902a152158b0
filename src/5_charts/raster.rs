//! PNG images of charts for channels that take only images (WeChat articles, slides): the
//! SVG with its title and source drawn in, rasterised by resvg with the bundled fonts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The PNG width; WeChat and slides want at least 1080 pixels.
pub(crate) const PNG_WIDTH: u32 = 1600;

/// Options with the bundled fonts loaded once per process.
fn options() -> &'static resvg::usvg::Options<'static> {
    static OPTIONS: OnceLock<resvg::usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        // The faces straight from the binary: copying them would cost 17 MB a process.
        for (_, data) in crate::input::fonts::BUNDLED {
            db.load_font_source(resvg::usvg::fontdb::Source::Binary(Arc::new(*data)));
        }
        db.set_sans_serif_family(crate::input::fonts::CHART_FAMILY);
        db.set_serif_family("Noto Serif CJK SC");
        let mut opt = resvg::usvg::Options {
            font_family: crate::input::fonts::CHART_FAMILY.to_string(),
            ..Default::default()
        };
        opt.fontdb = Arc::new(db);
        opt
    })
}

/// PNGs made by the last builds, by SVG, marked with whether the last render used them:
/// `gazette serve` keeps them and redraws only the charts an edit changed.
#[derive(Debug, Default)]
pub(crate) struct Pngs {
    made: Mutex<HashMap<String, (Vec<u8>, bool)>>,
}

impl Pngs {
    /// [`png`], reusing the bytes made before for the same SVG.
    pub(crate) fn png(&self, svg: &str) -> Result<Vec<u8>, String> {
        let lock = || self.made.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((bytes, used)) = lock().get_mut(svg) {
            *used = true;
            return Ok(bytes.clone());
        }
        let bytes = png(svg)?;
        lock().insert(svg.to_string(), (bytes.clone(), true));
        Ok(bytes)
    }

    /// Forgets the PNGs the last render did not use, so that they are one paper's charts.
    pub(crate) fn keep_only_last_use(&self) {
        let mut made = self.made.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        made.retain(|_, (_, used)| std::mem::take(used));
    }
}

/// Renders an SVG to PNG bytes, `PNG_WIDTH` pixels wide.
pub(crate) fn png(svg: &str) -> Result<Vec<u8>, String> {
    let tree = resvg::usvg::Tree::from_str(svg, options())
        .map_err(|e| format!("the chart's SVG does not parse: {e}"))?;
    let size = tree.size();
    let scale = PNG_WIDTH as f32 / size.width();
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(PNG_WIDTH, height).ok_or("the chart is too large to draw")?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| format!("cannot encode the PNG: {e}"))
}
