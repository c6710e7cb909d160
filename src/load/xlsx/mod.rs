//! Reading the Excel workbook (calamine) → [`Consortium`] and the cell of every field. The
//! layout is [`crate::workbook`]'s.
//!
//! # Reading rules
//! - Headers are on row 1 and matched by text, not position. A header may carry a suffix that
//!   is ignored: a second line, a trailing `*`, or a trailing `(…)` (`자본총계 (원)` is
//!   `자본총계`). An unknown header, a header given twice and a missing required column are
//!   `input-parse` errors naming the header cell. Optional columns may be left out.
//! - Rows that are entirely blank are ignored; a cell holding only spaces is blank.
//! - Won cells must hold whole numbers: `1234.5` is an error naming the cell. Text is accepted
//!   when it is a whole number, optionally with correctly placed thousands separators
//!   (`"1,234,000"` → 1234000; `"12,34"` and `"1234원"` are errors), because pasted figures
//!   often arrive as text.
//! - Dates: Excel dates (serial numbers in the 1900 date system, a time part is ignored) and ISO
//!   text `2026-03-09`.
//! - Booleans: `예`/`아니오`, `TRUE`/`FALSE` (text in any case, or Excel booleans).
//! - Every cell (blank or not) of every item is recorded in the [`SourceMap`] under its field
//!   path (`budget[3].local` → `사업비!F5`), so later diagnostics point at the cell to fill.
//! - The model is built as a `serde_json::Value` tree and deserialised into [`Consortium`], so
//!   ids, enums and dates are validated exactly as in the text formats; a serde error is mapped
//!   back to the cell of the field it names.
//! - Sheets with other names are ignored (staff may keep notes in the file). A missing sheet,
//!   or one without even a header row, is an error, except 사업계획: without it, or with
//!   nothing in it, there is no plan.
//! - 사업계획 (`plan`): one row per line of a block. Consecutive rows with the same `평가 항목`
//!   (white space aside) are one section, headed by the first row's text; the same heading
//!   after another starts a new section (`check` reports the repeat). In a section, a `문단`
//!   row is a `text` block, a `소제목` row a `subheading`, consecutive `목록` rows one `bullets`
//!   block and consecutive `표` rows one `table` (its first cell in `내용`, the others in
//!   `표 2열` …; every row padded with `""` to the widest). A row whose `내용` and table cells
//!   are all blank is skipped and ends a list or table. Otherwise a blank `평가 항목`, a `종류`
//!   not in the list, or a table cell on a row that is not `표` is an error at that cell.
//!   Cells are text, a number as typed (`40`). `plan[i].heading` is located at the section's
//!   first `평가 항목` cell, `plan[i].blocks[j]` (and its `.text`, `.table` …) at the `내용`
//!   cell of the block's first row, an item or table row at its own row.
//!
//! The parts: `sheets` walks the layout into a JSON tree, `plan` reads the 사업계획 sheet,
//! `cells` converts one cell by its type, `record` keeps the diagnostics and the source map.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Xlsx};
use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Severity, SourceMap};
use crate::model::Consortium;

mod cells;
mod plan;
mod record;
mod sheets;

pub use cells::serial_to_date;

use record::Record;

/// Read a workbook. See the module documentation for the rules. Every failure is an
/// `input-parse` diagnostic; the cell errors of all sheets are reported together.
pub fn parse(bytes: &[u8], file: &str) -> Result<(Consortium, SourceMap), Vec<Diagnostic>> {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e: calamine::XlsxError| {
        let mut d = super::parse_error(
            file,
            None,
            None,
            None,
            "엑셀 통합문서(.xlsx)로 열 수 없습니다: 파일이 손상되었거나 엑셀 통합문서가 아닙니다. 엑셀에서 열어 ‘Excel 통합 문서(*.xlsx)’로 다시 저장한 뒤 올리십시오".into(),
        );
        d.detail = Some(e.to_string());
        vec![d]
    })?;
    let mut rec = Record::new(file);
    let mut root = sheets::read_all(&mut wb, &mut rec);
    plan::read_into(&mut wb, &mut rec, &mut root);
    if !rec.errors.is_empty() {
        return Err(rec.errors);
    }
    let c = deserialize(root, &rec)?;
    Ok((c, rec.map))
}

/// The tree as the model; a serde error as a diagnostic at the cell of the field it names.
fn deserialize(root: Map<String, Value>, rec: &Record) -> Result<Consortium, Vec<Diagnostic>> {
    serde_path_to_error::deserialize::<_, Consortium>(Value::Object(root)).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let mut field = if path == "." { String::new() } else { path };
        if let Some(rest) = inner.strip_prefix("missing field `") {
            if let Some(name) = rest.split('`').next() {
                field = if field.is_empty() {
                    name.to_string()
                } else {
                    format!("{field}.{name}")
                };
            }
        }
        let loc = rec.map.locate(&field);
        let header = rec.label_suffix(&field);
        let message = match (&loc.sheet, &loc.cell) {
            (Some(s), Some(c)) => format!("{s}!{c}{header}: 값을 읽을 수 없습니다: {inner}"),
            _ => format!("값을 읽을 수 없습니다: {inner}"),
        };
        vec![Diagnostic {
            code: crate::diag::Code::InputParse,
            severity: Severity::Error,
            message,
            location: loc,
            detail: None,
        }]
    })
}
