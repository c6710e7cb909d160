//! Tables: column widths, cell text, row heights with spans, row groups bound by rowspans,
//! and the header rows that the paginator repeats on every page.

use std::rc::Rc;

use formpack_doc::style::{self, Rgb};
use formpack_doc::{Align, Border, Borders, Cell, Slot, Table, VAlign};

use crate::columns::column_edges;
use crate::flow::{clamp_size, finite, fit, line_items, paragraph_lines, Chunk, Flow, TABLE_LINE};
use crate::frame::{mm, Item};
use crate::pads::Pads;
use crate::text::Line;

/// The four border lines of a box, those with a width.
fn border_lines(b: &Borders, x: f32, y: f32, w: f32, h: f32) -> Vec<Item> {
    let side = |s: &Border, x1, y1, x2, y2| {
        (s.width.is_finite() && s.width > 0.0).then(|| Item::Line {
            x1,
            y1,
            x2,
            y2,
            width: s.width.min(20.0),
            style: s.line,
            color: s.color,
        })
    };
    [
        side(&b.top, x, y, x + w, y),
        side(&b.bottom, x, y + h, x + w, y + h),
        side(&b.left, x, y, x, y + h),
        side(&b.right, x + w, y, x + w, y + h),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A cell's box: its fill, and its outline or border lines.
fn cell_box(
    cell_fill: Option<Rgb>,
    borders: Option<&Borders>,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
) -> Vec<Item> {
    match borders {
        None => vec![Item::Rect {
            x,
            y,
            w,
            h,
            fill: cell_fill,
            stroke: Some(style::BORDER_WIDTH),
        }],
        Some(b) => {
            let mut items = Vec::new();
            if cell_fill.is_some() {
                items.push(Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill: cell_fill,
                    stroke: None,
                });
            }
            items.extend(border_lines(b, x, y, w, h));
            items
        }
    }
}

impl Flow<'_> {
    /// A cell's nested tables and pictures laid out `width` wide: (after how many
    /// paragraphs, items from the top left, height). Positions past the last paragraph count
    /// as after it; at one position, tables come before pictures.
    fn nested_tables(&self, cell: &Cell, width: f32) -> Vec<(usize, Vec<Item>, f32)> {
        let at = |after: usize| after.min(cell.paragraphs.len());
        let tables = cell.nested.iter().map(|n| {
            let mut flow = Flow::new(self.fonts, width, self.height);
            flow.spacing = self.spacing;
            flow.table(&n.table);
            let (items, h) = flow.stacked();
            (at(n.after), items, h)
        });
        let pictures = cell.images.iter().map(|p| {
            let img = &p.image;
            let (w, h) = fit(mm(img.width), mm(img.height), width, self.height);
            let x = match img.align {
                Align::Left | Align::Justify => 0.0,
                Align::Center => (width - w) / 2.0,
                Align::Right => width - w,
            };
            let item = Item::Image {
                x,
                y: 0.0,
                w,
                h,
                image: img.clone(),
            };
            (at(p.after), vec![item], h)
        });
        let mut out: Vec<_> = tables.chain(pictures).collect();
        out.sort_by_key(|(after, ..)| *after);
        out
    }

    pub(crate) fn table(&mut self, t: &Table) {
        let grid = t.grid();
        let nrows = grid.slots.len();
        if nrows == 0 || grid.cols == 0 {
            return;
        }
        let cols = grid.cols;
        let mins = self.column_mins(t, &grid);
        let xs = column_edges(t, cols, self.width, &mins);
        let widths: Vec<f32> = xs.windows(2).map(|w| w[1] - w[0]).collect();
        let size = clamp_size(if t.size > 0.0 {
            t.size
        } else {
            style::TABLE_SIZE
        });
        let min_row = size * TABLE_LINE + 2.0 * mm(self.spacing.cell_padding_y);

        // Lay out every cell's text.
        struct CellLay {
            row: usize,
            col: usize,
            cs: usize,
            rs: usize,
            lines: Vec<(f32, Vec<Line>, f32)>,
            /// Nested tables: after how many paragraphs, their items, their height.
            nested: Vec<(usize, Vec<Item>, f32)>,
            content: f32,
            fill: Option<Rgb>,
            borders: Option<Borders>,
            pads: Pads,
            valign: VAlign,
        }
        let mut cells = Vec::new();
        for (r, line) in grid.slots.iter().enumerate() {
            for (c, slot) in line.iter().enumerate() {
                let Slot::Origin(cell) = slot else { continue };
                let (cs, rs) = grid.span(r, c);
                let pads = Pads::of(cell);
                let inner = (xs[c + cs] - xs[c] - (pads.l + pads.r)).max(1.0);
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
                    let before = if i > 0 {
                        finite(mm(p.space_before)).min(self.height)
                    } else {
                        0.0
                    };
                    content += before + ls.iter().map(|l| l.height).sum::<f32>() + after;
                    lines.push((before, ls, after));
                }
                let nested = self.nested_tables(cell, inner);
                // The leading below the last line stays outside the cell (as in 한글).
                let trailing = lines
                    .last()
                    .filter(|_| nested.iter().all(|(after, ..)| *after < np))
                    .and_then(|(_, ls, _)| ls.last())
                    .map_or(0.0, |l| l.trailing);
                content += nested.iter().map(|(_, _, h)| h).sum::<f32>();
                content = (content - trailing).max(0.0);
                cells.push(CellLay {
                    row: r,
                    col: c,
                    cs,
                    rs,
                    lines,
                    nested,
                    content,
                    fill: cell.fill.or(cell.shade.then_some(style::LABEL_SHADE)),
                    borders: cell.borders,
                    pads,
                    valign: cell.valign,
                });
            }
        }
        // Row heights: single-row cells first, then rowspans grow their last row.
        let mut heights: Vec<f32> = t
            .rows
            .iter()
            .map(|r| match r.height {
                Some(h) if h.is_finite() && h > 0.0 => mm(h).min(self.height),
                _ => min_row,
            })
            .collect();
        for c in cells.iter().filter(|c| c.rs == 1) {
            heights[c.row] = heights[c.row].max(c.content + (c.pads.t + c.pads.b));
        }
        let mut spanning: Vec<&CellLay> = cells.iter().filter(|c| c.rs > 1).collect();
        spanning.sort_by_key(|c| (c.rs, c.row, c.col));
        for c in spanning {
            let need = c.content + (c.pads.t + c.pads.b);
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
                rects.extend(cell_box(c.fill, c.borders.as_ref(), x, y, w, h));
                let free = (h - (c.pads.t + c.pads.b) - c.content).max(0.0);
                let mut ty = y
                    + c.pads.t
                    + match c.valign {
                        VAlign::Top => 0.0,
                        VAlign::Middle => free / 2.0,
                        VAlign::Bottom => free,
                    };
                let nested = |at: usize, ty: &mut f32, texts: &mut Vec<Item>| {
                    for (_, items, h) in c.nested.iter().filter(|n| n.0 == at) {
                        texts.extend(items.iter().cloned().map(|mut it| {
                            it.shift(x + c.pads.l, *ty);
                            it
                        }));
                        *ty += h;
                    }
                };
                for (i, (before, ls, after)) in c.lines.iter().enumerate() {
                    nested(i, &mut ty, &mut texts);
                    ty += before;
                    let (items, lh) = line_items(ls, x + c.pads.l, ty);
                    texts.extend(items);
                    ty += lh + after;
                }
                nested(c.lines.len(), &mut ty, &mut texts);
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
                split_early: t.split_rows,
                ..Chunk::default()
            }
        };
        let mut header = None;
        let mut first = true;
        let own = t.width.is_none();
        let last = groups.len().saturating_sub(1);
        let body = groups.iter().filter(|(_, to)| *to > header_end).count();
        for (g, (from, to)) in groups.into_iter().enumerate() {
            let mut c = group_chunk(from, to);
            // A table starts whole on a page where its first rows fit; once begun, a row
            // that does not fit breaks where the page ends (as rhwp lays 한글's tables).
            c.split_early &= !first;
            // formpack's own tables: a tall row breaks rather than leave a page blank, and
            // the last row (합계) never starts a page alone.
            c.breakable = own;
            c.keep_with_next = own && body > 1 && g + 1 == last;
            let gap = if first {
                t.space_before
                    .map_or(mm(1.0), |v| finite(mm(v)).min(self.height))
            } else {
                0.0
            };
            first = false;
            if to <= header_end && header_end > 0 {
                c.keep_with_next = to < nrows;
                header = Some(Rc::new(c.clone()));
            } else {
                c.header = header.clone();
            }
            self.push(c, gap);
        }
        self.pending_gap = t
            .space_after
            .map_or(mm(3.0), |v| finite(mm(v)).min(self.height));
    }
}
