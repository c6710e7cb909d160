//! `hp:tbl` → a model table: column edges and row edges from the cells' saved sizes, spans,
//! each cell's border fill and margins, header rows, and the table's placement.

use formpack_doc::{
    Align, Block, Cell, CellImage, Nested, Padding, Paragraph, Row, Run, Table, VAlign,
};
use roxmltree::Node;

use super::styles::{unit_mm, ParaShape};
use super::{Object, Reader};
use crate::xml::{attr, kid, kids, num};

/// One `hp:tc` as read.
struct RawCell {
    row: usize,
    col: usize,
    rows: usize,
    cols: usize,
    width: f32,
    height: f32,
    cell: Cell,
}

impl Reader<'_> {
    /// A table of the form, with the geometry 한글 saved.
    pub(super) fn table(&mut self, tbl: Node, host: &ParaShape) -> Table {
        let margin = kid(tbl, "inMargin").map(padding);
        let mut raw = Vec::new();
        let mut header_rows = 0;
        let mut in_header = attr(tbl, "repeatHeader") == Some("1");
        for (r, tr) in kids(tbl, "tr").enumerate() {
            let mut all_header = true;
            let mut next_col = 0;
            for tc in kids(tr, "tc") {
                all_header &= attr(tc, "header") == Some("1");
                let c = self.cell(tc, r, next_col, margin);
                next_col = c.col + c.cols;
                raw.push(c);
            }
            in_header &= all_header;
            if in_header {
                header_rows = r + 1;
            }
        }
        let ncols = raw.iter().map(|c| c.col + c.cols).max().unwrap_or(0);
        let nrows = raw.iter().map(|c| c.row + c.rows).max().unwrap_or(0);
        let xs = edges(ncols, raw.iter().map(|c| (c.col, c.cols, c.width)));
        let ys = edges(nrows, raw.iter().map(|c| (c.row, c.rows, c.height)));
        raw.sort_by_key(|c| (c.row, c.col));
        let mut rows: Vec<Row> = (0..nrows)
            .map(|r| Row {
                cells: Vec::new(),
                height: Some(ys[r + 1] - ys[r]),
            })
            .collect();
        for c in raw {
            rows[c.row].cells.push(c.cell);
        }
        let (align, indent) = placement(tbl, host);
        let out = kid(tbl, "outMargin");
        Table {
            widths: xs.windows(2).map(|w| w[1] - w[0]).collect(),
            header_rows,
            rows,
            size: 10.0,
            width: Some(xs[ncols]),
            align,
            indent,
            space_before: Some(out.map_or(0.0, |o| unit_mm(o, "top"))),
            space_after: Some(out.map_or(0.0, |o| unit_mm(o, "bottom"))),
            // 나눔 (TABLE) and 셀 단위로 나눔 (CELL) both let a row run onto the next page in
            // rhwp's layout, which follows 한글's; 나누지 않음 (NONE) keeps rows whole.
            split_rows: matches!(attr(tbl, "pageBreak"), Some("CELL" | "TABLE")),
        }
    }

    fn cell(
        &mut self,
        tc: Node,
        r: usize,
        next_col: usize,
        table_margin: Option<Padding>,
    ) -> RawCell {
        let addr = kid(tc, "cellAddr");
        let span = kid(tc, "cellSpan");
        let size = kid(tc, "cellSz");
        let fill = self.styles.fill(attr(tc, "borderFillIDRef"));
        let own = (attr(tc, "hasMargin") == Some("1"))
            .then(|| kid(tc, "cellMargin").map(padding))
            .flatten();
        let sub = kid(tc, "subList");
        let valign = match sub.and_then(|s| attr(s, "vertAlign")) {
            Some("TOP") => VAlign::Top,
            Some("BOTTOM") => VAlign::Bottom,
            _ => VAlign::Middle,
        };
        let (paragraphs, nested, images) = sub.map(|s| self.cell_content(s)).unwrap_or_default();
        let cols = span.map_or(1, |s| num(s, "colSpan", 1)).clamp(1, 1000);
        let rows = span.map_or(1, |s| num(s, "rowSpan", 1)).clamp(1, 10_000);
        RawCell {
            row: addr.map_or(r, |a| num(a, "rowAddr", r)).min(10_000),
            col: addr
                .map_or(next_col, |a| num(a, "colAddr", next_col))
                .min(1000),
            rows,
            cols,
            width: size.map_or(0.0, |s| unit_mm(s, "width")),
            height: size.map_or(0.0, |s| unit_mm(s, "height")),
            cell: Cell {
                paragraphs,
                colspan: cols,
                rowspan: rows,
                valign,
                fill: fill.fill,
                borders: Some(fill.borders),
                padding: own.or(table_margin),
                nested,
                images,
                ..Cell::default()
            },
        }
    }

    /// A cell's paragraphs, nested tables and pictures. A table nested deeper than
    /// [`MAX_NESTING`] becomes its rows' text, and is noted.
    fn cell_content(&mut self, sub: Node) -> (Vec<Paragraph>, Vec<Nested>, Vec<CellImage>) {
        let mut out = Vec::new();
        let mut nested = Vec::new();
        let mut images = Vec::new();
        let at = self.blocks.len();
        for p in kids(sub, "p") {
            let shape = self.styles.para(attr(p, "paraPrIDRef"));
            let (para, objects) = self.paragraph(p, &shape);
            let only_objects = !objects.is_empty() && para.text().trim().is_empty();
            if !only_objects {
                out.push(para.clone());
            }
            for o in objects {
                match o {
                    Object::Block(Block::Table(t)) if depth(sub) <= MAX_NESTING => {
                        nested.push(Nested {
                            after: out.len(),
                            table: t,
                        });
                    }
                    Object::Block(Block::Table(t)) => {
                        self.omit("표 안의 표", true, at);
                        out.extend(nested_text(&t, &para));
                    }
                    Object::Block(Block::Image(image)) => images.push(CellImage {
                        after: out.len(),
                        image,
                    }),
                    Object::Block(_) => {}
                    Object::Text(text, what) => {
                        self.omit(what, true, at);
                        out.push(Paragraph {
                            runs: vec![Run::text(text)],
                            ..para.clone()
                        });
                    }
                    Object::Left(what) => self.omit(what, false, at),
                }
            }
        }
        (out, nested, images)
    }
}

/// Tables nested deeper than this inside cells are read as text.
const MAX_NESTING: usize = 8;

/// How many tables a node stands in.
fn depth(n: Node) -> usize {
    n.ancestors()
        .filter(|a| a.tag_name().name() == "tbl")
        .count()
}

/// A nested table as paragraphs: one per row, its cells' text two spaces apart.
fn nested_text(t: &Table, like: &Paragraph) -> Vec<Paragraph> {
    t.rows
        .iter()
        .map(|r| {
            let text = r
                .cells
                .iter()
                .map(|c| c.text().replace('\n', " "))
                .collect::<Vec<_>>()
                .join("  ");
            Paragraph {
                runs: vec![Run {
                    size: Some(like.size),
                    ..Run::text(text)
                }],
                ..like.clone()
            }
        })
        .collect()
}

/// Cell margins (`hp:inMargin`, `hp:cellMargin`) in millimetres.
fn padding(n: Node) -> Padding {
    Padding {
        left: unit_mm(n, "left"),
        right: unit_mm(n, "right"),
        top: unit_mm(n, "top"),
        bottom: unit_mm(n, "bottom"),
    }
}

/// Where a table stands: inline tables follow their paragraph's alignment; floating ones
/// their horizontal alignment and offset.
fn placement(tbl: Node, host: &ParaShape) -> (Align, f32) {
    let pos = kid(tbl, "pos");
    if pos.and_then(|p| attr(p, "treatAsChar")) == Some("1") {
        return (host.align, host.left.max(0.0));
    }
    let align = match pos.and_then(|p| attr(p, "horzAlign")) {
        Some("CENTER") => Align::Center,
        Some("RIGHT") => Align::Right,
        _ => Align::Left,
    };
    let offset = pos.map_or(0.0, |p| unit_mm(p, "horzOffset"));
    let page = pos.and_then(|p| attr(p, "horzRelTo")) == Some("PAGE");
    (align, if page { 0.0 } else { offset.clamp(0.0, 500.0) })
}

/// The edges of `n` columns (or rows) from cells' (start, span, size): each cell puts its
/// far edge at its near edge plus its size; edges no cell fixes are spread evenly between
/// the known ones.
fn edges(n: usize, cells: impl Iterator<Item = (usize, usize, f32)> + Clone) -> Vec<f32> {
    let mut e: Vec<Option<f32>> = vec![None; n + 1];
    e[0] = Some(0.0);
    for _ in 0..=n.min(200) {
        let mut changed = false;
        for (at, span, size) in cells.clone() {
            let (a, b) = (at.min(n), (at + span).min(n));
            match (e[a], e[b]) {
                (Some(x), None) if size > 0.0 => {
                    e[b] = Some(x + size);
                    changed = true;
                }
                (None, Some(y)) if size > 0.0 && y - size >= 0.0 => {
                    e[a] = Some(y - size);
                    changed = true;
                }
                _ => {}
            }
        }
        if !changed {
            break;
        }
    }
    fill_gaps(e)
}

/// Unknown edges spread evenly between known ones (5 mm apart past the last).
fn fill_gaps(e: Vec<Option<f32>>) -> Vec<f32> {
    let mut out = vec![0.0; e.len()];
    let mut last = (0usize, 0.0f32);
    for i in 0..e.len() {
        if let Some(v) = e[i] {
            let (j, u) = last;
            for (k, slot) in out.iter_mut().enumerate().take(i).skip(j + 1) {
                *slot = u + (v - u) * (k - j) as f32 / (i - j) as f32;
            }
            out[i] = v.max(u);
            last = (i, out[i]);
        }
    }
    let (j, u) = last;
    for (k, slot) in out.iter_mut().enumerate().skip(j + 1) {
        *slot = u + 5.0 * (k - j) as f32;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_follow_cells_and_fill_gaps() {
        // Three columns 10, 20, 30 wide; the middle one only known through a span.
        let cells = vec![(0usize, 1usize, 10.0f32), (0, 2, 30.0), (2, 1, 30.0)];
        let e = edges(3, cells.into_iter());
        assert_eq!(e, vec![0.0, 10.0, 30.0, 60.0]);
        let e = edges(4, vec![(0usize, 1usize, 10.0f32)].into_iter());
        assert_eq!(e, vec![0.0, 10.0, 15.0, 20.0, 25.0]);
    }
}
