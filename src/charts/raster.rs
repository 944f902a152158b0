//! PNG images of charts for channels that take only images (WeChat articles, slides): the
//! SVG with its title and source drawn in, rasterised by resvg with the bundled fonts.

use std::sync::{Arc, OnceLock};

/// The PNG width; WeChat and slides want at least 1080 pixels.
pub const PNG_WIDTH: u32 = 1600;

/// Options with the bundled fonts loaded once per process.
fn options() -> &'static resvg::usvg::Options<'static> {
    static OPTIONS: OnceLock<resvg::usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        for (_, data) in crate::fonts::BUNDLED {
            db.load_font_data(data.to_vec());
        }
        db.set_sans_serif_family(crate::fonts::CHART_FAMILY);
        db.set_serif_family("Noto Serif CJK SC");
        let mut opt = resvg::usvg::Options {
            font_family: crate::fonts::CHART_FAMILY.to_string(),
            ..Default::default()
        };
        opt.fontdb = Arc::new(db);
        opt
    })
}

/// Renders an SVG to PNG bytes, `PNG_WIDTH` pixels wide.
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
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
