//! Repeated rows: a row (or block of rows) of a table cloned once per item with its borders,
//! shading and character shapes; the form's sample rows removed when asked; the rows below
//! renumbered (`cellAddr@rowAddr`), merges crossing the rows lengthened (`cellSpan@rowSpan`),
//! and the table's `rowCnt` and height updated.

use roxmltree::Node;

use super::Work;
use crate::error::{plan, unsupported, Error};
use crate::grid::{self, Table};
use crate::plan::{Placed, Rows};
use crate::splice::Splices;
use crate::xml::{self, kid, kids, num, with_attr};

/// The table, and the 0-based first row of the block to repeat.
fn locate<'t, 'a, 'i>(
    tables: &'t [Table<'a, 'i>],
    r: &Rows,
) -> Result<(&'t Table<'a, 'i>, usize), Error> {
    let (t, first) = crate::places::locate(tables, r)?;
    Ok((&tables[t], first))
}

/// The layout of a row: each cell's (column, column span, row span).
fn layout(table: &Table, row: usize) -> Vec<(usize, usize, usize)> {
    table
        .cells
        .iter()
        .filter(|c| c.row == row)
        .map(|c| (c.col, c.colspan, c.rowspan))
        .collect()
}

/// Repeat the block once per item of `r`.
pub(crate) fn repeat<'a, 'i>(
    w: &mut Work<'a, 'i>,
    tables: &[Table<'a, 'i>],
    r: &Rows,
) -> Result<(), Error> {
    let (table, first) = locate(tables, r)?;
    let block = r.block.max(1);
    let alike = |a: usize, b: usize| layout(table, a) == layout(table, b);
    let dropped = crate::places::samples(table, first, block, r.drop_sample_rows, alike)?;
    let removed = block + dropped;
    let last = first + removed;
    let k = table.part;
    let src = w.secs[k].src;
    let cells: Vec<usize> = (0..table.cells.len())
        .filter(|&i| (first..first + block).contains(&table.cells[i].row))
        .collect();
    for &i in &cells {
        let c = &table.cells[i];
        if c.row + c.rowspan > first + block {
            return Err(unsupported(format!(
                "표 '{}'의 반복할 행이 아래 행과 병합되어 있습니다 ({}): block으로 병합된 행을 함께 반복하십시오",
                r.table,
                grid::place(0, c).replacen("표 1 ", "", 1)
            )));
        }
    }
    for (n, item) in r.items.iter().enumerate() {
        if item.len() != cells.len() {
            return Err(plan(format!(
                "표 '{}'의 반복할 행에는 칸이 {}개인데 {}번째 항목의 값은 {}개입니다: cells의 개수를 맞추십시오",
                r.table,
                cells.len(),
                n + 1,
                item.len()
            )));
        }
    }
    let added = r.items.len() * block;
    if added == 0 && removed == table.rows.len() {
        return Err(unsupported(format!(
            "표 '{}'의 행이 모두 지워집니다",
            r.table
        )));
    }
    let delta = added as i64 - removed as i64;
    let region = table.rows[first].range().start..table.rows[last - 1].range().end;

    // The items' rows.
    let mut text = String::new();
    for (n, item) in r.items.iter().enumerate() {
        let mut s = Splices::default();
        let mut changed = Vec::new();
        for (k, (&i, value)) in cells.iter().zip(item).enumerate() {
            let c = &table.cells[i];
            let place = format!("표 '{}' {}번째 항목 {}번째 칸", r.table, n + 1, k + 1);
            super::cell::set_text(src, c.node, value, &place, &mut s, &mut changed)?;
            if let Some(addr) = kid(c.node, "cellAddr") {
                let tag = xml::start_tag(src, addr);
                let row = first + n * block + (c.row - first);
                s.replace(
                    tag.clone(),
                    with_attr(&src[tag], "rowAddr", &row.to_string()),
                );
            }
            w.note_overflow(k, c.node, value, &place);
            w.placed.push(Placed {
                place,
                value: value.clone(),
            });
        }
        for row in &table.rows[first..first + block] {
            for seg in row
                .descendants()
                .filter(|d| xml::local(*d) == "linesegarray")
            {
                s.remove_weak(seg.range());
            }
        }
        let range = table.rows[first].range().start..table.rows[first + block - 1].range().end;
        text.push_str(&s.apply_within(src, range)?);
    }
    w.edits[k].replace(region.clone(), text);
    w.taken.push((k, region));

    // Below the rows: addresses move; merges crossing them grow; the table's size.
    for c in &table.cells {
        if c.row >= last {
            if let Some(addr) = kid(c.node, "cellAddr") {
                let tag = xml::start_tag(src, addr);
                let row = (c.row as i64 + delta).to_string();
                w.edits[k].replace(tag.clone(), with_attr(&src[tag], "rowAddr", &row));
            }
        } else if c.row < first && c.row + c.rowspan > first {
            if c.row + c.rowspan < last {
                return Err(unsupported(format!(
                    "표 '{}'에서 위 칸의 병합이 지울 예시 행의 중간에서 끝납니다: drop_sample_rows를 고치십시오",
                    r.table
                )));
            }
            if let Some(span) = kid(c.node, "cellSpan") {
                let tag = xml::start_tag(src, span);
                let rows = (c.rowspan as i64 + delta).max(1).to_string();
                w.edits[k].replace(tag.clone(), with_attr(&src[tag], "rowSpan", &rows));
            }
        }
    }
    resize_table(w, table, first, block, removed, r.items.len(), delta)?;
    if let Some(host) = xml::ancestor(table.node, "p") {
        w.changed.push((k, host));
    }
    Ok(())
}

/// A row's height as 한글 last laid it out (HWPUNIT): its tallest single-row cell, the saved
/// cell height or the text's saved line layout plus the cell's margins, whichever is more.
/// With `one_line`, as if each cell held one line (what a new item's row is, roughly).
fn row_height(table: &Table, row: usize, one_line: bool) -> i64 {
    table
        .cells
        .iter()
        .filter(|c| c.row == row && c.rowspan == 1)
        .map(|c| {
            let saved = kid(c.node, "cellSz").map_or(0, |s| num(s, "height", 0) as i64);
            let text = c
                .node
                .descendants()
                .filter(|d| xml::local(*d) == "lineseg")
                .map(|l| {
                    let top = if one_line { 0 } else { num(l, "vertpos", 0) };
                    (top + num(l, "vertsize", 0)) as i64
                })
                .max()
                .unwrap_or(0);
            let margins = kid(c.node, "cellMargin")
                .map_or(282, |m| (num(m, "top", 141) + num(m, "bottom", 141)) as i64);
            saved.max(text + margins)
        })
        .max()
        .unwrap_or(0)
}

fn resize_table<'a, 'i>(
    w: &mut Work<'a, 'i>,
    table: &Table<'a, 'i>,
    first: usize,
    block: usize,
    removed: usize,
    items: usize,
    delta: i64,
) -> Result<(), Error> {
    let k = table.part;
    let src = w.secs[k].src;
    let tag = xml::start_tag(src, table.node);
    let rows = (table.rows.len() as i64 + delta).to_string();
    w.edits[k].replace(tag.clone(), with_attr(&src[tag], "rowCnt", &rows));
    let block_h: i64 = (first..first + block)
        .map(|r| row_height(table, r, true))
        .sum();
    let removed_h: i64 = (first..first + removed)
        .map(|r| row_height(table, r, false))
        .sum();
    // Keyed below every other row: a block's growth is counted once.
    w.add_height(k, table.node, block_h * items as i64 - removed_h);
    Ok(())
}

/// What the items' rows hold now: the rows after the block's first, as many as the items.
pub(crate) fn read(tables: &[Table], r: &Rows, out: &mut Vec<Placed>) -> Result<(), Error> {
    let (table, first) = locate(tables, r)?;
    let block = r.block.max(1);
    for n in 0..r.items.len() {
        let rows = first + n * block..first + (n + 1) * block;
        let cells: Vec<&crate::grid::Cell> = table
            .cells
            .iter()
            .filter(|c| rows.contains(&c.row))
            .collect();
        for (k, c) in cells.into_iter().enumerate() {
            out.push(Placed {
                place: format!("표 '{}' {}번째 항목 {}번째 칸", r.table, n + 1, k + 1),
                value: c.text.clone(),
            });
        }
    }
    let _ = kids;
    let _: Option<Node> = None;
    Ok(())
}
