//! Tables: fixed column widths, gridSpan/vMerge from the resolved grid, repeated header rows.

use docx_rs::{
    BorderType, Shading, ShdType, TableBorder, TableBorderPosition, TableBorders, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};
use formpack_doc::{style, Cell, Slot, Table, VAlign};

use crate::text::{self, ParaContext, CELL_LINE};
use crate::units::{eighth_points, twips};

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

fn borders() -> TableBorders {
    let mut b = TableBorders::new();
    for pos in [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ] {
        b = b.set(
            TableBorder::new(pos)
                .border_type(BorderType::Single)
                .size(eighth_points(style::BORDER_WIDTH))
                .color(style::BORDER_COLOR.hex()),
        );
    }
    b
}

fn valign(v: VAlign) -> VAlignType {
    match v {
        VAlign::Top => VAlignType::Top,
        VAlign::Middle => VAlignType::Center,
        VAlign::Bottom => VAlignType::Bottom,
    }
}

fn shading() -> Shading {
    Shading::new()
        .shd_type(ShdType::Clear)
        .color("auto")
        .fill(style::LABEL_SHADE.hex())
}

/// The cell's paragraphs (at least one: Word requires it).
fn cell_content(mut tc: TableCell, cell: &Cell, size: f32) -> TableCell {
    let ctx = ParaContext {
        force_face: cell.shade.then_some(style::LABEL_FACE),
        line: CELL_LINE,
    };
    if cell.paragraphs.is_empty() {
        let empty = formpack_doc::Paragraph {
            size,
            align: cell.align,
            space_after: 0.0,
            ..formpack_doc::Paragraph::default()
        };
        return tc.add_paragraph(text::paragraph(&empty, ctx));
    }
    for p in &cell.paragraphs {
        tc = tc.add_paragraph(text::paragraph(p, ctx));
    }
    tc
}

fn empty_paragraph(size: f32) -> docx_rs::Paragraph {
    text::paragraph(
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

/// Cell padding from the style (top, right, bottom, left).
fn cell_margins() -> TableCellMargins {
    let (x, y) = (
        twips(style::CELL_PADDING_X) as usize,
        twips(style::CELL_PADDING_Y) as usize,
    );
    TableCellMargins::new().margin(y, x, y, x)
}

/// Lay a table out across `content_twips`. Returns `None` for a table with no cells.
pub(crate) fn table(t: &Table, content_twips: u32) -> Option<docx_rs::Table> {
    let grid = t.grid();
    if grid.cols == 0 || grid.slots.is_empty() {
        return None;
    }
    let size = if t.size.is_finite() && t.size > 0.0 {
        t.size
    } else {
        style::TABLE_SIZE
    };
    let widths = column_widths(&t.widths, grid.cols, content_twips);
    let span_width = |c: usize, w: usize| widths[c..(c + w).min(widths.len())].iter().sum();
    let mut rows = Vec::with_capacity(grid.slots.len());
    for (r, line) in grid.slots.iter().enumerate() {
        let mut cells = Vec::new();
        for (c, slot) in line.iter().enumerate() {
            match *slot {
                Slot::Origin(cell) => {
                    let (w, h) = grid.span(r, c);
                    let mut tc = TableCell::new()
                        .width(span_width(c, w), WidthType::Dxa)
                        .vertical_align(valign(cell.valign));
                    if w > 1 {
                        tc = tc.grid_span(w);
                    }
                    if h > 1 {
                        tc = tc.vertical_merge(VMergeType::Restart);
                    }
                    if cell.shade {
                        tc = tc.shading(shading());
                    }
                    cells.push(cell_content(tc, cell, size));
                }
                // Covered from a cell above, at that cell's first column: one continue cell
                // spanning the same columns.
                Slot::Covered { row, col } if row != r && col == c => {
                    let (w, _) = grid.span(row, col);
                    let mut tc = TableCell::new()
                        .width(span_width(c, w), WidthType::Dxa)
                        .vertical_merge(VMergeType::Continue);
                    if w > 1 {
                        tc = tc.grid_span(w);
                    }
                    if let Slot::Origin(origin) = grid.slots[row][col] {
                        tc = tc.vertical_align(valign(origin.valign));
                        if origin.shade {
                            tc = tc.shading(shading());
                        }
                    }
                    cells.push(tc.add_paragraph(empty_paragraph(size)));
                }
                // Covered to the right of an origin: part of its gridSpan.
                Slot::Covered { .. } => {}
                Slot::Empty => cells.push(
                    TableCell::new()
                        .width(widths[c], WidthType::Dxa)
                        .add_paragraph(empty_paragraph(size)),
                ),
            }
        }
        let mut row = TableRow::new(cells);
        if r < t.header_rows {
            // Header rows are marked with cantSplit; `package` adds <w:tblHeader/> to them.
            row = row.cant_split();
        }
        rows.push(row);
    }
    Some(
        docx_rs::Table::new(rows)
            .set_grid(widths)
            .width(content_twips as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .set_borders(borders())
            .margins(cell_margins()),
    )
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
