//! The grid: a format-neutral picture of the workbook's cells, as the [schema](super::schema)
//! lays a model out. The writer ([`crate::save`]) styles and writes it; tests build workbooks
//! from it to feed the reader.

use serde_json::Value;

use super::schema::{PlanKind, Ty, KV_HEADERS, KV_ROWS, PLAN, PROJECT_SHEET, TABLES};
use crate::model::{Consortium, Date, PlanBlock, PlanSection};
use crate::program::Program;

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

/// The cells of the workbook for a model (under the built-in profile it names, else the newest
/// one), or of a blank workbook for the newest built-in program (`None`).
pub fn grid(c: Option<&Consortium>) -> Vec<Sheet> {
    let program = c
        .and_then(|c| Program::by_id(&c.program))
        .unwrap_or_else(Program::default_builtin);
    grid_for(c, program)
}

/// The cells of the workbook for a model, or of a blank workbook (`None`: the schema, the
/// program's id and the revision prefilled, everything else empty). Without a plan, the
/// 사업계획 sheet lists the program's scored headings with nothing written under them.
pub fn grid_for(c: Option<&Consortium>, program: &Program) -> Vec<Sheet> {
    let root = match c {
        Some(c) => serde_json::to_value(c).expect("the model serialises"),
        None => serde_json::json!({"schema": 1, "program": program.id, "revision": 1}),
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
    sheets.push(plan_sheet(c.map_or(&[], |c| &c.plan), program));
    sheets
}

/// The 사업계획 sheet: one row per paragraph, subheading, list item and table row. Its first
/// cells are the section's heading, the 종류 and the 내용; a table row's other cells follow
/// (a table wider than the sheet gives a row wider than its header, which the writer refuses).
/// Without a plan: one empty 문단 row per scored heading of `program`, which reads back as no
/// plan.
fn plan_sheet(plan: &[PlanSection], program: &Program) -> Sheet {
    let width = PLAN.cols.len();
    let mut rows = vec![PLAN
        .cols
        .iter()
        .map(|c| Cell::Text(c.header.into()))
        .collect()];
    let row = |heading: &str, kind: PlanKind, cells: &[String]| {
        let mut r = vec![
            Cell::Text(heading.to_string()),
            Cell::Text(kind.label().into()),
        ];
        r.extend(cells.iter().map(|s| text_cell(s)));
        r.resize(width.max(r.len()), Cell::Empty);
        r
    };
    if plan.is_empty() {
        for k in &program.evaluation {
            rows.push(row(&k.heading, PlanKind::Text, &[]));
        }
    }
    for s in plan {
        let before = rows.len();
        for b in &s.blocks {
            let kind = PlanKind::of(b);
            match b {
                PlanBlock::Text(t) | PlanBlock::Subheading(t) => {
                    rows.push(row(&s.heading, kind, std::slice::from_ref(t)));
                }
                PlanBlock::Bullets(items) => {
                    for item in items {
                        rows.push(row(&s.heading, kind, std::slice::from_ref(item)));
                    }
                }
                PlanBlock::Table(table) => {
                    for r in table {
                        let cells: Vec<String> = r.iter().map(|c| c.0.clone()).collect();
                        rows.push(row(&s.heading, kind, &cells));
                    }
                }
            }
        }
        if rows.len() == before {
            // A section with nothing under it still shows its heading (it reads back as none).
            rows.push(row(&s.heading, PlanKind::Text, &[]));
        }
    }
    Sheet {
        name: PLAN.sheet.into(),
        rows,
    }
}

fn text_cell(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
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
