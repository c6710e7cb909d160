//! Word (DOCX, WordprocessingML) forms: `word/document.xml` and the header and footer parts
//! read with byte ranges, places found, edits spliced in.

use std::collections::BTreeMap;
use std::ops::Range;

use roxmltree::{Document, Node};

use crate::error::{listing, plan, Error, ErrorKind};
use crate::grid::{self, Cell, Table};
use crate::package::Package;
use crate::plan::{Direction, Fill, Filled, Inventory, NamedField, Placed, Plan, Target, Value};
use crate::splice::Splices;
use crate::text::{segments, Segments};
use crate::xml::{self, attr, kid, kids, local, num};

mod cell;
mod check;
mod field;
mod named;
mod rows;
mod runs;

/// One part (`word/document.xml`, a header or a footer), parsed.
pub(crate) struct Part<'a> {
    pub name: String,
    pub src: &'a str,
    pub doc: Document<'a>,
}

/// The body, then the headers and footers (`word/header1.xml`, …, `word/footer1.xml`, …).
pub(crate) fn parts(p: &Package) -> Result<Vec<Part<'_>>, Error> {
    let mut names = vec!["word/document.xml".to_string()];
    let mut extra: Vec<(u8, usize, &String)> = p
        .names()
        .iter()
        .filter_map(|n| {
            let (kind, rest) = if let Some(r) = n.strip_prefix("word/header") {
                (0, r)
            } else {
                (1, n.strip_prefix("word/footer")?)
            };
            let k = rest.strip_suffix(".xml")?;
            Some((kind, k.parse().ok()?, n))
        })
        .collect();
    extra.sort();
    names.extend(extra.into_iter().map(|(_, _, n)| n.clone()));
    names
        .into_iter()
        .filter(|n| n == "word/document.xml" || p.get(n).is_some())
        .map(|name| {
            let src = p.text(&name)?;
            let doc = xml::parse(&name, src, &p.limits)?;
            Ok(Part { name, src, doc })
        })
        .collect()
}

/// The paragraph an element belongs to (the closest `w:p` above it).
pub(crate) fn para_of<'a, 'i>(n: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    xml::ancestor(n, "p")
}

/// The paragraph's own descendants: not those of a paragraph inside it (a text box).
pub(crate) fn own<'a, 'i>(p: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    p.descendants()
        .skip(1)
        .filter(move |d| d.is_element() && para_of(*d) == Some(p))
}

/// A paragraph's own text elements (`w:t`, in runs, hyperlinks, insertions, content controls).
pub(crate) fn texts<'a, 'i>(p: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    own(p).filter(|d| local(*d) == "t")
}

/// The text one element adds: a `w:t`'s text, a tab, a line break.
fn piece(d: Node) -> Option<String> {
    let in_run = d.parent().is_some_and(|r| local(r) == "r");
    match local(d) {
        "t" => Some(d.text().unwrap_or("").to_string()),
        "tab" if in_run => Some("\t".into()),
        "br" | "cr" if in_run => Some("\n".into()),
        "noBreakHyphen" if in_run => Some("-".into()),
        _ => None,
    }
}

/// A paragraph's own text.
pub(crate) fn para_text(p: Node) -> String {
    own(p).filter_map(piece).collect()
}

/// A paragraph's own text within a byte range of the part.
pub(crate) fn text_in(p: Node, range: Range<usize>) -> String {
    own(p)
        .filter(|d| d.range().start >= range.start && d.range().end <= range.end)
        .filter_map(piece)
        .collect()
}

/// The text of a container of paragraphs (a cell, a block content control): one line each.
pub(crate) fn block_text(holder: Node) -> String {
    kids(holder, "p")
        .map(para_text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cell's text as `read` reports it: empty paragraphs around the value are layout.
pub(crate) fn shown(text: &str) -> String {
    text.trim_matches('\n').to_string()
}

/// A table's rows and what `grid` does not keep: each row's layout (column, span, merge:
/// 0 none, 1 restart, 2 continue) and the continuation cells (row, owning cell).
pub(crate) struct Shape<'a, 'i> {
    pub layout: Vec<Vec<(usize, usize, u8)>>,
    pub conts: Vec<(usize, usize, Node<'a, 'i>)>,
}

/// A row's cells: `w:tc`, or the `w:tc` inside a cell-level content control.
fn row_cells<'a, 'i>(tr: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    let mut out = Vec::new();
    for c in tr.children() {
        match local(c) {
            "tc" => out.push(c),
            "sdt" => {
                if let Some(content) = kid(c, "sdtContent") {
                    out.extend(kids(content, "tc"));
                }
            }
            _ => {}
        }
    }
    out
}

fn table<'a, 'i>(part: usize, tbl: Node<'a, 'i>) -> (Table<'a, 'i>, Shape<'a, 'i>) {
    let rows: Vec<Node> = kids(tbl, "tr").collect();
    let mut cells: Vec<Cell> = Vec::new();
    let mut shape = Shape {
        layout: Vec::new(),
        conts: Vec::new(),
    };
    for (r, tr) in rows.iter().enumerate() {
        let mut col = kid(*tr, "trPr")
            .and_then(|p| kid(p, "gridBefore"))
            .map_or(0, |g| num(g, "val", 0));
        let mut layout = Vec::new();
        for tc in row_cells(*tr) {
            let pr = kid(tc, "tcPr");
            let span = pr
                .and_then(|p| kid(p, "gridSpan"))
                .map_or(1, |g| num(g, "val", 1))
                .max(1);
            let merge = match pr.and_then(|p| kid(p, "vMerge")) {
                None => 0,
                Some(v) if attr(v, "val") == Some("restart") => 1,
                Some(_) => 2,
            };
            let owner = (merge == 2)
                .then(|| {
                    cells
                        .iter()
                        .position(|c| c.col == col && c.row + c.rowspan == r && r > 0)
                })
                .flatten();
            match owner {
                Some(i) => {
                    cells[i].rowspan += 1;
                    shape.conts.push((r, i, tc));
                }
                None => cells.push(Cell {
                    node: tc,
                    row: r,
                    col,
                    rowspan: 1,
                    colspan: span,
                    text: block_text(tc),
                }),
            }
            layout.push((col, span, merge));
            col += span;
        }
        shape.layout.push(layout);
    }
    (
        Table {
            part,
            node: tbl,
            rows,
            cells,
        },
        shape,
    )
}

/// Every table of every part, in document order (nested tables where they stand).
pub(crate) fn tables<'a, 'i>(parts: &'a [Part<'i>]) -> (Vec<Table<'a, 'i>>, Vec<Shape<'a, 'i>>) {
    let mut out = Vec::new();
    let mut shapes = Vec::new();
    for (k, s) in parts.iter().enumerate() {
        for tbl in s.doc.descendants().filter(|n| local(*n) == "tbl") {
            let (t, sh) = table(k, tbl);
            out.push(t);
            shapes.push(sh);
        }
    }
    (out, shapes)
}

/// One paragraph: its part, its element and its text segments.
pub(crate) struct Para<'a, 'i> {
    pub part: usize,
    pub node: Node<'a, 'i>,
    pub segs: Segments<'a, 'i>,
}

fn paragraphs<'a, 'i>(parts: &'a [Part<'i>]) -> Vec<Para<'a, 'i>> {
    let mut out = Vec::new();
    for (k, s) in parts.iter().enumerate() {
        for p in s.doc.descendants().filter(|n| local(*n) == "p") {
            out.push(Para {
                part: k,
                node: p,
                segs: segments(texts(p)),
            });
        }
    }
    out
}

/// The edits of a fill, per part, and what to report.
pub(crate) struct Work<'a, 'i> {
    pub parts: &'a [Part<'i>],
    pub edits: Vec<Splices>,
    pub placed: Vec<Placed>,
    pub warnings: Vec<String>,
    /// Byte ranges a repeated row replaces, per part: no other fill may land there.
    pub taken: Vec<(usize, Range<usize>)>,
    /// Edits of paragraphs' joined text (placeholders, check glyphs), written at the end.
    pub text_edits: BTreeMap<usize, Vec<(Range<usize>, String)>>,
}

impl Work<'_, '_> {
    pub(crate) fn in_taken(&self, k: usize, n: Node) -> bool {
        let r = n.range();
        self.taken
            .iter()
            .any(|(s, t)| *s == k && t.start < r.end && r.start < t.end)
    }

    fn refuse_taken(&self, k: usize, n: Node, place: &str) -> Result<(), Error> {
        if self.in_taken(k, n) {
            return Err(crate::error::unsupported(format!(
                "{place}이(가) 반복할 행 안에 있습니다: 그 칸은 [[rows]]의 cells로 채우십시오"
            )));
        }
        Ok(())
    }
}

/// What everything needs: the parts' tables and paragraphs.
struct Form<'a, 'i> {
    tables: Vec<Table<'a, 'i>>,
    shapes: Vec<Shape<'a, 'i>>,
    paras: Vec<Para<'a, 'i>>,
}

fn form<'a, 'i>(parts: &'a [Part<'i>]) -> Form<'a, 'i> {
    let (tables, shapes) = tables(parts);
    Form {
        tables,
        shapes,
        paras: paragraphs(parts),
    }
}

pub(crate) fn fill(p: &Package, plan: &Plan) -> Result<Filled, Error> {
    let parts = parts(p)?;
    let f = form(&parts);
    let mut w = Work {
        parts: &parts,
        edits: parts.iter().map(|_| Splices::default()).collect(),
        placed: Vec::new(),
        warnings: Vec::new(),
        taken: Vec::new(),
        text_edits: BTreeMap::new(),
    };
    for r in &plan.rows {
        rows::repeat(&mut w, &f.tables, &f.shapes, r)?;
    }
    // Rows go first (they reserve their cells) but are reported after the single places.
    let rows_placed = w.placed.len();
    for fl in &plan.fills {
        fill_one(&mut w, &f, fl)?;
    }
    write_text_edits(&mut w, &f.paras)?;
    w.placed.rotate_left(rows_placed);
    let Work {
        edits,
        placed,
        warnings,
        ..
    } = w;
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (s, e) in parts.iter().zip(edits) {
        if !e.is_empty() {
            out.insert(s.name.clone(), e.apply(s.src)?.into_bytes());
        }
    }
    Ok(Filled {
        bytes: p.rewrite(
            out.into_iter()
                .map(|(k, v)| (k, crate::package::Edit::Whole(v)))
                .collect(),
        )?,
        placed,
        warnings,
    })
}

/// Write the paragraphs' text edits into their `w:t` elements; an element whose new text
/// starts or ends with a space gets `xml:space="preserve"`, or Word would drop the space.
fn write_text_edits(w: &mut Work, paras: &[Para]) -> Result<(), Error> {
    let all = std::mem::take(&mut w.text_edits);
    for (pi, mut edits) in all {
        edits.sort_by_key(|(r, _)| (r.start, r.end));
        if edits.windows(2).any(|e| e[1].0.start < e[0].0.end) {
            return Err(plan(
                "한 곳을 두 번 채우려 합니다: 맵에서 같은 자리를 가리키는 항목을 하나만 남기십시오",
            ));
        }
        let para = &paras[pi];
        let src = w.parts[para.part].src;
        let p = xml::prefix(src, para.node);
        let nl = format!("</{p}t><{p}br/><{p}t xml:space=\"preserve\">");
        let out = &mut w.edits[para.part];
        para.segs.rewrite(&edits, &nl, out);
        for (node, text) in para.segs.new_texts(&edits) {
            let Some(t) = node.parent() else { continue };
            let spaced = text
                .split('\n')
                .any(|l| l.starts_with(char::is_whitespace) || l.ends_with(char::is_whitespace));
            let preserved = t
                .attributes()
                .any(|a| a.name() == "space" && a.value() == "preserve");
            if spaced && !preserved {
                let tag = xml::start_tag(src, t);
                out.replace(
                    tag.clone(),
                    xml::with_attr(&src[tag], "xml:space", "preserve"),
                );
            }
        }
    }
    Ok(())
}

fn side(d: Direction) -> &'static str {
    match d {
        Direction::Right => "오른쪽",
        Direction::Below => "아래",
    }
}

fn fill_one<'a, 'i>(w: &mut Work<'a, 'i>, f: &Form<'a, 'i>, fl: &Fill) -> Result<(), Error> {
    match (&fl.target, &fl.value) {
        (Target::Name(name), v) => {
            let places = named::find(w.parts, name);
            let holders = placeholder_spans(&f.paras, name);
            let count = places.len() + holders.len();
            if count == 0 {
                return Err(Error::new(
                    ErrorKind::Missing,
                    format!(
                        "'{name}'이라는 콘텐츠 컨트롤·책갈피·{{{{{name}}}}} 자리가 서식에 없습니다. 서식에 있는 이름: {}",
                        listing(&names(w.parts, &f.paras), 40)
                    ),
                ));
            }
            let values = crate::places::spread(v, count, name)?;
            let mut vals = values.into_iter();
            for place in places {
                let v = vals.next().unwrap_or_default();
                named::fill(w, &place, name, &v)?;
                w.placed.push(Placed {
                    place: named::place_name(&place, name),
                    value: v,
                });
            }
            for (pi, span) in holders {
                let v = vals.next().unwrap_or_default();
                w.refuse_taken(
                    f.paras[pi].part,
                    f.paras[pi].node,
                    &format!("{{{{{name}}}}}"),
                )?;
                w.placed.push(Placed {
                    place: format!("{{{{{name}}}}}"),
                    value: v.clone(),
                });
                w.text_edits.entry(pi).or_default().push((span, v));
            }
            Ok(())
        }
        (Target::Placeholder(expr), Value::One(v)) => {
            let holders = placeholder_spans(&f.paras, expr);
            if holders.is_empty() {
                return Err(Error::new(
                    ErrorKind::Missing,
                    format!(
                        "{{{{{expr}}}}} 자리가 서식에 없습니다. 서식에 있는 이름: {}",
                        listing(&names(w.parts, &f.paras), 40)
                    ),
                ));
            }
            // One inside a repeated row is the row's: its cells' values replace it.
            for (pi, span) in holders {
                if w.in_taken(f.paras[pi].part, f.paras[pi].node) {
                    continue;
                }
                w.placed.push(Placed {
                    place: format!("{{{{{expr}}}}}"),
                    value: v.clone(),
                });
                w.text_edits.entry(pi).or_default().push((span, v.clone()));
            }
            Ok(())
        }
        (
            Target::Label {
                label,
                direction,
                occurrence,
            },
            Value::One(v),
        ) => {
            let (t, i) = grid::beside_label(&f.tables, label, *direction, *occurrence)?;
            let place = format!("'{label}' {} 칸", side(*direction));
            cell::fill(w, &f.tables[t], i, v, &place)
        }
        (
            Target::Check {
                label,
                row,
                occurrence,
            },
            Value::Check(on),
        ) => {
            let b = check::find(&f.tables, &f.paras, label, row.as_deref(), *occurrence)?;
            let glyph = check::set(w, &f.paras, &b, *on)?;
            w.placed.push(Placed {
                place: format!("확인란 {label}"),
                value: glyph,
            });
            Ok(())
        }
        _ => Err(plan("값의 종류가 채울 곳과 맞지 않습니다")),
    }
}

/// Placeholders whose text is `name`: (paragraph, span).
fn placeholder_spans(paras: &[Para], name: &str) -> Vec<(usize, Range<usize>)> {
    let mut out = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        for (span, inner) in p.segs.placeholders() {
            if inner == name {
                out.push((pi, span));
            }
        }
    }
    out
}

/// Every name a map can use: content controls' tags and aliases, bookmarks (not Word's
/// hidden ones), legacy text fields, placeholders.
fn names(parts: &[Part], paras: &[Para]) -> Vec<String> {
    let mut out: Vec<String> = named::all(parts)
        .into_iter()
        .map(|(_, n, _, _)| n)
        .collect();
    for p in paras {
        out.extend(
            p.segs
                .placeholders()
                .into_iter()
                .map(|(_, n)| format!("{{{{{n}}}}}")),
        );
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|n| seen.insert(n.clone()));
    out
}

pub(crate) fn inspect(p: &Package) -> Result<Inventory, Error> {
    let parts = parts(p)?;
    let f = form(&parts);
    let mut named: Vec<NamedField> = Vec::new();
    for (kind, name, hint, text) in named::all(&parts) {
        match named.iter_mut().find(|n| n.kind == kind && n.name == name) {
            Some(n) => n.occurrences += 1,
            None => named.push(NamedField {
                kind,
                name,
                hint,
                occurrences: 1,
                text,
            }),
        }
    }
    let mut placeholders: Vec<String> = Vec::new();
    for para in &f.paras {
        for (_, n) in para.segs.placeholders() {
            if !placeholders.contains(&n) {
                placeholders.push(n);
            }
        }
    }
    let checks = check::all(&f.paras)
        .into_iter()
        .map(|b| (b.label, b.checked))
        .collect();
    Ok(Inventory {
        named,
        placeholders,
        tables: grid::infos(&f.tables),
        checks,
    })
}

/// What stands at each place of `plan` now.
pub(crate) fn read(p: &Package, plan: &Plan) -> Result<Vec<Placed>, Error> {
    let parts = parts(p)?;
    let f = form(&parts);
    let mut out = Vec::new();
    for fl in &plan.fills {
        match &fl.target {
            Target::Name(name) => {
                for place in named::find(&parts, name) {
                    out.push(Placed {
                        place: named::place_name(&place, name),
                        value: named::text(&parts, &place)?,
                    });
                }
            }
            Target::Label {
                label,
                direction,
                occurrence,
            } => {
                let (t, i) = grid::beside_label(&f.tables, label, *direction, *occurrence)?;
                out.push(Placed {
                    place: format!("'{label}' {} 칸", side(*direction)),
                    value: shown(&f.tables[t].cells[i].text),
                });
            }
            Target::Check {
                label,
                row,
                occurrence,
            } => {
                let b = check::find(&f.tables, &f.paras, label, row.as_deref(), *occurrence)?;
                out.push(Placed {
                    place: format!("확인란 {label}"),
                    value: check::shown(&b, &f.paras),
                });
            }
            // A placeholder leaves no trace once filled: its paragraph is checked by the file's hash.
            Target::Placeholder(_) => {}
        }
    }
    // The rows after the single places, as `fill` reports them.
    for r in &plan.rows {
        rows::read(&f.tables, r, &mut out)?;
    }
    Ok(out)
}

/// The form's text: one line per paragraph, a table cell's paragraphs one line each.
pub(crate) fn text(p: &Package) -> Result<String, Error> {
    let parts = parts(p)?;
    let mut out = String::new();
    for s in &parts {
        for n in s.doc.descendants().filter(|n| local(*n) == "p") {
            let t = para_text(n);
            if !t.is_empty() {
                out.push_str(&t);
                out.push('\n');
            }
        }
    }
    Ok(out)
}
