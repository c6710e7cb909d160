//! The signature block: the date line, a borderless table of parties (one under another, or
//! two to a row when there are many), the addressee. The date keeps with the table; a table
//! of two parties a row may break between rows (`pageBreak="CELL"`), never inside a party.

use formpack_doc::{Align, Face, Party, Signature, VAlign};

use super::{fit, invisible_row, positive, Cell, Look, Paragraph, Place, Run, Table, Writer};
use crate::header::{LineSpacing, ParaShape, BF_INVISIBLE};
use crate::style;
use crate::units::{char_height, column_widths, hwp, pt};
use crate::Error;

const SIZE: f32 = style::SIGNATURE_SIZE;

/// A cell paragraph's shape: `after` mm below, kept with the next paragraph when `keep`.
fn cell_shape(after: f32, keep: bool) -> ParaShape {
    ParaShape {
        after: hwp(after),
        keep_next: keep,
        keep_lines: true,
        ..ParaShape::plain(LineSpacing::Percent(style::CELL_LINE))
    }
}

/// Height of one party line in a cell, HWPUNIT.
fn line_h() -> i64 {
    pt(SIZE) * i64::from(style::CELL_LINE) / 100
}

impl Writer<'_> {
    /// Date line, the parties' table, addressee.
    pub(super) fn signature(&mut self, sig: &Signature) -> Result<Vec<Paragraph>, Error> {
        let date_shape = ParaShape {
            before: hwp(self.spacing.signature_before),
            after: hwp(self.spacing.date_after),
            keep_next: true,
            keep_lines: true,
            ..ParaShape::plain(LineSpacing::Percent(self.body_line()))
        };
        let mut out = vec![self.sig_line(&sig.date, Face::Serif, Align::Center, date_shape)];
        if !sig.parties.is_empty() {
            let t = if sig.columns() == 2 {
                self.two_columns(sig)?
            } else {
                self.single_column(sig)?
            };
            let mut anchor = self.table_paragraph(t);
            anchor.para_pr = self.shapes.para(ParaShape {
                keep_next: !sig.addressee.is_empty(),
                ..ParaShape::plain(LineSpacing::Percent(100))
            });
            out.push(anchor);
        }
        if !sig.addressee.is_empty() {
            let shape = ParaShape {
                before: hwp(self.spacing.addressee_before),
                keep_lines: true,
                ..ParaShape::plain(LineSpacing::Percent(self.body_line()))
            };
            let look = Look {
                size: style::ADDRESSEE_SIZE,
                face: Face::Sans,
                bold: true,
                color: style::TEXT_COLOR,
            };
            out.push(self.line(&sig.addressee, look, Align::Left, shape));
        }
        Ok(out)
    }

    fn sig_line(&mut self, text: &str, face: Face, align: Align, shape: ParaShape) -> Paragraph {
        let look = Look {
            size: SIZE,
            face,
            bold: false,
            color: style::TEXT_COLOR,
        };
        self.line(text, look, align, shape)
    }

    /// A borderless table of `rows`, kept whole unless `split`.
    fn sig_table(
        &self,
        (rel, rows, heights): (&[f32], Vec<Vec<Cell>>, Vec<i64>),
        split: bool,
    ) -> Table {
        Table {
            widths: column_widths(rel, rel.len(), self.page.content_w),
            row_heights: heights,
            rows,
            header_rows: 0,
            border_fill: BF_INVISIBLE,
            pad_x: hwp(style::CELL_PAD_X_MM),
            pad_y: 0,
            inline: false,
            split,
            place: Place::LEFT,
            out_margin: [0, 0],
        }
    }

    /// Parties one under another (blank, label, name, mark), an empty row between two: the
    /// table is kept whole, so it stays with the date.
    fn single_column(&mut self, sig: &Signature) -> Result<Table, Error> {
        let (mut rows, mut heights) = (Vec::new(), Vec::new());
        for (i, party) in sig.parties.iter().enumerate() {
            if !party.caption.is_empty() || !party.org.is_empty() {
                let after = style::SIGNATURE_CAPTION_AFTER_MM;
                let s = cell_shape(after, true);
                let cells = vec![
                    (0, 1, self.sig_line("", Face::Serif, Align::Left, s)),
                    (
                        1,
                        1,
                        self.sig_line(&party.caption, Face::Sans, Align::Left, s),
                    ),
                    (2, 2, self.sig_line(&party.org, Face::Serif, Align::Left, s)),
                ];
                rows.push(invisible_row(cells));
                heights.push(line_h() + hwp(after));
            }
            let s = cell_shape(0.0, true);
            let (mark, row_h) = self.mark(party, s)?;
            let cells = vec![
                (0, 1, self.sig_line("", Face::Serif, Align::Left, s)),
                (
                    1,
                    1,
                    self.sig_line(&party.title, Face::Sans, Align::Left, s),
                ),
                (
                    2,
                    1,
                    self.sig_line(&party.name, Face::Serif, Align::Left, s),
                ),
                (3, 1, mark),
            ];
            rows.push(invisible_row(cells));
            heights.push(row_h);
            if i + 1 < sig.parties.len() {
                // The gap between two parties: an empty row of fixed height.
                let gap = self.spacing.party_gap;
                let mut p = self.spacer(gap);
                p.para_pr = self.shapes.para(ParaShape {
                    keep_next: true,
                    keep_lines: true,
                    ..ParaShape::plain(LineSpacing::Fixed(hwp(gap)))
                });
                rows.push(invisible_row(vec![(0, 4, p)]));
                heights.push(hwp(gap));
            }
        }
        Ok(self.sig_table((&style::SIGNATURE_COLUMNS, rows, heights), false))
    }

    /// The mark's paragraph (centred, the seal over it) and the height of its row: as tall
    /// as the seal, so the seal fits inside its cell and is still centred on the mark.
    fn mark(&mut self, party: &Party, s: ParaShape) -> Result<(Paragraph, i64), Error> {
        let mut mark = self.sig_line(&party.mark, Face::Serif, Align::Center, s);
        let mut row_h = line_h();
        if let Some(seal) = &party.seal {
            let (xml, h) = self.seal(seal)?;
            mark.runs.insert(
                0,
                Run::Raw {
                    char_pr: mark.empty_char,
                    xml,
                    then_empty_text: false,
                },
            );
            row_h = row_h.max(h);
        }
        Ok((mark, row_h))
    }

    /// A seal's picture, centred on the middle of the mark's line, and its height.
    fn seal(&mut self, seal: &formpack_doc::Image) -> Result<(String, i64), Error> {
        let (w, h) = if positive(seal.width, 0.0) > 0.0 && positive(seal.height, 0.0) > 0.0 {
            fit(
                seal.width,
                seal.height,
                style::SEAL_MAX_MM,
                style::SEAL_MAX_MM,
            )
        } else {
            (style::SEAL_DEFAULT_MM, style::SEAL_DEFAULT_MM)
        };
        let dy = (hwp(style::SEAL_LINE_MM) - hwp(h)) / 2;
        Ok((self.picture(seal, w, h, Some(dy))?, hwp(h)))
    }

    /// Parties two to a row, each as two cells (its lines, its mark); the table breaks
    /// between rows only.
    fn two_columns(&mut self, sig: &Signature) -> Result<Table, Error> {
        let (mut rows, mut heights) = (Vec::new(), Vec::new());
        let count = sig.rows().count();
        for (i, pair) in sig.rows().enumerate() {
            let after = if i + 1 < count {
                self.spacing.party_gap
            } else {
                0.0
            };
            let (mut row, mut row_h) = (Vec::new(), 0);
            for c in 0..2 {
                let (cells, h) = self.party_cells(pair.get(c), 2 * c, after)?;
                row.extend(cells);
                row_h = row_h.max(h);
            }
            rows.push(row);
            heights.push(row_h);
        }
        Ok(self.sig_table((&style::SIGNATURE_COLUMNS_TWO, rows, heights), true))
    }

    /// One party's cells from column `col`: its two lines (caption and institution; title
    /// and name), then its mark with the seal, both at the cells' foot so the mark stands on
    /// the name's line; and their height.
    fn party_cells(
        &mut self,
        p: Option<&Party>,
        col: usize,
        after: f32,
    ) -> Result<(Vec<Cell>, i64), Error> {
        let gap = style::SIGNATURE_CAPTION_AFTER_MM;
        let blank = Party::default();
        let p = p.unwrap_or(&blank);
        let first = self.pair(&p.caption, &p.org, cell_shape(gap, true));
        let second = self.pair(&p.title, &p.name, cell_shape(after, false));
        let (mark, mark_h) = self.mark(p, cell_shape(after, false))?;
        let text_h = 2 * line_h() + hwp(gap);
        let cell = |col, paragraphs| Cell {
            col,
            colspan: 1,
            rowspan: 1,
            border_fill: BF_INVISIBLE,
            valign: VAlign::Bottom,
            paragraphs,
            margin: None,
        };
        let cells = vec![cell(col, vec![first, second]), cell(col + 1, vec![mark])];
        Ok((cells, text_h.max(mark_h) + hwp(after)))
    }

    /// A label in 고딕 and its value in 명조, two spaces apart (either may be empty).
    fn pair(&mut self, label: &str, value: &str, shape: ParaShape) -> Paragraph {
        let mut p = self.sig_line(label, Face::Sans, Align::Left, shape);
        if !value.is_empty() {
            let char_pr = self.char(char_height(SIZE), Face::Serif, false, false);
            let text = if label.is_empty() {
                value.to_string()
            } else {
                format!("  {value}")
            };
            p.runs.push(Run::Text { char_pr, text });
        }
        p
    }
}
