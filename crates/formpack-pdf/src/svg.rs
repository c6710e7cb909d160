//! SVG images (the charts): parsed with the documents' own fonts, drawn as vectors with
//! searchable text into the PDF, or rasterised to PNG for DOCX and HWPX. [`Charts`] keeps the
//! parses beside the code that makes them; a [`Fonts`](crate::Fonts) holds one and lends it
//! its font files, so this file names no type of `fonts.rs`.

use std::sync::{Arc, OnceLock};

use formpack_doc::Memo;
use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use crate::{Error, ErrorKind};

/// The family charts name; the embedded NanumGothic.
pub const CHART_FONT: &str = "NanumGothic";

/// Charts parsed at most: a bundle has three (the deck draws the same ones), and a server
/// makes new ones with every budget it is given (a parsed chart holds its text as outlines).
const TREES_KEPT: usize = 8;

/// The SVG work done with one set of fonts, kept: the fonts as an SVG font database (made on
/// the first chart) and the charts parsed with them, by their bytes.
pub(crate) struct Charts {
    database: OnceLock<Arc<fontdb::Database>>,
    trees: Memo<Result<Arc<usvg::Tree>, String>>,
}

impl Charts {
    /// Nothing parsed yet.
    pub(crate) fn new() -> Charts {
        Charts {
            database: OnceLock::new(),
            trees: Memo::new(TREES_KEPT),
        }
    }

    /// An SVG (a chart) parsed with `fonts` (the five font files), once: a chart is drawn as
    /// vectors into the PDF of each document that shows it (02 has it in two) and rasterised
    /// for DOCX and HWPX, and parsing the 60-member chart of members (its text shaped and
    /// turned into outlines) took 3.5–13 ms each time.
    pub(crate) fn tree(
        &self,
        data: &Arc<Vec<u8>>,
        fonts: &[krilla::Data; 5],
    ) -> Result<Arc<usvg::Tree>, Error> {
        self.trees
            .get_or_init(data, || {
                self.parse(data, fonts)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| Error::new(ErrorKind::Image, e))
    }

    /// Parse an SVG with the document fonts.
    fn parse(&self, data: &[u8], fonts: &[krilla::Data; 5]) -> Result<usvg::Tree, Error> {
        let options = usvg::Options {
            fontdb: self.database.get_or_init(|| database(fonts)).clone(),
            font_family: CHART_FONT.to_string(),
            ..usvg::Options::default()
        };
        usvg::Tree::from_data(data, &options)
            .map_err(|e| Error::new(ErrorKind::Image, format!("cannot read an SVG image: {e}")))
    }
}

/// A font database holding exactly the five document fonts (never the system's), so a chart
/// looks the same on every machine.
fn database(fonts: &[krilla::Data; 5]) -> Arc<fontdb::Database> {
    let mut db = fontdb::Database::new();
    for data in fonts {
        db.load_font_source(fontdb::Source::Binary(Arc::new(data.clone())));
    }
    db.set_sans_serif_family(CHART_FONT);
    Arc::new(db)
}

/// A parsed SVG as a PNG `width_px` pixels wide, on white. Deterministic: the same SVG and
/// fonts give the same bytes.
pub(crate) fn rasterize(tree: &usvg::Tree, width_px: u32) -> Result<Vec<u8>, Error> {
    let size = tree.size();
    let scale = width_px as f32 / size.width();
    let height_px = (size.height() * scale).round().max(1.0) as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width_px.max(1), height_px)
        .ok_or_else(|| Error::new(ErrorKind::Image, "the chart is too large to rasterise"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let (width, height) = (pixmap.width(), pixmap.height());
    // Opaque on white, so the premultiplied RGBA is plain RGB: packed in place, in the
    // pixmap's own buffer (the chart of members is 15 MB of RGBA).
    let mut rgb = pixmap.take();
    for i in 0..rgb.len() / 4 {
        rgb.copy_within(i * 4..i * 4 + 3, i * 3);
    }
    rgb.truncate(rgb.len() / 4 * 3);
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        // zlib level 3 and the Sub filter on every row: a chart (flat colours, text) comes
        // out 0.3% larger than at the default level 6 with adaptive filters, in three quarters
        // of the time (the members' chart of 60 members, 1260 × 3060: 36–40 ms against 47–50
        // to rasterise and encode). It is the longest step of any correction that changes 02.
        enc.set_deflate_compression(png::DeflateCompression::Level(3));
        enc.set_filter(png::Filter::Sub);
        let mut w = enc
            .write_header()
            .map_err(|e| Error::new(ErrorKind::Image, format!("cannot write a PNG: {e}")))?;
        w.write_image_data(&rgb)
            .map_err(|e| Error::new(ErrorKind::Image, format!("cannot write a PNG: {e}")))?;
    }
    Ok(out)
}
