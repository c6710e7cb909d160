//! The look of the HWPX output. Every size, spacing and colour the other backends share is
//! taken from [`formpack_doc::style`] (re-exported or converted here); what only OWPML
//! expresses (line spacing in per cent, its fixed border widths, Hancom's substitute fonts,
//! the footer's column split) is decided here. No other file of this crate holds a look
//! number, and this crate prints no word of its own: the footer label and the watermark text
//! come from the document.

use formpack_doc::style as shared;
pub(crate) use formpack_doc::style::Rgb;
use formpack_doc::Face;

// ── Fonts ────────────────────────────────────────────────────────────────────────────────

/// 명조 for body text: the face the PDF embeds and the DOCX names.
pub(crate) const SERIF: &str = "NanumMyeongjo";
/// 고딕 for titles, labels and table headers.
pub(crate) const SANS: &str = "NanumGothic";
/// Hancom's own 명조, named as the substitute (`hh:substFont`) where NanumMyeongjo is missing.
pub(crate) const SERIF_SUBSTITUTE: &str = "함초롬바탕";
/// Hancom's own 고딕, the substitute for NanumGothic.
pub(crate) const SANS_SUBSTITUTE: &str = "함초롬돋움";

/// Font name for a face.
pub(crate) fn font_name(face: Face) -> &'static str {
    match face {
        Face::Serif => SERIF,
        Face::Sans => SANS,
    }
}

// ── Text ─────────────────────────────────────────────────────────────────────────────────

/// Body text size when a paragraph's own is unusable (points).
pub(crate) const BODY_SIZE: f32 = shared::BODY_SIZE;
/// Table text size when a table's own is unusable (points).
pub(crate) const TABLE_SIZE: f32 = shared::TABLE_SIZE;
/// Body line height, per cent of the font size (DOCX: 1.3 Word lines; PDF: 1.5 em).
pub(crate) const BODY_LINE: u32 = 150;
/// Table cell line height, per cent (DOCX: 1.15 lines; PDF: 1.3 em).
pub(crate) const CELL_LINE: u32 = 130;
/// Heading line height, per cent.
pub(crate) const HEADING_LINE: u32 = 130;
/// Text colour.
pub(crate) const TEXT_COLOR: Rgb = shared::TEXT_COLOR;

/// A colour as OWPML writes it: `#D9D9D9`.
pub(crate) fn color(c: Rgb) -> String {
    format!("#{}", c.hex())
}

/// Largest spacer, in millimetres (a taller one is cut to this).
pub(crate) const MAX_SPACER_MM: f32 = 250.0;
/// Character size of a spacer's empty line (points): small, so the fixed line height rules.
pub(crate) const SPACER_SIZE: f32 = 1.0;

// ── Tables ───────────────────────────────────────────────────────────────────────────────

/// Fill of shaded label cells.
pub(crate) const SHADE_FILL: Rgb = shared::LABEL_SHADE;
/// OWPML's border widths (`hc:LineWidth`, `hh:leftBorder/@width`): only these are valid.
const OWPML_WIDTHS_MM: [(f32, &str); 16] = [
    (0.1, "0.1 mm"),
    (0.12, "0.12 mm"),
    (0.15, "0.15 mm"),
    (0.2, "0.2 mm"),
    (0.25, "0.25 mm"),
    (0.3, "0.3 mm"),
    (0.4, "0.4 mm"),
    (0.5, "0.5 mm"),
    (0.6, "0.6 mm"),
    (0.7, "0.7 mm"),
    (1.0, "1.0 mm"),
    (1.5, "1.5 mm"),
    (2.0, "2.0 mm"),
    (3.0, "3.0 mm"),
    (4.0, "4.0 mm"),
    (5.0, "5.0 mm"),
];

/// The OWPML width nearest a line `pt` points wide.
pub(crate) fn line_width(pt: f32) -> &'static str {
    let want = pt * 25.4 / 72.0;
    OWPML_WIDTHS_MM
        .iter()
        .min_by(|a, b| (a.0 - want).abs().total_cmp(&(b.0 - want).abs()))
        .map_or("0.1 mm", |w| w.1)
}

/// Cell border width: the OWPML width nearest the shared one (0.5 pt = 0.18 mm → `0.2 mm`).
pub(crate) fn border_width() -> &'static str {
    line_width(shared::BORDER_WIDTH)
}
/// Border colour.
pub(crate) const BORDER_COLOR: Rgb = shared::BORDER_COLOR;
/// Cell padding left and right, in millimetres.
pub(crate) const CELL_PAD_X_MM: f32 = shared::CELL_PADDING_X;
/// Cell padding top and bottom, in millimetres.
pub(crate) const CELL_PAD_Y_MM: f32 = shared::CELL_PADDING_Y;
/// Space after a table (mm), so the next line does not touch its bottom border.
pub(crate) const TABLE_SPACE_AFTER_MM: f32 = 1.0;
/// Character size of the empty line that anchors a table in the body (points): the line
/// Hancom lays after a table, kept small.
pub(crate) const TABLE_ANCHOR_SIZE: f32 = 1.0;

// ── Footer, header and draft mark ────────────────────────────────────────────────────────

/// Footer text size (points).
pub(crate) const FOOTER_SIZE: f32 = shared::FOOTER_SIZE;
/// Relative widths of the footer's three parts: left text, `n / N` (centred on the page),
/// fingerprint (right-aligned).
pub(crate) const FOOTER_COLUMNS: [f32; 3] = [2.0, 1.0, 2.0];
/// Footer text colour.
pub(crate) const FOOTER_COLOR: Rgb = shared::FOOTER_COLOR;
/// Footer face.
pub(crate) const FOOTER_FACE: Face = shared::FOOTER_FACE;
/// Headings are set in this face, bold.
pub(crate) const HEADING_FACE: Face = shared::HEADING_FACE;
/// Shaded label cells are set in this face.
pub(crate) const LABEL_FACE: Face = shared::LABEL_FACE;
/// Distance of the footer's last line and of the header's first line from the paper edge,
/// in millimetres (DOCX: 10 mm), at most half the margin.
pub(crate) const HEADER_FOOTER_EDGE_MM: f32 = 10.0;
/// Between the page number and the page count in the footer (`n / N`).
pub(crate) const PAGE_SEPARATOR: &str = " / ";
/// Watermark mark size (points), bold 고딕, at the top right of every page.
pub(crate) const WATERMARK_MARK_SIZE: f32 = shared::WATERMARK_MARK_SIZE;
/// Watermark mark colour.
pub(crate) const WATERMARK_MARK_COLOR: Rgb = shared::WATERMARK_MARK_COLOR;

// ── Signature block ──────────────────────────────────────────────────────────────────────

/// Text size of the date and the parties (points).
pub(crate) const SIGNATURE_SIZE: f32 = shared::SIGNATURE_SIZE;
/// Addressee size (points), bold 고딕.
pub(crate) const ADDRESSEE_SIZE: f32 = shared::ADDRESSEE_SIZE;
/// Relative columns of the parties' table, one party under another.
pub(crate) const SIGNATURE_COLUMNS: [f32; 4] = shared::SIGNATURE_COLUMNS;
/// Relative columns of the parties' table, two parties to a row.
pub(crate) const SIGNATURE_COLUMNS_TWO: [f32; 4] = shared::SIGNATURE_COLUMNS_TWO;
/// Space after a party's caption line (mm).
pub(crate) const SIGNATURE_CAPTION_AFTER_MM: f32 = 1.5;
/// Approximate height of one 11 pt signature line, for centring a seal on the mark (mm).
pub(crate) const SEAL_LINE_MM: f32 = 5.0;
/// Largest seal (mm each way); a seal of no usable size is printed this big.
pub(crate) const SEAL_MAX_MM: f32 = 25.0;
/// Seal size when the model gives none (mm).
pub(crate) const SEAL_DEFAULT_MM: f32 = 15.0;
