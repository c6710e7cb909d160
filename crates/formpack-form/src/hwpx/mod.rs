//! 한글 (HWPX, OWPML) forms: sections read with byte ranges, places found, edits spliced in.

use std::collections::BTreeMap;

use roxmltree::{Document, Node};

use crate::error::{listing, Error, ErrorKind};
use crate::grid::{self, Cell, Table};
use crate::package::{Edit, Package};
use crate::plan::{Filled, Inventory, NamedField, NamedKind, Placed, Plan, Target, Value};
use crate::splice::Splices;
use crate::text::{segments, Segments};
use crate::xml::{self, attr, kid, kids, local, normalize, num};

mod cell;
mod field;
mod layout;
mod rows;

/// One section part, parsed.
pub(crate) struct Section<'a> {
    pub name: String,
    pub src: &'a str,
    pub doc: &'a Document<'a>,
}

/// The section parts of a form, in order (`Contents/section0.xml`, `section1.xml`, …).
pub(crate) fn sections(p: &Package) -> Result<Vec<Section<'_>>, Error> {
    let mut names: Vec<(usize, &String)> = p
        .names()
        .iter()
        .filter_map(|n| {
            let k = n.strip_prefix("Contents/section")?.strip_suffix(".xml")?;
            Some((k.parse().ok()?, n))
        })
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(crate::error::not_a_form(
            "본문(Contents/section0.xml)이 없습니다",
        ));
    }
    names
        .into_iter()
        .map(|(_, name)| {
            let parsed = p.parsed(name)?;
            Ok(Section {
                name: name.clone(),
                src: parsed.borrow_owner().as_str(),
                doc: parsed.borrow_dependent(),
            })
        })
        .collect()
}

/// Every table of every section, in document order.
pub(crate) fn tables<'a, 'i>(secs: &'a [Section<'i>]) -> Vec<Table<'a, 'i>> {
    let mut out = Vec::new();
    for (k, s) in secs.iter().enumerate() {
        for tbl in s.doc.descendants().filter(|n| local(*n) == "tbl") {
            out.push(table(k, tbl));
        }
    }
    out
}

fn table<'a, 'i>(part: usize, tbl: Node<'a, 'i>) -> Table<'a, 'i> {
    let rows: Vec<Node> = kids(tbl, "tr").collect();
    let mut cells = Vec::new();
    for (r, tr) in rows.iter().enumerate() {
        let mut next_col = 0;
        for tc in kids(*tr, "tc") {
            let addr = kid(tc, "cellAddr");
            let span = kid(tc, "cellSpan");
            let col = addr.map_or(next_col, |a| num(a, "colAddr", next_col));
            let colspan = span.map_or(1, |s| num(s, "colSpan", 1)).max(1);
            next_col = col + colspan;
            cells.push(Cell {
                node: tc,
                row: addr.map_or(r, |a| num(a, "rowAddr", r)),
                col,
                rowspan: span.map_or(1, |s| num(s, "rowSpan", 1)).max(1),
                colspan,
                text: cell_text(tc),
            });
        }
    }
    Table {
        part,
        node: tbl,
        rows,
        cells,
    }
}

/// A cell's paragraphs' text, one line each (nested tables left out).
pub(crate) fn cell_text(tc: Node) -> String {
    let Some(sub) = kid(tc, "subList") else {
        return String::new();
    };
    kids(sub, "p")
        .map(|p| para_text(p))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A paragraph's own text elements: `run/t`, not those of a table inside it.
pub(crate) fn texts<'a, 'i>(p: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    kids(p, "run").flat_map(|r| kids(r, "t"))
}

/// A paragraph's own text.
pub(crate) fn para_text(p: Node) -> String {
    texts(p).map(para_text_of_t).collect()
}

/// The text of one `t` element: its text, tabs and line breaks.
pub(crate) fn para_text_of_t(t: Node) -> String {
    let mut s = String::new();
    for c in t.children() {
        match local(c) {
            "" => s.push_str(c.text().unwrap_or("")),
            "tab" => s.push('\t'),
            "lineBreak" => s.push('\n'),
            _ => {}
        }
    }
    s
}

/// Every paragraph of the form, with its section: (section, paragraph, its text segments).
fn paragraphs<'a, 'i>(secs: &'a [Section<'i>]) -> Vec<(usize, Node<'a, 'i>, Segments<'a, 'i>)> {
    let mut out = Vec::new();
    for (k, s) in secs.iter().enumerate() {
        let fields = field::regions(s);
        for p in s.doc.descendants().filter(|n| local(*n) == "p") {
            let own = texts(p).filter(|t| {
                let r = t.range();
                !fields.iter().any(|f| f.start <= r.start && r.end <= f.end)
            });
            out.push((k, p, segments(own)));
        }
    }
    out
}

/// The edits of a fill, per section, and what to report.
pub(crate) struct Work<'a, 'i> {
    pub secs: &'a [Section<'i>],
    pub edits: Vec<Splices>,
    /// Paragraphs whose text changed: their saved line layout goes.
    pub changed: Vec<(usize, Node<'a, 'i>)>,
    pub placed: Vec<Placed>,
    pub warnings: Vec<String>,
    /// Byte ranges a repeated row replaces, per section: no other fill may land there.
    pub taken: Vec<(usize, std::ops::Range<usize>)>,
    pub fonts: BTreeMap<String, u32>,
    /// Cells a value makes taller than the form drew them, per table: (count, first place
    /// and its lines).
    pub overflows: BTreeMap<(usize, usize), (usize, String)>,
    /// How much taller each table gets (HWPUNIT) by the rows added and removed: written into
    /// the table's saved size once, at the end.
    pub taller: BTreeMap<(usize, usize), (Node<'a, 'i>, i64)>,
}

impl<'a, 'i> Work<'a, 'i> {
    /// A table's rows added and removed change its height by `height`.
    pub(crate) fn add_height(&mut self, part: usize, tbl: Node<'a, 'i>, height: i64) {
        let e = self
            .taller
            .entry((part, tbl.range().start))
            .or_insert((tbl, 0));
        e.1 += height;
    }

    /// Remember a value that makes its cell taller than the form drew it.
    /// `part` is the section it is in.
    pub(crate) fn note_overflow(&mut self, part: usize, tc: Node, value: &str, place: &str) {
        let Some(lines) = layout::overflow(&self.fonts, tc, value) else {
            return;
        };
        // The saved table height is not raised for a value that wraps: the estimate is rough,
        // and a reader that trusts the saved size (rhwp) would move a table that grew past
        // the page off it; 한글 lays the rows out itself.
        let tbl = xml::ancestor(tc, "tbl").map_or(0, |t| t.range().start);
        let e = self
            .overflows
            .entry((part, tbl))
            .or_insert_with(|| (0, format!("{place} 약 {lines}줄")));
        e.0 += 1;
    }

    /// One warning per table with taller cells.
    fn overflow_warnings(&mut self) {
        for (count, first) in std::mem::take(&mut self.overflows).into_values() {
            self.warnings.push(format!(
                "값이 서식의 칸보다 길어 한글에서 행이 높아지는 칸이 {count}곳 있습니다 (예: {first}): 쪽이 넘어가는지 한글에서 확인하십시오"
            ));
        }
    }

    fn in_taken(&self, k: usize, n: Node) -> bool {
        let r = n.range();
        self.taken
            .iter()
            .any(|(s, t)| *s == k && t.start <= r.start && r.end <= t.end)
    }

    /// A place inside a repeated row is the row's to fill: refused, naming the place.
    pub(crate) fn refuse_taken(&self, k: usize, n: Node, place: &str) -> Result<(), Error> {
        match self.in_taken(k, n) {
            true => Err(crate::error::unsupported(format!(
                "{place}이(가) 반복할 행 안에 있습니다: 그 칸은 [[rows]]의 cells로 채우십시오"
            ))),
            false => Ok(()),
        }
    }
}

pub(crate) fn fill(p: &Package, plan: &Plan) -> Result<Filled, Error> {
    let secs = sections(p)?;
    let tables = tables(&secs);
    let mut w = Work {
        secs: &secs,
        edits: secs.iter().map(|_| Splices::default()).collect(),
        changed: Vec::new(),
        placed: Vec::new(),
        warnings: Vec::new(),
        taken: Vec::new(),
        fonts: p.fonts.get_or_init(|| layout::font_heights(p)).clone(),
        overflows: BTreeMap::new(),
        taller: BTreeMap::new(),
    };
    for r in &plan.rows {
        rows::repeat(&mut w, &tables, r)?;
    }
    // Rows go first (they reserve their cells) but are reported after the single places.
    let rows_placed = w.placed.len();
    let paras = paragraphs(&secs);
    for f in &plan.fills {
        fill_one(&mut w, &tables, &paras, f)?;
    }
    w.placed.rotate_left(rows_placed);
    layout::resize_tables(&mut w);
    layout::drop_line_layout(&mut w);
    w.overflow_warnings();
    let Work {
        edits,
        placed,
        warnings,
        ..
    } = w;
    let mut out: BTreeMap<String, Edit> = BTreeMap::new();
    for (s, e) in secs.iter().zip(edits) {
        if !e.is_empty() {
            out.insert(s.name.clone(), Edit::Spliced(e));
        }
    }
    layout::write_preview(p, &secs, &mut out)?;
    Ok(Filled {
        bytes: p.rewrite(out)?,
        placed,
        warnings,
    })
}

fn fill_one<'a, 'i>(
    w: &mut Work<'a, 'i>,
    tables: &[Table<'a, 'i>],
    paras: &[(usize, Node<'a, 'i>, Segments<'a, 'i>)],
    f: &crate::plan::Fill,
) -> Result<(), Error> {
    match (&f.target, &f.value) {
        (Target::Name(name), v) => {
            let fields = field::named(w.secs, name);
            let cells: Vec<(usize, usize)> = named_cells(tables, name);
            let holders = placeholder_spans(paras, name);
            let count = fields.len() + cells.len() + holders.len();
            if count == 0 {
                return Err(Error::new(
                    ErrorKind::Missing,
                    format!(
                        "이름이 '{name}'인 누름틀·셀 필드·{{{{{name}}}}} 자리가 서식에 없습니다. 서식에 있는 이름: {}",
                        listing(&names(w.secs, tables, paras), 40)
                    ),
                ));
            }
            let values = crate::places::spread(v, count, name)?;
            let mut vals = values.into_iter();
            for (k, fb) in fields {
                let v = vals.next().unwrap_or_default();
                field::fill(w, k, fb, &v)?;
                w.placed.push(Placed {
                    place: format!("누름틀 {name}"),
                    value: v,
                });
            }
            for (t, i) in cells {
                let v = vals.next().unwrap_or_default();
                let place = format!("셀 필드 {name}");
                cell::fill(w, &tables[t], i, &v, &place)?;
            }
            let mut by_para: BTreeMap<usize, Vec<(std::ops::Range<usize>, String)>> =
                BTreeMap::new();
            for (pi, span) in holders {
                let v = vals.next().unwrap_or_default();
                w.placed.push(Placed {
                    place: format!("{{{{{name}}}}}"),
                    value: v.clone(),
                });
                by_para.entry(pi).or_default().push((span, v));
            }
            rewrite_paras(w, paras, by_para);
            Ok(())
        }
        (Target::Placeholder(expr), Value::One(v)) => {
            // One inside a repeated row is the row's: its cells' values replace it.
            let holders: Vec<_> = placeholder_spans(paras, expr)
                .into_iter()
                .filter(|(pi, _)| !w.in_taken(paras[*pi].0, paras[*pi].1))
                .collect();
            let mut by_para: BTreeMap<usize, Vec<(std::ops::Range<usize>, String)>> =
                BTreeMap::new();
            for (pi, span) in holders {
                w.placed.push(Placed {
                    place: format!("{{{{{expr}}}}}"),
                    value: v.clone(),
                });
                by_para.entry(pi).or_default().push((span, v.clone()));
            }
            rewrite_paras(w, paras, by_para);
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
            let (t, i) = grid::beside_label(tables, label, *direction, *occurrence)?;
            let side = match direction {
                crate::plan::Direction::Right => "오른쪽",
                crate::plan::Direction::Below => "아래",
            };
            let place = format!("'{label}' {side} 칸");
            let old = tables[t].cells[i].text.trim();
            if !old.is_empty() && old != v.trim() {
                let old: String = old.split_whitespace().collect::<Vec<_>>().join(" ");
                w.warnings.push(format!(
                    "{place}에 있던 글 '{old}'을(를) 바꿨습니다: 채울 칸이 맞는지 서식에서 확인하십시오"
                ));
            }
            cell::fill(w, &tables[t], i, v, &place)
        }
        (
            Target::Check {
                label,
                row,
                occurrence,
            },
            Value::Check(on),
        ) => {
            let place = format!("확인란 {label}");
            match find_box(w.secs, tables, paras, label, row.as_deref(), *occurrence)? {
                CheckBox::Glyph(pi, span) => {
                    let glyph = paras[pi].2.glyph(&span, *on);
                    w.placed.push(Placed {
                        place,
                        value: glyph.clone(),
                    });
                    let mut by_para = BTreeMap::new();
                    by_para.insert(pi, vec![(span, glyph)]);
                    rewrite_paras(w, paras, by_para);
                }
                CheckBox::Button(k, b) => {
                    w.refuse_taken(k, b, &place)?;
                    let src = w.secs[k].src;
                    let tag = xml::start_tag(src, b);
                    let value = if *on { "CHECKED" } else { "UNCHECKED" };
                    w.edits[k].replace(tag.clone(), xml::with_attr(&src[tag], "value", value));
                    w.placed.push(Placed {
                        place,
                        value: if *on { "☑" } else { "☐" }.into(),
                    });
                }
            }
            Ok(())
        }
        _ => Err(crate::error::plan("값의 종류가 채울 곳과 맞지 않습니다")),
    }
}

/// Write placeholder or box edits into their paragraphs.
fn rewrite_paras<'a, 'i>(
    w: &mut Work<'a, 'i>,
    paras: &[(usize, Node<'a, 'i>, Segments<'a, 'i>)],
    by_para: BTreeMap<usize, Vec<(std::ops::Range<usize>, String)>>,
) {
    for (pi, edits) in by_para {
        let (k, p, segs) = &paras[pi];
        let nl = format!("<{}lineBreak/>", xml::prefix(w.secs[*k].src, *p));
        segs.rewrite(&edits, &nl, &mut w.edits[*k]);
        w.changed.push((*k, *p));
    }
}

/// Cells named `name` (`hp:tc@name`): (table, cell).
fn named_cells(tables: &[Table], name: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (t, table) in tables.iter().enumerate() {
        for (i, c) in table.cells.iter().enumerate() {
            if attr(c.node, "name") == Some(name) {
                out.push((t, i));
            }
        }
    }
    out
}

/// Placeholders whose text is `name`: (paragraph, span).
fn placeholder_spans(
    paras: &[(usize, Node, Segments)],
    name: &str,
) -> Vec<(usize, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    for (pi, (_, _, segs)) in paras.iter().enumerate() {
        for (span, inner) in segs.placeholders() {
            if inner == name {
                out.push((pi, span));
            }
        }
    }
    out
}

/// Every name a map can use: 누름틀, cell fields and placeholders.
fn names(secs: &[Section], tables: &[Table], paras: &[(usize, Node, Segments)]) -> Vec<String> {
    let mut out: Vec<String> = field::all(secs).into_iter().map(|(n, _, _)| n).collect();
    for t in tables {
        for c in &t.cells {
            if let Some(n) = attr(c.node, "name").filter(|n| !n.is_empty()) {
                out.push(n.to_string());
            }
        }
    }
    for (_, _, s) in paras {
        out.extend(
            s.placeholders()
                .into_iter()
                .map(|(_, n)| format!("{{{{{n}}}}}")),
        );
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|n| seen.insert(n.clone()));
    out
}

/// A check box: a glyph in a paragraph's text, or 한글's form control (`hp:checkBtn`, whose
/// label is its caption and whose state is its `value`).
enum CheckBox<'a, 'i> {
    Glyph(usize, std::ops::Range<usize>),
    Button(usize, Node<'a, 'i>),
}

/// A form control check box's caption and state.
fn button(n: Node) -> (String, bool) {
    let caption = attr(n, "caption").unwrap_or("").replace("&&", "&");
    (caption, attr(n, "value") == Some("CHECKED"))
}

/// The check box before `label` (in the row holding `row`, if given): a ☐/□ glyph, or a form
/// control whose caption (or name) is the label.
fn find_box<'a, 'i>(
    secs: &'a [Section<'i>],
    tables: &[Table],
    paras: &[(usize, Node<'a, 'i>, Segments)],
    label: &str,
    row: Option<&str>,
    occurrence: Option<usize>,
) -> Result<CheckBox<'a, 'i>, Error> {
    let want = normalize(label);
    let in_row = |p: Node| crate::places::in_row(tables, p, row);
    // (section, offset) orders glyphs and controls as the document has them.
    let mut found = Vec::new();
    let mut all = Vec::new();
    for (pi, (k, p, segs)) in paras.iter().enumerate() {
        for (span, _, after) in segs.boxes() {
            all.push(after.clone());
            if !want.is_empty() && after.starts_with(&want) && in_row(*p) {
                found.push((
                    (*k, p.range().start + span.start),
                    CheckBox::Glyph(pi, span),
                ));
            }
        }
    }
    for (k, s) in secs.iter().enumerate() {
        for b in s.doc.descendants().filter(|n| local(*n) == "checkBtn") {
            let (caption, _) = button(b);
            all.push(caption.clone());
            let named = attr(b, "name").is_some_and(|n| normalize(n) == want);
            if !want.is_empty() && (normalize(&caption).starts_with(&want) || named) && in_row(b) {
                found.push(((k, b.range().start), CheckBox::Button(k, b)));
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    let found: Vec<CheckBox> = found.into_iter().map(|(_, b)| b).collect();
    crate::places::pick(found, occurrence, &format!("확인란 '{label}'"), &all)
}

pub(crate) fn inspect(p: &Package) -> Result<Inventory, Error> {
    let secs = sections(p)?;
    let tables = tables(&secs);
    let paras = paragraphs(&secs);
    let mut named: Vec<NamedField> = Vec::new();
    for (name, hint, text) in field::all(&secs) {
        add_named(&mut named, NamedKind::ClickHere, name, hint, text);
    }
    for t in &tables {
        for c in &t.cells {
            if let Some(n) = attr(c.node, "name").filter(|n| !n.is_empty()) {
                add_named(
                    &mut named,
                    NamedKind::Cell,
                    n.into(),
                    String::new(),
                    c.text.clone(),
                );
            }
        }
    }
    let mut placeholders: Vec<String> = Vec::new();
    let mut checks = Vec::new();
    for (_, _, s) in &paras {
        for (_, n) in s.placeholders() {
            if !placeholders.contains(&n) {
                placeholders.push(n);
            }
        }
        checks.extend(s.boxes_shown());
    }
    for s in &secs {
        checks.extend(
            s.doc
                .descendants()
                .filter(|n| local(*n) == "checkBtn")
                .map(button),
        );
    }
    Ok(Inventory {
        named,
        placeholders,
        tables: grid::infos(&tables),
        checks,
    })
}

fn add_named(out: &mut Vec<NamedField>, kind: NamedKind, name: String, hint: String, text: String) {
    match out.iter_mut().find(|f| f.kind == kind && f.name == name) {
        Some(f) => f.occurrences += 1,
        None => out.push(NamedField {
            kind,
            name,
            hint,
            occurrences: 1,
            text,
        }),
    }
}

/// What stands at each place of `plan` now.
pub(crate) fn read(p: &Package, plan: &Plan) -> Result<Vec<Placed>, Error> {
    let secs = sections(p)?;
    let tables = tables(&secs);
    let paras = paragraphs(&secs);
    let mut out = Vec::new();
    for f in &plan.fills {
        match &f.target {
            Target::Name(name) => {
                for (k, fb) in field::named(&secs, name) {
                    out.push(Placed {
                        place: format!("누름틀 {name}"),
                        value: field::text(&secs[k], fb)?,
                    });
                }
                for (t, i) in named_cells(&tables, name) {
                    out.push(Placed {
                        place: format!("셀 필드 {name}"),
                        value: tables[t].cells[i].text.clone(),
                    });
                }
            }
            Target::Label {
                label,
                direction,
                occurrence,
            } => {
                let (t, i) = grid::beside_label(&tables, label, *direction, *occurrence)?;
                let side = match direction {
                    crate::plan::Direction::Right => "오른쪽",
                    crate::plan::Direction::Below => "아래",
                };
                out.push(Placed {
                    place: format!("'{label}' {side} 칸"),
                    value: tables[t].cells[i].text.clone(),
                });
            }
            Target::Check {
                label,
                row,
                occurrence,
            } => {
                let value =
                    match find_box(&secs, &tables, &paras, label, row.as_deref(), *occurrence)? {
                        CheckBox::Glyph(pi, span) => paras[pi].2.text[span].to_string(),
                        CheckBox::Button(_, b) => if button(b).1 { "☑" } else { "☐" }.to_string(),
                    };
                out.push(Placed {
                    place: format!("확인란 {label}"),
                    value,
                });
            }
            // A placeholder leaves no trace once filled: its paragraph is checked by the file's hash.
            Target::Placeholder(_) => {}
        }
    }
    // The rows after the single places, as `fill` reports them.
    for r in &plan.rows {
        rows::read(&tables, r, &mut out)?;
    }
    Ok(out)
}

/// The form's text: one line per paragraph, a table's cells one line each.
pub(crate) fn text(p: &Package) -> Result<String, Error> {
    let secs = sections(p)?;
    let mut out = String::new();
    for s in &secs {
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
