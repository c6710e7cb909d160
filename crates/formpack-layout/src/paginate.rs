//! Chunks → pages: stacking chunks, honouring keep-with-next, repeating table headers, and
//! splitting a chunk taller than the room left between text lines.

use crate::flow::{Chunk, EPS};
use crate::frame::Item;
use crate::pads::CELL_PAD_Y;

/// Split a chunk so that the first part is at most `cut` tall, between text lines.
/// Returns `None` when no line fits above the cut.
fn split(c: &Chunk, cut: f32, force: bool) -> Option<(Chunk, Chunk)> {
    let mut at = cut;
    if !force && !c.breaks.is_empty() {
        at = allowed_break(c, cut)?;
    } else if !force {
        loop {
            let mut changed = false;
            for it in &c.items {
                if matches!(it, Item::Rect { .. } | Item::Line { .. }) {
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
            Item::Line { .. } => {
                let (above, below) = cut_line(it, at, pad);
                a.extend(above);
                b.extend(below);
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
        breaks: c
            .breaks
            .iter()
            .filter(|&&y| y > at + EPS)
            .map(|y| y - at + pad)
            .collect(),
        ..c.clone()
    };
    Some((first, rest))
}

/// The lowest of a chunk's allowed breaks at or above `cut` that no text or picture
/// crosses.
fn allowed_break(c: &Chunk, cut: f32) -> Option<f32> {
    let clean = |at: f32| {
        c.items.iter().all(|it| {
            let (t, b) = it.span_y();
            matches!(it, Item::Rect { .. } | Item::Line { .. }) || b <= at + EPS || t >= at - EPS
        })
    };
    c.breaks
        .iter()
        .copied()
        .filter(|&at| at > CELL_PAD_Y + 1.0 && at <= cut + EPS && clean(at))
        .fold(None, |best: Option<f32>, at| {
            Some(best.map_or(at, |b| b.max(at)))
        })
}

/// A line cut at `at`: the part above, and the part below moved to the next page's top
/// (`pad` below it, as a split row's cells are).
fn cut_line(it: &Item, at: f32, pad: f32) -> (Option<Item>, Option<Item>) {
    let (t, b) = it.span_y();
    if b <= at + EPS {
        return (Some(it.clone()), None);
    }
    if t >= at - EPS {
        let mut m = it.clone();
        m.shift(0.0, pad - at);
        return (None, Some(m));
    }
    // Only a vertical line crosses the cut.
    let (mut upper, mut lower) = (it.clone(), it.clone());
    if let Item::Line { y1, y2, .. } = &mut upper {
        *y1 = t;
        *y2 = at;
    }
    if let Item::Line { y1, y2, .. } = &mut lower {
        *y1 = 0.0;
        *y2 = b - at + pad;
    }
    (Some(upper), Some(lower))
}

/// Whether an item is text or a picture (not a cell's box or line).
fn shows_something(it: &Item) -> bool {
    match it {
        Item::Text { .. } | Item::Image { .. } => true,
        Item::Rotated { items, .. } => items.iter().any(shows_something),
        Item::Rect { .. } | Item::Line { .. } => false,
    }
}

/// A breakable chunk splits rather than leave at least this share of a page blank.
const BLANK_SHARE: f32 = 0.25;

struct Paginator {
    pages: Vec<Vec<Item>>,
    /// (block, page) of every chunk put on a page.
    starts: Vec<(usize, usize)>,
    y: f32,
    empty: bool,
    left: f32,
    top: f32,
    height: f32,
}

impl Paginator {
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = 0.0;
        self.empty = true;
    }

    fn put(&mut self, c: &Chunk, gap: f32) {
        self.y += gap;
        self.starts.push((c.block, self.pages.len() - 1));
        let page = self.pages.last_mut().expect("a page exists");
        for it in &c.items {
            let mut it = it.clone();
            it.shift(self.left, self.top + self.y);
            page.push(it);
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
        h - g.last().map_or(0.0, |c| c.trailing)
    }

    /// Whether a chunk that does not fit in `room` splits there rather than move whole.
    fn splits(&self, c: &Chunk, room: f32) -> bool {
        c.split_early || (c.breakable && room >= self.height * BLANK_SHARE)
    }

    /// Whether a breakable chunk of a group that does not fit would split on this page
    /// (the chunks before it placed above it).
    fn breaks_in(&self, group: &[Chunk]) -> bool {
        let mut y = self.y;
        for c in group {
            y += self.gap(c);
            let room = self.height - y;
            if c.height > room + EPS {
                return c.breakable && self.splits(c, room);
            }
            y += c.height;
        }
        false
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
            if self.y + gap + c.height - c.trailing <= self.height + EPS {
                self.put(&c, gap);
                return;
            }
            let fresh = Self::header_height(&c) + c.height;
            let was_empty = self.empty || self.y <= Self::header_height(&c) + EPS;
            let room = self.height - self.y - gap;
            if !was_empty && fresh <= self.height + EPS && !self.splits(&c, room) {
                self.new_page();
                continue;
            }
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
                // The rest of a split row that holds no text is the row's empty tail: it
                // ends with this page rather than start a page of its own.
                Some((a, b)) if !b.items.iter().any(shows_something) => {
                    self.put(&a, gap);
                    return;
                }
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

/// Place the chunks on pages of `height` points of content, shifted to the content box at
/// (`left`, `top`). Returns the body items of each page, and the (block, page) of every
/// chunk placed.
pub(crate) fn paginate(
    chunks: &[Chunk],
    left: f32,
    top: f32,
    height: f32,
) -> (Vec<Vec<Item>>, Vec<(usize, usize)>) {
    let mut p = Paginator {
        pages: vec![Vec::new()],
        starts: Vec::new(),
        y: 0.0,
        empty: true,
        left,
        top,
        height,
    };
    let mut i = 0;
    while i < chunks.len() {
        if chunks[i].page_break {
            if !p.empty {
                p.new_page();
            }
            p.starts.push((chunks[i].block, p.pages.len() - 1));
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
        } else if !p.empty
            && p.group_height(group, true) <= height + EPS
            && !group.iter().any(|c| c.split_early || c.space_only)
            && !p.breaks_in(group)
        {
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
    (p.pages, p.starts)
}
