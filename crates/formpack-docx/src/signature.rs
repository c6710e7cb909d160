//! The signature block: date line, the signing parties at the right, the addressee last.
//! Every paragraph but the addressee keeps with the next, so the block stays on one page.

use docx_rs::{TableCell, TableLayoutType, TableRow, VAlignType, WidthType};
use formpack_doc::{style, Align, Face, Party, Signature};

use crate::image::{self, PicIds};
use crate::table::column_widths;
use crate::text::{self, spacing, RunStyle, BODY_LINE, CELL_LINE};
use crate::Error;

/// Text size of the date and the parties.
const SIZE: f32 = style::SIGNATURE_SIZE;
/// Addressee size.
const ADDRESSEE_SIZE: f32 = style::ADDRESSEE_SIZE;
/// Relative columns: blank left part, label, name, mark.
const COLUMNS: [f32; 4] = [34.0, 16.0, 24.0, 26.0];
/// Approximate height of one 11 pt line, for centring a seal on the mark.
const LINE_MM: f32 = 5.0;

fn line(text: &str, face: Face, align: Align, after_mm: f32) -> docx_rs::Paragraph {
    let style = RunStyle {
        size: SIZE,
        face,
        bold: false,
        underline: false,
    };
    text::paragraph_in(docx_rs::Paragraph::new(), face)
        .align(text::alignment(align))
        .line_spacing(spacing(0.0, after_mm, CELL_LINE))
        .keep_next(true)
        .keep_lines(true)
        .size(crate::units::half_points(SIZE))
        .add_run(text::styled_run(text, style))
}

fn cell(width: usize, p: docx_rs::Paragraph) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .add_paragraph(p)
}

fn party_rows(
    party: &Party,
    widths: &[usize],
    ids: &mut PicIds,
    after_mm: f32,
) -> Result<Vec<TableRow>, Error> {
    let mut rows = Vec::new();
    if !party.caption.is_empty() || !party.org.is_empty() {
        rows.push(TableRow::new(vec![
            cell(widths[0], line("", Face::Serif, Align::Left, 1.5)),
            cell(
                widths[1],
                line(&party.caption, Face::Sans, Align::Left, 1.5),
            ),
            cell(
                widths[2] + widths[3],
                line(&party.org, Face::Serif, Align::Left, 1.5),
            )
            .grid_span(2),
        ]));
    }
    let mut mark = line(&party.mark, Face::Serif, Align::Center, after_mm);
    if let Some(seal) = &party.seal {
        let pic = image::seal(seal, ids, LINE_MM)?;
        mark = mark.add_run(docx_rs::Run::new().add_image(pic));
    }
    rows.push(TableRow::new(vec![
        cell(widths[0], line("", Face::Serif, Align::Left, after_mm)),
        cell(
            widths[1],
            line(&party.title, Face::Sans, Align::Left, after_mm),
        ),
        cell(
            widths[2],
            line(&party.name, Face::Serif, Align::Left, after_mm),
        ),
        cell(widths[3], mark),
    ]));
    Ok(rows)
}

/// The block as body elements: the date paragraph, a borderless table of parties, and the
/// addressee paragraph.
pub(crate) fn signature(
    sig: &Signature,
    content_twips: u32,
    ids: &mut PicIds,
) -> Result<Vec<crate::BodyPart>, Error> {
    let mut out = Vec::new();
    let date = line(&sig.date, Face::Serif, Align::Center, 0.0).line_spacing(spacing(
        style::SIGNATURE_SPACE_BEFORE,
        style::SIGNATURE_DATE_SPACE_AFTER,
        BODY_LINE,
    ));
    out.push(crate::BodyPart::para(date));
    if !sig.parties.is_empty() {
        let widths = column_widths(&COLUMNS, COLUMNS.len(), content_twips);
        let mut rows = Vec::new();
        for (i, party) in sig.parties.iter().enumerate() {
            let after = if i + 1 == sig.parties.len() {
                0.0
            } else {
                style::PARTY_GAP
            };
            rows.extend(party_rows(party, &widths, ids, after)?);
        }
        let table = docx_rs::Table::without_borders(rows)
            .set_grid(widths)
            .width(content_twips as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed);
        out.push(crate::BodyPart::table(table));
    }
    if !sig.addressee.is_empty() {
        let style = RunStyle {
            size: ADDRESSEE_SIZE,
            face: Face::Sans,
            bold: true,
            underline: false,
        };
        let p = docx_rs::Paragraph::new()
            .align(text::alignment(Align::Left))
            .line_spacing(spacing(style::ADDRESSEE_SPACE_BEFORE, 0.0, BODY_LINE))
            .keep_lines(true)
            .fonts(text::fonts(Face::Sans))
            .size(crate::units::half_points(ADDRESSEE_SIZE))
            .bold()
            .add_run(text::styled_run(&sig.addressee, style));
        out.push(crate::BodyPart::para(p));
    }
    Ok(out)
}
