//! The grid: a format-neutral picture of the workbook's cells, as the [schema](super::schema)
//! lays a model out. The writer ([`crate::save`]) styles and writes it; tests build workbooks
//! from it to feed the reader.

use serde_json::Value;

use super::schema::{Ty, KV_HEADERS, KV_ROWS, PROJECT_SHEET, TABLES};
use crate::model::{Consortium, Date};

/// A cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// No value.
    Empty,
    /// Text.
    Text(String),
    /// A number (whole numbers of the model; Excel stores every number as `f64`).
    Number(f64),
    /// A date.
    Date(Date),
    /// An Excel boolean. The grid of a model writes 예/아니오 as text instead; readers accept
    /// both.
    Bool(bool),
}

/// A sheet: its name and rows of cells (row 0 is the header row).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// The rows, the header row first; a row holds one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The column whose header (row 0) is `header`.
    pub fn column(&self, header: &str) -> Option<usize> {
        self.rows
            .first()?
            .iter()
            .position(|c| matches!(c, Cell::Text(t) if t == header))
    }
}

/// The cells of the workbook for a model, or of a blank workbook for the newest built-in
/// program (`None`).
pub fn grid(c: Option<&Consortium>) -> Vec<Sheet> {
    grid_for(c, &crate::program::Program::default_builtin().id)
}

/// The cells of the workbook for a model, or of a blank workbook (`None`: the schema, the
/// program id `program` and the revision prefilled, everything else empty).
pub fn grid_for(c: Option<&Consortium>, program: &str) -> Vec<Sheet> {
    let root = match c {
        Some(c) => serde_json::to_value(c).expect("the model serialises"),
        None => serde_json::json!({"schema": 1, "program": program, "revision": 1}),
    };
    let mut sheets = Vec::new();
    let mut rows = vec![KV_HEADERS
        .iter()
        .map(|h| Cell::Text(h.to_string()))
        .collect()];
    for r in KV_ROWS {
        rows.push(vec![
            Cell::Text(r.label.into()),
            to_cell(lookup(&root, r.path), r.ty),
            if r.note.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(r.note.into())
            },
        ]);
    }
    sheets.push(Sheet {
        name: PROJECT_SHEET.into(),
        rows,
    });
    for t in &TABLES {
        let mut rows = vec![t.cols.iter().map(|c| Cell::Text(c.header.into())).collect()];
        if let Some(Value::Array(items)) = lookup(&root, t.path) {
            for item in items {
                rows.push(
                    t.cols
                        .iter()
                        .map(|c| to_cell(lookup(item, c.key), c.ty))
                        .collect(),
                );
            }
        }
        sheets.push(Sheet {
            name: t.sheet.into(),
            rows,
        });
    }
    sheets
}

fn lookup<'a>(v: &'a Value, dotted: &str) -> Option<&'a Value> {
    dotted.split('.').try_fold(v, |v, k| v.get(k))
}

fn to_cell(v: Option<&Value>, ty: Ty) -> Cell {
    match (v, ty) {
        (None | Some(Value::Null), _) => Cell::Empty,
        (Some(Value::Bool(b)), _) => Cell::Text(if *b { "예" } else { "아니오" }.into()),
        (Some(Value::Number(n)), _) => match n.as_i64() {
            Some(i) => Cell::Number(i as f64),
            None => Cell::Text(n.to_string()),
        },
        (Some(Value::String(s)), Ty::Date) => match Date::parse_iso(s) {
            Ok(d) => Cell::Date(d),
            Err(_) => Cell::Text(s.clone()),
        },
        (Some(Value::String(s)), _) => Cell::Text(s.clone()),
        (Some(other), _) => Cell::Text(other.to_string()),
    }
}
