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

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use serde_json::{Map, Value};

use crate::diag::{parent_path, Diagnostic, Location, Severity, SourceMap, Spot};
use crate::model::{Consortium, Date};
use crate::workbook::schema::{
    cell_name, header_text, Table, Ty, KV_HEADERS, KV_ROWS, PROJECT_SHEET, SHEETS, TABLES,
};

/// Read a workbook. See the module documentation for the rules.
pub fn parse(bytes: &[u8], file: &str) -> Result<(Consortium, SourceMap), Vec<Diagnostic>> {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        vec![super::parse_error(
            file,
            None,
            None,
            None,
            format!("엑셀 통합문서(.xlsx)로 열 수 없습니다: {e}"),
        )]
    })?;
    let mut r = Read {
        file,
        errors: Vec::new(),
        map: SourceMap::new(file),
        headers: BTreeMap::new(),
    };
    let names = wb.sheet_names();
    let mut root = Map::new();
    // Every field of `project` is optional: a blank 과제 sheet is an empty project, not a
    // missing one.
    root.insert("project".into(), Value::Object(Map::new()));

    if let Some(range) = r.sheet(&mut wb, &names, PROJECT_SHEET) {
        r.read_kv(&range, &mut root);
    }
    for t in &TABLES {
        if let Some(range) = r.sheet(&mut wb, &names, t.sheet) {
            let items = r.read_table(t, &range);
            if !items.is_empty() || !t.path.contains('.') {
                insert(&mut root, t.path, Value::Array(items));
            }
        }
    }
    if !r.errors.is_empty() {
        return Err(r.errors);
    }

    match serde_path_to_error::deserialize::<_, Consortium>(Value::Object(root)) {
        Ok(c) => Ok((c, r.map)),
        Err(e) => {
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
            let loc = r.map.locate(&field);
            let header = r.header_for(&field);
            let message = match (&loc.sheet, &loc.cell) {
                (Some(s), Some(c)) => format!("{s}!{c}{header}: 값을 읽을 수 없습니다: {inner}"),
                _ => format!("값을 읽을 수 없습니다: {inner}"),
            };
            Err(vec![Diagnostic {
                code: "input-parse",
                severity: Severity::Error,
                message,
                location: loc,
            }])
        }
    }
}

struct Read<'a> {
    file: &'a str,
    errors: Vec<Diagnostic>,
    map: SourceMap,
    /// Field path → its header (or 항목 label), for messages.
    headers: BTreeMap<String, &'static str>,
}

impl Read<'_> {
    fn error(&mut self, sheet: &str, row: u32, col: u32, path: Option<String>, message: String) {
        let cell = cell_name(row, col);
        self.errors.push(Diagnostic {
            code: "input-parse",
            severity: Severity::Error,
            message: format!("{sheet}!{cell}: {message}"),
            location: Location {
                file: Some(self.file.to_string()),
                sheet: Some(sheet.to_string()),
                cell: Some(cell),
                path,
                ..Location::default()
            },
        });
    }

    fn header_for(&self, path: &str) -> String {
        self.headers
            .get(path)
            .map(|h| format!(" ({h})"))
            .unwrap_or_default()
    }

    /// Record a field's cell, and the cell as the spot of each of its not yet recorded
    /// parents.
    fn spot(&mut self, path: &str, sheet: &str, row: u32, col: u32) {
        let spot = Spot::Cell {
            sheet: sheet.to_string(),
            cell: cell_name(row, col),
        };
        let mut p = path;
        self.map.spots.insert(p.to_string(), spot.clone());
        while let Some(parent) = parent_path(p) {
            if parent.is_empty() {
                break;
            }
            self.map
                .spots
                .entry(parent.to_string())
                .or_insert_with(|| spot.clone());
            p = parent;
        }
    }

    fn sheet(
        &mut self,
        wb: &mut Xlsx<Cursor<&[u8]>>,
        names: &[String],
        name: &str,
    ) -> Option<Range<Data>> {
        if !names.iter().any(|n| n == name) {
            let msg = format!(
                "`{name}` 시트가 없습니다: 통합문서에는 {} 시트가 있어야 합니다",
                SHEETS.join(", ")
            );
            self.errors.push(Diagnostic {
                code: "input-parse",
                severity: Severity::Error,
                message: msg,
                location: Location {
                    file: Some(self.file.to_string()),
                    sheet: Some(name.to_string()),
                    ..Location::default()
                },
            });
            return None;
        }
        match wb.worksheet_range(name) {
            Ok(range) if has_header_row(&range) => Some(range),
            Ok(_) => {
                self.error(
                    name,
                    0,
                    0,
                    None,
                    format!("`{name}` 시트가 비어 있습니다: 1행에 머리글이 있어야 합니다"),
                );
                None
            }
            Err(e) => {
                self.error(
                    name,
                    0,
                    0,
                    None,
                    format!("`{name}` 시트를 읽을 수 없습니다: {e}"),
                );
                None
            }
        }
    }

    /// Map header texts of row 1 to columns: known ones to their index in `known`; unknown,
    /// duplicate and missing required ones are errors.
    fn headers(
        &mut self,
        sheet: &str,
        range: &Range<Data>,
        known: &[(&str, bool)],
    ) -> Option<Vec<Option<u32>>> {
        let before = self.errors.len();
        let mut at: Vec<Option<u32>> = vec![None; known.len()];
        let width = range.end().map_or(0, |(_, c)| c + 1);
        for c in 0..width {
            let raw = text_of(range.get_value((0, c)));
            let h = header_text(&raw);
            if h.is_empty() {
                if column_has_data(range, c) {
                    self.error(
                        sheet,
                        0,
                        c,
                        None,
                        "머리글이 없는 열에 값이 있습니다: 열 머리글을 쓰거나 값을 지우십시오"
                            .into(),
                    );
                }
                continue;
            }
            match known.iter().position(|(k, _)| *k == h) {
                Some(i) if at[i].is_some() => {
                    self.error(sheet, 0, c, None, format!("`{h}` 열이 두 번 있습니다"));
                }
                Some(i) => at[i] = Some(c),
                None => {
                    let expected: Vec<&str> = known.iter().map(|(k, _)| *k).collect();
                    self.error(
                        sheet,
                        0,
                        c,
                        None,
                        format!(
                            "알 수 없는 열 `{raw}`: 이 시트의 열은 {}입니다",
                            expected.join(", ")
                        ),
                    );
                }
            }
        }
        for (i, (k, required)) in known.iter().enumerate() {
            if *required && at[i].is_none() {
                self.error(
                    sheet,
                    0,
                    width,
                    None,
                    format!("필수 열 `{k}`이(가) 없습니다: 1행에 `{k}` 머리글을 추가하십시오"),
                );
            }
        }
        (self.errors.len() == before).then_some(at)
    }

    fn read_kv(&mut self, range: &Range<Data>, root: &mut Map<String, Value>) {
        let known: Vec<(&str, bool)> = KV_HEADERS
            .iter()
            .enumerate()
            .map(|(i, h)| (*h, i < 2))
            .collect();
        let Some(at) = self.headers(PROJECT_SHEET, range, &known) else {
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
                    self.error(
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
                self.error(
                    PROJECT_SHEET,
                    row,
                    key_col,
                    None,
                    format!("알 수 없는 항목 `{label_raw}`"),
                );
                continue;
            };
            if let Some(first) = seen.insert(kv.label, row) {
                self.error(
                    PROJECT_SHEET,
                    row,
                    key_col,
                    None,
                    format!("`{label}` 항목이 {}행에도 있습니다", first + 1),
                );
                continue;
            }
            self.spot(kv.path, PROJECT_SHEET, row, val_col);
            self.headers.insert(kv.path.to_string(), kv.label);
            if let Some(v) = self.value(value, kv.ty, PROJECT_SHEET, row, val_col, kv.path) {
                insert(root, kv.path, v);
            }
        }
    }

    fn read_table(&mut self, t: &Table, range: &Range<Data>) -> Vec<Value> {
        let known: Vec<(&str, bool)> = t.cols.iter().map(|c| (c.header, c.required)).collect();
        let Some(at) = self.headers(t.sheet, range, &known) else {
            return Vec::new();
        };
        self.spot(t.path, t.sheet, 0, 0);
        let last = range.end().map_or(0, |(r, _)| r);
        let width = range.end().map_or(0, |(_, c)| c + 1);
        let mut items = Vec::new();
        for row in 1..=last {
            if (0..width).all(|c| range.get_value((row, c)).is_none_or(is_blank)) {
                continue;
            }
            let base = format!("{}[{}]", t.path, items.len());
            self.spot(&base, t.sheet, row, 0);
            let mut item = Map::new();
            for (c, col) in t.cols.iter().zip(&at) {
                let Some(col_at) = *col else { continue };
                let path = format!("{base}.{}", c.key);
                self.spot(&path, t.sheet, row, col_at);
                self.headers.insert(path.clone(), c.header);
                let data = range.get_value((row, col_at)).unwrap_or(&Data::Empty);
                if let Some(v) = self.value(data, c.ty, t.sheet, row, col_at, &path) {
                    insert(&mut item, c.key, v);
                }
            }
            items.push(Value::Object(item));
        }
        items
    }

    /// A cell as a JSON value of its type; `None` when blank or wrong (the error is recorded).
    fn value(
        &mut self,
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
            Err(msg) => {
                let header = self
                    .headers
                    .get(path)
                    .map(|h| format!("{h}: "))
                    .unwrap_or_default();
                self.error(
                    sheet,
                    row,
                    col,
                    Some(path.to_string()),
                    format!("{header}{msg}"),
                );
                None
            }
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

fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn text_of(d: Option<&Data>) -> String {
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

/// The largest whole number an `f64` holds exactly.
const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

fn shown(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn convert(d: &Data, ty: Ty) -> Result<Value, String> {
    if let Data::Error(e) = d {
        return Err(format!("셀이 오류 값({e})입니다"));
    }
    match ty {
        Ty::Text => Ok(Value::String(match d {
            Data::String(s) => s.clone(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < MAX_EXACT => format!("{}", *f as i64),
            Data::DateTime(dt) => serial_to_date(dt.as_f64())
                .map(|d| d.to_string())
                .ok_or_else(|| format!("날짜 `{}`를 읽을 수 없습니다", shown(d)))?,
            other => shown(other),
        })),
        Ty::Id | Ty::List(_) => match d {
            Data::String(s) => Ok(Value::String(s.trim().to_string())),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < MAX_EXACT => {
                Ok(Value::String(format!("{}", *f as i64)))
            }
            Data::Int(i) => Ok(Value::String(i.to_string())),
            other => Err(format!("`{}`: 글자여야 합니다", shown(other))),
        },
        Ty::Int | Ty::Won => {
            let money = ty == Ty::Won;
            let what = if money {
                "금액은 원 단위 정수여야 합니다"
            } else {
                "정수여야 합니다"
            };
            match d {
                Data::Int(i) => Ok(Value::from(*i)),
                Data::Float(f) => {
                    if f.fract() != 0.0 {
                        Err(format!("`{f}`: {what} (소수점 아래 값은 쓸 수 없습니다)"))
                    } else if f.abs() >= MAX_EXACT {
                        Err(format!("`{f}`: 너무 큰 수입니다"))
                    } else {
                        Ok(Value::from(*f as i64))
                    }
                }
                Data::String(s) => parse_whole(s.trim(), money)
                    .map(Value::from)
                    .ok_or_else(|| format!("`{s}`: {what}")),
                other => Err(format!("`{}`: {what}", shown(other))),
            }
        }
        Ty::Date => {
            let date = match d {
                Data::DateTime(dt) => serial_to_date(dt.as_f64()),
                Data::Float(f) => serial_to_date(*f),
                Data::Int(i) => serial_to_date(*i as f64),
                Data::String(s) => Date::parse_iso(s.trim()).ok(),
                Data::DateTimeIso(s) => s.get(..10).and_then(|s| Date::parse_iso(s).ok()),
                _ => None,
            };
            date.map(|d| Value::String(d.to_string())).ok_or_else(|| {
                format!(
                    "`{}`: 날짜는 엑셀 날짜나 YYYY-MM-DD 형식의 실제 날짜여야 합니다",
                    shown(d)
                )
            })
        }
        Ty::Bool => match d {
            Data::Bool(b) => Ok(Value::Bool(*b)),
            Data::String(s) => match s.trim() {
                "예" => Ok(Value::Bool(true)),
                "아니오" => Ok(Value::Bool(false)),
                t if t.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
                t if t.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
                _ => Err(format!("`{s}`: 예 또는 아니오여야 합니다")),
            },
            other => Err(format!("`{}`: 예 또는 아니오여야 합니다", shown(other))),
        },
    }
}

/// A whole number written as text: digits with an optional leading `-`; for money also
/// thousands separators in the right places (`1,234,000`).
fn parse_whole(s: &str, separators: bool) -> Option<i64> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let plain: String = if separators && digits.contains(',') {
        let groups: Vec<&str> = digits.split(',').collect();
        let ok = (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return None;
        }
        groups.concat()
    } else {
        digits.to_string()
    };
    if plain.is_empty() || !plain.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = plain.parse().ok()?;
    Some(if neg { -n } else { n })
}

/// An Excel serial date (1900 date system) → date. The time part is ignored.
pub fn serial_to_date(serial: f64) -> Option<Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let mut days = serial.floor() as i64;
    if days == 60 {
        // Excel's 1900-02-29, which never was.
        return None;
    }
    if days < 60 {
        days += 1;
    }
    // Serial 25569 is 1970-01-01.
    Some(civil_from_days(days - 25569))
}

/// Days since 1970-01-01 → date (the inverse of `Date::days_from_epoch`).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials() {
        assert_eq!(serial_to_date(25569.0), Date::new(1970, 1, 1));
        assert_eq!(serial_to_date(46090.0), Date::new(2026, 3, 9));
        assert_eq!(serial_to_date(46090.75), Date::new(2026, 3, 9));
        assert_eq!(serial_to_date(61.0), Date::new(1900, 3, 1));
        assert_eq!(serial_to_date(59.0), Date::new(1900, 2, 28));
        assert_eq!(serial_to_date(1.0), Date::new(1900, 1, 1));
        assert_eq!(serial_to_date(60.0), None);
        for d in [
            Date::new(2026, 3, 9).unwrap(),
            Date::new(2000, 2, 29).unwrap(),
        ] {
            assert_eq!(civil_from_days(d.days_from_epoch()), d);
        }
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(parse_whole("1,234,000", true), Some(1_234_000));
        assert_eq!(parse_whole("-184,000,000", true), Some(-184_000_000));
        assert_eq!(parse_whole("1234", true), Some(1234));
        assert_eq!(parse_whole("12,34", true), None);
        assert_eq!(parse_whole("1,234", false), None);
        assert_eq!(parse_whole("1234원", true), None);
        assert_eq!(parse_whole("1234.5", true), None);
        assert_eq!(parse_whole("", true), None);
    }
}
