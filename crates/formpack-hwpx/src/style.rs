//! LOOK CONSTANTS: every size, spacing, colour and label word that decides how the HWPX
//! output looks, in one place.
//!
//! ┌──────────────────────────────────────────────────────────────────────────────────────┐
//! │ These mirror the DOCX backend (crates/formpack-docx: text.rs, table.rs, footer.rs,   │
//! │ signature.rs) and are due to move into a shared `formpack_doc::style` module. Change │
//! │ them there and here together until then; nothing else in this crate holds a look    │
//! │ number.                                                                              │
//! └──────────────────────────────────────────────────────────────────────────────────────┘

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
pub(crate) const BODY_SIZE: f32 = 10.5;
/// Table text size when a table's own is unusable (points).
pub(crate) const TABLE_SIZE: f32 = 9.5;
/// Body line height, per cent of the font size (DOCX: 1.3 Word lines; PDF: 1.5 em).
pub(crate) const BODY_LINE: u32 = 150;
/// Table cell line height, per cent (DOCX: 1.15 lines; PDF: 1.3 em).
pub(crate) const CELL_LINE: u32 = 130;
/// Heading line height, per cent.
pub(crate) const HEADING_LINE: u32 = 130;
/// Text colour.
pub(crate) const TEXT_COLOR: &str = "#000000";

/// Heading look by level (1 = form title): (size pt, space before mm, space after mm).
/// Every heading is 고딕 bold and kept with the next block.
pub(crate) fn heading(level: u8) -> (f32, f32, f32) {
    match level {
        0 | 1 => (18.0, 0.0, 6.0),
        2 => (12.0, 4.0, 2.0),
        _ => (11.0, 2.5, 1.5),
    }
}

/// Largest spacer, in millimetres (a taller one is cut to this).
pub(crate) const MAX_SPACER_MM: f32 = 250.0;
/// Character size of a spacer's empty line (points): small, so the fixed line height rules.
pub(crate) const SPACER_SIZE: f32 = 1.0;

// ── Tables ───────────────────────────────────────────────────────────────────────────────

/// Fill of shaded label cells (DOCX `D9D9D9`).
pub(crate) const SHADE_FILL: &str = "#D9D9D9";
/// Cell border: a solid black line this wide (one of OWPML's fixed widths; DOCX 0.5 pt).
pub(crate) const BORDER_WIDTH: &str = "0.2 mm";
/// Border colour.
pub(crate) const BORDER_COLOR: &str = "#000000";
/// Cell padding left and right, in millimetres (DOCX 85 twips).
pub(crate) const CELL_PAD_X_MM: f32 = 1.5;
/// Cell padding top and bottom, in millimetres (DOCX 28 twips).
pub(crate) const CELL_PAD_Y_MM: f32 = 0.5;
/// Space after a table (mm), so the next line does not touch its bottom border.
pub(crate) const TABLE_SPACE_AFTER_MM: f32 = 1.0;
/// Character size of the empty line that anchors a table in the body (points): the line
/// Hancom lays after a table, kept small.
pub(crate) const TABLE_ANCHOR_SIZE: f32 = 1.0;

// ── Footer, header and draft mark ────────────────────────────────────────────────────────

/// Footer text size (points).
pub(crate) const FOOTER_SIZE: f32 = 8.0;
/// Relative widths of the footer's three parts: left text, `n / N` (centred on the page),
/// fingerprint (right-aligned).
pub(crate) const FOOTER_COLUMNS: [f32; 3] = [2.0, 1.0, 2.0];
/// Footer text colour.
pub(crate) const FOOTER_COLOR: &str = "#404040";
/// Distance of the footer's last line and of the header's first line from the paper edge,
/// in millimetres (DOCX: 10 mm), at most half the margin.
pub(crate) const HEADER_FOOTER_EDGE_MM: f32 = 10.0;
/// The label before the fingerprint in the footer.
pub(crate) const FINGERPRINT_LABEL: &str = "문서확인번호";
/// Between the page number and the page count in the footer (`n / N`).
pub(crate) const PAGE_SEPARATOR: &str = " / ";
/// The draft marker printed on every page of a draft build.
pub(crate) const DRAFT_TEXT: &str = "초안";
/// Draft marker size (points), bold 고딕, at the top right.
pub(crate) const DRAFT_SIZE: f32 = 14.0;
/// Draft marker colour.
pub(crate) const DRAFT_COLOR: &str = "#FF0000";

// ── Signature block ──────────────────────────────────────────────────────────────────────

/// Text size of the date and the parties (points).
pub(crate) const SIGNATURE_SIZE: f32 = 11.0;
/// Addressee size (points), bold 고딕.
pub(crate) const ADDRESSEE_SIZE: f32 = 14.0;
/// Relative columns of the parties' table: blank left part, label, name, mark.
pub(crate) const SIGNATURE_COLUMNS: [f32; 4] = [34.0, 16.0, 24.0, 26.0];
/// Space before and after the date line (mm).
pub(crate) const SIGNATURE_DATE_SPACE_MM: f32 = 8.0;
/// Space after a party's caption line (mm).
pub(crate) const SIGNATURE_CAPTION_AFTER_MM: f32 = 1.5;
/// Space between two parties (mm).
pub(crate) const SIGNATURE_PARTY_GAP_MM: f32 = 5.0;
/// Space before the addressee (mm).
pub(crate) const ADDRESSEE_BEFORE_MM: f32 = 12.0;
/// Approximate height of one 11 pt signature line, for centring a seal on the mark (mm).
pub(crate) const SEAL_LINE_MM: f32 = 5.0;
/// Largest seal (mm each way); a seal of no usable size is printed this big.
pub(crate) const SEAL_MAX_MM: f32 = 25.0;
/// Seal size when the model gives none (mm).
pub(crate) const SEAL_DEFAULT_MM: f32 = 15.0;
