//! The workbook writer (rust_xlsxwriter): the [grid](crate::workbook::grid) of a model, or of a
//! blank workbook, styled after the [schema](crate::workbook::schema).

use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note,
    Workbook, Worksheet, XlsxError,
};

use crate::model::{Consortium, PlanBlock};
use crate::program::Program;
use crate::workbook::grid::{grid_for, Cell, Sheet};
use crate::workbook::schema::{
    Table, Ty, KV_HEADERS, KV_ROWS, PLAN, PLAN_TABLE_WIDTH, PROJECT_SHEET, TABLES,
};

/// Rows of the sheets that get number formats and drop-downs in a new workbook.
const FORMATTED_ROWS: u32 = 500;

/// The workbook for a model, or the blank workbook to fill in: headers with notes, frozen
/// header rows, `#,##0` won, `yyyy-mm-dd` dates, text columns formatted as text, and drop-downs
/// for every closed list. The same model always gives the same bytes (fixed creation date).
pub(super) fn workbook(c: Option<&Consortium>, program: &Program) -> Result<Vec<u8>, XlsxError> {
    let sheets = grid_for(c, program);
    let mut wb = Workbook::new();
    // A fixed creation date (1 January of the first budget year), so the bytes never change.
    let year = program
        .years
        .first()
        .copied()
        .unwrap_or(program.period.start.year);
    let created = ExcelDateTime::from_ymd(year.clamp(1900, 9999) as u16, 1, 1)?;
    let title = format!("{} 컨소시엄 입력 통합문서", program.name);
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_author("formpack")
            .set_creation_datetime(&created),
    );
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let fmts = Fmts {
        text: Format::new().set_num_format("@"),
        won: Format::new().set_num_format("#,##0"),
        int: Format::new().set_num_format("0"),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        note: Format::new()
            .set_font_color(Color::RGB(0x595959))
            .set_text_wrap(),
    };

    // 과제: key/value.
    let kv_sheet = &sheets[0];
    let ws = wb.add_worksheet();
    ws.set_name(PROJECT_SHEET)?;
    ws.set_default_note_author("formpack");
    let kv_notes = [
        "항목 이름: 바꾸지 마십시오",
        "여기에 값을 씁니다",
        "설명 (읽을 때 무시합니다)",
    ];
    for (i, h) in KV_HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &header)?;
        ws.insert_note(
            0,
            i as u16,
            &Note::new(kv_notes[i]).add_author_prefix(false),
        )?;
    }
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 50)?;
    ws.set_column_width(2, 60)?;
    ws.set_freeze_panes(1, 0)?;
    for (i, r) in KV_ROWS.iter().enumerate() {
        let row = (i + 1) as u32;
        let cells = &kv_sheet.rows[i + 1];
        ws.write_string(row, 0, r.label)?;
        write_cell(ws, row, 1, &cells[1], r.ty, &fmts)?;
        if !r.note.is_empty() {
            ws.write_string_with_format(row, 2, r.note, &fmts.note)?;
        }
        if let Some(v) = validation(r.ty, program)? {
            ws.add_data_validation(row, 1, row, 1, &v)?;
        }
    }

    // The tables, then the plan.
    for (t, sheet) in TABLES.iter().chain([&PLAN]).zip(&sheets[1..]) {
        let ws = table_sheet(&mut wb, t, sheet, &header, &fmts, program)?;
        if t.sheet == PLAN.sheet {
            prompt_notes(ws, sheet, program)?;
        }
    }
    wb.save_to_buffer()
}

/// A table sheet: headers with notes, widths, formats and drop-downs, then the grid's rows.
fn table_sheet<'a>(
    wb: &'a mut Workbook,
    t: &Table,
    sheet: &Sheet,
    header: &Format,
    fmts: &Fmts,
    program: &Program,
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(t.sheet)?;
    ws.set_default_note_author("formpack");
    ws.set_freeze_panes(1, 0)?;
    ws.set_row_height(0, 30)?;
    let last = FORMATTED_ROWS.max(sheet.rows.len() as u32);
    for (i, c) in t.cols.iter().enumerate() {
        let i = i as u16;
        ws.write_string_with_format(0, i, c.header, header)?;
        let note = if c.required {
            format!("{} (필수)", c.note)
        } else {
            c.note.to_string()
        };
        ws.insert_note(0, i, &Note::new(note).add_author_prefix(false))?;
        ws.set_column_width(i, c.width)?;
        if let Some(f) = fmts.for_ty(c.ty) {
            ws.set_column_range_format(i, i, f)?;
        }
        if let Some(v) = validation(c.ty, program)? {
            ws.add_data_validation(1, i, last, i, &v)?;
        }
    }
    for (r, cells) in sheet.rows.iter().enumerate().skip(1) {
        for (i, (cell, c)) in cells.iter().zip(t.cols).enumerate() {
            write_cell(ws, r as u32, i as u16, cell, c.ty, fmts)?;
        }
    }
    Ok(ws)
}

/// On the 사업계획 sheet, the committee's prompt as the note of the `내용` cell of every row
/// with nothing written under a scored heading (the rows of a workbook without a plan).
fn prompt_notes(ws: &mut Worksheet, sheet: &Sheet, program: &Program) -> Result<(), XlsxError> {
    for (r, cells) in sheet.rows.iter().enumerate().skip(1) {
        let Some(Cell::Text(heading)) = cells.first() else {
            continue;
        };
        if cells.iter().skip(2).any(|c| *c != Cell::Empty) {
            continue;
        }
        if let Some(k) = program.evaluation.iter().find(|k| &k.heading == heading) {
            let text = format!("{} ({}점): {}", k.heading, k.points, k.prompt);
            let note = Note::new(text)
                .add_author_prefix(false)
                .set_width(360)
                .set_height(110);
            ws.insert_note(r as u32, 2, &note)?;
        }
    }
    Ok(())
}

/// Why the model's plan does not fit the 사업계획 sheet: a table wider than its columns.
pub(super) fn plan_misfit(c: &Consortium) -> Option<String> {
    for s in &c.plan {
        for (j, b) in s.blocks.iter().enumerate() {
            let PlanBlock::Table(rows) = b else { continue };
            let width = rows.iter().map(Vec::len).max().unwrap_or(0);
            if width > PLAN_TABLE_WIDTH {
                return Some(format!(
                    "사업계획 `{}`의 {}번째 블록은 {width}열 표입니다: 통합문서의 사업계획 시트에는 표를 {PLAN_TABLE_WIDTH}열까지 쓸 수 있습니다",
                    s.heading,
                    j + 1
                ));
            }
        }
    }
    None
}

struct Fmts {
    text: Format,
    won: Format,
    int: Format,
    date: Format,
    note: Format,
}

impl Fmts {
    fn for_ty(&self, ty: Ty) -> Option<&Format> {
        match ty {
            Ty::Text | Ty::Id => Some(&self.text),
            Ty::Won => Some(&self.won),
            Ty::Int => Some(&self.int),
            Ty::Date => Some(&self.date),
            Ty::Bool | Ty::List(_) => None,
        }
    }
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    ty: Ty,
    fmts: &Fmts,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {
            if let Some(f) = fmts.for_ty(ty) {
                ws.write_blank(row, col, f)?;
            }
        }
        Cell::Text(s) => match fmts.for_ty(ty) {
            Some(f) if matches!(ty, Ty::Text | Ty::Id) => {
                ws.write_string_with_format(row, col, s, f)?;
            }
            _ => {
                ws.write_string(row, col, s)?;
            }
        },
        Cell::Number(n) => match fmts.for_ty(ty) {
            Some(f) => {
                ws.write_number_with_format(row, col, *n, f)?;
            }
            None => {
                ws.write_number(row, col, *n)?;
            }
        },
        Cell::Date(d) => {
            if d.year >= 1900 {
                let dt = ExcelDateTime::from_ymd(d.year as u16, d.month as u8, d.day as u8)?;
                ws.write_datetime_with_format(row, col, &dt, &fmts.date)?;
            } else {
                // Before Excel's calendar: ISO text, which the reader accepts too.
                ws.write_string(row, col, d.to_string())?;
            }
        }
        Cell::Bool(b) => {
            ws.write_string(row, col, if *b { "예" } else { "아니오" })?;
        }
    }
    Ok(())
}

fn validation(ty: Ty, program: &Program) -> Result<Option<DataValidation>, XlsxError> {
    let list: Vec<&str> = match ty {
        Ty::List(k) => k.values(program),
        Ty::Bool => vec!["예", "아니오"],
        _ => return Ok(None),
    };
    let v = DataValidation::new()
        .allow_list_strings(&list)?
        .set_error_title("목록에 없는 값")?
        .set_error_message(format!("다음 중 하나를 고르십시오: {}", list.join(", ")))?;
    Ok(Some(v))
}
