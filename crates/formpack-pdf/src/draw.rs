//! Positioned pages → PDF through krilla: body items, footer, draft watermark.

use std::collections::HashMap;

use formpack_doc::style::{self, Rgb};
use formpack_doc::{Align, Document, ImageFormat};
use krilla::color::{luma, rgb};
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{GlyphId, KrillaGlyph};

use crate::fonts::{FontId, Fonts};
use crate::layout::{mm, Item, Page};
use crate::text::{break_lines, Frag};
use crate::PdfError;

/// Decoded images, keyed by the address of their shared bytes, so that a seal used on many
/// pages is decoded once.
#[derive(Default)]
pub struct Images {
    cache: HashMap<(usize, usize), krilla::image::Image>,
}

impl Images {
    fn get(&mut self, img: &formpack_doc::Image) -> Result<krilla::image::Image, PdfError> {
        let key = (std::sync::Arc::as_ptr(&img.data) as usize, img.data.len());
        if let Some(i) = self.cache.get(&key) {
            return Ok(i.clone());
        }
        let data = krilla::Data::from(img.data.clone());
        let decoded = match img.format {
            ImageFormat::Png => krilla::image::Image::from_png(data, false),
            ImageFormat::Jpeg => krilla::image::Image::from_jpeg(data, false),
        }
        .map_err(|e| PdfError::new(format!("cannot read an image: {e}")))?;
        self.cache.insert(key, decoded.clone());
        Ok(decoded)
    }
}

/// A fill of a colour: grey-scale for a grey, RGB otherwise.
fn fill(c: Rgb) -> Fill {
    let paint = match c.as_grey() {
        Some(0) => return Fill::default(),
        Some(level) => luma::Color::new(level).into(),
        None => rgb::Color::new(c.0, c.1, c.2).into(),
    };
    Fill {
        paint,
        ..Fill::default()
    }
}

fn draw_frag(s: &mut Surface, fonts: &Fonts, x: f32, baseline: f32, f: &Frag) {
    if f.glyphs.is_empty() || f.size <= 0.0 {
        return;
    }
    let glyphs: Vec<KrillaGlyph> = f
        .glyphs
        .iter()
        .map(|g| {
            KrillaGlyph::new(
                GlyphId::new(u32::from(g.gid)),
                g.advance / f.size,
                0.0,
                0.0,
                0.0,
                g.range.clone(),
                None,
            )
        })
        .collect();
    let font = fonts.get(f.font).krilla.clone();
    s.draw_glyphs(
        Point::from_xy(x, baseline),
        &glyphs,
        font,
        &f.text,
        f.size,
        false,
    );
    if f.underline {
        let w = f.width();
        if let Some(r) = Rect::from_xywh(x, baseline + 0.1 * f.size, w, 0.05 * f.size) {
            fill_rect(s, r);
        }
    }
}

fn fill_rect(s: &mut Surface, r: Rect) {
    let mut pb = PathBuilder::new();
    pb.push_rect(r);
    if let Some(p) = pb.finish() {
        s.draw_path(&p);
    }
}

/// Single-line text as fragments (with the symbol fallback), starting at x = 0.
fn one_line(fonts: &Fonts, text: &str, font: FontId, size: f32) -> (Vec<Frag>, f32) {
    let span = crate::text::Span {
        text,
        font,
        size,
        underline: false,
    };
    let lines = break_lines(fonts, &[span], 1e6, Align::Left, 1.0, size);
    lines
        .into_iter()
        .next()
        .map(|l| (l.frags, l.width))
        .unwrap_or_default()
}

/// Shorten `text` with `…` until it fits `max` points.
fn fit_text(fonts: &Fonts, text: &str, font: FontId, size: f32, max: f32) -> (Vec<Frag>, f32) {
    let text = text.replace('\n', " ");
    let (f, w) = one_line(fonts, &text, font, size);
    if w <= max {
        return (f, w);
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let t: String = chars.iter().collect::<String>() + "…";
        let (f, w) = one_line(fonts, &t, font, size);
        if w <= max {
            return (f, w);
        }
    }
    (Vec::new(), 0.0)
}

fn draw_line(s: &mut Surface, fonts: &Fonts, frags: &[Frag], x: f32, baseline: f32) {
    for f in frags {
        draw_frag(s, fonts, x + f.x, baseline, f);
    }
}

/// Append the pages of one document to a krilla document.
pub fn draw_document(
    out: &mut krilla::Document,
    doc: &Document,
    pages: &[Page],
    fonts: &Fonts,
    images: &mut Images,
) -> Result<(), PdfError> {
    let ps = &doc.page;
    let (pw, ph) = (mm(ps.width), mm(ps.height));
    let settings =
        PageSettings::from_wh(pw, ph).ok_or_else(|| PdfError::new("the page size is not valid"))?;
    let total = pages.len();
    for (n, page) in pages.iter().enumerate() {
        let mut p = out.start_page_with(settings.clone());
        let mut s = p.surface();
        if let Some(mark) = &doc.watermark {
            watermark(&mut s, fonts, mark, pw, ph);
        }
        for it in &page.items {
            match it {
                Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                } => {
                    let Some(r) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) else {
                        continue;
                    };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(r);
                    let Some(path) = pb.finish() else { continue };
                    s.set_fill(fill.map(self::fill));
                    s.set_stroke(stroke.map(|width| Stroke {
                        width,
                        ..Stroke::default()
                    }));
                    s.draw_path(&path);
                    s.set_stroke(None);
                }
                Item::Text {
                    x, baseline, frag, ..
                } => {
                    s.set_fill(Some(fill(style::TEXT_COLOR)));
                    draw_frag(&mut s, fonts, *x, *baseline, frag);
                }
                Item::Image { x, y, w, h, image } => {
                    let img = images.get(image)?;
                    if let Some(size) = Size::from_wh(*w, *h) {
                        s.push_transform(&Transform::from_translate(*x, *y));
                        s.draw_image(img, size);
                        s.pop();
                    }
                }
            }
        }
        s.set_fill(Some(fill(style::FOOTER_COLOR)));
        footer(&mut s, fonts, doc, n + 1, total);
        s.finish();
        p.finish();
    }
    Ok(())
}

fn watermark(s: &mut Surface, fonts: &Fonts, text: &str, pw: f32, ph: f32) {
    let font = FontId::of(style::WATERMARK_FACE, true);
    let size = pw.min(ph) * 0.3;
    let (frags, w) = one_line(fonts, text, font, size);
    let (cx, cy) = (pw / 2.0, ph / 2.0);
    s.push_transform(&Transform::from_rotate_at(-style::WATERMARK_ANGLE, cx, cy));
    s.set_fill(Some(fill(style::WATERMARK_COLOR)));
    draw_line(s, fonts, &frags, cx - w / 2.0, cy + 0.35 * size);
    s.pop();
    // And a small mark at the top right, inside the top margin.
    let size = style::WATERMARK_MARK_SIZE;
    let (frags, w) = one_line(fonts, text, font, size);
    s.set_fill(Some(fill(style::WATERMARK_MARK_COLOR)));
    let inset = mm(style::WATERMARK_MARK_INSET);
    draw_line(s, fonts, &frags, pw - inset - w, inset + size * 0.35);
}

fn footer(s: &mut Surface, fonts: &Fonts, doc: &Document, n: usize, total: usize) {
    let ps = &doc.page;
    let (pw, ph) = (mm(ps.width), mm(ps.height));
    let left = mm(ps.margin_left);
    let right = pw - mm(ps.margin_right);
    // Centred in the bottom margin, never lower than 4 mm above the edge.
    let baseline = (ph - mm(ps.margin_bottom) / 2.0 + 3.0).min(ph - mm(4.0));
    let font = FontId::of(style::FOOTER_FACE, false);
    let size = style::FOOTER_SIZE;
    let (frags, w) = one_line(fonts, &format!("{n} / {total}"), font, size);
    let cx = (left + right) / 2.0;
    draw_line(s, fonts, &frags, cx - w / 2.0, baseline);
    let half = (right - left) / 2.0 - w / 2.0 - 6.0;
    if let Some(text) = doc.footer.fingerprint_text() {
        let (frags, fw) = fit_text(fonts, &text, font, size, half);
        draw_line(s, fonts, &frags, right - fw, baseline);
    }
    if !doc.footer.left.is_empty() {
        let (frags, _) = fit_text(fonts, &doc.footer.left, font, size, half);
        draw_line(s, fonts, &frags, left, baseline);
    }
}
