//! The laid-out output: pages of positioned glyph runs, rectangles and images. Every paged
//! exporter draws exactly these. Lengths are points; the origin is the top left of the page
//! and y grows downwards.

use std::ops::Range;

use formpack_doc::style::Rgb;
use formpack_doc::{Image, LineStyle};

use crate::fonts::FontId;

/// Points in one millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// One laid-out page, in three layers drawn in this order.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Page width, points.
    pub width: f32,
    /// Page height, points.
    pub height: f32,
    /// Behind everything: the watermark, when the document has one.
    pub watermark: Vec<Item>,
    /// The body, inside the margins.
    pub body: Vec<Item>,
    /// The footer line in the bottom margin.
    pub footer: Vec<Item>,
}

impl Page {
    /// Every item in drawing order: watermark, body, footer.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.watermark.iter().chain(&self.body).chain(&self.footer)
    }
}

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// A run of glyphs; `top..bottom` is its line box.
    Text {
        /// Left end of the run.
        x: f32,
        /// Baseline of the run.
        baseline: f32,
        /// Top of the line box.
        top: f32,
        /// Bottom of the line box.
        bottom: f32,
        /// The glyphs.
        frag: Frag,
        /// Colour of the glyphs (and of the underline).
        color: Rgb,
    },
    /// A rectangle, filled with a colour and/or stroked with a black line of a width.
    Rect {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill, if any.
        fill: Option<Rgb>,
        /// Width of the black outline, points, if any.
        stroke: Option<f32>,
    },
    /// A straight line (a cell's border side).
    Line {
        /// Start, x.
        x1: f32,
        /// Start, y.
        y1: f32,
        /// End, x.
        x2: f32,
        /// End, y.
        y2: f32,
        /// Width, points.
        width: f32,
        /// Solid, dashed, dotted or double.
        style: LineStyle,
        /// Colour.
        color: Rgb,
    },
    /// An image scaled into a box.
    Image {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// The image (encoded bytes and format).
        image: Image,
    },
    /// Items turned about a point.
    Rotated {
        /// Angle in degrees, counter-clockwise as seen on the page.
        angle: f32,
        /// Centre of the rotation, x.
        cx: f32,
        /// Centre of the rotation, y.
        cy: f32,
        /// The items, positioned as if unrotated.
        items: Vec<Item>,
    },
}

impl Item {
    /// Vertical extent (for a rotated group, the unrotated extent of its items).
    pub fn span_y(&self) -> (f32, f32) {
        match self {
            Item::Text { top, bottom, .. } => (*top, *bottom),
            Item::Rect { y, h, .. } | Item::Image { y, h, .. } => (*y, *y + *h),
            Item::Line { y1, y2, .. } => (y1.min(*y2), y1.max(*y2)),
            Item::Rotated { items, .. } => items
                .iter()
                .map(Item::span_y)
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), (t, u)| {
                    (a.min(t), b.max(u))
                }),
        }
    }

    pub(crate) fn shift(&mut self, dx: f32, dy: f32) {
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
            Item::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
            Item::Rotated { cx, cy, items, .. } => {
                *cx += dx;
                *cy += dy;
                for it in items {
                    it.shift(dx, dy);
                }
            }
        }
    }
}

/// One glyph of a fragment.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in the fragment's font.
    pub gid: u16,
    /// Advance in points (justification widens spaces).
    pub advance: f32,
    /// Byte range of the character in [`Frag::text`].
    pub range: Range<usize>,
    /// Whether the glyph is a (possibly widened) space.
    pub space: bool,
}

/// A run of glyphs on one line, drawn with one font at one size.
#[derive(Debug, Clone, PartialEq)]
pub struct Frag {
    /// The font the glyph ids belong to.
    pub font: FontId,
    /// Font size, points.
    pub size: f32,
    /// Underlined.
    pub underline: bool,
    /// Colour of the glyphs (and of the underline).
    pub color: Rgb,
    /// Horizontal scale of the glyphs (장평): advances already include it.
    pub scale: f32,
    /// Offset from the left edge of the text box (alignment included).
    pub x: f32,
    /// The characters, for text extraction.
    pub text: String,
    /// The glyphs, one per character of `text`.
    pub glyphs: Vec<Glyph>,
}

impl Frag {
    /// Advance width of the whole run, points.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }
}
