//! Tables: column widths, cell text, row heights with spans, row groups bound by rowspans,
//! and the header rows that the paginator repeats on every page.

use std::rc::Rc;

use formpack_doc::style;
use formpack_doc::{Slot, Table, VAlign};

use crate::flow::{clamp_size, finite, line_items, paragraph_lines, Chunk, Flow, TABLE_LINE};
use crate::frame::{mm, Item, PT_PER_MM};
use crate::text::Line;

/// Space between a cell's border and its text, points.
pub(crate) const CELL_PAD_X: f32 = style::CELL_PADDING_X * PT_PER_MM;
/// Space between a cell's border and its text, top and bottom, points.
pub(crate) const CELL_PAD_Y: f32 = style::CELL_PADDING_Y * PT_PER_MM;

impl Flow<'_> {
    pub(crate) fn table(&mut self, t: &Table) {
        let grid = t.grid();
        let nrows = grid.slots.len();
        if nrows == 0 || grid.cols == 0 {
            return;
        }
        let cols = grid.cols;
        // Column widths: relative widths scaled to the content width; missing or bad
        // widths take the average of the good ones.
        let good: Vec<f32> = t
            .widths
            .iter()
            .copied()
            .filter(|w| w.is_finite() && *w > 0.0)
            .collect();
        let avg = if good.is_empty() {
            1.0
        } else {
            good.iter().sum::<f32>() / good.len() as f32
        };
        let rel: Vec<f32> = (0..cols)
            .map(|i| match t.widths.get(i) {
                Some(w) if w.is_finite() && *w > 0.0 => *w,
                _ => avg,
            })
            .collect();
        let total: f32 = rel.iter().sum();
        let widths: Vec<f32> = rel.iter().map(|w| w / total * self.width).collect();
        let mut xs = vec![0.0f32; cols + 1];
        for i in 0..cols {
            xs[i + 1] = xs[i] + widths[i];
        }
        let size = clamp_size(if t.size > 0.0 {
            t.size
        } else {
            style::TABLE_SIZE
        });
        let min_row = size * TABLE_LINE + 2.0 * CELL_PAD_Y;

        // Lay out every cell's text.
        struct CellLay {
            row: usize,
            col: usize,
            cs: usize,
            rs: usize,
            lines: Vec<(Vec<Line>, f32)>,
            content: f32,
            shade: bool,
            valign: VAlign,
        }
        let mut cells = Vec::new();
        for (r, line) in grid.slots.iter().enumerate() {
            for (c, slot) in line.iter().enumerate() {
                let Slot::Origin(cell) = slot else { continue };
                let (cs, rs) = grid.span(r, c);
                let inner = (xs[c + cs] - xs[c] - 2.0 * CELL_PAD_X).max(1.0);
                let mut lines = Vec::new();
                let mut content = 0.0;
                let np = cell.paragraphs.len();
                for (i, p) in cell.paragraphs.iter().enumerate() {
                    let ls = paragraph_lines(
                        self.fonts,
                        p,
                        inner,
                        TABLE_LINE,
                        cell.shade.then_some(style::LABEL_FACE),
                    );
                    // At most a page between two paragraphs of one cell (a split row
                    // would otherwise run on for as many pages as the gap asks).
                    let after = if i + 1 < np {
                        finite(mm(p.space_after)).min(self.height)
                    } else {
                        0.0
                    };
                    content += ls.iter().map(|l| l.height).sum::<f32>() + after;
                    lines.push((ls, after));
                }
                cells.push(CellLay {
                    row: r,
                    col: c,
                    cs,
                    rs,
                    lines,
                    content,
                    shade: cell.shade,
                    valign: cell.valign,
                });
            }
        }
        // Row heights: single-row cells first, then rowspans grow their last row.
        let mut heights = vec![min_row; nrows];
        for c in cells.iter().filter(|c| c.rs == 1) {
            heights[c.row] = heights[c.row].max(c.content + 2.0 * CELL_PAD_Y);
        }
        let mut spanning: Vec<&CellLay> = cells.iter().filter(|c| c.rs > 1).collect();
        spanning.sort_by_key(|c| (c.rs, c.row, c.col));
        for c in spanning {
            let need = c.content + 2.0 * CELL_PAD_Y;
            let have: f32 = heights[c.row..c.row + c.rs].iter().sum();
            if need > have {
                heights[c.row + c.rs - 1] += need - have;
            }
        }
        let mut ys = vec![0.0f32; nrows + 1];
        for r in 0..nrows {
            ys[r + 1] = ys[r] + heights[r];
        }
        // Row groups: rows bound together by rowspans.
        let mut ends = vec![0usize; nrows]; // furthest row end of cells starting in row r
        for c in &cells {
            ends[c.row] = ends[c.row].max(c.row + c.rs);
        }
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let header_end = t.header_rows.min(nrows);
        let mut r = 0;
        while r < nrows {
            let mut end = (r + 1).max(if r == 0 { header_end } else { 0 });
            let mut k = r;
            while k < end {
                end = end.max(ends[k]);
                k += 1;
            }
            groups.push((r, end));
            r = end;
        }
        let group_chunk = |from: usize, to: usize| -> Chunk {
            let top = ys[from];
            let mut rects = Vec::new();
            let mut texts = Vec::new();
            for c in cells.iter().filter(|c| c.row >= from && c.row < to) {
                let (x, y) = (xs[c.col], ys[c.row] - top);
                let (w, h) = (xs[c.col + c.cs] - xs[c.col], ys[c.row + c.rs] - ys[c.row]);
                rects.push(Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill: c.shade.then_some(style::LABEL_SHADE),
                    stroke: Some(style::BORDER_WIDTH),
                });
                let free = (h - 2.0 * CELL_PAD_Y - c.content).max(0.0);
                let mut ty = y
                    + CELL_PAD_Y
                    + match c.valign {
                        VAlign::Top => 0.0,
                        VAlign::Middle => free / 2.0,
                        VAlign::Bottom => free,
                    };
                for (ls, after) in &c.lines {
                    let (items, lh) = line_items(ls, x + CELL_PAD_X, ty);
                    texts.extend(items);
                    ty += lh + after;
                }
            }
            // Positions no cell covers.
            for (r, line) in grid.slots.iter().enumerate().take(to).skip(from) {
                for (c, slot) in line.iter().enumerate() {
                    if matches!(slot, Slot::Empty) {
                        rects.push(Item::Rect {
                            x: xs[c],
                            y: ys[r] - top,
                            w: widths[c],
                            h: heights[r],
                            fill: None,
                            stroke: Some(style::BORDER_WIDTH),
                        });
                    }
                }
            }
            rects.extend(texts);
            Chunk {
                height: ys[to] - top,
                items: rects,
                ..Chunk::default()
            }
        };
        let mut header = None;
        let mut first = true;
        for (from, to) in groups {
            let mut c = group_chunk(from, to);
            let gap = if first { mm(1.0) } else { 0.0 };
            first = false;
            if to <= header_end && header_end > 0 {
                c.keep_with_next = to < nrows;
                header = Some(Rc::new(c.clone()));
            } else {
                c.header = header.clone();
            }
            self.push(c, gap);
        }
        self.pending_gap = mm(3.0);
    }
}
