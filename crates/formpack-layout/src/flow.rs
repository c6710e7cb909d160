//! Blocks → chunks: every block becomes a list of [`Chunk`]s (a paragraph line, a table row
//! group, a whole signature…) with the items inside positioned relative to the chunk, and
//! flags the paginator honours (keep-with-next, a header to repeat, a page break).

use std::rc::Rc;

use formpack_doc::style;
use formpack_doc::{Align, Block, Face, LineSpacing, Paragraph};

use crate::fonts::{FontId, Fonts};
use crate::frame::{mm, Item};
use crate::text::{break_lines, longest_piece, Leading, Line, LineBox, Span};

/// Line height of body text, as a factor of the font size.
pub(crate) const BODY_LINE: f32 = 1.5;
/// Line height in table cells.
pub(crate) const TABLE_LINE: f32 = 1.3;
/// Line height of headings.
pub(crate) const HEADING_LINE: f32 = 1.3;
/// Largest font size laid out, points.
const MAX_SIZE: f32 = 96.0;
/// Tolerance when comparing positions, points.
pub(crate) const EPS: f32 = 0.01;

/// A piece of the flow that the paginator places as a whole (or splits between lines).
#[derive(Debug, Clone, Default)]
pub(crate) struct Chunk {
    pub height: f32,
    pub items: Vec<Item>,
    /// Space above the chunk, dropped at the top of a page.
    pub gap_before: f32,
    /// No page break between this chunk and the next.
    pub keep_with_next: bool,
    /// Table header to repeat when this chunk starts a page.
    pub header: Option<Rc<Chunk>>,
    pub page_break: bool,
    /// Empty space (a spacer) that is dropped at the top of a page.
    pub space_only: bool,
    /// Index of the document block the chunk belongs to.
    pub block: usize,
    /// Split where the page ends rather than move whole to a fresh page.
    pub split_early: bool,
    /// Empty space at the chunk's foot that may hang past the page's end (a line's leading).
    pub trailing: f32,
    /// Split where the page ends when moving whole would leave much of the page blank (a
    /// tall row of formpack's own tables).
    pub breakable: bool,
    /// Where a split may fall, from the chunk's top (a signature's rows of parties); when
    /// empty, anywhere between text lines.
    pub breaks: Vec<f32>,
}

/// Positioned text items of lines stacked from `top`, and their total height.
pub(crate) fn line_items(lines: &[Line], left: f32, top: f32) -> (Vec<Item>, f32) {
    let mut items = Vec::new();
    let mut y = top;
    for l in lines {
        for f in &l.frags {
            items.push(Item::Text {
                x: left + f.x,
                baseline: y + l.baseline,
                top: y,
                // The leading below a line set at the top may hang past a page's end.
                bottom: y + l.height - l.trailing,
                frag: f.clone(),
                color: f.color,
            });
        }
        y += l.height;
    }
    (items, y - top)
}

/// A font size from the model, clamped to something drawable.
pub(crate) fn clamp_size(s: f32) -> f32 {
    if s.is_finite() {
        s.clamp(1.0, MAX_SIZE)
    } else {
        style::BODY_SIZE
    }
}

/// A length from the model, finite and non-negative.
pub(crate) fn finite(v: f32) -> f32 {
    if v.is_finite() {
        v.max(0.0)
    } else {
        0.0
    }
}

/// Lines of a paragraph in a box `width` wide (its indents inside), with `factor` the
/// context's line height when the paragraph sets none, and an optional forced face.
pub(crate) fn paragraph_lines(
    fonts: &Fonts,
    p: &Paragraph,
    width: f32,
    factor: f32,
    force_face: Option<Face>,
) -> Vec<Line> {
    let size = clamp_size(p.size);
    let spans = spans(p, force_face);
    break_lines(fonts, &spans, &line_box(p, width, factor, size))
}

/// The least width a paragraph's lines take without breaking a word between characters:
/// its widest unbreakable piece and its indents.
pub(crate) fn paragraph_min_width(fonts: &Fonts, p: &Paragraph, force_face: Option<Face>) -> f32 {
    let bx = line_box(p, f32::INFINITY, 1.0, clamp_size(p.size));
    longest_piece(fonts, &spans(p, force_face), p.break_words)
        + bx.first.max(bx.rest)
        + finite(mm(p.indent_right))
}

/// A paragraph's runs as styled spans (with an optional forced face).
fn spans(p: &Paragraph, force_face: Option<Face>) -> Vec<Span<'_>> {
    let size = clamp_size(p.size);
    p.runs
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
                color: r.color.unwrap_or(style::TEXT_COLOR),
                scale: r.scale.unwrap_or(1.0),
                tracking: r.tracking.unwrap_or(0.0),
                space: r.space_width,
                full: r.full_width,
            }
        })
        .collect()
}

/// The box of a paragraph's lines: its indents and leading inside `width`.
fn line_box(p: &Paragraph, width: f32, factor: f32, size: f32) -> LineBox {
    let left = finite_signed(mm(p.indent));
    let first = left + finite_signed(mm(p.first_line));
    let right = finite(mm(p.indent_right));
    let leading = match p.line_spacing {
        None => Leading::Factor(factor),
        Some(LineSpacing::Factor(f)) => Leading::Factor(f),
        Some(LineSpacing::Exact(h)) => Leading::Exact(mm(h)),
        Some(LineSpacing::AtLeast(h)) => Leading::AtLeast(factor, mm(h)),
    };
    LineBox {
        max: (width - right).max(1.0),
        align: p.align,
        leading,
        default_size: size,
        first: first.max(0.0),
        rest: left.max(0.0),
        top: p.line_spacing.is_some(),
        break_words: p.break_words,
    }
}

/// A length from the model that may be negative, finite.
fn finite_signed(v: f32) -> f32 {
    if v.is_finite() {
        v.clamp(-1e4, 1e4)
    } else {
        0.0
    }
}

/// The chunks of a document's body, built block by block.
pub(crate) struct Flow<'a> {
    pub fonts: &'a Fonts,
    /// Content width and height.
    pub width: f32,
    pub height: f32,
    pub chunks: Vec<Chunk>,
    /// Space owed after the previous block.
    pub pending_gap: f32,
    /// Index of the block being laid out.
    pub block: usize,
    /// The block and those after it are blank paragraphs up to a page break or the end.
    pub blank_to_break: bool,
    /// The document's spacing (its [`style::Density`]).
    pub spacing: style::Spacing,
}

impl Flow<'_> {
    pub(crate) fn push(&mut self, mut c: Chunk, gap_before: f32) {
        c.gap_before = self.pending_gap.max(gap_before);
        c.block = self.block;
        self.pending_gap = 0.0;
        self.chunks.push(c);
    }

    fn lines_as_chunks(
        &mut self,
        lines: &[Line],
        (gap_before, keep_all, widows): (f32, bool, bool),
    ) {
        let n = lines.len();
        for (i, l) in lines.iter().enumerate() {
            let (items, h) = line_items(std::slice::from_ref(l), 0.0, 0.0);
            // Keep the first two and the last two lines of a paragraph together.
            let orphan = widows && (n <= 3 || i == 0 || i + 2 == n);
            self.push(
                Chunk {
                    height: h,
                    trailing: l.trailing,
                    items,
                    keep_with_next: keep_all || (orphan && i + 1 < n),
                    ..Chunk::default()
                },
                if i == 0 { gap_before } else { 0.0 },
            );
        }
    }

    pub(crate) fn block(&mut self, b: &Block, next: Option<&Block>) {
        match b {
            Block::Heading(h) => {
                let hs = self.spacing.heading(h.level);
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
                self.lines_as_chunks(&lines, (mm(before), true, true));
                self.keep_last();
                self.pending_gap = mm(after);
            }
            // A blank paragraph just before a page break or at the end is only space: it never starts a
            // page of its own (a form's empty line after a full-page table).
            Block::Paragraph(_) if self.blank_to_break => {
                let Block::Paragraph(p) = b else { return };
                let lines = paragraph_lines(self.fonts, p, self.width, self.body_line(), None);
                let h = lines.iter().map(|l| l.height).sum::<f32>() + self.pending_gap;
                self.pending_gap = 0.0;
                self.push(
                    Chunk {
                        height: h.min(self.height),
                        space_only: true,
                        ..Chunk::default()
                    },
                    0.0,
                );
            }
            Block::Paragraph(p) => {
                let lines = paragraph_lines(self.fonts, p, self.width, self.body_line(), None);
                let before_signature = matches!(next, Some(Block::Signature(_)));
                self.pending_gap += finite(mm(p.space_before)).min(self.height);
                self.lines_as_chunks(&lines, (0.0, before_signature, p.widow_control));
                if p.keep_with_next || before_signature {
                    self.keep_last();
                }
                // A gap is at most a page: more only leaves blank pages.
                self.pending_gap = finite(mm(p.space_after)).min(self.height);
            }
            Block::Table(t) => self.table(t),
            Block::Signature(s) => {
                let c = self.signature(s);
                self.push(c, mm(self.spacing.signature_before));
                self.pending_gap = mm(2.0);
            }
            Block::Image(img) => self.image(img, next),
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
                    block: self.block,
                    ..Chunk::default()
                });
            }
        }
    }

    /// A picture on a line of its own, kept on one page with its caption: fitted to the
    /// page less the caption's room.
    fn image(&mut self, img: &formpack_doc::Image, next: Option<&Block>) {
        let caption = self.caption_height(next);
        let room = (self.height - caption.unwrap_or(0.0)).max(self.height / 2.0);
        let (w, h) = fit(mm(img.width), mm(img.height), self.width, room);
        let x = match img.align {
            Align::Left | Align::Justify => 0.0,
            Align::Center => (self.width - w) / 2.0,
            Align::Right => self.width - w,
        };
        let image = img.clone();
        let items = vec![Item::Image {
            x,
            y: 0.0,
            w,
            h,
            image,
        }];
        let keep_with_next = caption.is_some();
        self.push(
            Chunk {
                height: h,
                items,
                keep_with_next,
                ..Chunk::default()
            },
            0.0,
        );
        self.pending_gap = mm(2.0);
    }

    /// The room a picture's caption takes below it, if the block after the picture is one:
    /// a centred paragraph of one line.
    fn caption_height(&self, next: Option<&Block>) -> Option<f32> {
        let Some(Block::Paragraph(p)) = next else {
            return None;
        };
        let lines = paragraph_lines(self.fonts, p, self.width, self.body_line(), None);
        let before = finite(mm(p.space_before)).min(self.height);
        (p.align == Align::Center && lines.len() == 1).then(|| mm(2.0) + before + lines[0].height)
    }

    pub(crate) fn keep_last(&mut self) {
        if let Some(c) = self.chunks.last_mut() {
            c.keep_with_next = true;
        }
    }
}

/// Whether `blocks` start with blank paragraphs (at least one) that run up to a page break
/// or the end.
fn blank_to_break(blocks: &[Block]) -> bool {
    let blank = |b: &Block| matches!(b, Block::Paragraph(p) if p.text().trim().is_empty());
    let n = blocks.iter().take_while(|b| blank(b)).count();
    n > 0 && matches!(blocks.get(n), None | Some(Block::PageBreak))
}

/// Scale (w, h) down to fit (max_w, max_h), keeping the aspect ratio.
pub(crate) fn fit(w: f32, h: f32, max_w: f32, max_h: f32) -> (f32, f32) {
    let (w, h) = (finite(w).max(1.0), finite(h).max(1.0));
    let k = (max_w / w).min(max_h / h).min(1.0);
    (w * k, h * k)
}

impl<'a> Flow<'a> {
    /// An empty flow `width` × `height` points.
    pub(crate) fn new(fonts: &'a Fonts, width: f32, height: f32) -> Flow<'a> {
        Flow {
            fonts,
            width,
            height,
            chunks: Vec::new(),
            pending_gap: 0.0,
            block: 0,
            blank_to_break: false,
            spacing: style::spacing(style::Density::Regular),
        }
    }

    /// Body line height, a factor of the type size.
    pub(crate) fn body_line(&self) -> f32 {
        self.spacing.body_line(BODY_LINE)
    }

    /// Lay out blocks one after another.
    pub(crate) fn blocks(&mut self, blocks: &[Block]) {
        for (i, b) in blocks.iter().enumerate() {
            self.block = i;
            self.blank_to_break = blank_to_break(&blocks[i..]);
            self.block(b, blocks.get(i + 1));
        }
    }

    /// The chunks stacked top to bottom from y = 0 with no page breaks (a running header or
    /// footer), and their total height.
    pub(crate) fn stacked(&self) -> (Vec<Item>, f32) {
        let mut items = Vec::new();
        let mut y = 0.0;
        for (i, c) in self.chunks.iter().enumerate() {
            if i > 0 {
                y += c.gap_before;
            }
            for it in &c.items {
                let mut it = it.clone();
                it.shift(0.0, y);
                items.push(it);
            }
            y += c.height;
        }
        (items, y)
    }
}
