//! Pictures inside table cells: each an `hp:pic` held as a character (`treatAsChar`) in a
//! paragraph of its own in the cell's `hp:subList`, placed by that paragraph's alignment,
//! shrunk to the cell's width between its margins, its bytes a `BinData` item as a body
//! picture's.

use formpack_doc::{Image, ImageFormat};

use super::{hwp_to_mm, Paragraph, Run, Writer};
use crate::units::fit;
use crate::Error;

/// The height of the pictures the paragraphs hold, HWPUNIT.
pub(super) fn pictures_height(paragraphs: &[Paragraph]) -> i64 {
    paragraphs
        .iter()
        .flat_map(|p| &p.runs)
        .map(|r| match r {
            Run::Picture { height, .. } => *height,
            _ => 0,
        })
        .sum()
}

impl Writer<'_> {
    /// A cell's picture in its paragraph, at most `inner` HWPUNIT wide and a page high (its
    /// aspect ratio kept); `size` is the table's text size. Nothing for an SVG: the caller
    /// rasterises one before a cell holds it.
    pub(super) fn cell_picture(
        &mut self,
        img: &Image,
        inner: i64,
        size: f32,
    ) -> Result<Option<Paragraph>, Error> {
        if img.format == ImageFormat::Svg {
            return Ok(None);
        }
        let (w, h) = fit(
            img.width,
            img.height,
            hwp_to_mm(inner),
            hwp_to_mm(self.page.content_h),
        );
        self.picture_paragraph(img, (w, h), size).map(Some)
    }
}
