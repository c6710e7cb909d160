//! Images: validated, stored as PNG (docx-rs names every media part `.png`), sized in mm.

use std::io::Cursor;
use std::sync::{Arc, Mutex, OnceLock};

use docx_rs::{DrawingPosition, Pic, PicAlign, RelativeFromHType, RelativeFromVType};
use formpack_doc::{Image, ImageFormat};

use crate::units::emu;
use crate::{Error, ErrorKind};

/// Hands out relationship ids in document order, so the same document gets the same ids.
#[derive(Debug, Default)]
pub(crate) struct PicIds {
    next: usize,
}

impl PicIds {
    fn next(&mut self) -> String {
        self.next += 1;
        format!("rIdImage{}", self.next)
    }
}

/// An image's PNG bytes once checked, or why it could not be read.
type Checked = Arc<OnceLock<Result<Vec<u8>, String>>>;

/// Images checked (and JPEG re-encoded) in this process, by their bytes: a seal is printed
/// on three documents of its member and a chart on two, and decoding the charts again (two
/// documents at once, on two threads) was 3% of a 60-member bundle's CPU. Each image is
/// checked by one thread while any other that needs it waits. Bounded, for a long-running
/// `formpack serve`.
static CHECKED: Mutex<Vec<(Arc<Vec<u8>>, Checked)>> = Mutex::new(Vec::new());
const CHECKED_MAX: usize = 256;

/// PNG bytes of an image: PNG passes through after a full decode check, JPEG is re-encoded;
/// each image once per process (see [`CHECKED`]).
fn png_bytes(img: &Image) -> Result<Vec<u8>, Error> {
    let slot: Checked = {
        let mut cache = CHECKED.lock().unwrap_or_else(|e| e.into_inner());
        let found = cache
            .iter()
            .find(|(src, _)| Arc::ptr_eq(src, &img.data) || **src == *img.data);
        match found {
            Some((_, slot)) => slot.clone(),
            None => {
                if cache.len() >= CHECKED_MAX {
                    cache.remove(0);
                }
                let slot = Checked::default();
                cache.push((img.data.clone(), slot.clone()));
                slot
            }
        }
    };
    slot.get_or_init(|| checked_png(img).map_err(|e| format!("{e}")))
        .clone()
        // The message already says "image cannot be read: …".
        .map_err(|e| Error::caused(ErrorKind::Image, "", std::io::Error::other(e)))
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

/// An inline picture at the image's printed size.
pub(crate) fn inline(img: &Image, ids: &mut PicIds) -> Result<Pic, Error> {
    let (w, h) = size(img);
    Ok(Pic::new_with_dimensions(png_bytes(img)?, 1, 1)
        .id(ids.next())
        .size(w, h))
}

/// A seal floating over the mark: centred on the table cell it is anchored in and on the
/// middle of the first text line (`line_mm` high), in front of the text, with no wrapping.
/// (LibreOffice keeps in-cell objects inside the cell, so there it sits a little lower.)
pub(crate) fn seal(img: &Image, ids: &mut PicIds, line_mm: f32) -> Result<Pic, Error> {
    let (w, h) = size(img);
    let offset_y = (i64::from(emu(line_mm)) - i64::from(h)) / 2;
    let mut pic = Pic::new_with_dimensions(png_bytes(img)?, 1, 1)
        .id(ids.next())
        .size(w, h)
        .floating()
        .overlapping()
        .position_h(DrawingPosition::Align(PicAlign::Center))
        .relative_from_h(RelativeFromHType::Column)
        .position_v(DrawingPosition::Offset(offset_y as i32))
        .relative_from_v(RelativeFromVType::Paragraph);
    pic.layout_in_cell = true;
    Ok(pic)
}
