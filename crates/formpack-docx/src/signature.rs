//! The signature block: date line, the signing parties at the right, the addressee last.
//! Every paragraph but the addressee keeps with the next, so the block stays on one page.

use formpack_doc::{style, Align, Face, Party, Signature, VAlign};

use crate::image::{self, Media};
use crate::table::{self, column_widths, CellLook, Merge, Place};
use crate::text::{self, spacing, Mark, Props, RunStyle, Spacing, BODY_LINE, CELL_LINE};
use crate::Error;

/// Text size of the date and the parties.
const SIZE: f32 = style::SIGNATURE_SIZE;
/// Addressee size.
const ADDRESSEE_SIZE: f32 = style::ADDRESSEE_SIZE;
/// Relative columns: blank left part, label, name, mark.
const COLUMNS: [f32; 4] = [34.0, 16.0, 24.0, 26.0];
/// Approximate height of one 11 pt line, for centring a seal on the mark.
const LINE_MM: f32 = 5.0;

fn line(out: &mut String, text: &str, face: Face, align: Align, after_mm: f32) {
    open_line(out, face, align, spacing(0.0, after_mm, CELL_LINE));
    line_text(out, text, face);
    out.push_str("</w:p>");
}

/// A line's paragraph, open: it keeps with the next so the block stays on one page.
fn open_line(out: &mut String, face: Face, align: Align, spacing: Spacing) {
    text::open_paragraph(
        out,
        &Props {
            keep_next: true,
            keep_lines: true,
            spacing: Some(spacing),
            align: Some(align),
            mark: Some(Mark {
                face,
                size: Some(SIZE),
                bold: false,
            }),
            ..Props::default()
        },
    );
}

fn line_text(out: &mut String, text: &str, face: Face) {
    let style = RunStyle {
        size: SIZE,
        face,
        bold: false,
        underline: false,
    };
    text::styled_run(out, text, style);
}

/// A cell holding one line, centred vertically.
fn cell(out: &mut String, width: usize, span: usize, line_of: impl FnOnce(&mut String)) {
    table::open_cell(
        out,
        width,
        span,
        Merge::None,
        &CellLook::PLAIN,
        Some(VAlign::Middle),
    );
    line_of(out);
    out.push_str("</w:tc>");
}

fn party_rows(
    out: &mut String,
    party: &Party,
    widths: &[usize],
    media: &mut Media,
    after_mm: f32,
) -> Result<(), Error> {
    if !party.caption.is_empty() || !party.org.is_empty() {
        table::open_row(out, false, false, None);
        cell(out, widths[0], 1, |o| {
            line(o, "", Face::Serif, Align::Left, 1.5)
        });
        cell(out, widths[1], 1, |o| {
            line(o, &party.caption, Face::Sans, Align::Left, 1.5)
        });
        cell(out, widths[2] + widths[3], 2, |o| {
            line(o, &party.org, Face::Serif, Align::Left, 1.5)
        });
        out.push_str("</w:tr>");
    }
    table::open_row(out, false, false, None);
    cell(out, widths[0], 1, |o| {
        line(o, "", Face::Serif, Align::Left, after_mm)
    });
    cell(out, widths[1], 1, |o| {
        line(o, &party.title, Face::Sans, Align::Left, after_mm)
    });
    cell(out, widths[2], 1, |o| {
        line(o, &party.name, Face::Serif, Align::Left, after_mm)
    });
    table::open_cell(
        out,
        widths[3],
        1,
        Merge::None,
        &CellLook::PLAIN,
        Some(VAlign::Middle),
    );
    open_line(
        out,
        Face::Serif,
        Align::Center,
        spacing(0.0, after_mm, CELL_LINE),
    );
    line_text(out, &party.mark, Face::Serif);
    if let Some(seal) = &party.seal {
        image::seal(out, seal, media, LINE_MM)?;
    }
    out.push_str("</w:p></w:tc></w:tr>");
    Ok(())
}

/// The block: the date paragraph, a borderless table of parties, and the addressee paragraph.
pub(crate) fn signature(
    out: &mut String,
    sig: &Signature,
    content_twips: u32,
    media: &mut Media,
) -> Result<(), Error> {
    open_line(
        out,
        Face::Serif,
        Align::Center,
        spacing(
            style::SIGNATURE_SPACE_BEFORE,
            style::SIGNATURE_DATE_SPACE_AFTER,
            BODY_LINE,
        ),
    );
    line_text(out, &sig.date, Face::Serif);
    out.push_str("</w:p>");
    if !sig.parties.is_empty() {
        let widths = column_widths(&COLUMNS, COLUMNS.len(), content_twips);
        table::open_table(out, &widths, content_twips, Place::default(), false);
        for (i, party) in sig.parties.iter().enumerate() {
            let after = if i + 1 == sig.parties.len() {
                0.0
            } else {
                style::PARTY_GAP
            };
            party_rows(out, party, &widths, media, after)?;
        }
        out.push_str("</w:tbl>");
    }
    if !sig.addressee.is_empty() {
        text::open_paragraph(
            out,
            &Props {
                keep_lines: true,
                spacing: Some(spacing(style::ADDRESSEE_SPACE_BEFORE, 0.0, BODY_LINE)),
                align: Some(Align::Left),
                mark: Some(Mark {
                    face: Face::Sans,
                    size: Some(ADDRESSEE_SIZE),
                    bold: true,
                }),
                ..Props::default()
            },
        );
        let style = RunStyle {
            size: ADDRESSEE_SIZE,
            face: Face::Sans,
            bold: true,
            underline: false,
        };
        text::styled_run(out, &sig.addressee, style);
        out.push_str("</w:p>");
    }
    Ok(())
}
