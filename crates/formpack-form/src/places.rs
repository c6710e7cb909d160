//! What the HWPX and DOCX fillers decide alike: a value spread over a name's places, the one
//! place an `occurrence` picks, and whether a place is in the table row a check names.

use roxmltree::Node;

use crate::error::{listing, plan, Error, ErrorKind};
use crate::grid::{self, Table};
use crate::plan::{DropRows, Rows, Value};
use crate::xml::{self, normalize};

/// A value for each of `count` places: one text for all, or a list with one item each.
pub(crate) fn spread(v: &Value, count: usize, name: &str) -> Result<Vec<String>, Error> {
    match v {
        Value::One(s) => Ok(vec![s.clone(); count]),
        Value::Each(list) if list.len() == count => Ok(list.clone()),
        Value::Each(list) => Err(plan(format!(
            "'{name}'은(는) 서식에 {count}곳 있는데 값은 {}개입니다: 목록의 길이를 맞추거나 값 하나를 쓰십시오",
            list.len()
        ))),
        Value::Check(_) => Err(plan(format!(
            "'{name}'에는 글을 채웁니다: 참/거짓은 확인란(checks)에만 씁니다"
        ))),
    }
}

/// The `occurrence`-th of `found`, or the only one; `all` lists the form's boxes for a message.
pub(crate) fn pick<T>(
    mut found: Vec<T>,
    occurrence: Option<usize>,
    what: &str,
    all: &[String],
) -> Result<T, Error> {
    let n = found.len();
    match (n, occurrence) {
        (0, _) => Err(Error::new(
            ErrorKind::Missing,
            format!(
                "{what}이(가) 서식에 없습니다. 서식의 확인란: {}",
                listing(all, 30)
            ),
        )),
        (1, None) => Ok(found.remove(0)),
        (_, None) => Err(Error::new(
            ErrorKind::Ambiguous,
            format!(
                "{what}이(가) 서식에 {n}번 있습니다: occurrence 나 row 로 어느 것인지 적으십시오"
            ),
        )),
        (_, Some(k)) if k >= 1 && k <= n => Ok(found.remove(k - 1)),
        (_, Some(k)) => Err(Error::new(
            ErrorKind::Missing,
            format!("{what}은(는) {n}번 있습니다: occurrence = {k}인 것이 없습니다"),
        )),
    }
}

/// `n` stands in a table row holding a cell whose text contains `row` (spaces ignored); any
/// place does when no row is named.
pub(crate) fn in_row(tables: &[Table], n: Node, row: Option<&str>) -> bool {
    let Some(row) = row else { return true };
    let Some(tr) = xml::ancestor(n, "tr") else {
        return false;
    };
    let want = normalize(row);
    tables
        .iter()
        .flat_map(|t| &t.cells)
        .any(|c| xml::ancestor(c.node, "tr") == Some(tr) && normalize(&c.text).contains(&want))
}

/// Words of a total row, which sample-row removal stops at.
const TOTALS: [&str; 5] = ["합계", "소계", "계", "총계", "누계"];

/// The table a `[[rows]]` entry names, and the 0-based first row of the block to repeat.
pub(crate) fn locate(tables: &[Table], r: &Rows) -> Result<(usize, usize), Error> {
    let (t, i) = grid::find(tables, &r.table, r.occurrence, "표 머리글")?;
    let table = &tables[t];
    let c = &table.cells[i];
    let first = match r.row {
        Some(0) => return Err(plan("row는 1부터 셉니다")),
        Some(n) => n - 1,
        None => c.row + c.rowspan,
    };
    let block = r.block.max(1);
    if first + block > table.rows.len() {
        return Err(plan(format!(
            "표 '{}'에는 {}행이 없습니다 (표는 {}행): row를 고치십시오",
            r.table,
            first + block,
            table.rows.len()
        )));
    }
    Ok((t, first))
}

/// The row's first non-blank cell says 합계, 소계, 계, 총계 or 누계.
fn is_total(table: &Table, row: usize) -> bool {
    table
        .cells
        .iter()
        .filter(|c| c.row == row)
        .map(|c| normalize(&c.text))
        .find(|t| !t.is_empty())
        .is_some_and(|t| TOTALS.contains(&t.as_str()))
}

/// How many sample rows follow the block; `alike(a, b)` says rows a and b are laid out alike.
pub(crate) fn samples(
    table: &Table,
    first: usize,
    block: usize,
    drop: DropRows,
    alike: impl Fn(usize, usize) -> bool,
) -> Result<usize, Error> {
    let after = first + block;
    match drop {
        DropRows::None => Ok(0),
        DropRows::Count(n) if after + n <= table.rows.len() => Ok(n),
        DropRows::Count(n) => Err(plan(format!(
            "지울 예시 행 {n}개가 표에 없습니다 (반복할 행 아래에 {}행)",
            table.rows.len() - after
        ))),
        DropRows::Alike => {
            let mut n = 0;
            while after + n + block <= table.rows.len() {
                let same = (0..block).all(|k| alike(after + n + k, first + k));
                if !same || (0..block).any(|k| is_total(table, after + n + k)) {
                    break;
                }
                n += block;
            }
            Ok(n)
        }
    }
}
