//! Pictures in the Word copy: each chart drawn as a PNG across the type area with its
//! description, caption, source line and data table; each image a chapter shows, scaled to fit.

use std::fmt::Write as _;

use super::body::{Media, Writer, ppr};
use super::parts::xml;
use crate::charts::describe;

impl Writer<'_> {
    /// A chart: the PNG with its description, the 图N caption, the source line and the data
    /// as a table beneath.
    pub(super) fn chart(&mut self, id: &str, label: &str) {
        let Some(chart) = self.charts.get(id) else { return };
        let t = crate::input::locale::get(self.locale);
        let alt = chart.alt.clone().unwrap_or_else(|| describe::alt_text(chart));
        let number = format!("{}{label}", t.figure);
        // Drawn from the site's SVG, which leaves the title to the caption beneath (the PNGs
        // under `images/` carry their own), across the type area.
        let mark = if self.marks { format!("<gz:chart id=\"{}\"/>", xml(id)) } else { String::new() };
        // Without its picture (`review` reads the copy's text alone) the paragraph still
        // stands, so that paragraphs are counted alike for their anchors.
        let drawing = self.assets.pictures.get(id).cloned().map(|png| {
            let (w, h) = crate::charts::size(chart, false);
            let width = self.max_width / 9525;
            let size = (width as u32, (u64::from(h) * width / u64::from(w.max(1))) as u32);
            self.drawing(&format!("{id}.png"), png, size, &number, &alt)
        });
        let _ = write!(self.out, "<w:p>{}{mark}{}</w:p>", ppr("Picture"), drawing.unwrap_or_default());
        self.text_paragraph("Caption", &format!("{number}{}{}", t.figure_gap, chart.title));
        if let Some(c) = &chart.caption {
            self.text_paragraph("FigureSource", c);
        }
        if !chart.source.is_empty() {
            self.text_paragraph("FigureSource", &format!("{}{}", t.source_prefix, chart.source));
        }
        let table = describe::table(chart);
        self.text_table(&table.head, &table.rows);
    }

    /// An image a chapter shows: PNG, JPEG and GIF go in as they are, SVG drawn as a PNG.
    pub(super) fn image(&mut self, url: &str, alt: &str) {
        let Some(bytes) = self.assets.media.get(url) else { return };
        let drawn;
        let (bytes, ext) = match imagesize::image_type(bytes).ok() {
            Some(imagesize::ImageType::Png) => (bytes, "png"),
            Some(imagesize::ImageType::Jpeg) => (bytes, "jpeg"),
            Some(imagesize::ImageType::Gif) => (bytes, "gif"),
            _ if url.to_ascii_lowercase().ends_with(".svg") => {
                match crate::charts::raster::png(&String::from_utf8_lossy(bytes)) {
                    Ok(png) => {
                        drawn = png;
                        (&drawn, "png")
                    }
                    Err(_) => {
                        self.refused.push((url.to_string(), "its SVG does not parse".to_string()));
                        return;
                    }
                }
            }
            _ => {
                self.refused
                    .push((url.to_string(), "Word takes PNG, JPEG, GIF and SVG pictures".to_string()));
                return;
            }
        };
        let Ok(size) = imagesize::blob_size(bytes) else {
            self.refused.push((url.to_string(), "its size cannot be read".to_string()));
            return;
        };
        let (w, h) = (u32::try_from(size.width).unwrap_or(1), u32::try_from(size.height).unwrap_or(1));
        let drawing = self.drawing(&format!("image.{ext}"), bytes.clone(), (w, h), url, alt);
        self.out.push_str(&drawing);
    }

    /// An inline picture, scaled to fit the type area, described by `alt`.
    fn drawing(&mut self, name: &str, bytes: Vec<u8>, (w, h): (u32, u32), title: &str, alt: &str) -> String {
        self.drawings += 1;
        let n = self.drawings;
        let rel = format!("rIdMedia{n}");
        let name = format!("{n:03}-{name}");
        // 96 pixels to the inch, 914,400 EMU to the inch.
        let mut cx = u64::from(w.max(1)) * 9525;
        let mut cy = u64::from(h.max(1)) * 9525;
        if cx > self.max_width {
            cy = cy * self.max_width / cx;
            cx = self.max_width;
        }
        self.media.push(Media { name: name.clone(), bytes });
        format!(
            "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{n}\" name=\"{title}\" descr=\"{alt}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"{file}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"{rel}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>",
            title = xml(title),
            alt = xml(alt),
            file = xml(&name),
        )
    }
}
