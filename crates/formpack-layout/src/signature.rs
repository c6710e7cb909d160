//! The signature block as one chunk: the date centred, each party's lines aligned at the
//! right, a seal image over its mark, the addressee last.

use formpack_doc::style;
use formpack_doc::{Align, Signature};

use crate::flow::{fit, line_items, Chunk, Flow, BODY_LINE};
use crate::fonts::FontId;
use crate::frame::{mm, Item};
use crate::text::{break_lines, measure, LineBox, Span};

impl Flow<'_> {
    pub(crate) fn signature(&self, s: &Signature) -> Chunk {
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
            let p = Span::plain(text, font, size);
            let lines = break_lines(fonts, &[p], &LineBox::new(max, align, BODY_LINE, size));
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
