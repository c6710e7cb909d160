//! Blocks → positioned items on pages.
//!
//! Every block becomes a list of [`Chunk`]s (a paragraph line, a table row group, a whole
//! signature…) with the items inside positioned relative to the chunk. The paginator then
//! stacks chunks on pages, honouring keep-with-next, repeating table headers, and splitting
//! a chunk taller than a page between text lines. Lengths are points; the origin is the top
//! left of the page, y grows downwards.

use std::rc::Rc;

use formpack_doc::style::{self, Rgb};
use formpack_doc::{
    Align, Block, Document, Face, Image, Paragraph, Signature, Slot, Table, VAlign,
};

use crate::fonts::{FontId, Fonts};
use crate::text::{break_lines, measure, Frag, Line, Span};
use crate::PdfError;

pub const PT_PER_MM: f32 = 72.0 / 25.4;

pub fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

const BODY_LINE: f32 = 1.5;
const TABLE_LINE: f32 = 1.3;
const HEADING_LINE: f32 = 1.3;
const CELL_PAD_X: f32 = style::CELL_PADDING_X * PT_PER_MM;
const CELL_PAD_Y: f32 = style::CELL_PADDING_Y * PT_PER_MM;
const MAX_SIZE: f32 = 96.0;
const EPS: f32 = 0.01;

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// A fragment of text; `top..bottom` is its line box.
    Text {
        x: f32,
        baseline: f32,
        top: f32,
        bottom: f32,
        frag: Frag,
    },
    /// A rectangle, filled with a grey level and/or stroked with a black line of a width.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<f32>,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: Image,
    },
}

impl Item {
    /// Vertical extent.
    pub fn span_y(&self) -> (f32, f32) {
        match self {
            Item::Text { top, bottom, .. } => (*top, *bottom),
            Item::Rect { y, h, .. } | Item::Image { y, h, .. } => (*y, *y + *h),
        }
    }

    fn shift(&mut self, dx: f32, dy: f32) {
        match self {
            Item::Text {
                x,
                baseline,
                top,
                bottom,
                ..
            } => {
                *x += dx;
                *baseline += dy;
                *top += dy;
                *bottom += dy;
            }
            Item::Rect { x, y, .. } | Item::Image { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
        }
    }
}

/// The body items of one page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Default)]
struct Chunk {
    height: f32,
    items: Vec<Item>,
    /// Space above the chunk, dropped at the top of a page.
    gap_before: f32,
    /// No page break between this chunk and the next.
    keep_with_next: bool,
    /// Table header to repeat when this chunk starts a page.
    header: Option<Rc<Chunk>>,
    page_break: bool,
    /// Empty space (a spacer) that is dropped at the top of a page.
    space_only: bool,
}

fn line_items(lines: &[Line], left: f32, top: f32) -> (Vec<Item>, f32) {
    let mut items = Vec::new();
    let mut y = top;
    for l in lines {
        for f in &l.frags {
            items.push(Item::Text {
                x: left + f.x,
                baseline: y + l.baseline,
                top: y,
                bottom: y + l.height,
                frag: f.clone(),
            });
        }
        y += l.height;
    }
    (items, y - top)
}

fn clamp_size(s: f32) -> f32 {
    if s.is_finite() {
        s.clamp(1.0, MAX_SIZE)
    } else {
        10.5
    }
}

fn finite(v: f32) -> f32 {
    if v.is_finite() {
        v.max(0.0)
    } else {
        0.0
    }
}

/// Lines of a paragraph at a width, with an optional forced face.
fn paragraph_lines(
    fonts: &Fonts,
    p: &Paragraph,
    width: f32,
    line_height: f32,
    force_face: Option<Face>,
) -> Vec<Line> {
    let size = clamp_size(p.size);
    let spans: Vec<Span> = p
        .runs
        .iter()
        .map(|r| {
            let face = force_face
                .filter(|_| r.face.is_none())
                .unwrap_or(r.face.unwrap_or(p.face));
            Span {
                text: &r.text,
                font: FontId::of(face, r.bold),
                size: clamp_size(r.size.unwrap_or(size)),
                underline: r.underline,
            }
        })
        .collect();
    break_lines(fonts, &spans, width, p.align, line_height, size)
}

struct Ctx<'a> {
    fonts: &'a Fonts,
    /// Content width and height.
    width: f32,
    height: f32,
    chunks: Vec<Chunk>,
    /// Space owed after the previous block.
    pending_gap: f32,
}

impl Ctx<'_> {
    fn push(&mut self, mut c: Chunk, gap_before: f32) {
        c.gap_before = self.pending_gap.max(gap_before);
        self.pending_gap = 0.0;
        self.chunks.push(c);
    }

    fn lines_as_chunks(&mut self, lines: &[Line], left: f32, gap_before: f32, keep_all: bool) {
        let n = lines.len();
        for (i, l) in lines.iter().enumerate() {
            let (items, h) = line_items(std::slice::from_ref(l), left, 0.0);
            // Keep the first two and the last two lines of a paragraph together.
            let orphan = n <= 3 || i == 0 || i + 2 == n;
            self.push(
                Chunk {
                    height: h,
                    items,
                    keep_with_next: keep_all || (orphan && i + 1 < n),
                    ..Chunk::default()
                },
                if i == 0 { gap_before } else { 0.0 },
            );
        }
    }

    fn block(&mut self, b: &Block, next: Option<&Block>) {
        match b {
            Block::Heading(h) => {
                let hs = style::heading(h.level);
                let (size, before, after) = (hs.size, hs.space_before, hs.space_after);
                let p = Paragraph {
                    runs: h
                        .runs
                        .iter()
                        .map(|r| formpack_doc::Run {
                            bold: true,
                            ..r.clone()
                        })
                        .collect(),
                    align: h.align,
                    size,
                    face: style::HEADING_FACE,
                    ..Paragraph::default()
                };
                let lines = paragraph_lines(self.fonts, &p, self.width, HEADING_LINE, None);
                self.lines_as_chunks(&lines, 0.0, mm(before), true);
                self.keep_last();
                self.pending_gap = mm(after);
            }
            Block::Paragraph(p) => {
                let indent = finite(mm(p.indent)).min(self.width * 0.8);
                let lines = paragraph_lines(self.fonts, p, self.width - indent, BODY_LINE, None);
                let before_signature = matches!(next, Some(Block::Signature(_)));
                self.lines_as_chunks(&lines, indent, 0.0, before_signature);
                if p.keep_with_next || before_signature {
                    self.keep_last();
                }
                self.pending_gap = finite(mm(p.space_after));
            }
            Block::Table(t) => self.table(t),
            Block::Signature(s) => {
                let c = self.signature(s);
                self.push(c, mm(style::SIGNATURE_SPACE_BEFORE));
                self.pending_gap = mm(2.0);
            }
            Block::Image(img) => {
                let (w, h) = fit(mm(img.width), mm(img.height), self.width, self.height);
                let x = match img.align {
                    Align::Left | Align::Justify => 0.0,
                    Align::Center => (self.width - w) / 2.0,
                    Align::Right => self.width - w,
                };
                let c = Chunk {
                    height: h,
                    items: vec![Item::Image {
                        x,
                        y: 0.0,
                        w,
                        h,
                        image: img.clone(),
                    }],
                    ..Chunk::default()
                };
                self.push(c, 0.0);
                self.pending_gap = mm(2.0);
            }
            Block::Spacer(v) => {
                let h = finite(mm(*v)).min(self.height);
                self.push(
                    Chunk {
                        height: h,
                        space_only: true,
                        ..Chunk::default()
                    },
                    0.0,
                );
            }
            Block::PageBreak => {
                self.pending_gap = 0.0;
                self.chunks.push(Chunk {
                    page_break: true,
                    ..Chunk::default()
                });
            }
        }
    }

    fn keep_last(&mut self) {
        if let Some(c) = self.chunks.last_mut() {
            c.keep_with_next = true;
        }
    }

    fn table(&mut self, t: &Table) {
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
                    let after = if i + 1 < np {
                        finite(mm(p.space_after))
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

    fn signature(&self, s: &Signature) -> Chunk {
        let fonts = self.fonts;
        let w = self.width;
        let mut items = Vec::new();
        let mut y = 0.0;
        let text_line = |items: &mut Vec<Item>,
                         y: &mut f32,
                         text: &str,
                         font,
                         size,
                         x: f32,
                         max: f32,
                         align| {
            let p = Span {
                text,
                font,
                size,
                underline: false,
            };
            let lines = break_lines(fonts, &[p], max, align, BODY_LINE, size);
            let (its, h) = line_items(&lines, x, *y);
            items.extend(its);
            *y += h;
        };
        if !s.date.is_empty() {
            text_line(
                &mut items,
                &mut y,
                &s.date,
                FontId::Serif,
                style::SIGNATURE_SIZE,
                0.0,
                w,
                Align::Center,
            );
            y += mm(style::SIGNATURE_DATE_SPACE_AFTER);
        }
        let party_lines: Vec<(String, String, String)> = s
            .parties
            .iter()
            .map(|p| {
                let first = join(&[&p.caption, &p.org]);
                let prefix = join(&[&p.title, &p.name]);
                (first, prefix, p.mark.clone())
            })
            .collect();
        let size = style::SIGNATURE_SIZE;
        let gap = measure(fonts, "  ", FontId::Serif, size);
        let maxw = party_lines
            .iter()
            .flat_map(|(a, b, m)| {
                let second = measure(fonts, b, FontId::Serif, size)
                    + if m.is_empty() {
                        0.0
                    } else {
                        gap + measure(fonts, m, FontId::Serif, size)
                    };
                [measure(fonts, a, FontId::Serif, size), second]
            })
            .fold(0.0f32, f32::max);
        let x0 = (w - maxw - mm(8.0)).min(w * 0.45).max(0.0);
        let avail = w - x0;
        for (i, (p, (first, prefix, mark))) in s.parties.iter().zip(&party_lines).enumerate() {
            if i > 0 {
                y += mm(style::PARTY_GAP);
            }
            if !first.is_empty() {
                text_line(
                    &mut items,
                    &mut y,
                    first,
                    FontId::Serif,
                    size,
                    x0,
                    avail,
                    Align::Left,
                );
            }
            let second = match (prefix.is_empty(), mark.is_empty()) {
                (_, true) => prefix.clone(),
                (true, false) => mark.clone(),
                (false, false) => format!("{prefix}  {mark}"),
            };
            let line_top = y;
            text_line(
                &mut items,
                &mut y,
                &second,
                FontId::Serif,
                size,
                x0,
                avail,
                Align::Left,
            );
            if let Some(seal) = &p.seal {
                let mw = measure(fonts, mark, FontId::Serif, size);
                let px = if prefix.is_empty() {
                    0.0
                } else {
                    measure(fonts, prefix, FontId::Serif, size) + gap
                };
                let cx = (x0 + px + mw / 2.0).min(w);
                let cy = line_top + size * BODY_LINE / 2.0;
                let (sw, sh) = {
                    let (a, b) = (mm(seal.width), mm(seal.height));
                    if a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite() {
                        fit(a, b, mm(25.0), mm(25.0))
                    } else {
                        (mm(15.0), mm(15.0))
                    }
                };
                let sx = (cx - sw / 2.0).clamp(0.0, (w - sw).max(0.0));
                let sy = (cy - sh / 2.0).max(0.0);
                items.push(Item::Image {
                    x: sx,
                    y: sy,
                    w: sw,
                    h: sh,
                    image: seal.clone(),
                });
                y = y.max(sy + sh);
            }
        }
        if !s.addressee.is_empty() {
            y += mm(style::ADDRESSEE_SPACE_BEFORE);
            text_line(
                &mut items,
                &mut y,
                &s.addressee,
                FontId::SansBold,
                style::ADDRESSEE_SIZE,
                0.0,
                w,
                Align::Left,
            );
        }
        Chunk {
            height: y,
            items,
            ..Chunk::default()
        }
    }
}

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("  ")
}

/// Scale (w, h) down to fit (max_w, max_h), keeping the aspect ratio.
fn fit(w: f32, h: f32, max_w: f32, max_h: f32) -> (f32, f32) {
    let (w, h) = (finite(w).max(1.0), finite(h).max(1.0));
    let k = (max_w / w).min(max_h / h).min(1.0);
    (w * k, h * k)
}

/// Split a chunk so that the first part is at most `cut` tall, between text lines.
/// Returns `None` when no line fits above the cut.
fn split(c: &Chunk, cut: f32, force: bool) -> Option<(Chunk, Chunk)> {
    let mut at = cut;
    if !force {
        loop {
            let mut changed = false;
            for it in &c.items {
                if matches!(it, Item::Rect { .. }) {
                    continue;
                }
                let (t, b) = it.span_y();
                if t < at - EPS && b > at + EPS {
                    at = t;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        if at <= CELL_PAD_Y + 1.0 {
            return None;
        }
    }
    let pad = CELL_PAD_Y;
    let mut a = Vec::new();
    let mut b = Vec::new();
    for it in &c.items {
        let (t, bot) = it.span_y();
        match it {
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                if t < at {
                    a.push(Item::Rect {
                        x: *x,
                        y: *y,
                        w: *w,
                        h: bot.min(at) - *y,
                        fill: *fill,
                        stroke: *stroke,
                    });
                }
                if bot > at + EPS {
                    let top = y.max(at);
                    b.push(Item::Rect {
                        x: *x,
                        y: if *y >= at { *y - at + pad } else { 0.0 },
                        w: *w,
                        h: if *y >= at { *h } else { bot - top + pad },
                        fill: *fill,
                        stroke: *stroke,
                    });
                }
            }
            _ => {
                if bot <= at + EPS {
                    a.push(it.clone());
                } else if t >= at - EPS || force {
                    let mut m = it.clone();
                    m.shift(0.0, pad - at);
                    b.push(m);
                }
            }
        }
    }
    let first = Chunk {
        height: at,
        items: a,
        ..Chunk::default()
    };
    let rest = Chunk {
        height: c.height - at + pad,
        items: b,
        gap_before: 0.0,
        ..c.clone()
    };
    Some((first, rest))
}

struct Paginator {
    pages: Vec<Page>,
    y: f32,
    empty: bool,
    left: f32,
    top: f32,
    height: f32,
}

impl Paginator {
    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = 0.0;
        self.empty = true;
    }

    fn put(&mut self, c: &Chunk, gap: f32) {
        self.y += gap;
        let page = self.pages.last_mut().expect("a page exists");
        for it in &c.items {
            let mut it = it.clone();
            it.shift(self.left, self.top + self.y);
            page.items.push(it);
        }
        self.y += c.height;
        self.empty = false;
    }

    fn gap(&self, c: &Chunk) -> f32 {
        if self.empty {
            0.0
        } else {
            c.gap_before
        }
    }

    fn header_height(c: &Chunk) -> f32 {
        c.header.as_ref().map_or(0.0, |h| h.height)
    }

    /// Height a group takes from the current position (a fresh page if `fresh`).
    fn group_height(&self, g: &[Chunk], fresh: bool) -> f32 {
        let mut h = 0.0;
        for (i, c) in g.iter().enumerate() {
            if i == 0 && (fresh || self.empty) {
                h += Self::header_height(c);
                if !(fresh || self.empty) {
                    h += c.gap_before;
                }
            } else {
                h += c.gap_before;
            }
            h += c.height;
        }
        h
    }

    fn place(&mut self, chunk: &Chunk) {
        if chunk.space_only {
            if !self.empty {
                let h = chunk.height.min(self.height - self.y).max(0.0);
                self.y += h;
            }
            return;
        }
        let mut c = chunk.clone();
        // A header that leaves too little room for rows is not repeated.
        if c.header
            .as_ref()
            .is_some_and(|h| h.height > self.height - 60.0)
        {
            c.header = None;
        }
        let mut guard = 0u32;
        loop {
            guard += 1;
            if guard > 100_000 {
                // Cannot happen with the rules above; never hang on a pathological input.
                let gap = self.gap(&c);
                self.put(&c, gap);
                return;
            }
            if self.empty {
                if let Some(h) = c.header.clone() {
                    self.put(&h, 0.0);
                }
            }
            let gap = self.gap(&c);
            if self.y + gap + c.height <= self.height + EPS {
                self.put(&c, gap);
                return;
            }
            let fresh = Self::header_height(&c) + c.height;
            let was_empty = self.empty || self.y <= Self::header_height(&c) + EPS;
            if !was_empty && fresh <= self.height + EPS {
                self.new_page();
                continue;
            }
            let room = self.height - self.y - gap;
            if room < 24.0 && !was_empty {
                self.new_page();
                continue;
            }
            let parts = split(&c, room, false).or_else(|| {
                if was_empty {
                    split(&c, room, true)
                } else {
                    None
                }
            });
            match parts {
                Some((a, b)) => {
                    self.put(&a, gap);
                    self.new_page();
                    c = b;
                }
                None => {
                    self.new_page();
                }
            }
        }
    }
}

/// Lay out a document's body on pages.
pub fn layout(doc: &Document, fonts: &Fonts) -> Result<Vec<Page>, PdfError> {
    let ps = &doc.page;
    let vals = [
        ps.width,
        ps.height,
        ps.margin_top,
        ps.margin_bottom,
        ps.margin_left,
        ps.margin_right,
    ];
    if vals.iter().any(|v| !v.is_finite() || *v < 0.0) || ps.width > 5000.0 || ps.height > 5000.0 {
        return Err(PdfError::new(
            "page size and margins must be finite, non-negative millimetres",
        ));
    }
    let width = mm(ps.content_width());
    let height = mm(ps.height - ps.margin_top - ps.margin_bottom);
    if width < mm(30.0) || height < mm(30.0) {
        return Err(PdfError::new(
            "the page leaves less than 30 mm for the text",
        ));
    }
    let mut ctx = Ctx {
        fonts,
        width,
        height,
        chunks: Vec::new(),
        pending_gap: 0.0,
    };
    for (i, b) in doc.blocks.iter().enumerate() {
        ctx.block(b, doc.blocks.get(i + 1));
    }
    let chunks = ctx.chunks;
    let mut p = Paginator {
        pages: vec![Page::default()],
        y: 0.0,
        empty: true,
        left: mm(ps.margin_left),
        top: mm(ps.margin_top),
        height,
    };
    let mut i = 0;
    while i < chunks.len() {
        if chunks[i].page_break {
            if !p.empty {
                p.new_page();
            }
            i += 1;
            continue;
        }
        let mut j = i;
        while chunks[j].keep_with_next && j + 1 < chunks.len() && !chunks[j + 1].page_break {
            j += 1;
        }
        let group = &chunks[i..=j];
        if p.y + p.group_height(group, false) <= height + EPS {
            for c in group {
                p.place(c);
            }
        } else if !p.empty && p.group_height(group, true) <= height + EPS {
            p.new_page();
            for c in group {
                p.place(c);
            }
        } else {
            // Too tall to keep together: place chunk by chunk.
            for c in group {
                p.place(c);
            }
        }
        i = j + 1;
    }
    Ok(p.pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use formpack_doc::{xml, Cell, Row};

    fn no_images(_: &str) -> Option<Image> {
        None
    }

    fn texts(page: &Page) -> String {
        let mut s = String::new();
        for it in &page.items {
            if let Item::Text { frag, .. } = it {
                s.push_str(&frag.text);
            }
        }
        s
    }

    /// Every item lies inside the margins.
    fn assert_inside(doc: &Document, pages: &[Page]) {
        let ps = doc.page;
        let (top, bottom) = (mm(ps.margin_top), mm(ps.height - ps.margin_bottom));
        let (left, right) = (mm(ps.margin_left), mm(ps.width - ps.margin_right));
        for (n, p) in pages.iter().enumerate() {
            for it in &p.items {
                let (t, b) = it.span_y();
                assert!(
                    t >= top - 0.01 && b <= bottom + 0.01,
                    "page {n}: {t}..{b} outside {top}..{bottom}"
                );
                if let Item::Text { x, frag, .. } = it {
                    assert!(
                        *x >= left - 0.01 && x + frag.width() <= right + 0.01,
                        "{x} {}",
                        frag.text
                    );
                }
            }
        }
    }

    #[test]
    fn a_long_paragraph_flows_onto_further_pages_inside_the_margins() {
        let text: String = "가나다라마 바사아자차 카타파하 ".repeat(300);
        assert!(text.chars().count() >= 5000);
        let mut doc = Document::new("long");
        doc.blocks
            .push(Block::Paragraph(Paragraph::plain(text.trim())));
        let pages = layout(&doc, &Fonts::embedded()).unwrap();
        assert!(pages.len() >= 3, "{}", pages.len());
        assert_inside(&doc, &pages);
        let all: String = pages.iter().map(texts).collect();
        assert_eq!(all.replace(' ', ""), text.replace(' ', ""));
    }

    fn forty_rows() -> Document {
        let mut rows = String::new();
        for i in 1..=40 {
            rows.push_str(&format!(
                "<tr><td>{i}</td><td>참여기관 {i}번 주식회사 인공지능 연구소</td><td align=\"right\">{},000,000</td></tr>",
                i * 150
            ));
        }
        xml::parse(
            &format!(
                "<document title=\"t\"><h2>참여기관 목록</h2><table widths=\"10,60,30\" header=\"1\">\
                 <tr><td shade=\"true\">번호</td><td shade=\"true\">기관명칭</td><td shade=\"true\">사업비합계</td></tr>{rows}</table></document>"
            ),
            &no_images,
        )
        .unwrap()
    }

    #[test]
    fn a_forty_row_table_repeats_its_header_on_every_page() {
        let doc = forty_rows();
        let pages = layout(&doc, &Fonts::embedded()).unwrap();
        assert!(pages.len() >= 2, "{}", pages.len());
        assert_inside(&doc, &pages);
        for (n, p) in pages.iter().enumerate() {
            let t = texts(p);
            assert!(t.contains("기관명칭"), "page {n} lacks the header");
            assert_eq!(t.matches("기관명칭").count(), 1);
        }
        let all: String = pages.iter().map(texts).collect();
        for i in 1..=40 {
            assert_eq!(
                all.matches(&format!("참여기관 {i}번 ")).count(),
                1,
                "row {i}"
            );
        }
        // The heading is kept with the table.
        assert!(texts(&pages[0]).starts_with("참여기관 목록"));
    }

    #[test]
    fn a_long_name_in_a_narrow_cell_wraps_and_the_row_grows() {
        let d = xml::parse(
            "<document><table widths=\"10,90\"><tr><td>짧음</td><td>짧음</td></tr>\
             <tr><td>한국전자통신연구원 대경권연구센터 인공지능융합연구실</td><td>x</td></tr></table></document>",
            &no_images,
        )
        .unwrap();
        let pages = layout(&d, &Fonts::embedded()).unwrap();
        let rects: Vec<(f32, f32)> = pages[0]
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Rect { x, h, .. } if *x < mm(21.0) => Some((*x, *h)),
                _ => None,
            })
            .collect();
        assert_eq!(rects.len(), 2);
        assert!(rects[1].1 > rects[0].1 * 3.0, "{rects:?}");
        // Every fragment stays inside its narrow column.
        let col_right = mm(20.0) + mm(170.0) * 0.1;
        let lines = pages[0]
            .items
            .iter()
            .filter(|it| matches!(it, Item::Text { x, frag, .. } if *x < col_right && frag.text != "짧음"))
            .inspect(|it| {
                if let Item::Text { x, frag, .. } = it {
                    assert!(x + frag.width() <= col_right - CELL_PAD_X + 0.01, "{}", frag.text);
                }
            })
            .count();
        assert!(lines >= 5, "{lines}");
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_not_overflowed() {
        let long = "긴 내용의 셀 ".repeat(1000);
        let t = Table {
            widths: vec![1.0, 3.0],
            header_rows: 1,
            size: 9.5,
            rows: vec![
                Row {
                    cells: vec![
                        Cell {
                            paragraphs: vec![Paragraph::plain("항목")],
                            shade: true,
                            ..Cell::default()
                        },
                        Cell {
                            paragraphs: vec![Paragraph::plain("내용")],
                            shade: true,
                            ..Cell::default()
                        },
                    ],
                },
                Row {
                    cells: vec![
                        Cell {
                            paragraphs: vec![Paragraph::plain("설명")],
                            ..Cell::default()
                        },
                        Cell {
                            paragraphs: vec![Paragraph::plain(long.trim())],
                            ..Cell::default()
                        },
                    ],
                },
            ],
        };
        let mut doc = Document::new("t");
        doc.blocks.push(Block::Table(t));
        let pages = layout(&doc, &Fonts::embedded()).unwrap();
        assert!(pages.len() >= 3, "{}", pages.len());
        assert_inside(&doc, &pages);
        for p in &pages {
            assert!(texts(p).starts_with("항목내용"));
        }
    }

    #[test]
    fn a_heading_is_kept_with_the_next_block_and_a_signature_with_its_paragraph() {
        let mut body = String::new();
        for _ in 0..30 {
            body.push_str("<p>본문 문단입니다.</p>");
        }
        let d = xml::parse(
            &format!(
                "<document>{body}<h2>3. 서약</h2><p>위와 같이 신청합니다.</p>\
                 <signature date=\"2026. 3. 9.\" addressee=\"중소벤처기업부장관 귀하\">\
                 <party caption=\"신청기관\" org=\"대전광역시\" title=\"시장\" name=\"윤도현\" mark=\"(직인)\"/></signature></document>"
            ),
            &no_images,
        )
        .unwrap();
        let pages = layout(&d, &Fonts::embedded()).unwrap();
        assert_eq!(pages.len(), 2);
        assert_inside(&d, &pages);
        let last = texts(&pages[1]);
        assert!(
            last.starts_with("3. 서약위와 같이 신청합니다.2026. 3. 9."),
            "{last}"
        );
        assert!(last.contains("시장  윤도현  (직인)"));
        assert!(last.ends_with("중소벤처기업부장관 귀하"));
    }

    #[test]
    fn page_breaks_and_bad_page_setups() {
        let d = xml::parse(
            "<document><p>a</p><pagebreak/><pagebreak/><p>b</p></document>",
            &no_images,
        )
        .unwrap();
        let pages = layout(&d, &Fonts::embedded()).unwrap();
        assert_eq!(pages.len(), 2);
        let mut bad = d.clone();
        bad.page.margin_left = 170.0;
        assert!(layout(&bad, &Fonts::embedded()).is_err());
        bad.page.margin_left = f32::NAN;
        assert!(layout(&bad, &Fonts::embedded()).is_err());
    }
}
