//! Tables: fixed column widths, gridSpan/vMerge from the resolved grid, repeated header rows,
//! rows kept whole unless the form lets them break, tables and pictures in cells among their
//! paragraphs, and the space a form asks around a table.

use formpack_doc::{style, Align, Border, Borders, Cell, LineStyle, Padding, Slot, Table, VAlign};

use crate::image::{self, Media};
use crate::text::{self, ParaContext, CELL_LINE};
use crate::units::{eighth_points, twips};
use crate::Error;

/// Scale relative widths to `total` twips. Missing, zero or non-finite widths take the
/// average of the valid ones; the last column absorbs rounding so the sum is exact.
pub(crate) fn column_widths(rel: &[f32], cols: usize, total: u32) -> Vec<usize> {
    if cols == 0 {
        return Vec::new();
    }
    let valid: Vec<f32> = rel
        .iter()
        .copied()
        .filter(|w| w.is_finite() && *w > 0.0)
        .collect();
    let fallback = if valid.is_empty() {
        1.0
    } else {
        valid.iter().map(|&w| w as f64).sum::<f64>() as f32 / valid.len() as f32
    };
    let ws: Vec<f64> = (0..cols)
        .map(|i| match rel.get(i) {
            Some(&w) if w.is_finite() && w > 0.0 => w as f64,
            _ => fallback as f64,
        })
        .collect();
    let sum: f64 = ws.iter().sum();
    let mut out: Vec<usize> = ws
        .iter()
        .map(|w| ((w / sum) * total as f64).floor() as usize)
        .collect();
    let used: usize = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += (total as usize).saturating_sub(used);
    }
    out
}

/// Where a table sits between the margins: `w:jc` and the left indent (twips).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Place {
    pub align: Align,
    pub indent: u32,
}

/// `w:jc` of a table: tables know no justification, so a justified one sits at the left.
fn table_alignment(a: Align) -> &'static str {
    match a {
        Align::Left | Align::Justify => "left",
        Align::Center => "center",
        Align::Right => "right",
    }
}

/// `<w:tblPr>` and `<w:tblGrid>` of a fixed-layout table `width` twips wide; `ruled` draws
/// every border (a signature block has none) and sets the style's cell padding.
pub(crate) fn open_table(
    out: &mut String,
    widths: &[usize],
    width: u32,
    place: Place,
    ruled: bool,
) {
    out.push_str(&format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="{}"/>"#,
        table_alignment(place.align)
    ));
    if place.indent > 0 && matches!(place.align, Align::Left | Align::Justify) {
        out.push_str(&format!(
            r#"<w:tblInd w:w="{}" w:type="dxa"/>"#,
            place.indent
        ));
    }
    if ruled {
        out.push_str("<w:tblBorders>");
        let (sz, color) = (
            eighth_points(style::BORDER_WIDTH),
            style::BORDER_COLOR.hex(),
        );
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            out.push_str(&format!(
                r#"<w:{side} w:val="single" w:sz="{sz}" w:space="0" w:color="{color}"/>"#
            ));
        }
        out.push_str(r#"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>"#);
        let (x, y) = (twips(style::CELL_PADDING_X), twips(style::CELL_PADDING_Y));
        for (side, w) in [("top", y), ("left", x), ("bottom", y), ("right", x)] {
            out.push_str(&format!(r#"<w:{side} w:w="{w}" w:type="dxa"/>"#));
        }
        out.push_str("</w:tblCellMar>");
    } else {
        out.push_str(r#"<w:tblBorders/><w:tblLayout w:type="fixed"/>"#);
    }
    out.push_str("</w:tblPr><w:tblGrid>");
    for w in widths {
        out.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    out.push_str("</w:tblGrid>");
}

/// A row: `<w:tr>`, kept on one page (`w:cantSplit`) when `whole`, marked to repeat on
/// every page when it is a header row, at least `height` twips high when it has one.
pub(crate) fn open_row(out: &mut String, header: bool, whole: bool, height: Option<u32>) {
    let mut pr = String::new();
    if whole {
        pr.push_str("<w:cantSplit/>");
    }
    if let Some(h) = height {
        pr.push_str(&format!(r#"<w:trHeight w:val="{h}" w:hRule="atLeast"/>"#));
    }
    if header {
        pr.push_str("<w:tblHeader/>");
    }
    if pr.is_empty() {
        out.push_str("<w:tr>");
    } else {
        out.push_str(&format!("<w:tr><w:trPr>{pr}</w:trPr>"));
    }
}

/// A row's least height in twips: `None` for none or an unusable one.
fn row_height(mm: Option<f32>) -> Option<u32> {
    mm.filter(|h| h.is_finite() && *h > 0.0)
        .map(twips)
        .filter(|t| *t > 0)
}

/// How a cell looks beyond its text: fill, borders, padding. `PLAIN` writes nothing (the
/// table's own borders and padding); a shaded label cell is `PLAIN` with the label fill.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CellLook {
    pub fill: Option<style::Rgb>,
    pub borders: Option<Borders>,
    pub padding: Option<Padding>,
}

impl CellLook {
    pub const PLAIN: CellLook = CellLook {
        fill: None,
        borders: None,
        padding: None,
    };

    /// A model cell's look: its fill, else the label shade when shaded.
    fn of(cell: &Cell) -> CellLook {
        CellLook {
            fill: cell.fill.or(cell.shade.then_some(style::LABEL_SHADE)),
            borders: cell.borders,
            padding: cell.padding,
        }
    }
}

/// `w:val` of a border: `nil` for no line (width 0 or unusable).
fn border_kind(b: &Border) -> &'static str {
    if !(b.width.is_finite() && b.width > 0.0) {
        return "nil";
    }
    match b.line {
        LineStyle::Solid => "single",
        LineStyle::Dashed => "dashed",
        LineStyle::Dotted => "dotted",
        LineStyle::Double => "double",
    }
}

/// `<w:tcBorders>`: each side's line, `w:sz` in eighths of a point.
fn cell_borders(out: &mut String, b: &Borders) {
    out.push_str("<w:tcBorders>");
    for (side, border) in [
        ("top", &b.top),
        ("left", &b.left),
        ("bottom", &b.bottom),
        ("right", &b.right),
    ] {
        match border_kind(border) {
            "nil" => out.push_str(&format!(r#"<w:{side} w:val="nil"/>"#)),
            kind => out.push_str(&format!(
                r#"<w:{side} w:val="{kind}" w:sz="{}" w:space="0" w:color="{}"/>"#,
                eighth_points(border.width),
                border.color.hex()
            )),
        }
    }
    out.push_str("</w:tcBorders>");
}

/// `<w:tcMar>`: the cell's own padding, twips.
fn cell_margins(out: &mut String, p: &Padding) {
    out.push_str("<w:tcMar>");
    for (side, mm) in [
        ("top", p.top),
        ("left", p.left),
        ("bottom", p.bottom),
        ("right", p.right),
    ] {
        out.push_str(&format!(r#"<w:{side} w:w="{}" w:type="dxa"/>"#, twips(mm)));
    }
    out.push_str("</w:tcMar>");
}

/// How a cell continues a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Merge {
    None,
    Restart,
    Continue,
}

/// `<w:tc><w:tcPr>…</w:tcPr>`: the caller writes the paragraphs and `</w:tc>`.
pub(crate) fn open_cell(
    out: &mut String,
    width: usize,
    span: usize,
    merge: Merge,
    look: &CellLook,
    valign: Option<VAlign>,
) {
    out.push_str(&format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#
    ));
    if span > 1 {
        out.push_str(&format!(r#"<w:gridSpan w:val="{span}"/>"#));
    }
    match merge {
        Merge::None => {}
        Merge::Restart => out.push_str(r#"<w:vMerge w:val="restart"/>"#),
        Merge::Continue => out.push_str(r#"<w:vMerge w:val="continue"/>"#),
    }
    if let Some(b) = &look.borders {
        cell_borders(out, b);
    }
    if let Some(fill) = look.fill {
        out.push_str(&format!(
            r#"<w:shd w:val="clear" w:color="auto" w:fill="{}"/>"#,
            fill.hex()
        ));
    }
    if let Some(p) = &look.padding {
        cell_margins(out, p);
    }
    if let Some(v) = valign {
        let v = match v {
            VAlign::Top => "top",
            VAlign::Middle => "center",
            VAlign::Bottom => "bottom",
        };
        out.push_str(&format!(r#"<w:vAlign w:val="{v}"/>"#));
    }
    out.push_str("</w:tcPr>");
}

/// The cell's paragraphs with its nested tables and pictures where they stand (at one
/// place, the tables first, then the pictures, as the PDF lays them out), `inner` twips
/// wide between its padding, `depth` tables deep. A cell holds at least one paragraph and
/// ends with one (Word requires both): a lone or trailing table is followed by a closing
/// one.
fn cell_content(
    out: &mut String,
    cell: &Cell,
    size: f32,
    (inner, depth): (u32, usize),
    media: &mut Media,
) -> Result<(), Error> {
    let ctx = ParaContext {
        force_face: cell.shade.then_some(style::LABEL_FACE),
        line: CELL_LINE,
    };
    let start = out.len();
    let count = cell.paragraphs.len();
    for i in 0..=count {
        for n in cell.nested.iter().filter(|n| n.after.min(count) == i) {
            nested_table(out, &n.table, (inner, size), depth + 1, media)?;
        }
        for c in cell.images.iter().filter(|c| c.after.min(count) == i) {
            image::cell_picture(out, &c.image, inner, media)?;
        }
        if let Some(p) = cell.paragraphs.get(i) {
            text::paragraph(out, p, ctx);
        }
    }
    if out.len() == start {
        let empty = formpack_doc::Paragraph {
            size,
            align: cell.align,
            space_after: 0.0,
            ..formpack_doc::Paragraph::default()
        };
        text::paragraph(out, &empty, ctx);
    } else if ends_with_table(out) {
        closing_paragraph(out);
    }
    Ok(())
}

/// Tables nested deeper than this inside cells are written as text (one paragraph per
/// row), as the readers read them: a bound on the writer's recursion.
pub(crate) const MAX_NESTING: usize = 8;

/// Whether the last thing written is a table.
fn ends_with_table(out: &str) -> bool {
    out.ends_with("</w:tbl>")
}

/// An empty paragraph 1 pt high: ends a cell after its last table, and keeps two tables
/// in a cell apart (Word joins adjacent tables into one).
fn closing_paragraph(out: &mut String) {
    crate::spacer(out, 0.35)
}

/// A table inside a cell `inner` twips wide whose text is `size` points, `depth` tables
/// deep (1 for a body table's cell): a table, or its rows as text past [`MAX_NESTING`].
fn nested_table(
    out: &mut String,
    t: &Table,
    (inner, size): (u32, f32),
    depth: usize,
    media: &mut Media,
) -> Result<(), Error> {
    if depth > MAX_NESTING {
        table_as_text(out, t, size);
        return Ok(());
    }
    if ends_with_table(out) {
        closing_paragraph(out);
    }
    spaced_table(out, t, (inner, depth), media)
}

/// A table as paragraphs: one per row, its cells' text two spaces apart.
fn table_as_text(out: &mut String, t: &Table, size: f32) {
    let ctx = ParaContext {
        force_face: None,
        line: CELL_LINE,
    };
    for row in &t.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| c.text().replace('\n', " "))
            .collect();
        let p = formpack_doc::Paragraph {
            size,
            space_after: 0.0,
            ..formpack_doc::Paragraph::plain(cells.join("  "))
        };
        text::paragraph(out, &p, ctx);
    }
}

/// A usable space above or below a table, millimetres: finite and above zero.
fn table_space(mm: Option<f32>) -> Option<f32> {
    mm.filter(|v| v.is_finite() && twips(*v) > 0)
}

/// A table with the space the model asks above and below it. Word has no space around a
/// table that is not floating, so it is what Word users make it: an empty paragraph exactly
/// that high. Nothing at all for a table with no cells. `at` is the width it lays out
/// across (twips) and how many tables deep it stands.
fn spaced_table(
    out: &mut String,
    t: &Table,
    at: (u32, usize),
    media: &mut Media,
) -> Result<(), Error> {
    let grid = t.grid();
    if grid.cols == 0 || grid.slots.is_empty() {
        return Ok(());
    }
    if let Some(mm) = table_space(t.space_before) {
        crate::spacer(out, mm);
    }
    table_at(out, t, at, media)?;
    if let Some(mm) = table_space(t.space_after) {
        crate::spacer(out, mm);
    }
    Ok(())
}

/// The width between a cell's left and right padding, twips (at least 1 pt).
fn inner_width(width: usize, cell: &Cell) -> u32 {
    let (left, right) = match cell.padding {
        Some(p) => (twips(p.left), twips(p.right)),
        None => (twips(style::CELL_PADDING_X), twips(style::CELL_PADDING_X)),
    };
    (width as u32).saturating_sub(left + right).max(20)
}

fn empty_paragraph(out: &mut String, size: f32) {
    text::paragraph(
        out,
        &formpack_doc::Paragraph {
            size,
            space_after: 0.0,
            ..formpack_doc::Paragraph::default()
        },
        ParaContext {
            force_face: None,
            line: CELL_LINE,
        },
    )
}

/// The table's width in twips: its own when it has a usable one, else the content width.
fn table_width(t: &Table, content_twips: u32) -> u32 {
    t.width
        .filter(|w| w.is_finite() && *w > 0.0)
        .map(twips)
        .filter(|w| *w > 0)
        .unwrap_or(content_twips)
}

/// The part of a vertically merged cell's look one row of it shows: the sides between two
/// parts of the same merged cell carry no line.
fn merged_part(look: CellLook, first: bool, last: bool) -> CellLook {
    let borders = look.borders.map(|b| Borders {
        top: if first { b.top } else { Border::default() },
        bottom: if last { b.bottom } else { Border::default() },
        ..b
    });
    CellLook { borders, ..look }
}

/// Lay a body table out across its width, with the space around it; its cells' pictures
/// join `media`. Writes nothing for a table with no cells.
pub(crate) fn table(
    out: &mut String,
    t: &Table,
    content_twips: u32,
    media: &mut Media,
) -> Result<(), Error> {
    spaced_table(out, t, (content_twips, 0), media)
}

/// A table across `content_twips`, `depth` tables deep (0 in the body). Writes nothing for
/// a table with no cells.
fn table_at(
    out: &mut String,
    t: &Table,
    (content_twips, depth): (u32, usize),
    media: &mut Media,
) -> Result<(), Error> {
    let grid = t.grid();
    if grid.cols == 0 || grid.slots.is_empty() {
        return Ok(());
    }
    let size = if t.size.is_finite() && t.size > 0.0 {
        t.size
    } else {
        style::TABLE_SIZE
    };
    let width = table_width(t, content_twips);
    let widths = column_widths(&t.widths, grid.cols, width);
    let span_width = |c: usize, w: usize| widths[c..(c + w).min(widths.len())].iter().sum();
    let place = Place {
        align: t.align,
        indent: twips(t.indent),
    };
    open_table(out, &widths, width, place, true);
    for (r, line) in grid.slots.iter().enumerate() {
        let height = row_height(t.rows.get(r).and_then(|row| row.height));
        let header = r < t.header_rows;
        // A body table's rows move whole to the next page, as the PDF's do, unless the table
        // says otherwise; a nested table's rows go with the row holding them.
        open_row(out, header, (header || depth == 0) && !t.split_rows, height);
        for (c, slot) in line.iter().enumerate() {
            match *slot {
                Slot::Origin(cell) => {
                    let (w, h) = grid.span(r, c);
                    let merge = if h > 1 { Merge::Restart } else { Merge::None };
                    let look = merged_part(CellLook::of(cell), true, h == 1);
                    let cell_width = span_width(c, w);
                    open_cell(out, cell_width, w, merge, &look, Some(cell.valign));
                    let inner = inner_width(cell_width, cell);
                    cell_content(out, cell, size, (inner, depth), media)?;
                    out.push_str("</w:tc>");
                }
                // Covered from a cell above, at that cell's first column: one continue cell
                // spanning the same columns.
                Slot::Covered { row, col } if row != r && col == c => {
                    let (w, h) = grid.span(row, col);
                    let (look, valign) = match grid.slots[row][col] {
                        Slot::Origin(origin) => (
                            merged_part(CellLook::of(origin), false, r + 1 == row + h),
                            Some(origin.valign),
                        ),
                        _ => (CellLook::PLAIN, None),
                    };
                    open_cell(out, span_width(c, w), w, Merge::Continue, &look, valign);
                    empty_paragraph(out, size);
                    out.push_str("</w:tc>");
                }
                // Covered to the right of an origin: part of its gridSpan.
                Slot::Covered { .. } => {}
                Slot::Empty => {
                    open_cell(out, widths[c], 1, Merge::None, &CellLook::PLAIN, None);
                    empty_paragraph(out, size);
                    out.push_str("</w:tc>");
                }
            }
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_scale_to_the_exact_total() {
        let w = column_widths(&[20.0, 30.0, 50.0], 3, 9638);
        assert_eq!(w.iter().sum::<usize>(), 9638);
        assert_eq!(w[0], 1927);
        assert_eq!(w[1], 2891);
    }

    #[test]
    fn missing_and_bad_widths_fall_back() {
        let w = column_widths(&[1.0, f32::NAN], 3, 300);
        assert_eq!(w, vec![100, 100, 100]);
        assert_eq!(column_widths(&[], 2, 101), vec![50, 51]);
        assert!(column_widths(&[1.0], 0, 100).is_empty());
    }
}
