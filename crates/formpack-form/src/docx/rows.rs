//! Repeated rows: a `w:tr` (or block of rows) cloned once per item with its borders,
//! shading and character shapes; the form's sample rows removed when asked. A vertical merge
//! crossing the rows (`w:vMerge` restart above, continue in the repeated row) grows with the
//! clones of its continuation cells; a merge that starts in the repeated rows and goes on
//! below them is refused. Bookmarks in the clones after the first are dropped, so each name
//! stays unique.

use super::{shown, Shape, Work};
use crate::error::{plan, unsupported, Error};
use crate::grid::{self, Table};
use crate::plan::{Placed, Rows};
use crate::splice::Splices;
use crate::xml::local;

/// Repeat the block once per item of `r`.
pub(crate) fn repeat<'a, 'i>(
    w: &mut Work<'a, 'i>,
    tables: &[Table<'a, 'i>],
    shapes: &[Shape<'a, 'i>],
    r: &Rows,
) -> Result<(), Error> {
    let (t, first) = crate::places::locate(tables, r)?;
    let (table, shape) = (&tables[t], &shapes[t]);
    let block = r.block.max(1);
    let alike = |a: usize, b: usize| shape.layout[a] == shape.layout[b];
    let dropped = crate::places::samples(table, first, block, r.drop_sample_rows, alike)?;
    let removed = block + dropped;
    let last = first + removed;
    let k = table.part;
    let src = w.parts[k].src;
    let cells: Vec<usize> = (0..table.cells.len())
        .filter(|&i| (first..first + block).contains(&table.cells[i].row))
        .collect();
    for (i, c) in table.cells.iter().enumerate() {
        let ends = c.row + c.rowspan;
        let in_block = cells.contains(&i);
        if in_block && ends > first + block {
            return Err(unsupported(format!(
                "표 '{}'의 반복할 행이 아래 행과 병합되어 있습니다 ({}): block으로 병합된 행을 함께 반복하십시오",
                r.table,
                grid::place(0, c).replacen("표 1 ", "", 1)
            )));
        }
        if c.row >= first + block && c.row < last && ends > last {
            return Err(unsupported(format!(
                "표 '{}'에서 지울 예시 행의 병합이 그 아래 행까지 이어집니다 ({}): drop_sample_rows를 고치십시오",
                r.table,
                grid::place(0, c).replacen("표 1 ", "", 1)
            )));
        }
        if c.row < first && ends > first && ends < last {
            return Err(unsupported(format!(
                "표 '{}'에서 위 칸의 병합이 반복할 행이나 지울 예시 행의 중간에서 끝납니다: row나 drop_sample_rows를 고치십시오",
                r.table
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
    if r.items.is_empty() && removed == table.rows.len() {
        return Err(unsupported(format!(
            "표 '{}'의 행이 모두 지워집니다",
            r.table
        )));
    }
    let region = table.rows[first].range().start..table.rows[last - 1].range().end;
    let range = table.rows[first].range().start..table.rows[first + block - 1].range().end;
    let mut text = String::new();
    for (n, item) in r.items.iter().enumerate() {
        let mut s = Splices::default();
        for (k, (&i, value)) in cells.iter().zip(item).enumerate() {
            let c = &table.cells[i];
            let place = format!("표 '{}' {}번째 항목 {}번째 칸", r.table, n + 1, k + 1);
            super::cell::set_text(src, c.node, value, &place, None, &mut s, &mut w.warnings)?;
            w.placed.push(Placed {
                place,
                value: value.clone(),
            });
        }
        if n > 0 {
            for row in &table.rows[first..first + block] {
                for d in row
                    .descendants()
                    .filter(|d| matches!(local(*d), "bookmarkStart" | "bookmarkEnd"))
                {
                    s.remove_weak(d.range());
                }
            }
        }
        text.push_str(&s.apply_within(src, range.clone())?);
    }
    w.edits[k].replace(region.clone(), text);
    w.taken.push((k, region));
    Ok(())
}

/// What the items' rows hold now: the rows from the block's first, as many as the items.
pub(crate) fn read(tables: &[Table], r: &Rows, out: &mut Vec<Placed>) -> Result<(), Error> {
    let (t, first) = crate::places::locate(tables, r)?;
    let table = &tables[t];
    let block = r.block.max(1);
    for n in 0..r.items.len() {
        let rows = first + n * block..first + (n + 1) * block;
        for (k, c) in table
            .cells
            .iter()
            .filter(|c| rows.contains(&c.row))
            .enumerate()
        {
            out.push(Placed {
                place: format!("표 '{}' {}번째 항목 {}번째 칸", r.table, n + 1, k + 1),
                value: shown(&c.text),
            });
        }
    }
    Ok(())
}
