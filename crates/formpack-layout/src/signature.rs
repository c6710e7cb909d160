//! The signature block as one chunk: the date centred, the parties aligned at the right (or
//! two to a row when there are many), a seal image over each mark, the addressee last. The
//! chunk may break only between rows of parties (`Chunk::breaks`), so a party never parts
//! from its mark and the date never parts from the first row.

use formpack_doc::style;
use formpack_doc::{Align, Party, Signature};

use crate::flow::{fit, line_items, Chunk, Flow};
use crate::fonts::FontId;
use crate::frame::{mm, Item};
use crate::text::{break_lines, measure, LineBox, Span};

/// Space from a column's left edge to its parties' text, and the gutter at its right.
const COLUMN_INSET_MM: f32 = 4.0;

/// Items stacked from `y` down, and the break points between rows of parties.
struct Stack {
    items: Vec<Item>,
    y: f32,
    breaks: Vec<f32>,
}

/// A party's two lines: caption and institution, then title, name and mark.
fn party_lines(p: &Party) -> (String, String) {
    (join(&[&p.caption, &p.org]), join(&[&p.title, &p.name]))
}

impl Flow<'_> {
    pub(crate) fn signature(&self, s: &Signature) -> Chunk {
        let w = self.width;
        let mut st = Stack {
            items: Vec::new(),
            y: 0.0,
            breaks: Vec::new(),
        };
        if !s.date.is_empty() {
            let size = style::SIGNATURE_SIZE;
            self.text_line(
                &mut st,
                &s.date,
                (FontId::Serif, size),
                (0.0, w),
                Align::Center,
            );
            st.y += mm(self.spacing.date_after);
        }
        if s.columns() == 1 {
            self.single_column(&mut st, s);
        } else {
            self.two_columns(&mut st, s);
        }
        if !s.addressee.is_empty() {
            st.y += mm(self.spacing.addressee_before);
            let font = (FontId::SansBold, style::ADDRESSEE_SIZE);
            self.text_line(&mut st, &s.addressee, font, (0.0, w), Align::Left);
        }
        Chunk {
            height: st.y,
            items: st.items,
            breaks: st.breaks,
            ..Chunk::default()
        }
    }

    /// Parties one under another, all starting where the widest line ends near the right.
    fn single_column(&self, st: &mut Stack, s: &Signature) {
        let (fonts, w, size) = (self.fonts, self.width, style::SIGNATURE_SIZE);
        let gap = measure(fonts, "  ", FontId::Serif, size);
        let maxw = s
            .parties
            .iter()
            .flat_map(|p| {
                let (first, prefix) = party_lines(p);
                let second = measure(fonts, &prefix, FontId::Serif, size)
                    + if p.mark.is_empty() {
                        0.0
                    } else {
                        gap + measure(fonts, &p.mark, FontId::Serif, size)
                    };
                [measure(fonts, &first, FontId::Serif, size), second]
            })
            .fold(0.0f32, f32::max);
        let x0 = (w - maxw - mm(8.0)).min(w * 0.45).max(0.0);
        for (i, p) in s.parties.iter().enumerate() {
            if i > 0 {
                st.y += mm(self.spacing.party_gap);
            }
            let start = st.items.len();
            let top = st.y;
            st.y = self.party(st, p, (x0, w - x0), top);
            mark_break(st, i, start, top);
        }
    }

    /// Parties two to a row, each in its half of the width; a row as tall as its taller party.
    fn two_columns(&self, st: &mut Stack, s: &Signature) {
        let half = self.width / 2.0;
        let inset = mm(COLUMN_INSET_MM);
        for (i, row) in s.rows().enumerate() {
            if i > 0 {
                st.y += mm(self.spacing.party_gap);
            }
            let (start, top) = (st.items.len(), st.y);
            let mut bottom = top;
            for (c, p) in row.iter().enumerate() {
                let x = half * c as f32 + inset;
                bottom = bottom.max(self.party(st, p, (x, half - 2.0 * inset), top));
            }
            st.y = bottom;
            mark_break(st, i, start, top);
        }
    }

    /// One party's lines at `x`, `max` wide, from `y`; its seal over its mark. Returns the
    /// party's bottom.
    fn party(&self, st: &mut Stack, p: &Party, (x, max): (f32, f32), y: f32) -> f32 {
        let (fonts, w, size) = (self.fonts, self.width, style::SIGNATURE_SIZE);
        let (first, prefix) = party_lines(p);
        let font = (FontId::Serif, size);
        st.y = y;
        if !first.is_empty() {
            self.text_line(st, &first, font, (x, max), Align::Left);
        }
        let second = match (prefix.is_empty(), p.mark.is_empty()) {
            (_, true) => prefix.clone(),
            (true, false) => p.mark.clone(),
            (false, false) => format!("{prefix}  {}", p.mark),
        };
        let line_top = st.y;
        self.text_line(st, &second, font, (x, max), Align::Left);
        let Some(seal) = &p.seal else { return st.y };
        let gap = measure(fonts, "  ", FontId::Serif, size);
        let mw = measure(fonts, &p.mark, FontId::Serif, size);
        let px = if prefix.is_empty() {
            0.0
        } else {
            measure(fonts, &prefix, FontId::Serif, size) + gap
        };
        let cx = (x + px + mw / 2.0).min(w);
        let cy = line_top + size * self.body_line() / 2.0;
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
        st.items.push(Item::Image {
            x: sx,
            y: sy,
            w: sw,
            h: sh,
            image: seal.clone(),
        });
        st.y.max(sy + sh)
    }

    /// One paragraph of `text` at `x`, `max` wide, from the stack's foot.
    fn text_line(
        &self,
        st: &mut Stack,
        text: &str,
        (font, size): (FontId, f32),
        (x, max): (f32, f32),
        align: Align,
    ) {
        let p = Span::plain(text, font, size);
        let lines = break_lines(
            self.fonts,
            &[p],
            &LineBox::new(max, align, self.body_line(), size),
        );
        let (its, h) = line_items(&lines, x, st.y);
        st.items.extend(its);
        st.y += h;
    }
}

/// A page may break above every row of parties but the first (which stays with the date),
/// at the top of whatever the row prints (a seal may reach above its text).
fn mark_break(st: &mut Stack, row: usize, start: usize, top: f32) {
    if row == 0 {
        return;
    }
    let at = st.items[start..]
        .iter()
        .map(|it| it.span_y().0)
        .fold(top, f32::min);
    st.breaks.push(at);
}

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("  ")
}
