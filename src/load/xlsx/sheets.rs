//! Walking the workbook along the [schema](crate::workbook::schema): find each sheet, map its
//! headers to columns, and read the 과제 rows and the table rows into a JSON tree, recording
//! every cell and every error in the [`Record`].

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Range, Reader, Xlsx};
use serde_json::{Map, Value};

use super::cells::convert;
use super::record::Record;
use crate::limits::Limits;
use crate::workbook::schema::{
    header_text, Table, Ty, KV_HEADERS, KV_ROWS, PROJECT_SHEET, SHEETS, TABLES,
};

/// The workbook as a JSON tree in the shape of the model, ready for serde, all but the plan
/// ([`super::plan::read_into`] adds it). Sheets are read in workbook order, so errors come in
/// that order.
pub(super) fn read_all(wb: &mut Xlsx<Cursor<&[u8]>>, rec: &mut Record) -> Map<String, Value> {
    let names = wb.sheet_names();
    let mut root = Map::new();
    // Every field of `project` is optional: a blank 과제 sheet is an empty project, not a
    // missing one.
    root.insert("project".into(), Value::Object(Map::new()));

    if let Some(range) = sheet(rec, wb, &names, PROJECT_SHEET, true) {
        read_kv(rec, &range, &mut root);
    }
    for t in &TABLES {
        if let Some(range) = sheet(rec, wb, &names, t.sheet, true) {
            let items = read_table(rec, t, &range);
            if !items.is_empty() || !t.path.contains('.') {
                insert(&mut root, t.path, Value::Array(items));
            }
        }
    }
    root
}

/// The cells of sheet `name`, or `None` if it is missing, has no header row or cannot be
/// read: an error recorded, except that an optional sheet (not `required`) may be missing or
/// entirely blank.
pub(super) fn sheet(
    rec: &mut Record,
    wb: &mut Xlsx<Cursor<&[u8]>>,
    names: &[String],
    name: &str,
    required: bool,
) -> Option<Range<Data>> {
    if !names.iter().any(|n| n == name) {
        if !required {
            return None;
        }
        rec.sheet_error(
            name,
            format!(
                "‘{name}’ 시트가 없습니다: 통합문서에는 {} 시트가 있어야 합니다",
                SHEETS.join(", ")
            ),
        );
        return None;
    }
    // The cells' extent first, streamed: calamine lays a sheet out as a dense grid from its
    // first to its last cell, so one cell at XFD1048576 would ask for billions of slots.
    if let Some((row, col, span)) = oversized_extent(wb, name) {
        rec.too_large(
            name,
            row,
            col,
            format!(
                "시트의 칸이 너무 넓게 퍼져 있습니다: 첫 칸부터 이 칸까지 {span}칸 (한도 {}칸). 쓰지 않는 먼 칸의 내용을 지우십시오",
                Limits::DEFAULT.xlsx_sheet_cells
            ),
        );
        return None;
    }
    match wb.worksheet_range(name) {
        Ok(range) if has_header_row(&range) => Some(range),
        Ok(range) if !required && range.used_cells().all(|(_, _, d)| is_blank(d)) => None,
        Ok(_) => {
            rec.error(
                name,
                0,
                0,
                None,
                format!("‘{name}’ 시트가 비어 있습니다: 1행에 머리글이 있어야 합니다"),
            );
            None
        }
        Err(e) => {
            rec.error(
                name,
                0,
                0,
                None,
                format!("‘{name}’ 시트를 읽을 수 없습니다: {e}"),
            );
            None
        }
    }
}

/// The farthest cell and the grid size, when the sheet's cells span more than the limit.
fn oversized_extent(wb: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Option<(u32, u32, u64)> {
    let mut cells = wb.worksheet_cells_reader(name).ok()?;
    let (mut r0, mut c0, mut r1, mut c1) = (u32::MAX, u32::MAX, 0u32, 0u32);
    let mut far = (0, 0);
    let max = Limits::DEFAULT.xlsx_sheet_cells;
    // A read error is left to `worksheet_range`, which reports it in its own words.
    while let Ok(Some(cell)) = cells.next_cell() {
        // Empty cells (formatting only) are dropped by the reader too.
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        (r0, c0) = (r0.min(r), c0.min(c));
        if r > r1 || c > c1 {
            far = (r, c);
        }
        (r1, c1) = (r1.max(r), c1.max(c));
        let span = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
        if span > max {
            return Some((far.0, far.1, span));
        }
    }
    None
}

/// Map header texts of row 1 to columns: known ones to their index in `known`; unknown,
/// duplicate and missing required ones are errors.
pub(super) fn headers(
    rec: &mut Record,
    sheet: &str,
    range: &Range<Data>,
    known: &[(&str, bool)],
) -> Option<Vec<Option<u32>>> {
    let before = rec.errors.len();
    let mut at: Vec<Option<u32>> = vec![None; known.len()];
    let width = range.end().map_or(0, |(_, c)| c + 1);
    for c in 0..width {
        let raw = text_of(range.get_value((0, c)));
        let h = header_text(&raw);
        if h.is_empty() {
            if column_has_data(range, c) {
                rec.error(
                    sheet,
                    0,
                    c,
                    None,
                    "머리글이 없는 열에 값이 있습니다: 열 머리글을 쓰거나 값을 지우십시오".into(),
                );
            }
            continue;
        }
        match known.iter().position(|(k, _)| *k == h) {
            Some(i) if at[i].is_some() => {
                rec.error(sheet, 0, c, None, format!("‘{h}’ 열이 두 번 있습니다"));
            }
            Some(i) => at[i] = Some(c),
            None => {
                let expected: Vec<&str> = known.iter().map(|(k, _)| *k).collect();
                rec.error(
                    sheet,
                    0,
                    c,
                    None,
                    format!(
                        "알 수 없는 열 ‘{raw}’: 이 시트의 열은 {}입니다",
                        expected.join(", ")
                    ),
                );
            }
        }
    }
    for (i, (k, required)) in known.iter().enumerate() {
        if *required && at[i].is_none() {
            rec.error(
                sheet,
                0,
                width,
                None,
                format!("필수 열 ‘{k}’이(가) 없습니다: 1행에 ‘{k}’ 머리글을 추가하십시오"),
            );
        }
    }
    (rec.errors.len() == before).then_some(at)
}

/// The 과제 sheet: each row's `값` into `root` at its label's field.
fn read_kv(rec: &mut Record, range: &Range<Data>, root: &mut Map<String, Value>) {
    let known: Vec<(&str, bool)> = KV_HEADERS
        .iter()
        .enumerate()
        .map(|(i, h)| (*h, i < 2))
        .collect();
    let Some(at) = headers(rec, PROJECT_SHEET, range, &known) else {
        return;
    };
    let (key_col, val_col) = (at[0].unwrap_or(0), at[1].unwrap_or(1));
    let last = range.end().map_or(0, |(r, _)| r);
    let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
    for row in 1..=last {
        let label_raw = text_of(range.get_value((row, key_col)));
        let label = header_text(&label_raw);
        let value = range.get_value((row, val_col)).unwrap_or(&Data::Empty);
        if label.is_empty() {
            if !is_blank(value) {
                rec.error(
                    PROJECT_SHEET,
                    row,
                    key_col,
                    None,
                    "값이 있는데 항목 이름이 비어 있습니다".into(),
                );
            }
            continue;
        }
        let Some(kv) = KV_ROWS.iter().find(|k| k.label == label) else {
            rec.error(
                PROJECT_SHEET,
                row,
                key_col,
                None,
                format!("알 수 없는 항목 ‘{label_raw}’"),
            );
            continue;
        };
        if let Some(first) = seen.insert(kv.label, row) {
            rec.error(
                PROJECT_SHEET,
                row,
                key_col,
                None,
                format!("‘{label}’ 항목이 {}행에도 있습니다", first + 1),
            );
            continue;
        }
        rec.spot(kv.path, PROJECT_SHEET, row, val_col);
        rec.label(kv.path.to_string(), kv.label);
        if let Some(v) = cell_value(rec, value, kv.ty, PROJECT_SHEET, row, val_col, kv.path) {
            insert(root, kv.path, v);
        }
    }
}

/// A table sheet: one item per row that is not entirely blank.
fn read_table(rec: &mut Record, t: &Table, range: &Range<Data>) -> Vec<Value> {
    let known: Vec<(&str, bool)> = t.cols.iter().map(|c| (c.header, c.required)).collect();
    let Some(at) = headers(rec, t.sheet, range, &known) else {
        return Vec::new();
    };
    rec.spot(t.path, t.sheet, 0, 0);
    let last = range.end().map_or(0, |(r, _)| r);
    let width = range.end().map_or(0, |(_, c)| c + 1);
    let mut items = Vec::new();
    for row in 1..=last {
        if (0..width).all(|c| range.get_value((row, c)).is_none_or(is_blank)) {
            continue;
        }
        let base = format!("{}[{}]", t.path, items.len());
        rec.spot(&base, t.sheet, row, 0);
        let mut item = Map::new();
        for (c, col) in t.cols.iter().zip(&at) {
            let Some(col_at) = *col else { continue };
            let path = format!("{base}.{}", c.key);
            rec.spot(&path, t.sheet, row, col_at);
            rec.label(path.clone(), c.header);
            let data = range.get_value((row, col_at)).unwrap_or(&Data::Empty);
            if let Some(v) = cell_value(rec, data, c.ty, t.sheet, row, col_at, &path) {
                insert(&mut item, c.key, v);
            }
        }
        items.push(Value::Object(item));
    }
    items
}

/// A cell as a JSON value of its type; `None` when blank or wrong (the error is recorded).
fn cell_value(
    rec: &mut Record,
    data: &Data,
    ty: Ty,
    sheet: &str,
    row: u32,
    col: u32,
    path: &str,
) -> Option<Value> {
    if is_blank(data) {
        return None;
    }
    match convert(data, ty) {
        Ok(v) => Some(v),
        Err(e) => {
            let header = rec.label_prefix(path);
            rec.error(
                sheet,
                row,
                col,
                Some(path.to_string()),
                format!("{header}{e}"),
            );
            None
        }
    }
}

fn has_header_row(range: &Range<Data>) -> bool {
    let width = range.end().map_or(0, |(_, c)| c + 1);
    (0..width).any(|c| range.get_value((0, c)).is_some_and(|d| !is_blank(d)))
}

fn column_has_data(range: &Range<Data>, c: u32) -> bool {
    let last = range.end().map_or(0, |(r, _)| r);
    (1..=last).any(|r| range.get_value((r, c)).is_some_and(|d| !is_blank(d)))
}

pub(super) fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

pub(super) fn text_of(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// Insert `v` at a dotted path, creating the objects on the way.
fn insert(obj: &mut Map<String, Value>, dotted: &str, v: Value) {
    match dotted.split_once('.') {
        None => {
            obj.insert(dotted.to_string(), v);
        }
        Some((head, rest)) => {
            let child = obj
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = child {
                insert(m, rest, v);
            }
        }
    }
}
