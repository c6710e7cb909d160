//! Images: validated, stored as PNG (docx-rs names every media part `.png`), sized in mm.

use std::io::Cursor;
use std::sync::Arc;

use formpack_doc::{Image, ImageFormat, Memo};

use crate::text::{self, Props};
use crate::units::emu;
use crate::{Error, ErrorKind};

/// The pictures of a document: part `word/media/rIdImage{n}.png` and relationship
/// `rIdImage{n}` for the n-th distinct picture, in document order, so the same document gets
/// the same ids; a picture printed twice (one seal for two parties) is stored once.
#[derive(Debug, Default)]
pub(crate) struct Media {
    pub pngs: Vec<Vec<u8>>,
    drawings: usize,
}

impl Media {
    /// Add a picture; its relationship id and a drawing id unique in the document.
    fn add(&mut self, png: Vec<u8>) -> (String, usize) {
        let n = match self.pngs.iter().position(|p| *p == png) {
            Some(i) => i + 1,
            None => {
                self.pngs.push(png);
                self.pngs.len()
            }
        };
        self.drawings += 1;
        (format!("rIdImage{n}"), self.drawings)
    }
}

/// Images checked (and JPEG re-encoded) in this process, by their bytes, with the PNG bytes or
/// why they could not be read: a seal is printed on three documents of its member and a chart
/// on two, and decoding the charts again (two documents at once, on two threads) was 3% of a
/// 60-member bundle's CPU. Bounded, for a long-running `formpack serve`.
static CHECKED: Memo<Result<Vec<u8>, String>> = Memo::new(256);

/// PNG bytes of an image: PNG passes through after a full decode check, JPEG is re-encoded;
/// each image once per process (see [`CHECKED`]).
fn png_bytes(img: &Image) -> Result<Vec<u8>, Error> {
    CHECKED
        .get_or_init(&img.data, || checked_png(img).map_err(|e| format!("{e}")))
        // The message already says "image cannot be read: …".
        .map_err(|e| Error::caused(ErrorKind::Image, "", std::io::Error::other(e)))
}

/// Record `png` as a picture this process encoded itself (a chart rasterised for the
/// editable formats): a document that prints it takes its bytes as they are instead of
/// decoding them to check them (the 60-member chart of members took 25 ms to decode, on the
/// longest path of a correction that changes 02). Only for bytes from a PNG encoder.
pub fn vouch_for_png(png: &Arc<Vec<u8>>) {
    CHECKED.insert(png, Ok(png.as_ref().clone()));
}

fn checked_png(img: &Image) -> Result<Vec<u8>, Error> {
    let format = match img.format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Svg => {
            return Err(Error::caused(
                ErrorKind::Image,
                "image cannot be read",
                std::io::Error::other("an SVG image must be rasterised to PNG first"),
            ))
        }
    };
    let decoded = image::load_from_memory_with_format(&img.data, format)
        .map_err(|e| Error::caused(ErrorKind::Image, "image cannot be read", e))?;
    match img.format {
        ImageFormat::Png | ImageFormat::Svg => Ok(img.data.as_ref().clone()),
        ImageFormat::Jpeg => {
            let mut out = Cursor::new(Vec::new());
            decoded
                .write_to(&mut out, image::ImageFormat::Png)
                .map_err(|e| Error::caused(ErrorKind::Image, "image cannot be read", e))?;
            Ok(out.into_inner())
        }
    }
}

/// Printed size in EMU, at least 1 mm each way.
fn size(img: &Image) -> (u32, u32) {
    (emu(img.width).max(emu(1.0)), emu(img.height).max(emu(1.0)))
}

/// The picture itself, after the drawing's position and size: `a:graphic` with the blip.
fn graphic(out: &mut String, rid: &str, id: usize, (w, h): (u32, u32)) {
    out.push_str(&format!(
        concat!(
            r#"<wp:docPr id="{id}" name="Figure {id}"/><wp:cNvGraphicFramePr>"#,
            r#"<a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/>"#,
            r#"</wp:cNvGraphicFramePr><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">"#,
            r#"<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">"#,
            r#"<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">"#,
            r#"<pic:nvPicPr><pic:cNvPr id="0" name=""/><pic:cNvPicPr><a:picLocks noChangeAspect="1" noChangeArrowheads="1"/></pic:cNvPicPr></pic:nvPicPr>"#,
            r#"<pic:blipFill><a:blip r:embed="{rid}"/><a:srcRect/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"#,
            r#"<pic:spPr bwMode="auto"><a:xfrm rot="0"><a:off x="0" y="0"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>"#,
            r#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>"#
        ),
        id = id,
        rid = rid,
        w = w,
        h = h
    ));
}

/// A run holding an inline picture at the image's printed size.
pub(crate) fn inline(out: &mut String, img: &Image, media: &mut Media) -> Result<(), Error> {
    let (w, h) = size(img);
    let (rid, id) = media.add(png_bytes(img)?);
    out.push_str(&format!(
        concat!(
            r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">"#,
            r#"<wp:extent cx="{w}" cy="{h}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>"#
        ),
        w = w,
        h = h
    ));
    graphic(out, &rid, id, (w, h));
    out.push_str("</wp:inline></w:drawing></w:r>");
    Ok(())
}

/// A picture on a line of its own in a table cell `inner` twips wide between its padding:
/// a paragraph aligned as the image says, single-spaced with no space around it, holding
/// the picture inline, shrunk to the cell's width when wider (its aspect ratio kept).
/// Nothing for an SVG: the caller rasterises one before a cell holds it.
pub(crate) fn cell_picture(
    out: &mut String,
    img: &Image,
    inner: u32,
    media: &mut Media,
) -> Result<(), Error> {
    if img.format == ImageFormat::Svg {
        return Ok(());
    }
    text::open_paragraph(
        out,
        &Props {
            align: Some(img.align),
            spacing: Some(text::spacing(0.0, 0.0, 240)),
            ..Props::default()
        },
    );
    inline(out, &narrowed(img, twips_to_mm(inner)), media)?;
    out.push_str("</w:p>");
    Ok(())
}

fn twips_to_mm(twips: u32) -> f32 {
    twips as f32 * 25.4 / 1440.0
}

/// The image at most `max_mm` wide, its height scaled with its width; as it is when it
/// fits or has no usable size (its printed size is then clamped where it is written).
fn narrowed(img: &Image, max_mm: f32) -> Image {
    let (w, h) = (img.width, img.height);
    if !(w.is_finite() && h.is_finite() && w > max_mm && max_mm > 0.0) {
        return img.clone();
    }
    Image {
        width: max_mm,
        height: h * max_mm / w,
        ..img.clone()
    }
}

/// A run holding a seal floating over the mark: centred on the table cell it is anchored in
/// and on the middle of the first text line (`line_mm` high), in front of the text, with no
/// wrapping. (LibreOffice keeps in-cell objects inside the cell, so there it sits a little
/// lower.)
pub(crate) fn seal(
    out: &mut String,
    img: &Image,
    media: &mut Media,
    line_mm: f32,
) -> Result<(), Error> {
    let (w, h) = size(img);
    let offset_y = (i64::from(emu(line_mm)) - i64::from(h)) / 2;
    let (rid, id) = media.add(png_bytes(img)?);
    out.push_str(&format!(
        concat!(
            r#"<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" "#,
            r#"relativeHeight="190500" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">"#,
            r#"<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:align>center</wp:align></wp:positionH>"#,
            r#"<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV>"#,
            r#"<wp:extent cx="{w}" cy="{h}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>"#
        ),
        y = offset_y,
        w = w,
        h = h
    ));
    graphic(out, &rid, id, (w, h));
    out.push_str("</wp:anchor></w:drawing></w:r>");
    Ok(())
}
