//! The signature block: date line, the signing parties at the right (two to a row when there
//! are many), the addressee last. The date keeps with the first party, a party's lines keep
//! together, and the last party keeps with the addressee; between parties a page may break.

use formpack_doc::{style, Align, Face, Party, Signature, VAlign};

use crate::image::{self, Media};
use crate::table::{self, column_widths, CellLook, Merge, Place};
use crate::text::{self, spacing, Mark, Props, RunStyle, Spacing, BODY_LINE, CELL_LINE};
use crate::Error;

/// Text size of the date and the parties.
const SIZE: f32 = style::SIGNATURE_SIZE;
/// Addressee size.
const ADDRESSEE_SIZE: f32 = style::ADDRESSEE_SIZE;
/// Approximate height of one 11 pt line, for centring a seal on the mark.
const LINE_MM: f32 = 5.0;
/// Space after a party's caption line, millimetres.
const CAPTION_AFTER_MM: f32 = 1.5;

fn line(out: &mut String, text: &str, face: Face, (align, keep): (Align, bool), after_mm: f32) {
    open_line(out, face, (align, keep), spacing(0.0, after_mm, CELL_LINE));
    line_text(out, text, face);
    out.push_str("</w:p>");
}

/// A line's paragraph, open; `keep` keeps it on the page of the next one.
fn open_line(out: &mut String, face: Face, (align, keep): (Align, bool), spacing: Spacing) {
    text::open_paragraph(
        out,
        &Props {
            keep_next: keep,
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

/// A borderless cell, centred vertically, its content written by `body`.
fn cell(
    out: &mut String,
    (width, span): (usize, usize),
    body: impl FnOnce(&mut String) -> Result<(), Error>,
) -> Result<(), Error> {
    table::open_cell(
        out,
        width,
        span,
        Merge::None,
        &CellLook::PLAIN,
        Some(VAlign::Middle),
    );
    body(out)?;
    out.push_str("</w:tc>");
    Ok(())
}

/// A cell holding one line.
fn text_cell(
    out: &mut String,
    (width, span): (usize, usize),
    (text, face): (&str, Face),
    at: (Align, bool),
    after_mm: f32,
) -> Result<(), Error> {
    cell(out, (width, span), |out| {
        line(out, text, face, at, after_mm);
        Ok(())
    })
}

/// A party's mark, its seal over it.
fn mark(out: &mut String, party: &Party, media: &mut Media) -> Result<(), Error> {
    line_text(out, &party.mark, Face::Serif);
    if let Some(seal) = &party.seal {
        image::seal(out, seal, media, LINE_MM)?;
    }
    Ok(())
}

/// One party in one column: a caption row that keeps with the title row, which keeps with
/// what follows only when `keep`.
fn party_rows(
    out: &mut String,
    party: &Party,
    widths: &[usize],
    media: &mut Media,
    (after_mm, keep): (f32, bool),
) -> Result<(), Error> {
    if !party.caption.is_empty() || !party.org.is_empty() {
        let (at, after) = ((Align::Left, true), CAPTION_AFTER_MM);
        table::open_row(out, false, true, None);
        text_cell(out, (widths[0], 1), ("", Face::Serif), at, after)?;
        text_cell(out, (widths[1], 1), (&party.caption, Face::Sans), at, after)?;
        let org_w = (widths[2] + widths[3], 2);
        text_cell(out, org_w, (&party.org, Face::Serif), at, after)?;
        out.push_str("</w:tr>");
    }
    let at = (Align::Left, keep);
    table::open_row(out, false, true, None);
    text_cell(out, (widths[0], 1), ("", Face::Serif), at, after_mm)?;
    text_cell(
        out,
        (widths[1], 1),
        (&party.title, Face::Sans),
        at,
        after_mm,
    )?;
    text_cell(
        out,
        (widths[2], 1),
        (&party.name, Face::Serif),
        at,
        after_mm,
    )?;
    cell(out, (widths[3], 1), |o| {
        open_line(
            o,
            Face::Serif,
            (Align::Center, keep),
            spacing(0.0, after_mm, CELL_LINE),
        );
        mark(o, party, media)?;
        o.push_str("</w:p>");
        Ok(())
    })?;
    out.push_str("</w:tr>");
    Ok(())
}

/// One party of the two-column block as two cells: its two lines (caption and institution;
/// title and name), then its mark with the seal, both at the cells' foot so the mark stands
/// on the name's line. The row never splits (`cantSplit`).
fn party_cells(
    out: &mut String,
    party: Option<&Party>,
    (text_w, mark_w): (usize, usize),
    media: &mut Media,
    after_mm: f32,
) -> Result<(), Error> {
    let foot =
        |o: &mut String, w: usize, body: &mut dyn FnMut(&mut String) -> Result<(), Error>| {
            table::open_cell(o, w, 1, Merge::None, &CellLook::PLAIN, Some(VAlign::Bottom));
            body(o)?;
            o.push_str("</w:tc>");
            Ok::<(), Error>(())
        };
    let after = spacing(0.0, after_mm, CELL_LINE);
    foot(out, text_w, &mut |o| {
        let caption = spacing(0.0, CAPTION_AFTER_MM, CELL_LINE);
        open_line(o, Face::Serif, (Align::Left, true), caption);
        if let Some(p) = party {
            pair(o, &p.caption, &p.org);
        }
        o.push_str("</w:p>");
        open_line(o, Face::Serif, (Align::Left, false), after);
        if let Some(p) = party {
            pair(o, &p.title, &p.name);
        }
        o.push_str("</w:p>");
        Ok(())
    })?;
    foot(out, mark_w, &mut |o| {
        open_line(o, Face::Serif, (Align::Center, false), after);
        if let Some(p) = party {
            mark(o, p, media)?;
        }
        o.push_str("</w:p>");
        Ok(())
    })
}

/// A label in 고딕 and its value in 명조, two spaces apart (either may be empty).
fn pair(out: &mut String, label: &str, value: &str) {
    if !label.is_empty() {
        line_text(out, label, Face::Sans);
    }
    if !label.is_empty() && !value.is_empty() {
        line_text(out, "  ", Face::Serif);
    }
    if !value.is_empty() {
        line_text(out, value, Face::Serif);
    }
}

/// The parties' table: one party under another, or two to a row.
fn parties(
    out: &mut String,
    sig: &Signature,
    (content_twips, gap): (u32, f32),
    media: &mut Media,
) -> Result<(), Error> {
    let two = sig.columns() == 2;
    let rel: &[f32] = if two {
        &style::SIGNATURE_COLUMNS_TWO
    } else {
        &style::SIGNATURE_COLUMNS
    };
    let widths = column_widths(rel, rel.len(), content_twips);
    table::open_table(out, &widths, content_twips, Place::default(), false);
    let rows = sig.rows().count();
    for (i, row) in sig.rows().enumerate() {
        let last = i + 1 == rows;
        let after = if last { 0.0 } else { gap };
        if two {
            table::open_row(out, false, true, None);
            for c in 0..2 {
                let w = (widths[2 * c], widths[2 * c + 1]);
                party_cells(out, row.get(c), w, media, after)?;
            }
            out.push_str("</w:tr>");
        } else {
            let keep = last && !sig.addressee.is_empty();
            party_rows(out, &row[0], &widths, media, (after, keep))?;
        }
    }
    out.push_str("</w:tbl>");
    Ok(())
}

/// The block: the date paragraph, a borderless table of parties, and the addressee paragraph.
pub(crate) fn signature(
    out: &mut String,
    sig: &Signature,
    (content_twips, sp): (u32, &style::Spacing),
    media: &mut Media,
) -> Result<(), Error> {
    let line = sp.body_line(BODY_LINE);
    open_line(
        out,
        Face::Serif,
        (Align::Center, true),
        spacing(sp.signature_before, sp.date_after, line),
    );
    line_text(out, &sig.date, Face::Serif);
    out.push_str("</w:p>");
    if !sig.parties.is_empty() {
        parties(out, sig, (content_twips, sp.party_gap), media)?;
    }
    if !sig.addressee.is_empty() {
        addressee(out, &sig.addressee, spacing(sp.addressee_before, 0.0, line));
    }
    Ok(())
}

fn addressee(out: &mut String, text: &str, space: Spacing) {
    text::open_paragraph(
        out,
        &Props {
            keep_lines: true,
            spacing: Some(space),
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
    text::styled_run(out, text, style);
    out.push_str("</w:p>");
}
