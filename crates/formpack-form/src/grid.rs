//! Tables as grids, whatever the format: which cell covers a position, which cell holds a
//! label, and what is right of or below it.

use roxmltree::Node;

use crate::error::{listing, Error, ErrorKind};
use crate::plan::{Direction, LabelInfo, TableInfo};
use crate::xml::normalize;

/// A cell: its element, its place in the grid (0-based) and its text.
#[derive(Debug, Clone)]
pub(crate) struct Cell<'a, 'i> {
    pub node: Node<'a, 'i>,
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub text: String,
}

/// A table: which part it is in, its element, its rows' elements and its cells.
#[derive(Debug, Clone)]
pub(crate) struct Table<'a, 'i> {
    pub part: usize,
    pub node: Node<'a, 'i>,
    pub rows: Vec<Node<'a, 'i>>,
    pub cells: Vec<Cell<'a, 'i>>,
}

impl<'a, 'i> Table<'a, 'i> {
    /// The number of grid columns.
    pub(crate) fn cols(&self) -> usize {
        self.cells
            .iter()
            .map(|c| c.col + c.colspan)
            .max()
            .unwrap_or(0)
    }

    /// The cell covering grid position (row, col).
    pub(crate) fn at(&self, row: usize, col: usize) -> Option<usize> {
        self.cells.iter().position(|c| {
            c.row <= row && row < c.row + c.rowspan && c.col <= col && col < c.col + c.colspan
        })
    }

    /// The cell beside cell `i`.
    pub(crate) fn beside(&self, i: usize, d: Direction) -> Option<usize> {
        let c = &self.cells[i];
        match d {
            Direction::Right => self.at(c.row, c.col + c.colspan),
            Direction::Below => self.at(c.row + c.rowspan, c.col),
        }
    }
}

/// Where a cell is, in words: `표 2 3행 1열`.
pub(crate) fn place(t: usize, c: &Cell) -> String {
    format!("표 {} {}행 {}열", t + 1, c.row + 1, c.col + 1)
}

/// Every cell whose text is `label` (spaces ignored): (table, cell).
fn matches(tables: &[Table], label: &str) -> Vec<(usize, usize)> {
    let want = normalize(label);
    let mut out = Vec::new();
    for (t, table) in tables.iter().enumerate() {
        for (i, c) in table.cells.iter().enumerate() {
            if !want.is_empty() && normalize(&c.text) == want {
                out.push((t, i));
            }
        }
    }
    out
}

/// The short texts of every table's cells: what a map could name as a label.
pub(crate) fn label_texts(tables: &[Table]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in tables.iter().flat_map(|t| &t.cells) {
        let t = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() && t.chars().count() <= 24 && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// The cell holding `label`, the `occurrence`-th (1-based) when it repeats.
pub(crate) fn find(
    tables: &[Table],
    label: &str,
    occurrence: Option<usize>,
    what: &str,
) -> Result<(usize, usize), Error> {
    let found = matches(tables, label);
    if found.is_empty() {
        return Err(Error::new(
            ErrorKind::Missing,
            format!(
                "{what} '{label}'인 칸이 서식에 없습니다. 서식의 표에 있는 글: {}",
                listing(&label_texts(tables), 40)
            ),
        ));
    }
    match occurrence {
        Some(k) if k >= 1 && k <= found.len() => Ok(found[k - 1]),
        Some(k) => Err(Error::new(
            ErrorKind::Missing,
            format!(
                "{what} '{label}'은(는) 서식에 {}번 있습니다: occurrence = {k}인 것이 없습니다",
                found.len()
            ),
        )),
        None if found.len() == 1 => Ok(found[0]),
        None => {
            let places: Vec<String> = found
                .iter()
                .map(|&(t, i)| place(t, &tables[t].cells[i]))
                .collect();
            Err(Error::new(
                ErrorKind::Ambiguous,
                format!(
                    "{what} '{label}'이(가) 서식에 {}번 있습니다 ({}): occurrence = 1 처럼 몇 번째인지 적으십시오",
                    found.len(),
                    places.join(", ")
                ),
            ))
        }
    }
}

/// The cell beside the cell holding `label`.
pub(crate) fn beside_label(
    tables: &[Table],
    label: &str,
    d: Direction,
    occurrence: Option<usize>,
) -> Result<(usize, usize), Error> {
    let (t, i) = find(tables, label, occurrence, "이름표")?;
    let side = match d {
        Direction::Right => "오른쪽",
        Direction::Below => "아래",
    };
    tables[t].beside(i, d).map(|j| (t, j)).ok_or_else(|| {
        Error::new(
            ErrorKind::Missing,
            format!(
                "이름표 '{label}'({}) {side}에 칸이 없습니다: direction을 바꾸십시오",
                place(t, &tables[t].cells[i])
            ),
        )
    })
}

/// What `inspect` shows of each table.
pub(crate) fn infos(tables: &[Table]) -> Vec<TableInfo> {
    tables
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let blank = |j: Option<usize>| j.is_some_and(|j| t.cells[j].text.trim().is_empty());
            let labels = (0..t.cells.len())
                .filter(|&i| !t.cells[i].text.trim().is_empty())
                .map(|i| {
                    let c = &t.cells[i];
                    LabelInfo {
                        text: c.text.trim().to_string(),
                        row: c.row + 1,
                        col: c.col + 1,
                        right_blank: blank(t.beside(i, Direction::Right)),
                        below_blank: blank(t.beside(i, Direction::Below)),
                    }
                })
                .collect();
            TableInfo {
                index: k + 1,
                rows: t.rows.len(),
                cols: t.cols(),
                labels,
            }
        })
        .collect()
}
