//! What every page carries besides its body: the footer line and the watermark.

use formpack_doc::style::{self, Rgb};
use formpack_doc::{Block, Document, Field};

use crate::flow::Flow;
use crate::fonts::{FontId, Fonts};
use crate::frame::{mm, Frag, Item};
use crate::text::{fit_text, one_line};

/// Text items of one laid-out line whose text box starts at `x`.
fn line_at(frags: Vec<Frag>, x: f32, baseline: f32, color: Rgb) -> Vec<Item> {
    frags
        .into_iter()
        .map(|frag| Item::Text {
            x: x + frag.x,
            baseline,
            top: baseline - 0.84 * frag.size,
            bottom: baseline + 0.16 * frag.size,
            frag,
            color,
        })
        .collect()
}

/// The watermark of a page `pw` × `ph` points: `text` large and light across the middle,
/// and small in the top-right corner.
pub(crate) fn watermark(fonts: &Fonts, text: &str, pw: f32, ph: f32) -> Vec<Item> {
    let font = FontId::of(style::WATERMARK_FACE, true);
    let size = pw.min(ph) * 0.3;
    let (frags, w) = one_line(fonts, text, font, size);
    let (cx, cy) = (pw / 2.0, ph / 2.0);
    let big = line_at(
        frags,
        cx - w / 2.0,
        cy + 0.35 * size,
        style::WATERMARK_COLOR,
    );
    let mut items = vec![Item::Rotated {
        angle: style::WATERMARK_ANGLE,
        cx,
        cy,
        items: big,
    }];
    let size = style::WATERMARK_MARK_SIZE;
    let (frags, w) = one_line(fonts, text, font, size);
    let inset = mm(style::WATERMARK_MARK_INSET);
    items.extend(line_at(
        frags,
        pw - inset - w,
        inset + size * 0.35,
        style::WATERMARK_MARK_COLOR,
    ));
    items
}

/// The footer of page `n` of `total`: `n / N` centred in the bottom margin, the fingerprint
/// with its label at the right, the footer's left text at the left (both shortened with `…`
/// so they never reach the page number).
pub(crate) fn footer(fonts: &Fonts, doc: &Document, n: usize, total: usize) -> Vec<Item> {
    let ps = &doc.page;
    let (pw, ph) = (mm(ps.width), mm(ps.height));
    let left = mm(ps.margin_left);
    let right = pw - mm(ps.margin_right);
    // Centred in the bottom margin, never lower than 4 mm above the edge; below the form's
    // own footer when it has one.
    let baseline = if doc.running.footer.is_empty() {
        (ph - mm(ps.margin_bottom) / 2.0 + 3.0).min(ph - mm(4.0))
    } else {
        ph - mm(5.0)
    };
    let font = FontId::of(style::FOOTER_FACE, false);
    let size = style::FOOTER_SIZE;
    let color = style::FOOTER_COLOR;
    let number = if doc.footer.pages_numbered {
        String::new()
    } else {
        format!("{n} / {total}")
    };
    let (frags, w) = one_line(fonts, &number, font, size);
    let cx = (left + right) / 2.0;
    let mut items = line_at(frags, cx - w / 2.0, baseline, color);
    let half = (right - left) / 2.0 - w / 2.0 - 6.0;
    if let Some(text) = doc.footer.fingerprint_text() {
        let (frags, fw) = fit_text(fonts, &text, font, size, half);
        items.extend(line_at(frags, right - fw, baseline, color));
    }
    if !doc.footer.left.is_empty() {
        let (frags, _) = fit_text(fonts, &doc.footer.left, font, size, half);
        items.extend(line_at(frags, left, baseline, color));
    }
    items
}

/// The form's own header and footer on page `n` of `total`: page-number fields filled, the
/// header's top `header_top` below the top edge, the footer's bottom `footer_bottom` above
/// the bottom edge.
pub(crate) fn running(fonts: &Fonts, doc: &Document, n: usize, total: usize) -> Vec<Item> {
    let ps = &doc.page;
    let run = &doc.running;
    let (left, width) = (mm(ps.margin_left), mm(ps.content_width()));
    let mut items = Vec::new();
    for (blocks, top) in [(&run.header, true), (&run.footer, false)] {
        if blocks.is_empty() {
            continue;
        }
        let mut flow = Flow::new(fonts, width, mm(ps.height) / 2.0);
        flow.blocks(&numbered(blocks, n, total));
        let (mut its, h) = flow.stacked();
        let y = if top {
            mm(clamp_mm(run.header_top))
        } else {
            mm(ps.height - clamp_mm(run.footer_bottom)) - h
        };
        for it in &mut its {
            it.shift(left, y);
        }
        items.extend(its);
    }
    items
}

fn clamp_mm(v: f32) -> f32 {
    if v.is_finite() {
        v.clamp(0.0, 100.0)
    } else {
        0.0
    }
}

/// Blocks with every page-number field's text set for page `n` of `total`.
fn numbered(blocks: &[Block], n: usize, total: usize) -> Vec<Block> {
    let mut out = blocks.to_vec();
    let fill = |runs: &mut Vec<formpack_doc::Run>| {
        for r in runs {
            match r.field {
                Some(Field::Page) => r.text = n.to_string(),
                Some(Field::Pages) => r.text = total.to_string(),
                None => {}
            }
        }
    };
    for b in &mut out {
        match b {
            Block::Paragraph(p) => fill(&mut p.runs),
            Block::Table(t) => {
                for c in t.rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
                    for p in &mut c.paragraphs {
                        fill(&mut p.runs);
                    }
                }
            }
            _ => {}
        }
    }
    out
}
