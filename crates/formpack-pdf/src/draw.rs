//! Laid-out pages → krilla: glyph runs, rectangles, images and rotated groups, in the order
//! the layout gives them.

use std::collections::HashMap;

use formpack_doc::style::Rgb;
use formpack_doc::{ImageFormat, LineStyle};
use formpack_layout::{Frag, Item, Page};
use krilla::color::{luma, rgb};
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{GlyphId, KrillaGlyph};

use crate::fonts::Fonts;
use crate::{Error, ErrorKind};

/// Decoded images, keyed by the address of their shared bytes, so that a seal used on many
/// pages is decoded once.
#[derive(Default)]
pub(crate) struct Images {
    cache: HashMap<(usize, usize), Decoded>,
}

/// An image ready to draw.
#[derive(Clone)]
enum Decoded {
    Raster(krilla::image::Image),
    Svg(std::sync::Arc<resvg::usvg::Tree>),
}

impl Images {
    fn get(&mut self, img: &formpack_doc::Image, fonts: &Fonts) -> Result<Decoded, Error> {
        let key = (std::sync::Arc::as_ptr(&img.data) as usize, img.data.len());
        if let Some(i) = self.cache.get(&key) {
            return Ok(i.clone());
        }
        let data = krilla::Data::from(img.data.clone());
        let cannot = |e| Error::new(ErrorKind::Image, format!("cannot read an image: {e}"));
        let decoded = match img.format {
            ImageFormat::Png => krilla::image::Image::from_png(data, false)
                .map(Decoded::Raster)
                .map_err(cannot)?,
            ImageFormat::Jpeg => krilla::image::Image::from_jpeg(data, false)
                .map(Decoded::Raster)
                .map_err(cannot)?,
            ImageFormat::Svg => Decoded::Svg(fonts.svg_tree(&img.data)?),
        };
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
    // 장평: the glyphs are drawn narrower by a transform; their advances already include it.
    let scale = if f.scale.is_finite() && f.scale > 0.0 {
        f.scale
    } else {
        1.0
    };
    let glyphs: Vec<KrillaGlyph> = f
        .glyphs
        .iter()
        .map(|g| {
            KrillaGlyph::new(
                GlyphId::new(u32::from(g.gid)),
                g.advance / f.size / scale,
                0.0,
                0.0,
                0.0,
                g.range.clone(),
                None,
            )
        })
        .collect();
    let font = fonts.krilla(f.font).clone();
    let scaled = (scale - 1.0).abs() > 1e-4;
    if scaled {
        s.push_transform(&Transform::from_row(scale, 0.0, 0.0, 1.0, x, baseline));
    }
    let at = if scaled {
        Point::from_xy(0.0, 0.0)
    } else {
        Point::from_xy(x, baseline)
    };
    s.draw_glyphs(at, &glyphs, font, &f.text, f.size, false);
    if scaled {
        s.pop();
    }
    if f.underline {
        let w = f.width();
        if let Some(r) = Rect::from_xywh(x, baseline + 0.1 * f.size, w, 0.05 * f.size) {
            fill_rect(s, r);
        }
    }
}

/// A border line: solid, dashed, dotted, or double (two lines a third as wide, a third
/// apart, either side of the line's centre).
fn draw_line(
    s: &mut Surface,
    a: (f32, f32),
    b: (f32, f32),
    width: f32,
    style: LineStyle,
    color: Rgb,
) {
    let stroke = |width: f32, dash: Option<StrokeDash>| Stroke {
        width,
        paint: fill(color).paint,
        dash,
        ..Stroke::default()
    };
    let path = |(x1, y1): (f32, f32), (x2, y2): (f32, f32)| {
        let mut pb = PathBuilder::new();
        pb.move_to(x1, y1);
        pb.line_to(x2, y2);
        pb.finish()
    };
    let mut strokes = Vec::new();
    match style {
        LineStyle::Solid => strokes.push((0.0, stroke(width, None))),
        LineStyle::Dashed => strokes.push((
            0.0,
            stroke(
                width,
                Some(dash(vec![3.0 * width.max(1.0), 2.0 * width.max(1.0)])),
            ),
        )),
        LineStyle::Dotted => strokes.push((
            0.0,
            stroke(width, Some(dash(vec![width.max(0.5), width.max(0.5)]))),
        )),
        LineStyle::Double => {
            let w = (width / 3.0).max(0.1);
            strokes.push((-w, stroke(w, None)));
            strokes.push((w, stroke(w, None)));
        }
    }
    // The offset of a double line's two strokes runs across the line.
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt().max(1e-6);
    let (nx, ny) = (-dy / len, dx / len);
    s.set_fill(None);
    for (off, st) in strokes {
        let shift = |(x, y): (f32, f32)| (x + nx * off, y + ny * off);
        if let Some(p) = path(shift(a), shift(b)) {
            s.set_stroke(Some(st));
            s.draw_path(&p);
        }
    }
    s.set_stroke(None);
}

fn dash(array: Vec<f32>) -> StrokeDash {
    StrokeDash { array, offset: 0.0 }
}

fn fill_rect(s: &mut Surface, r: Rect) {
    let mut pb = PathBuilder::new();
    pb.push_rect(r);
    if let Some(p) = pb.finish() {
        s.draw_path(&p);
    }
}

fn draw_item(
    s: &mut Surface,
    fonts: &Fonts,
    images: &mut Images,
    item: &Item,
) -> Result<(), Error> {
    match item {
        Item::Rect {
            x,
            y,
            w,
            h,
            fill: paint,
            stroke,
        } => {
            let Some(r) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) else {
                return Ok(());
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(r);
            let Some(path) = pb.finish() else {
                return Ok(());
            };
            s.set_fill(paint.map(fill));
            s.set_stroke(stroke.map(|width| Stroke {
                width,
                ..Stroke::default()
            }));
            s.draw_path(&path);
            s.set_stroke(None);
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            style,
            color,
        } => draw_line(s, (*x1, *y1), (*x2, *y2), *width, *style, *color),
        Item::Text {
            x,
            baseline,
            frag,
            color,
            ..
        } => {
            s.set_fill(Some(fill(*color)));
            draw_frag(s, fonts, *x, *baseline, frag);
        }
        Item::Image { x, y, w, h, image } => {
            let img = images.get(image, fonts)?;
            if let Some(size) = Size::from_wh(*w, *h) {
                s.push_transform(&Transform::from_translate(*x, *y));
                match img {
                    Decoded::Raster(img) => s.draw_image(img, size),
                    Decoded::Svg(tree) => {
                        // Text stays text (searchable, in the documents' own fonts).
                        let settings = krilla_svg::SvgSettings {
                            embed_text: true,
                            ..krilla_svg::SvgSettings::default()
                        };
                        krilla_svg::SurfaceExt::draw_svg(s, &tree, size, settings).ok_or_else(
                            || Error::new(ErrorKind::Image, "cannot draw an SVG image"),
                        )?;
                    }
                }
                s.pop();
            }
        }
        Item::Rotated {
            angle,
            cx,
            cy,
            items,
        } => {
            // y grows downwards: a counter-clockwise turn on the page is a negative angle.
            s.push_transform(&Transform::from_rotate_at(-angle, *cx, *cy));
            for it in items {
                draw_item(s, fonts, images, it)?;
            }
            s.pop();
        }
    }
    Ok(())
}

/// Append laid-out pages to a krilla document.
pub(crate) fn draw_pages(
    out: &mut krilla::Document,
    pages: &[Page],
    fonts: &Fonts,
    images: &mut Images,
) -> Result<(), Error> {
    for page in pages {
        let settings = PageSettings::from_wh(page.width, page.height)
            .ok_or_else(|| Error::new(ErrorKind::Layout, "the page size is not valid"))?;
        let mut p = out.start_page_with(settings);
        let mut s = p.surface();
        for it in page.items() {
            draw_item(&mut s, fonts, images, it)?;
        }
        s.finish();
        p.finish();
    }
    Ok(())
}
