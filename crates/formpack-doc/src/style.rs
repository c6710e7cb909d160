//! The look of the documents, defined once for every backend.
//!
//! Sizes are points, lengths millimetres, colours [`Rgb`] as printed on white paper. The DOCX
//! backend converts them to twips, half-points and hex; the paged layout to points. What a
//! backend expresses in its own unit system only (Word's line spacing in 240ths of a line,
//! the VML watermark's shape) stays in that backend.
//!
//! Where the two backends disagreed before this module existed, the chosen value is noted
//! with the reason; spacing follows the PDF (the PDF is the submitted file and its pagination
//! is what the tests pin down; Word re-lays the DOCX out anyway).

use crate::Face;

/// A colour as 8-bit red, green and blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Black.
    pub const BLACK: Rgb = Rgb(0, 0, 0);

    /// A grey of the given level (0 black, 255 white).
    pub const fn grey(level: u8) -> Rgb {
        Rgb(level, level, level)
    }

    /// `Some(level)` when the colour is a grey (red = green = blue); backends then write a
    /// grey-scale colour.
    pub const fn as_grey(self) -> Option<u8> {
        if self.0 == self.1 && self.1 == self.2 {
            Some(self.0)
        } else {
            None
        }
    }

    /// Six upper-case hex digits, `D9D9D9`, as OOXML wants them.
    pub fn hex(self) -> String {
        format!("{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// Size and spacing of a heading level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadingStyle {
    /// Font size, points.
    pub size: f32,
    /// Space above, millimetres (dropped at the top of a page).
    pub space_before: f32,
    /// Space below, millimetres.
    pub space_after: f32,
}

/// Heading look by level: 1 (and 0) the form title, 2 a section, 3 and deeper a sub-heading.
///
/// Level 3 has 3.0 mm before it (the DOCX had 2.5 mm, the PDF 3.0 mm): with 1.5 mm after,
/// that keeps the 2 : 1 ratio of level 2 (4.0 / 2.0 mm), so a sub-heading sits visibly closer
/// to the text it introduces than to the text before it.
pub const fn heading(level: u8) -> HeadingStyle {
    match level {
        0 | 1 => HeadingStyle {
            size: 18.0,
            space_before: 0.0,
            space_after: 6.0,
        },
        2 => HeadingStyle {
            size: 12.0,
            space_before: 4.0,
            space_after: 2.0,
        },
        _ => HeadingStyle {
            size: 11.0,
            space_before: 3.0,
            space_after: 1.5,
        },
    }
}

/// How tightly a document is set.
///
/// A one-page form (04, 07, 08: a confirmation with its signature) is `Compact`, so that the
/// date and the signature stay on the page they confirm. Only spacing tightens, never type
/// size: margins above and below, space around headings and paragraphs, line height, cell
/// padding and the signature block's gaps. Every backend reads it through [`Spacing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Density {
    /// formpack's ordinary look.
    #[default]
    Regular,
    /// Tighter spacing for a form that should stay on one page.
    Compact,
}

/// Margin above and below the text of a compact page, millimetres (20 left and right).
pub const COMPACT_MARGIN: f32 = 15.0;

/// The spacing of a [`Density`]: what tightens in a compact document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spacing {
    /// Space after a body paragraph that does not set its own, millimetres.
    pub paragraph_after: f32,
    /// Space between a cell's border and its text, top and bottom, millimetres.
    pub cell_padding_y: f32,
    /// Body line height against the regular one, as (numerator, denominator): each backend
    /// scales its own unit (the PDF's 1.5 em, Word's 312, 한글's 150 %) by it.
    pub body_line: (u32, u32),
    /// Space above a signature block, millimetres.
    pub signature_before: f32,
    /// Space between the date line and the first party, millimetres.
    pub date_after: f32,
    /// Space above the addressee, millimetres.
    pub addressee_before: f32,
    /// Space between two signing parties, millimetres.
    pub party_gap: f32,
    /// Heading spacing is multiplied by this share (size never changes).
    pub heading_share: (u32, u32),
}

impl Spacing {
    /// The heading look of `level` at this spacing.
    pub fn heading(&self, level: u8) -> HeadingStyle {
        let h = heading(level);
        let (n, d) = self.heading_share;
        let scale = n as f32 / d as f32;
        HeadingStyle {
            space_before: h.space_before * scale,
            space_after: h.space_after * scale,
            ..h
        }
    }

    /// A backend's body line height `regular` (in its own unit) at this spacing.
    pub fn body_line<T: Scale>(&self, regular: T) -> T {
        regular.scale(self.body_line)
    }
}

/// A line height in a backend's unit, scaled by a ratio (rounded to the unit).
pub trait Scale: Copy {
    /// `self × n / d`.
    fn scale(self, ratio: (u32, u32)) -> Self;
}

impl Scale for f32 {
    fn scale(self, (n, d): (u32, u32)) -> f32 {
        self * n as f32 / d as f32
    }
}

impl Scale for u32 {
    fn scale(self, (n, d): (u32, u32)) -> u32 {
        (self * n + d / 2) / d
    }
}

impl Scale for i32 {
    fn scale(self, (n, d): (u32, u32)) -> i32 {
        let (n, d) = (n as i32, d as i32);
        (self * n + d / 2) / d
    }
}

/// The spacing of a density.
pub const fn spacing(density: Density) -> Spacing {
    match density {
        Density::Regular => Spacing {
            paragraph_after: PARAGRAPH_SPACE_AFTER,
            cell_padding_y: CELL_PADDING_Y,
            body_line: (1, 1),
            signature_before: SIGNATURE_SPACE_BEFORE,
            date_after: SIGNATURE_DATE_SPACE_AFTER,
            addressee_before: ADDRESSEE_SPACE_BEFORE,
            party_gap: PARTY_GAP,
            heading_share: (1, 1),
        },
        // 1.4 em body lines (1.5 regular), 0.5 mm cell padding (1.2; 한글's own default),
        // headings' space halved and the signature's gaps tighter: the sample's 04, 07 and 08
        // then keep their date and signature on page 1 (each spilled 54–77 mm before). Cells
        // keep their line height, so Word's and 한글's tables need no other change.
        Density::Compact => Spacing {
            paragraph_after: 1.5,
            cell_padding_y: 0.5,
            body_line: (14, 15),
            signature_before: 2.0,
            date_after: 3.0,
            addressee_before: 4.0,
            party_gap: 4.0,
            heading_share: (1, 2),
        },
    }
}

/// Headings are set in 고딕 bold.
pub const HEADING_FACE: Face = Face::Sans;

/// Body text size, points (the default of a paragraph).
pub const BODY_SIZE: f32 = 10.5;
/// Space after a body paragraph, millimetres (the default of a paragraph).
pub const PARAGRAPH_SPACE_AFTER: f32 = 2.0;
/// Default text size in table cells, points.
pub const TABLE_SIZE: f32 = 9.5;
/// Text colour.
pub const TEXT_COLOR: Rgb = Rgb::BLACK;

/// Fill of shaded label cells (`Cell::shade`).
///
/// `D9D9D9` (85 % white, Word's and Hancom's usual label shade; the PDF had `E8E8E8`): a
/// Korean application is printed, stamped, and often scanned or photocopied in black and
/// white, and a 15 % grey survives that as visibly distinct from the white input cells, where
/// a 9 % grey tends to drop out.
pub const LABEL_SHADE: Rgb = Rgb(0xD9, 0xD9, 0xD9);
/// Shaded label cells are set in 고딕.
pub const LABEL_FACE: Face = Face::Sans;
/// Width of table borders, points.
pub const BORDER_WIDTH: f32 = 0.5;
/// Colour of table borders.
pub const BORDER_COLOR: Rgb = Rgb::BLACK;
/// Space between a cell's border and its text, left and right, millimetres.
pub const CELL_PADDING_X: f32 = 1.5;
/// Space between a cell's border and its text, top and bottom, millimetres.
pub const CELL_PADDING_Y: f32 = 1.2;

/// Size of the signature block's date and party lines, points.
pub const SIGNATURE_SIZE: f32 = 11.0;
/// Size of the addressee (`중소벤처기업부장관 귀하`), set in 고딕 bold, points.
pub const ADDRESSEE_SIZE: f32 = 14.0;
/// From this many parties on, a signature block sets them two to a row (44 parties take
/// about a page and a half, not three and a half); fewer stand one under another.
pub const SIGNATURE_TWO_COLUMNS_FROM: usize = 3;
/// Relative columns of a signature table where Word and 한글 lay it out, one party under
/// another: blank left part, label (wide enough for `대표자 대표이사` on one line), name, mark.
pub const SIGNATURE_COLUMNS: [f32; 4] = [28.0, 22.0, 22.0, 28.0];
/// Relative columns of a signature table two parties to a row: each party's lines, then its
/// mark (the seal is centred on the mark's cell).
pub const SIGNATURE_COLUMNS_TWO: [f32; 4] = [34.0, 16.0, 34.0, 16.0];
/// Space between two signing parties, millimetres.
pub const PARTY_GAP: f32 = 5.0;
/// Space above a signature block, millimetres (the DOCX had 8 mm above the date).
pub const SIGNATURE_SPACE_BEFORE: f32 = 4.0;
/// Space between the date line and the first party, millimetres (the DOCX had 8 mm).
pub const SIGNATURE_DATE_SPACE_AFTER: f32 = 6.0;
/// Space above the addressee, millimetres (the DOCX had 12 mm).
pub const ADDRESSEE_SPACE_BEFORE: f32 = 10.0;

/// Footer text size (every part of the footer line), points.
///
/// One size, face and colour for the whole line (the PDF had the page number in 9 pt 명조
/// and the DOCX the line in dark grey `404040`): the footer is apparatus, set like a form's
/// marginal notes in small 고딕, and black because the 문서확인번호 has to stay legible when a
/// printed copy is faxed or scanned (laser printers dither grey small type).
pub const FOOTER_SIZE: f32 = 8.0;
/// Face of the footer line.
pub const FOOTER_FACE: Face = Face::Sans;
/// Colour of the footer line.
pub const FOOTER_COLOR: Rgb = Rgb::BLACK;

/// Colour of the large diagonal watermark as printed on white.
///
/// Light grey (the DOCX had red `#ff8080` at 30 % opacity, the PDF grey `DCDCDC`): red on a
/// Korean form is the colour of the 직인 (official seal), and a grey mark prints the same on
/// the black-and-white printers most submissions go through.
pub const WATERMARK_COLOR: Rgb = Rgb::grey(0xDC);
/// The watermark runs upwards at this angle from the horizontal, degrees.
pub const WATERMARK_ANGLE: f32 = 45.0;
/// The watermark is set in 고딕 bold.
pub const WATERMARK_FACE: Face = Face::Sans;
/// Size of the small watermark mark at the top right of every page, points.
///
/// 10 pt dark grey (the DOCX had 14 pt red): the large watermark carries the message; the
/// corner mark only repeats it where a cropped copy still shows it. Same reason as
/// [`WATERMARK_COLOR`] for no red.
pub const WATERMARK_MARK_SIZE: f32 = 10.0;
/// Colour of the small corner mark.
pub const WATERMARK_MARK_COLOR: Rgb = Rgb::grey(0x60);
/// Distance of the corner mark from the top and right edges of the page, millimetres.
pub const WATERMARK_MARK_INSET: f32 = 10.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours() {
        assert_eq!(LABEL_SHADE.hex(), "D9D9D9");
        assert_eq!(Rgb(255, 0, 16).hex(), "FF0010");
        assert_eq!(LABEL_SHADE.as_grey(), Some(0xD9));
        assert_eq!(Rgb(1, 2, 3).as_grey(), None);
    }

    #[test]
    fn headings_shrink_with_depth() {
        assert_eq!(heading(0), heading(1));
        assert!(heading(1).size > heading(2).size && heading(2).size > heading(3).size);
        assert_eq!(heading(3), heading(9));
    }
}
