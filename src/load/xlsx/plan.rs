//! The 사업계획 sheet → `plan`: rows make sections and blocks (see the reading rules in
//! [`super`]), every block and line located at its `내용` cell.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};
use serde_json::{json, Map, Value};

use super::cells::convert;
use super::record::Record;
use super::sheets::{headers, is_blank, sheet, text_of};
use crate::workbook::schema::{PlanKind, Ty, PLAN, PLAN_SHEET};

/// A block as read: its rows (0-based) and their texts.
enum Block {
    /// A 문단 or 소제목 row.
    Line(PlanKind, u32, String),
    /// Consecutive 목록 rows.
    Bullets(Vec<(u32, String)>),
    /// Consecutive 표 rows, each with its cells up to its last non-blank one.
    Table(Vec<(u32, Vec<String>)>),
}

struct Section {
    row: u32,
    heading: String,
    blocks: Vec<Block>,
}

/// The plan's sheet read into `root` as `plan`, after every other sheet. The sheet is
/// optional: without it, or with nothing in it, there is no plan.
pub(super) fn read_into(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    rec: &mut Record,
    root: &mut Map<String, Value>,
) {
    let names = wb.sheet_names();
    if let Some(range) = sheet(rec, wb, &names, PLAN_SHEET, false) {
        let plan = read_plan(rec, &range);
        if !plan.is_empty() {
            root.insert("plan".into(), Value::Array(plan));
        }
    }
}

/// The sections of the sheet as JSON items of `plan`; every error is recorded.
///
/// Consecutive 목록 rows are one list and consecutive 표 rows one table, so two lists or two
/// tables back to back in a section cannot be told apart: they come back as one (a blank row
/// is skipped, so it does not separate them; a 문단 or 소제목 row between them does).
fn read_plan(rec: &mut Record, range: &Range<Data>) -> Vec<Value> {
    let known: Vec<(&str, bool)> = PLAN.cols.iter().map(|c| (c.header, c.required)).collect();
    let Some(at) = headers(rec, PLAN_SHEET, range, &known) else {
        return Vec::new();
    };
    rec.spot(PLAN.path, PLAN_SHEET, 0, 0);
    // Required, so present once the headers are read.
    let (heading_col, kind_col) = (at[0].unwrap_or(0), at[1].unwrap_or(1));
    // 내용, then 표 2열 … 표 8열: the cells of a line, a missing column a blank cell.
    let cell_cols = &at[2..];
    let last = range.end().map_or(0, |(r, _)| r);
    let mut sections: Vec<Section> = Vec::new();
    // Whether the next 목록 or 표 row may join the section's last block.
    let mut open = false;
    for row in 1..=last {
        let data = |c: Option<u32>| c.and_then(|c| range.get_value((row, c)));
        if cell_cols.iter().all(|c| data(*c).is_none_or(is_blank)) {
            open = false;
            continue;
        }
        let before = rec.errors.len();
        let heading = match data(Some(heading_col)) {
            Some(d) if !is_blank(d) => text(rec, d, row, heading_col, PLAN.cols[0].header),
            _ => {
                rec.error(
                    PLAN_SHEET,
                    row,
                    heading_col,
                    None,
                    "내용이 있는데 평가 항목이 비어 있습니다".into(),
                );
                None
            }
        };
        let kind_raw = text_of(data(Some(kind_col)));
        let kind = PlanKind::from_label(&kind_raw);
        if kind.is_none() {
            let labels: Vec<&str> = PlanKind::ALL.iter().map(|k| k.label()).collect();
            let labels = labels.join(", ");
            let message = if kind_raw.trim().is_empty() {
                format!("종류가 비어 있습니다: {labels} 중 하나를 고르십시오")
            } else {
                format!("종류: ‘{kind_raw}’: {labels} 중 하나여야 합니다")
            };
            rec.error(PLAN_SHEET, row, kind_col, None, message);
        }
        let mut cells = Vec::with_capacity(cell_cols.len());
        for (i, c) in cell_cols.iter().enumerate() {
            let value = match (c, data(*c)) {
                (Some(c), Some(d)) if !is_blank(d) => {
                    if i > 0 && kind.is_some_and(|k| k != PlanKind::Table) {
                        rec.error(
                            PLAN_SHEET,
                            row,
                            *c,
                            None,
                            format!(
                                "{}: 표 칸은 종류가 `표`인 행에만 씁니다 (이 행은 ‘{}’): 값을 내용 열로 옮기거나 종류를 표로 바꾸십시오",
                                PLAN.cols[i + 2].header,
                                kind_raw.trim()
                            ),
                        );
                    }
                    text(rec, d, row, *c, PLAN.cols[i + 2].header)
                }
                _ => None,
            };
            cells.push(value.unwrap_or_default());
        }
        let (Some(heading), Some(kind)) = (heading, kind) else {
            open = false;
            continue;
        };
        if rec.errors.len() > before {
            open = false;
            continue;
        }
        let same = sections
            .last()
            .is_some_and(|s| s.heading.split_whitespace().eq(heading.split_whitespace()));
        if !same {
            sections.push(Section {
                row,
                heading,
                blocks: Vec::new(),
            });
            open = false;
        }
        let blocks = &mut sections.last_mut().expect("a section").blocks;
        match (kind, blocks.last_mut()) {
            (PlanKind::Bullets, Some(Block::Bullets(items))) if open => {
                items.push((row, cells.swap_remove(0)));
            }
            (PlanKind::Bullets, _) => {
                blocks.push(Block::Bullets(vec![(row, cells.swap_remove(0))]))
            }
            (PlanKind::Table, last) => {
                let width = cells
                    .iter()
                    .rposition(|c| !c.is_empty())
                    .map_or(0, |i| i + 1);
                cells.truncate(width);
                match last {
                    Some(Block::Table(rows)) if open => rows.push((row, cells)),
                    _ => blocks.push(Block::Table(vec![(row, cells)])),
                }
            }
            (k, _) => blocks.push(Block::Line(k, row, cells.swap_remove(0))),
        }
        open = matches!(kind, PlanKind::Bullets | PlanKind::Table);
    }
    sections
        .into_iter()
        .enumerate()
        .map(|(i, s)| section(rec, i, s, heading_col, cell_cols))
        .collect()
}

/// A section as JSON, its heading and blocks located.
fn section(
    rec: &mut Record,
    i: usize,
    s: Section,
    heading_col: u32,
    cell_cols: &[Option<u32>],
) -> Value {
    let base = format!("plan[{i}]");
    let heading_path = format!("{base}.heading");
    rec.spot(&heading_path, PLAN_SHEET, s.row, heading_col);
    rec.label(heading_path, PLAN.cols[0].header);
    let content_col = cell_cols[0].unwrap_or(2);
    let mut blocks = Vec::new();
    for (j, b) in s.blocks.into_iter().enumerate() {
        let at = format!("{base}.blocks[{j}]");
        let first = match &b {
            Block::Line(_, row, _) => *row,
            Block::Bullets(items) => items[0].0,
            Block::Table(rows) => rows[0].0,
        };
        rec.spot(&at, PLAN_SHEET, first, content_col);
        let (key, value) = match b {
            Block::Line(kind, _, t) => (kind.key(), Value::String(t)),
            Block::Bullets(items) => {
                for (k, (row, _)) in items.iter().enumerate() {
                    rec.spot(&format!("{at}.bullets[{k}]"), PLAN_SHEET, *row, content_col);
                }
                let items = items.into_iter().map(|(_, t)| Value::String(t));
                ("bullets", Value::Array(items.collect()))
            }
            Block::Table(rows) => {
                // Every row as wide as the widest.
                let width = rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
                let mut table = Vec::new();
                for (r, (row, mut cells)) in rows.into_iter().enumerate() {
                    let path = format!("{at}.table[{r}]");
                    rec.spot(&path, PLAN_SHEET, row, content_col);
                    for (c, col) in cell_cols.iter().take(width).enumerate() {
                        if let Some(col) = col {
                            rec.spot(&format!("{path}[{c}]"), PLAN_SHEET, row, *col);
                        }
                    }
                    cells.resize(width, String::new());
                    table.push(Value::Array(cells.into_iter().map(Value::String).collect()));
                }
                ("table", Value::Array(table))
            }
        };
        let path = format!("{at}.{key}");
        rec.spot(&path, PLAN_SHEET, first, content_col);
        rec.label(path, PLAN.cols[2].header);
        blocks.push(json!({ key: value }));
    }
    json!({"heading": s.heading, "blocks": blocks})
}

/// A non-blank cell as text (a number as typed: 40, not 40.0); an error is recorded.
fn text(rec: &mut Record, d: &Data, row: u32, col: u32, header: &str) -> Option<String> {
    match convert(d, Ty::Text) {
        Ok(Value::String(s)) => Some(s),
        Ok(other) => Some(other.to_string()),
        Err(e) => {
            rec.error(PLAN_SHEET, row, col, None, format!("{header}: {e}"));
            None
        }
    }
}
