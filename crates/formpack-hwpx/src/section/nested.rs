//! Tables inside cells (a form's 표 안의 표), each in a paragraph of the cell's own that
//! holds it as a character (`treatAsChar`), as 한글 writes them; and the space the model
//! asks around a table, as the table's outer margin.

use formpack_doc::{self as model, Align};

use super::{Ctx, Paragraph, Place, Run, Table, Writer};
use crate::header::{LineSpacing, ParaShape};
use crate::style;
use crate::units::hwp;
use crate::Error;

/// Tables nested deeper than this inside cells are written as text (one paragraph per
/// row), as the readers read them: a bound on the writer's recursion.
pub(super) const MAX_NESTING: usize = 8;

/// The least width a nested table without its own gets, millimetres.
pub(super) const MIN_NESTED_WIDTH_MM: f32 = 5.0;

/// A usable space above or below a table, HWPUNIT: finite and not negative.
pub(super) fn table_space(mm: Option<f32>) -> Option<i64> {
    mm.filter(|v| v.is_finite() && *v >= 0.0).map(hwp)
}

/// The height of the tables the paragraphs hold, their outer margins included, HWPUNIT.
pub(super) fn tables_height(paragraphs: &[Paragraph]) -> i64 {
    paragraphs
        .iter()
        .flat_map(|p| &p.runs)
        .map(|r| match r {
            Run::Table { table, .. } => {
                table.row_heights.iter().sum::<i64>() + table.out_margin.iter().sum::<i64>()
            }
            _ => 0,
        })
        .sum()
}

/// A table's rows as lines: each row's cells' text, two spaces apart.
fn rows_text(t: &model::Table) -> Vec<String> {
    t.rows
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .cells
                .iter()
                .map(|c| c.text().replace('\n', " "))
                .collect();
            cells.join("  ")
        })
        .collect()
}

impl Writer<'_> {
    /// A body table in its own paragraph. The model's space above and below it is the
    /// table's outer margin (`table` sets it); the paragraph then adds none after it. Its
    /// rows may break across pages (`pageBreak="CELL"`) whatever `split_rows` says: the
    /// crate has always let every body table's rows break, and `split_rows: false` keeps
    /// that.
    pub(super) fn body_table(&mut self, t: &model::Table) -> Result<Vec<Paragraph>, Error> {
        let Some(built) = self.table(t, self.page.content_w)? else {
            return Ok(Vec::new());
        };
        Ok(match table_space(t.space_after) {
            Some(_) => vec![self.table_paragraph_after(built, 0)],
            None => vec![self.table_paragraph(built)],
        })
    }

    /// A cell's paragraphs with its nested tables and pictures where they stand (at one
    /// place, the tables first, then the pictures, as the PDF lays them out), `inner`
    /// HWPUNIT wide between the cell's margins; `size` is the table's text size.
    pub(super) fn cell_content(
        &mut self,
        cell: &model::Cell,
        ctx: Ctx,
        inner: i64,
        size: f32,
    ) -> Result<Vec<Paragraph>, Error> {
        let count = cell.paragraphs.len();
        let mut out = Vec::new();
        for i in 0..=count {
            for n in cell.nested.iter().filter(|n| n.after.min(count) == i) {
                out.extend(self.nested_table(&n.table, inner, size)?);
            }
            for c in cell.images.iter().filter(|c| c.after.min(count) == i) {
                out.extend(self.cell_picture(&c.image, inner, size)?);
            }
            if let Some(p) = cell.paragraphs.get(i) {
                out.push(self.paragraph(p, ctx));
            }
        }
        Ok(out)
    }

    /// How many lines of text a cell's tables become when they stand too deep to be
    /// tables (one per row), for the estimate of the row's height.
    pub(super) fn text_rows(&self, cell: &model::Cell) -> i64 {
        if self.nesting < MAX_NESTING {
            return 0;
        }
        cell.nested.iter().map(|n| n.table.rows.len() as i64).sum()
    }

    /// A table inside a cell: its paragraph, or its rows as text past [`MAX_NESTING`];
    /// nothing for a table with no cells.
    fn nested_table(
        &mut self,
        t: &model::Table,
        inner: i64,
        size: f32,
    ) -> Result<Vec<Paragraph>, Error> {
        if self.nesting >= MAX_NESTING {
            return Ok(self.table_as_text(t, size));
        }
        self.nesting += 1;
        let built = self.table(t, inner);
        self.nesting -= 1;
        Ok(built?
            .map(|b| vec![self.nested_paragraph(t, b)])
            .unwrap_or_default())
    }

    /// The paragraph holding a nested table as a character, placed by the paragraph's
    /// alignment and left margin. Its rows break across pages (`CELL`) when the model says
    /// so, else it is kept whole (`NONE`, as the crate's other inline tables).
    fn nested_paragraph(&mut self, model: &model::Table, mut t: Table) -> Paragraph {
        t.inline = true;
        t.split = model.split_rows;
        t.place = Place::LEFT;
        let (align, left) = match model.align {
            Align::Left | Align::Justify => (Align::Left, hwp(model.indent)),
            other => (other, 0),
        };
        self.table_paragraph_shaped(
            t,
            ParaShape {
                align,
                left,
                ..ParaShape::plain(LineSpacing::Percent(100))
            },
        )
    }

    /// A table as paragraphs of `size`-point text: one per row.
    fn table_as_text(&mut self, t: &model::Table, size: f32) -> Vec<Paragraph> {
        let ctx = Ctx {
            force_face: None,
            line: style::CELL_LINE,
        };
        rows_text(t)
            .into_iter()
            .map(|text| {
                let p = model::Paragraph {
                    size,
                    space_after: 0.0,
                    ..model::Paragraph::plain(text)
                };
                self.paragraph(&p, ctx)
            })
            .collect()
    }
}
