//! What the HWPX and DOCX fillers decide alike: a value spread over a name's places, the one
//! place an `occurrence` picks, and whether a place is in the table row a check names.

use roxmltree::Node;

use crate::error::{listing, plan, Error, ErrorKind};
use crate::grid::Table;
use crate::plan::Value;
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
