//! A `w:tbl`: its grid, rows, merged cells, and each cell's borders, fill, margins and
//! paragraphs, through the table style (with its conditional formats for the first row,
//! banded rows and so on, as `w:tblLook` turns them on), the table's own properties, a row's
//! exceptions and the cell's own, in that order.

use formpack_doc::style::Rgb;
use formpack_doc::{
    Align, Border, Borders, Cell, LineStyle, Padding, Paragraph, Row, Run, Table, VAlign,
};
use roxmltree::Node;

use super::props::{align, mm, number, rgb, twips, twips_mm};
use super::styles::in_chain;
use super::Reader;
use crate::xml::{attr, kid, kids, local};

/// Word's default cell margins: 0.19 cm left and right, none above and below.
const MARGINS: Padding = Padding {
    left: 1.905,
    right: 1.905,
    top: 0.0,
    bottom: 0.0,
};

/// Spans and padding columns past this are malformed; they are cut to it.
const MAX_SPAN: usize = 256;

/// Which part of a table a conditional format of its style applies to, in the order they
/// apply (each over the ones before).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Region {
    Band1Vert,
    Band2Vert,
    Band1Horz,
    Band2Horz,
    FirstRow,
    LastRow,
    FirstCol,
    LastCol,
    NwCell,
    NeCell,
    SwCell,
    SeCell,
}

impl Region {
    fn of(kind: &str) -> Option<Region> {
        Some(match kind {
            "band1Vert" => Region::Band1Vert,
            "band2Vert" => Region::Band2Vert,
            "band1Horz" => Region::Band1Horz,
            "band2Horz" => Region::Band2Horz,
            "firstRow" => Region::FirstRow,
            "lastRow" => Region::LastRow,
            "firstCol" => Region::FirstCol,
            "lastCol" => Region::LastCol,
            "nwCell" => Region::NwCell,
            "neCell" => Region::NeCell,
            "swCell" => Region::SwCell,
            "seCell" => Region::SeCell,
            _ => return None,
        })
    }
}

/// `w:tblLook`: which conditional formats the table turns on.
#[derive(Debug, Clone, Copy, Default)]
struct Look {
    first_row: bool,
    last_row: bool,
    first_col: bool,
    last_col: bool,
    no_hband: bool,
    no_vband: bool,
}

fn look(n: Option<Node>) -> Look {
    let Some(n) = n else {
        return Look::default();
    };
    let hex = attr(n, "val")
        .and_then(|v| u32::from_str_radix(v.trim(), 16).ok())
        .unwrap_or(0);
    let flag = |name: &str, bit: u32| {
        attr(n, name).map_or(hex & bit != 0, |v| matches!(v, "1" | "true" | "on"))
    };
    Look {
        first_row: flag("firstRow", 0x20),
        last_row: flag("lastRow", 0x40),
        first_col: flag("firstColumn", 0x80),
        last_col: flag("lastColumn", 0x100),
        no_hband: flag("noHBand", 0x200),
        no_vband: flag("noVBand", 0x400),
    }
}

/// Where a cell stands in its table's grid.
#[derive(Debug, Clone, Copy)]
struct Pos {
    row: usize,
    col: usize,
    span: usize,
    rowspan: usize,
    rows: usize,
    cols: usize,
    /// First and last cell of its row (the table's outer left and right edges).
    first: bool,
    last: bool,
}

/// A cell of the grid as read: who owns it and how far it reaches.
struct Slot<'p> {
    row: usize,
    col: usize,
    span: usize,
    rowspan: usize,
    /// `None` for the empty cells `w:gridBefore`/`w:gridAfter` stand for.
    tc: Option<Node<'p, 'p>>,
    /// The last cell of a vertical merge (its bottom border is the merged cell's).
    last: Option<Node<'p, 'p>>,
    /// The row's `w:tblPrEx`.
    ex: Option<Node<'p, 'p>>,
}

/// A table's formatting apart from its cells: its style chain and its own properties.
struct Frame<'p> {
    chain: Vec<Node<'p, 'p>>,
    own: Option<Node<'p, 'p>>,
    look: Look,
    band_rows: usize,
    band_cols: usize,
    /// The style's conditional formats, in the order they apply.
    conds: Vec<(Region, Node<'p, 'p>)>,
}

impl<'p> Frame<'p> {
    fn new(chain: Vec<Node<'p, 'p>>, own: Option<Node<'p, 'p>>) -> Frame<'p> {
        let band = |name: &str| {
            in_chain(&chain, "tblPr")
                .iter()
                .rev()
                .find_map(|p| child(*p, name).and_then(|b| number(b, "val")))
                .map_or(1, |v| v.clamp(1.0, 100.0) as usize)
        };
        let mut conds: Vec<(Region, Node)> = chain
            .iter()
            .flat_map(|s| kids(*s, "tblStylePr"))
            .filter_map(|c| Some((Region::of(attr(c, "type")?)?, c)))
            .collect();
        conds.sort_by_key(|(r, _)| *r);
        Frame {
            look: look(own.and_then(|o| kid(o, "tblLook"))),
            band_rows: band("tblStyleRowBandSize"),
            band_cols: band("tblStyleColBandSize"),
            chain,
            own,
            conds,
        }
    }

    /// Whether a conditional format applies to a cell at `p`.
    fn applies(&self, region: Region, p: &Pos) -> bool {
        let l = self.look;
        let top = l.first_row && p.row == 0;
        let bottom = l.last_row && p.row + p.rowspan == p.rows;
        let left = l.first_col && p.col == 0;
        let right = l.last_col && p.col + p.span == p.cols;
        let band = |at: usize, skip: bool, size: usize| {
            let at = at.checked_sub(usize::from(skip))?;
            Some((at / size).is_multiple_of(2))
        };
        let hband = (!l.no_hband && !top)
            .then(|| band(p.row, l.first_row, self.band_rows))
            .flatten();
        let vband = (!l.no_vband && !left)
            .then(|| band(p.col, l.first_col, self.band_cols))
            .flatten();
        match region {
            Region::Band1Vert => vband == Some(true),
            Region::Band2Vert => vband == Some(false),
            Region::Band1Horz => hband == Some(true),
            Region::Band2Horz => hband == Some(false),
            Region::FirstRow => top,
            Region::LastRow => bottom,
            Region::FirstCol => left,
            Region::LastCol => right,
            Region::NwCell => top && left,
            Region::NeCell => top && right,
            Region::SwCell => bottom && left,
            Region::SeCell => bottom && right,
        }
    }

    /// The conditional formats of a cell, lowest first.
    fn conds_at(&self, p: &Pos) -> Vec<(Region, Node<'p, 'p>)> {
        self.conds
            .iter()
            .filter(|(r, _)| self.applies(*r, p))
            .copied()
            .collect()
    }

    /// A table-level property: the table's own, else the nearest style's.
    fn tbl_pr(&self, name: &str) -> Option<Node<'p, 'p>> {
        self.own.and_then(|o| child(o, name)).or_else(|| {
            in_chain(&self.chain, "tblPr")
                .iter()
                .rev()
                .find_map(|p| child(*p, name))
        })
    }
}

/// One side of a `w:tblBorders` or `w:tcBorders` (`left` is also `start`, `right` `end`).
fn edge<'p>(borders: Node<'p, 'p>, key: &str) -> Option<Node<'p, 'p>> {
    let alt = match key {
        "left" => "start",
        "right" => "end",
        _ => key,
    };
    child(borders, key).or_else(|| child(borders, alt))
}

/// The first element child with this local name (any name, not only a literal).
fn child<'p>(n: Node<'p, 'p>, name: &str) -> Option<Node<'p, 'p>> {
    n.children().find(|c| local(*c) == name)
}

/// A border element as the model's line: `nil`/`none` is no line, `w:sz` is eighths of a
/// point.
fn border(n: Node) -> Border {
    let val = attr(n, "val").unwrap_or("single");
    if matches!(val, "nil" | "none") {
        return Border::default();
    }
    let line = match val {
        "dashed" | "dashSmallGap" | "dotDash" | "dotDotDash" | "dashDotStroked" => {
            LineStyle::Dashed
        }
        "dotted" => LineStyle::Dotted,
        v if v.starts_with("double") || v.starts_with("triple") || v.starts_with("thin") => {
            LineStyle::Double
        }
        v if v.starts_with("thick") && v != "thick" => LineStyle::Double,
        _ => LineStyle::Solid,
    };
    Border {
        width: number(n, "sz").map_or(0.5, |v| v / 8.0).clamp(0.25, 12.0),
        line,
        color: attr(n, "color").and_then(rgb).unwrap_or(Rgb::BLACK),
    }
}

/// A `w:shd` as a fill: `Some(None)` says "no fill", `None` says nothing.
fn shade(n: Node) -> Option<Option<Rgb>> {
    let val = attr(n, "val").unwrap_or("clear");
    let fg = attr(n, "color").and_then(rgb).unwrap_or(Rgb::BLACK);
    let bg = attr(n, "fill").and_then(rgb);
    if val == "solid" {
        return Some(Some(fg));
    }
    if let Some(pct) = val.strip_prefix("pct").and_then(|p| p.parse::<f32>().ok()) {
        let back = bg.unwrap_or(Rgb(255, 255, 255));
        let t = (pct / 100.0).clamp(0.0, 1.0);
        let mix = |a: u8, b: u8| (f32::from(a) * (1.0 - t) + f32::from(b) * t).round() as u8;
        return Some(Some(Rgb(
            mix(back.0, fg.0),
            mix(back.1, fg.1),
            mix(back.2, fg.2),
        )));
    }
    if val == "nil" {
        return Some(None);
    }
    let fill = attr(n, "fill")?;
    Some(rgb(fill))
}

/// A margin element (`w:top w:w="0" w:type="dxa"`) in millimetres.
fn margin(n: Node) -> Option<f32> {
    match attr(n, "type") {
        Some("nil") => Some(0.0),
        Some("pct" | "auto") => None,
        _ => mm(n, "w").map(|v| v.clamp(0.0, 100.0)),
    }
}

/// Apply a `w:tblCellMar` or `w:tcMar` over `p`.
fn apply_margins(p: &mut Padding, mar: Node) {
    for (key, alt, side) in [
        ("top", "top", &mut p.top),
        ("bottom", "bottom", &mut p.bottom),
        ("left", "start", &mut p.left),
        ("right", "end", &mut p.right),
    ] {
        if let Some(v) = kid(mar, key).or_else(|| kid(mar, alt)).and_then(margin) {
            *side = v;
        }
    }
}

/// The rows of a table, also those inside row-level content controls.
fn row_nodes<'p>(tbl: Node<'p, 'p>, out: &mut Vec<Node<'p, 'p>>, depth: usize) {
    wrapped(tbl, "tr", out, depth);
}

/// The cells of a row, also those inside cell-level content controls.
fn cell_nodes<'p>(tr: Node<'p, 'p>, out: &mut Vec<Node<'p, 'p>>, depth: usize) {
    wrapped(tr, "tc", out, depth);
}

/// The children of `parent` named `name`, also those a content control, custom XML or an
/// insertion wraps (at most 8 deep).
fn wrapped<'p>(parent: Node<'p, 'p>, name: &str, out: &mut Vec<Node<'p, 'p>>, depth: usize) {
    for c in parent.children() {
        match local(c) {
            n if n == name => out.push(c),
            "sdt" | "customXml" | "sdtContent" | "ins" if depth < 8 => {
                let inner = if local(c) == "sdt" {
                    kid(c, "sdtContent")
                } else {
                    Some(c)
                };
                if let Some(i) = inner {
                    wrapped(i, name, out, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// A count attribute (`w:gridSpan`, `w:gridBefore`), cut to [`MAX_SPAN`].
fn count(n: Option<Node>, default: usize) -> usize {
    n.and_then(|n| attr(n, "val"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(default)
        .min(MAX_SPAN)
}

/// The grid's slots, row by row: each row's cells placed on the grid, vertical merges joined
/// to the cell they continue (HTML style), horizontal legacy merges to the cell before.
fn slots<'p>(rows: &[Node<'p, 'p>]) -> Vec<Slot<'p>> {
    let mut out: Vec<Slot> = Vec::new();
    for (r, tr) in rows.iter().enumerate() {
        let pr = kid(*tr, "trPr");
        let ex = kid(*tr, "tblPrEx");
        let pad = |col: usize, span: usize| Slot {
            row: r,
            col,
            span,
            rowspan: 1,
            tc: None,
            last: None,
            ex,
        };
        let before = count(pr.and_then(|p| kid(p, "gridBefore")), 0);
        let mut col = 0;
        if before > 0 {
            out.push(pad(0, before));
            col = before;
        }
        let mut cells = Vec::new();
        cell_nodes(*tr, &mut cells, 0);
        let row_start = out.len();
        for tc in cells {
            let tcpr = kid(tc, "tcPr");
            let span = count(tcpr.and_then(|p| kid(p, "gridSpan")), 1).max(1);
            let hmerge = tcpr
                .and_then(|p| kid(p, "hMerge"))
                .is_some_and(|h| attr(h, "val") != Some("restart"));
            if hmerge && out.len() > row_start {
                if let Some(prev) = out.last_mut() {
                    prev.span += span;
                }
                col += span;
                continue;
            }
            let cont = tcpr
                .and_then(|p| kid(p, "vMerge"))
                .is_some_and(|v| attr(v, "val").is_none_or(|v| v == "continue"));
            let owner = cont
                .then(|| {
                    out.iter_mut()
                        .find(|s| s.tc.is_some() && s.col == col && s.row + s.rowspan == r)
                })
                .flatten();
            match owner {
                Some(o) => {
                    o.rowspan += 1;
                    o.last = Some(tc);
                }
                None => out.push(Slot {
                    row: r,
                    col,
                    span,
                    rowspan: 1,
                    tc: Some(tc),
                    last: None,
                    ex,
                }),
            }
            col += span;
        }
        let after = count(pr.and_then(|p| kid(p, "gridAfter")), 0);
        if after > 0 {
            out.push(pad(col, after));
        }
    }
    out
}

/// Column widths in millimetres: the grid's, with missing or unusable columns an equal share
/// of what is left of `avail`.
fn widths(tbl: Node, cols: usize, avail: f32) -> Vec<f32> {
    let mut w: Vec<f32> = kid(tbl, "tblGrid")
        .map(|g| {
            kids(g, "gridCol")
                .map(|c| mm(c, "w").unwrap_or(0.0).clamp(0.0, 2000.0))
                .collect()
        })
        .unwrap_or_default();
    w.truncate(cols.max(1));
    let known: f32 = w.iter().sum();
    let missing = cols.max(1) - w.len();
    if missing > 0 || known <= 0.0 {
        let fill = if known <= 0.0 { cols.max(1) } else { missing };
        let share = ((avail - if known > 0.0 { known } else { 0.0 }) / fill as f32).max(10.0);
        if known <= 0.0 {
            w.clear();
        }
        w.resize(cols.max(1), share);
    }
    w
}

/// A nested table as paragraphs: one per row, its cells' text joined by two spaces.
pub(super) fn rows_as_paragraphs(t: &Table) -> Vec<Paragraph> {
    t.rows
        .iter()
        .filter_map(|row| {
            let first = row.cells.iter().find_map(|c| c.paragraphs.first());
            let texts: Vec<String> = row
                .cells
                .iter()
                .map(|c| {
                    c.paragraphs
                        .iter()
                        .map(Paragraph::text)
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|t| !t.is_empty())
                .collect();
            if texts.is_empty() {
                return None;
            }
            let base = first.cloned().unwrap_or_default();
            Some(Paragraph {
                runs: vec![Run::text(texts.join("  "))],
                align: Align::Left,
                indent: 0.0,
                first_line: 0.0,
                indent_right: 0.0,
                space_before: 0.0,
                ..base
            })
        })
        .collect()
}

impl<'c, 'p> Reader<'c, 'p> {
    /// A table.
    pub(super) fn table(&mut self, tbl: Node<'p, 'p>) -> Table {
        let own = kid(tbl, "tblPr");
        let style = own
            .and_then(|p| kid(p, "tblStyle"))
            .and_then(|s| attr(s, "val"));
        let frame = Frame::new(self.ctx.styles.table_chain(style), own);
        let mut rows = Vec::new();
        row_nodes(tbl, &mut rows, 0);
        let slots = slots(&rows);
        let cols = slots.iter().map(|s| s.col + s.span).max().unwrap_or(0);
        let cols = cols.max(kid(tbl, "tblGrid").map_or(0, |g| kids(g, "gridCol").count()));
        let avail = preferred_width(own, self.avail_width());
        let widths = widths(tbl, cols, avail);
        let cols = widths.len();
        let mut out = Table {
            width: Some(widths.iter().sum()),
            widths,
            header_rows: header_rows(&rows),
            rows: Vec::new(),
            size: self.ctx.normal.size,
            align: Align::Left,
            indent: 0.0,
            // Word puts no space around a table, and lets a row break across pages.
            space_before: Some(0.0),
            space_after: Some(0.0),
            split_rows: true,
        };
        self.place(&frame, &mut out);
        for (r, tr) in rows.iter().enumerate() {
            let row_slots: Vec<&Slot> = slots.iter().filter(|s| s.row == r).collect();
            let (start, end) = row_extent(&slots, r);
            let mut cells = Vec::with_capacity(row_slots.len());
            for s in row_slots {
                let pos = Pos {
                    row: r,
                    col: s.col,
                    span: s.span,
                    rowspan: s.rowspan,
                    rows: rows.len(),
                    cols,
                    first: s.col == start,
                    last: s.col + s.span == end,
                };
                cells.push(self.cell(&frame, s, &pos));
            }
            out.rows.push(Row {
                cells,
                height: row_height(*tr),
            });
        }
        out
    }

    /// The width between the last section's margins, for a table without a usable grid.
    fn avail_width(&self) -> f32 {
        self.ctx
            .sections
            .last()
            .map_or(150.0, |s| super::page(*s).content_width())
    }

    /// Alignment and indent: `w:jc` and `w:tblInd`, or a floating table's horizontal place.
    fn place(&self, frame: &Frame<'p>, t: &mut Table) {
        if let Some(a) = frame
            .tbl_pr("jc")
            .and_then(|j| attr(j, "val"))
            .and_then(align)
        {
            t.align = if a == Align::Justify { Align::Left } else { a };
        }
        if let Some(v) = frame.tbl_pr("tblInd").and_then(margin_signed) {
            t.indent = v;
        }
        if let Some(f) = frame.own.and_then(|o| kid(o, "tblpPr")) {
            match attr(f, "tblpXSpec") {
                Some("center") => t.align = Align::Center,
                Some("right" | "outside") => t.align = Align::Right,
                Some(_) => t.align = Align::Left,
                None if attr(f, "horzAnchor") != Some("page") => {
                    if let Some(x) = mm(f, "tblpX") {
                        t.indent = x.clamp(-200.0, 500.0);
                    }
                }
                None => {}
            }
        }
    }

    /// One cell: a padding cell without lines, or a real one with its content and look.
    fn cell(&mut self, frame: &Frame<'p>, s: &Slot<'p>, pos: &Pos) -> Cell {
        let Some(tc) = s.tc else {
            return Cell {
                colspan: s.span,
                borders: Some(Borders::default()),
                valign: VAlign::Top,
                ..Cell::default()
            };
        };
        let conds = frame.conds_at(pos);
        let mut layers = Vec::new();
        for st in &frame.chain {
            layers.push((kid(*st, "pPr"), kid(*st, "rPr")));
        }
        for (_, c) in &conds {
            layers.push((kid(*c, "pPr"), kid(*c, "rPr")));
        }
        self.cell_depth += 1;
        let (paragraphs, nested, images) = self.cell_content(tc, &layers);
        self.cell_depth -= 1;
        let tcpr = kid(tc, "tcPr");
        Cell {
            align: paragraphs.first().map_or(Align::Left, |p| p.align),
            paragraphs,
            colspan: s.span,
            rowspan: s.rowspan,
            shade: false,
            valign: valign(tcpr),
            fill: fill(frame, &conds, tcpr),
            borders: Some(borders(frame, &conds, s, pos)),
            padding: Some(padding(frame, s.ex, tcpr)),
            nested,
            images,
        }
    }
}

/// The columns a row's real cells (its own and those merged down into it) begin and end at:
/// its cells there take the table's outer left and right lines.
fn row_extent(slots: &[Slot], row: usize) -> (usize, usize) {
    let covering = slots
        .iter()
        .filter(|s| s.tc.is_some() && s.row <= row && row < s.row + s.rowspan);
    let start = covering.clone().map(|s| s.col).min().unwrap_or(0);
    let end = covering.map(|s| s.col + s.span).max().unwrap_or(0);
    (start, end)
}

/// The table's preferred width (`w:tblW`, twips or a share of the text width), for columns
/// the grid does not give; else the text width.
fn preferred_width(own: Option<Node>, text: f32) -> f32 {
    let Some(w) = own.and_then(|o| kid(o, "tblW")) else {
        return text;
    };
    let v = attr(w, "w").unwrap_or("");
    let width = match attr(w, "type") {
        Some("pct") => v
            .trim()
            .strip_suffix('%')
            .and_then(|p| p.parse::<f32>().ok())
            .or_else(|| v.trim().parse::<f32>().ok().map(|f| f / 50.0))
            .map(|pct| text * pct / 100.0),
        Some("dxa") | None => mm(w, "w"),
        _ => None,
    };
    width.filter(|w| w.is_finite() && *w > 0.0).unwrap_or(text)
}

/// `w:tblInd`, which may be negative.
fn margin_signed(n: Node) -> Option<f32> {
    match attr(n, "type") {
        Some("nil") => Some(0.0),
        Some("pct" | "auto") => None,
        _ => attr(n, "w")
            .and_then(twips)
            .map(|t| twips_mm(t).clamp(-200.0, 500.0)),
    }
}

/// Leading rows marked to repeat on every page.
fn header_rows(rows: &[Node]) -> usize {
    rows.iter()
        .take_while(|tr| {
            kid(**tr, "trPr")
                .and_then(|p| kid(p, "tblHeader"))
                .is_some_and(super::props::on)
        })
        .count()
}

/// `w:trHeight` as a least height (an exact one too); `auto` is none.
fn row_height(tr: Node) -> Option<f32> {
    let h = kid(tr, "trPr").and_then(|p| kid(p, "trHeight"))?;
    if attr(h, "hRule") == Some("auto") {
        return None;
    }
    mm(h, "val").filter(|v| *v > 0.0).map(|v| v.min(1000.0))
}

fn valign(tcpr: Option<Node>) -> VAlign {
    match tcpr
        .and_then(|p| kid(p, "vAlign"))
        .and_then(|v| attr(v, "val"))
    {
        Some("center") => VAlign::Middle,
        Some("bottom") => VAlign::Bottom,
        _ => VAlign::Top,
    }
}

/// The fill: the style's, its conditional formats', the table's, the cell's, each over the
/// one before.
fn fill(frame: &Frame, conds: &[(Region, Node)], tcpr: Option<Node>) -> Option<Rgb> {
    let mut out = None;
    let mut over = |n: Option<Node>| {
        if let Some(f) = n.and_then(|n| kid(n, "shd")).and_then(shade) {
            out = f;
        }
    };
    for s in &frame.chain {
        over(kid(*s, "tcPr"));
        over(kid(*s, "tblPr"));
    }
    for (_, c) in conds {
        over(kid(*c, "tcPr"));
    }
    over(frame.own);
    over(tcpr);
    out
}

/// The cell margins: Word's default, the style's, the table's, the row's exception's, the
/// cell's.
fn padding(frame: &Frame, ex: Option<Node>, tcpr: Option<Node>) -> Padding {
    let mut p = MARGINS;
    for t in in_chain(&frame.chain, "tblPr") {
        if let Some(m) = kid(t, "tblCellMar") {
            apply_margins(&mut p, m);
        }
    }
    for holder in [frame.own, ex] {
        if let Some(m) = holder.and_then(|h| kid(h, "tblCellMar")) {
            apply_margins(&mut p, m);
        }
    }
    if let Some(m) = tcpr.and_then(|t| kid(t, "tcMar")) {
        apply_margins(&mut p, m);
    }
    p
}

/// Each side's line: the cell's own, else its conditional formats' (last first), else the
/// row's exception's, the table's and the style's, as an outer edge or an inner one.
fn borders(frame: &Frame, conds: &[(Region, Node)], s: &Slot, pos: &Pos) -> Borders {
    let side = |key: &str| {
        let cell = if key == "bottom" {
            s.last.or(s.tc)
        } else {
            s.tc
        };
        side_of(frame, conds, cell, s.ex, pos, key)
    };
    Borders {
        left: side("left"),
        right: side("right"),
        top: side("top"),
        bottom: side("bottom"),
    }
}

fn side_of(
    frame: &Frame,
    conds: &[(Region, Node)],
    tc: Option<Node>,
    ex: Option<Node>,
    pos: &Pos,
    key: &str,
) -> Border {
    let cell_edge = tc
        .and_then(|t| kid(t, "tcPr"))
        .and_then(|p| kid(p, "tcBorders"))
        .and_then(|b| edge(b, key));
    if let Some(b) = cell_edge {
        return border(b);
    }
    let outer = match key {
        "left" => pos.first,
        "right" => pos.last,
        "top" => pos.row == 0,
        _ => pos.row + pos.rowspan == pos.rows,
    };
    let inner = if matches!(key, "left" | "right") {
        "insideV"
    } else {
        "insideH"
    };
    // A conditional format's own side applies to its cells' side; its inside lines to
    // their sides inside the table.
    for (_, c) in conds.iter().rev() {
        let Some(b) = kid(*c, "tcPr").and_then(|p| kid(p, "tcBorders")) else {
            continue;
        };
        let found = edge(b, key).or_else(|| (!outer).then(|| edge(b, inner)).flatten());
        if let Some(b) = found {
            return border(b);
        }
    }
    let k = if outer { key } else { inner };
    let mut tables: Vec<Node> = Vec::new();
    tables.extend(ex);
    tables.extend(frame.own);
    tables.extend(in_chain(&frame.chain, "tblPr").into_iter().rev());
    tables
        .into_iter()
        .filter_map(|t| kid(t, "tblBorders"))
        .find_map(|b| edge(b, k))
        .map_or_else(Border::default, border)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(src: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(src).unwrap()
    }

    #[test]
    fn borders_fills_and_looks() {
        let d = doc(r#"<b xmlns:w="w" w:val="double" w:sz="12" w:color="FF0000"/>"#);
        let b = border(d.root_element());
        assert_eq!(
            (b.width, b.line, b.color),
            (1.5, LineStyle::Double, Rgb(255, 0, 0))
        );
        let d = doc(r#"<b xmlns:w="w" w:val="nil"/>"#);
        assert_eq!(border(d.root_element()).width, 0.0);
        let d = doc(r#"<b xmlns:w="w" w:val="dashSmallGap" w:sz="x" w:color="auto"/>"#);
        let b = border(d.root_element());
        assert_eq!(
            (b.width, b.line, b.color),
            (0.5, LineStyle::Dashed, Rgb::BLACK)
        );
        let d = doc(r#"<s xmlns:w="w" w:val="clear" w:color="auto" w:fill="D9D9D9"/>"#);
        assert_eq!(shade(d.root_element()), Some(Some(Rgb(0xD9, 0xD9, 0xD9))));
        let d = doc(r#"<s xmlns:w="w" w:val="pct50" w:color="000000" w:fill="FFFFFF"/>"#);
        assert_eq!(shade(d.root_element()), Some(Some(Rgb(128, 128, 128))));
        let d = doc(r#"<s xmlns:w="w" w:val="clear" w:fill="auto"/>"#);
        assert_eq!(shade(d.root_element()), Some(None));
        let d = doc(r#"<t xmlns:w="w"><w:tblW w:w="2500" w:type="pct"/></t>"#);
        assert_eq!(preferred_width(Some(d.root_element()), 160.0), 80.0);
        let d = doc(r#"<t xmlns:w="w"><w:tblW w:w="50%" w:type="pct"/></t>"#);
        assert_eq!(preferred_width(Some(d.root_element()), 160.0), 80.0);
        let d = doc(r#"<t xmlns:w="w"><w:tblW w:w="1440" w:type="dxa"/></t>"#);
        assert!((preferred_width(Some(d.root_element()), 160.0) - 25.4).abs() < 0.01);
        // No grid: equal columns of the width; a short grid: the rest shared.
        let d = doc(r#"<t xmlns:w="w"/>"#);
        assert_eq!(widths(d.root_element(), 2, 80.0), [40.0, 40.0]);
        let d = doc(r#"<t xmlns:w="w"><w:tblGrid><w:gridCol w:w="1440"/></w:tblGrid></t>"#);
        let w = widths(d.root_element(), 3, 85.4);
        assert!((w[0] - 25.4).abs() < 0.01 && (w[1] - 30.0).abs() < 0.01 && w.len() == 3);
        let d = doc(r#"<l xmlns:w="w" w:val="04A0"/>"#);
        let l = look(Some(d.root_element()));
        assert!(l.first_row && l.first_col && l.no_vband && !l.last_row && !l.no_hband);
    }
}
