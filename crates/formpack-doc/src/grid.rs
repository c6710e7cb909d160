//! Resolving `colspan`/`rowspan` into a rectangular grid, shared by every backend.

use crate::{Cell, Table};

/// What occupies one (row, column) position of a table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot<'a> {
    /// The top-left position of a cell.
    Origin(&'a Cell),
    /// A position covered by the cell whose origin is at (row, col).
    Covered {
        /// Row of the covering cell's origin.
        row: usize,
        /// Column of the covering cell's origin.
        col: usize,
    },
    /// A position no cell covers (a short row); backends draw an empty cell.
    Empty,
}

/// The resolved grid: `rows × cols` slots.
#[derive(Debug, Clone)]
pub struct Grid<'a> {
    /// Number of columns.
    pub cols: usize,
    /// One row of `cols` slots per table row.
    pub slots: Vec<Vec<Slot<'a>>>,
}

impl<'a> Grid<'a> {
    /// Place every cell left to right, skipping positions covered by rowspans from above.
    /// Spans that run past the table's edge are clipped; the column count is the number of
    /// widths, or the widest row when that is larger.
    pub fn new(table: &'a Table) -> Self {
        let nrows = table.rows.len();
        let mut cols = table.widths.len();
        let mut slots: Vec<Vec<Slot<'a>>> = vec![Vec::new(); nrows];
        for (r, row) in table.rows.iter().enumerate() {
            let mut c = 0;
            for cell in &row.cells {
                while matches!(slots[r].get(c), Some(Slot::Covered { .. })) {
                    c += 1;
                }
                let colspan = cell.colspan.max(1);
                let rowspan = cell.rowspan.max(1).min(nrows - r);
                for (rr, line) in slots.iter_mut().enumerate().skip(r).take(rowspan) {
                    if line.len() < c + colspan {
                        line.resize(c + colspan, Slot::Empty);
                    }
                    for (cc, slot) in line.iter_mut().enumerate().skip(c).take(colspan) {
                        *slot = if rr == r && cc == c {
                            Slot::Origin(cell)
                        } else {
                            Slot::Covered { row: r, col: c }
                        };
                    }
                }
                c += colspan;
            }
            cols = cols.max(slots[r].len());
        }
        for line in &mut slots {
            line.resize(cols, Slot::Empty);
        }
        Grid { cols, slots }
    }

    /// The (colspan, rowspan) a cell at its origin actually takes after clipping.
    pub fn span(&self, row: usize, col: usize) -> (usize, usize) {
        let mut w = 1;
        while col + w < self.cols
            && matches!(self.slots[row][col + w], Slot::Covered { row: r, col: c } if r == row && c == col)
        {
            w += 1;
        }
        let mut h = 1;
        while row + h < self.slots.len()
            && matches!(self.slots[row + h][col], Slot::Covered { row: r, col: c } if r == row && c == col)
        {
            h += 1;
        }
        (w, h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Paragraph, Row};

    fn cell(t: &str, colspan: usize, rowspan: usize) -> Cell {
        Cell {
            paragraphs: vec![Paragraph::plain(t)],
            colspan,
            rowspan,
            ..Cell::default()
        }
    }

    #[test]
    fn rowspan_and_colspan_resolve() {
        // | A (2 rows) | B  C (colspan 2) |
        // |            | D | E           |
        let t = Table {
            widths: vec![1.0, 1.0, 1.0],
            rows: vec![
                Row {
                    cells: vec![cell("A", 1, 2), cell("BC", 2, 1)],
                    ..Default::default()
                },
                Row {
                    cells: vec![cell("D", 1, 1), cell("E", 1, 1)],
                    ..Default::default()
                },
            ],
            ..Table::default()
        };
        let g = t.grid();
        assert_eq!(g.cols, 3);
        assert!(matches!(g.slots[0][0], Slot::Origin(c) if c.text() == "A"));
        assert!(matches!(g.slots[0][1], Slot::Origin(c) if c.text() == "BC"));
        assert_eq!(g.slots[0][2], Slot::Covered { row: 0, col: 1 });
        assert_eq!(g.slots[1][0], Slot::Covered { row: 0, col: 0 });
        assert!(matches!(g.slots[1][1], Slot::Origin(c) if c.text() == "D"));
        assert!(matches!(g.slots[1][2], Slot::Origin(c) if c.text() == "E"));
        assert_eq!(g.span(0, 0), (1, 2));
        assert_eq!(g.span(0, 1), (2, 1));
    }

    #[test]
    fn overlong_rowspan_is_clipped_and_short_rows_padded() {
        let t = Table {
            widths: vec![1.0, 1.0],
            rows: vec![Row {
                cells: vec![cell("A", 1, 5)],
                ..Default::default()
            }],
            ..Table::default()
        };
        let g = t.grid();
        assert_eq!(g.span(0, 0), (1, 1));
        assert_eq!(g.slots[0][1], Slot::Empty);
    }
}
