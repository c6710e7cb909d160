//! The Excel workbook: the layout shared by the writer (`formpack init --xlsx`, `convert`) and
//! the reader (calamine).
//!
//! # Layout
//! - `과제`: a key/value sheet with the columns `항목 | 값 | 설명`, one row per scalar of the top
//!   level, of `project` (incl. `period`, `director`, `manager`) and of `local_contribution`
//!   except its schedule (payer, payee, account). See [`KV_ROWS`].
//! - `참여기관`, `세부사업`, `사업비`, `취득자산`, `지방비납입` (the schedule): one row per item,
//!   one column per field (nested fields flattened: `대표자 성명` is
//!   `members[i].representative.name`). See [`TABLES`].
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
//!   or one without even a header row, is an error.
//!
//! A blank cell is an absent field, so an empty string (`title: ""`) or an all-empty nested
//! object (`representative: {}`) in a text file comes back absent; everything else round-trips.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note,
    Workbook, Worksheet, XlsxError,
};
use serde_json::{Map, Value};

use crate::diag::{parent_path, Diagnostic, Location, Severity, SourceMap, Spot};
use crate::model::{AssetSource, BusinessStatus, Consortium, Date, Field, Kind, Role, CATEGORIES};
use crate::program::REGIONS;

/// The key/value sheet.
pub const PROJECT_SHEET: &str = "과제";
/// Every sheet, in workbook order.
pub const SHEETS: [&str; 6] = [
    PROJECT_SHEET,
    "참여기관",
    "세부사업",
    "사업비",
    "취득자산",
    "지방비납입",
];
/// Headers of the key/value sheet.
pub const KV_HEADERS: [&str; 3] = ["항목", "값", "설명"];

/// Rows of the sheets that get number formats and drop-downs in a new workbook.
const FORMATTED_ROWS: u32 = 500;

/// A cell's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Text,
    Id,
    /// A whole number that is not money (year, quantity, schema).
    Int,
    /// Integer won, `#,##0`.
    Won,
    Date,
    /// 예/아니오.
    Bool,
    /// A closed list, offered as a drop-down.
    List(ListKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Region,
    Kind,
    Role,
    Field,
    Category,
    Source,
    Status,
}

impl ListKind {
    /// The values of the drop-down.
    pub fn values(self) -> Vec<&'static str> {
        match self {
            ListKind::Region => REGIONS
                .iter()
                .map(|r| r.official)
                .chain(REGIONS.iter().map(|r| r.short))
                .collect(),
            ListKind::Kind => Kind::ALL.iter().map(|k| k.label()).collect(),
            ListKind::Role => Role::ALL.iter().map(|k| k.label()).collect(),
            ListKind::Field => Field::ALL.iter().map(|k| k.label()).collect(),
            ListKind::Category => CATEGORIES.to_vec(),
            ListKind::Source => AssetSource::ALL.iter().map(|k| k.label()).collect(),
            ListKind::Status => BusinessStatus::ALL.iter().map(|k| k.label()).collect(),
        }
    }
}

/// A column of a table sheet: the field (dotted, relative to the item), its header and note.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub key: &'static str,
    pub header: &'static str,
    pub ty: Ty,
    /// The column must be present (the field is required by the model).
    pub required: bool,
    pub note: &'static str,
    pub width: f64,
}

/// A table sheet: one row per item of the array at `path`.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub sheet: &'static str,
    pub path: &'static str,
    pub cols: &'static [Col],
}

/// A row of the key/value sheet: the field (dotted, from the root), its label and note.
#[derive(Debug, Clone, Copy)]
pub struct KvRow {
    pub path: &'static str,
    pub label: &'static str,
    pub ty: Ty,
    pub note: &'static str,
}

const fn col(
    key: &'static str,
    header: &'static str,
    ty: Ty,
    required: bool,
    note: &'static str,
    width: f64,
) -> Col {
    Col {
        key,
        header,
        ty,
        required,
        note,
        width,
    }
}

const fn kv(path: &'static str, label: &'static str, ty: Ty, note: &'static str) -> KvRow {
    KvRow {
        path,
        label,
        ty,
        note,
    }
}

use ListKind as L;
use Ty::{Bool, Date as D, Id, Int, List, Text, Won};

pub const KV_ROWS: &[KvRow] = &[
    kv("schema", "스키마 버전", Int, "파일 형식 버전: 1"),
    kv("program", "사업 프로필", Text, "공고: ai-transition-2026"),
    kv(
        "revision",
        "수정 차수",
        Int,
        "고쳐서 다시 낼 때마다 1씩 올립니다",
    ),
    kv(
        "application_date",
        "신청일",
        D,
        "모든 서명란에 찍히는 날짜 (예: 2026-03-09)",
    ),
    kv("project.title", "과제명", Text, "과제명"),
    kv(
        "project.region",
        "지역",
        List(L::Region),
        "신청 지역: 목록에서 고르십시오 (11개 지역)",
    ),
    kv(
        "project.industry",
        "지역 주력산업",
        Text,
        "지역 주력산업 / 대상 업종",
    ),
    kv("project.summary", "과제 요약", Text, "과제 요약 (한 문단)"),
    kv(
        "project.period.start",
        "사업 시작일",
        D,
        "비워 두면 공고의 사업기간",
    ),
    kv(
        "project.period.end",
        "사업 종료일",
        D,
        "비워 두면 공고의 사업기간",
    ),
    kv(
        "project.director.member",
        "사업책임자 기관 id",
        Id,
        "사업책임자의 소속 기관 id (참여기관 시트)",
    ),
    kv(
        "project.director.name",
        "사업책임자 성명",
        Text,
        "발표평가에 참석하는 사업책임자",
    ),
    kv("project.director.position", "사업책임자 직위", Text, ""),
    kv("project.director.phone", "사업책임자 전화", Text, ""),
    kv("project.director.mobile", "사업책임자 휴대전화", Text, ""),
    kv("project.director.email", "사업책임자 이메일", Text, ""),
    kv(
        "project.manager.member",
        "실무책임자 기관 id",
        Id,
        "실무책임자의 소속 기관 id (참여기관 시트)",
    ),
    kv("project.manager.name", "실무책임자 성명", Text, ""),
    kv("project.manager.position", "실무책임자 직위", Text, ""),
    kv("project.manager.phone", "실무책임자 전화", Text, ""),
    kv("project.manager.mobile", "실무책임자 휴대전화", Text, ""),
    kv("project.manager.email", "실무책임자 이메일", Text, ""),
    kv(
        "local_contribution.payer",
        "지방비 납부 기관 id",
        Id,
        "자치단체 부담금을 내는 신청기관의 id (납입 일정은 지방비납입 시트)",
    ),
    kv(
        "local_contribution.payee",
        "지방비 수납 기관 id",
        Id,
        "사업비 계좌를 관리하는 주관기관의 id",
    ),
    kv(
        "local_contribution.account.bank",
        "지방비 계좌 은행",
        Text,
        "납입 계좌의 은행",
    ),
    kv(
        "local_contribution.account.number",
        "지방비 계좌번호",
        Text,
        "납입 계좌번호",
    ),
    kv(
        "local_contribution.account.holder",
        "지방비 계좌 예금주",
        Text,
        "납입 계좌의 예금주",
    ),
];

const MEMBER_COLS: &[Col] = &[
    col("id", "기관 id", Id, true, "영문 소문자·숫자·- (예: hanbit-tp). 다른 시트에서 이 id로 기관을 가리킵니다", 16.0),
    col("name", "기관명", Text, true, "정식 기관명 (예: 재단법인 한빛테크노파크)", 26.0),
    col("kind", "기관 유형", List(L::Kind), true, "광역지자체 | 지역혁신기관 | 대학 | 출연연 | AI기업 | 기타", 14.0),
    col("role", "역할", List(L::Role), true, "신청기관(지역, 1곳) | 주관기관(1곳) | 참여기관", 12.0),
    col("registration_no", "사업자등록번호", Text, false, "사업자등록번호 또는 고유번호 (000-00-00000)", 16.0),
    col("corporate_no", "법인등록번호", Text, false, "법인등록번호 (000000-0000000), 없으면 비워 둡니다", 17.0),
    col("representative.name", "대표자 성명", Text, false, "대표자 성명", 12.0),
    col("representative.title", "대표자 직위", Text, false, "시장, 원장, 대표이사, 총장 …", 12.0),
    col("address", "주소", Text, false, "소재지 주소", 30.0),
    col("founded", "설립일", D, false, "설립일 (7년 요건); 공공기관은 비워 둘 수 있습니다", 12.0),
    col("contact.name", "담당자 성명", Text, false, "실무 담당자 성명", 12.0),
    col("contact.department", "담당자 부서", Text, false, "담당자 부서", 16.0),
    col("contact.position", "담당자 직위", Text, false, "담당자 직위", 12.0),
    col("contact.phone", "담당자 전화", Text, false, "담당자 전화번호", 14.0),
    col("contact.email", "담당자 이메일", Text, false, "담당자 이메일", 24.0),
    col("duty", "담당 역할", Text, false, "이 기관이 맡는 역할 (한 줄)", 30.0),
    col("eligibility.duplicate_funding", "중복지원", Bool, false, "마감일 기준 유사 사업 중복지원 여부: 예/아니오 (공공기관은 신청자격 다섯 칸을 비워 둘 수 있습니다)", 10.0),
    col("eligibility.equity", "자본총계", Won, false, "최근 결산 자본총계 (원); 0 미만이면 완전자본잠식", 18.0),
    col("eligibility.settlement_date", "결산일", D, false, "자본총계의 결산일", 12.0),
    col("eligibility.business_status", "영업상태", List(L::Status), false, "정상 | 휴업 | 폐업", 10.0),
    col("eligibility.tax_arrears", "국세·지방세 체납", Bool, false, "국세·지방세 체납 여부: 예/아니오", 14.0),
    col("seal", "직인 파일", Text, false, "직인 이미지 파일 경로 (이 통합문서가 있는 폴더 기준), 없으면 비워 둡니다", 22.0),
];

const SUBPROJECT_COLS: &[Col] = &[
    col(
        "id",
        "세부사업 id",
        Id,
        true,
        "영문 소문자·숫자·- (예: sme-solutions)",
        16.0,
    ),
    col("title", "세부사업명", Text, false, "세부사업명", 40.0),
    col(
        "field",
        "분야",
        List(L::Field),
        true,
        "솔루션 | 인프라 | 인력 | 운영",
        10.0,
    ),
    col(
        "lead",
        "주관 기관 id",
        Id,
        true,
        "이 세부사업을 맡는 기관의 id (참여기관 시트)",
        16.0,
    ),
    col(
        "direct_sme_support",
        "중소기업 직접지원",
        Bool,
        false,
        "예이면 60/20/20 매칭 규칙이 적용됩니다; 비워 두면 아니오",
        16.0,
    ),
];

const BUDGET_COLS: &[Col] = &[
    col(
        "subproject",
        "세부사업 id",
        Id,
        true,
        "세부사업 시트의 id",
        16.0,
    ),
    col("member", "기관 id", Id, true, "참여기관 시트의 id", 16.0),
    col("year", "연도", Int, true, "사업 연도 (예: 2026)", 8.0),
    col(
        "category",
        "비목",
        List(L::Category),
        true,
        "비목: 목록에서 고르십시오",
        12.0,
    ),
    col("national", "국비", Won, true, "국비 (원, 정수)", 16.0),
    col("local", "지방비", Won, true, "지방비 (원, 정수)", 16.0),
    col(
        "private_cash",
        "민간 현금",
        Won,
        true,
        "민간부담금 중 현금 (원, 정수)",
        16.0,
    ),
    col(
        "private_in_kind",
        "민간 현물",
        Won,
        true,
        "민간부담금 중 현물 (원, 정수)",
        16.0,
    ),
];

const ASSET_COLS: &[Col] = &[
    col("member", "기관 id", Id, true, "자산을 사는 기관의 id", 14.0),
    col(
        "subproject",
        "세부사업 id",
        Id,
        true,
        "세부사업 시트의 id",
        14.0,
    ),
    col("year", "연도", Int, true, "구매 연도", 8.0),
    col("name", "자산명", Text, true, "자산명", 24.0),
    col("spec", "규격", Text, false, "주요 규격", 30.0),
    col("quantity", "수량", Int, true, "수량 (1 이상)", 8.0),
    col(
        "unit_price",
        "단가",
        Won,
        true,
        "단가 (원, 부가세 포함)",
        16.0,
    ),
    col(
        "source",
        "재원",
        List(L::Source),
        true,
        "국비 | 지방비 | 민간",
        10.0,
    ),
    col("location", "설치 장소", Text, false, "설치 장소", 26.0),
    col("purpose", "활용 목적", Text, false, "활용 목적", 30.0),
];

const SCHEDULE_COLS: &[Col] = &[
    col(
        "year",
        "연도",
        Int,
        true,
        "납입 연도 (납부·수납 기관과 계좌는 과제 시트에 씁니다)",
        8.0,
    ),
    col(
        "amount",
        "납입액",
        Won,
        true,
        "그 해 납입할 지방비 (원, 정수)",
        18.0,
    ),
    col(
        "due",
        "납입기한",
        D,
        false,
        "납입기한 (예: 2026-05-29)",
        12.0,
    ),
];

pub const TABLES: [Table; 5] = [
    Table {
        sheet: "참여기관",
        path: "members",
        cols: MEMBER_COLS,
    },
    Table {
        sheet: "세부사업",
        path: "subprojects",
        cols: SUBPROJECT_COLS,
    },
    Table {
        sheet: "사업비",
        path: "budget",
        cols: BUDGET_COLS,
    },
    Table {
        sheet: "취득자산",
        path: "assets",
        cols: ASSET_COLS,
    },
    Table {
        sheet: "지방비납입",
        path: "local_contribution.schedule",
        cols: SCHEDULE_COLS,
    },
];

// ---------------------------------------------------------------------------------------------
// The grid: a format-neutral picture of the workbook's cells.

/// A cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(Date),
    Bool(bool),
}

/// A sheet: its name and rows of cells (row 0 is the header row).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
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

/// The cells of the workbook for a model, or of a blank workbook (`None`: the schema, program
/// and revision prefilled, everything else empty).
pub fn grid(c: Option<&Consortium>) -> Vec<Sheet> {
    let root = match c {
        Some(c) => serde_json::to_value(c).expect("the model serialises"),
        None => {
            serde_json::json!({"schema": 1, "program": crate::program::AI_TRANSITION_2026.id, "revision": 1})
        }
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

// ---------------------------------------------------------------------------------------------
// Writing.

/// The workbook for a model, or the blank workbook to fill in: headers with notes, frozen
/// header rows, `#,##0` won, `yyyy-mm-dd` dates, text columns formatted as text, and drop-downs
/// for every closed list. The same model always gives the same bytes (fixed creation date).
pub fn write_workbook(c: Option<&Consortium>) -> Result<Vec<u8>, String> {
    build_workbook(c).map_err(|e| format!("통합문서를 만들 수 없습니다: {e}"))
}

fn build_workbook(c: Option<&Consortium>) -> Result<Vec<u8>, XlsxError> {
    let sheets = grid(c);
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("지역 주도형 AI 대전환 컨소시엄 입력 통합문서")
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
        if let Some(v) = validation(r.ty)? {
            ws.add_data_validation(row, 1, row, 1, &v)?;
        }
    }

    // The tables.
    for (t, sheet) in TABLES.iter().zip(&sheets[1..]) {
        let ws = wb.add_worksheet();
        ws.set_name(t.sheet)?;
        ws.set_default_note_author("formpack");
        ws.set_freeze_panes(1, 0)?;
        ws.set_row_height(0, 30)?;
        let last = FORMATTED_ROWS.max(sheet.rows.len() as u32);
        for (i, c) in t.cols.iter().enumerate() {
            let i = i as u16;
            ws.write_string_with_format(0, i, c.header, &header)?;
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
            if let Some(v) = validation(c.ty)? {
                ws.add_data_validation(1, i, last, i, &v)?;
            }
        }
        for (r, cells) in sheet.rows.iter().enumerate().skip(1) {
            for (i, (cell, c)) in cells.iter().zip(t.cols).enumerate() {
                write_cell(ws, r as u32, i as u16, cell, c.ty, &fmts)?;
            }
        }
    }
    wb.save_to_buffer()
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

fn validation(ty: Ty) -> Result<Option<DataValidation>, XlsxError> {
    let list: Vec<&str> = match ty {
        Ty::List(k) => k.values(),
        Ty::Bool => vec!["예", "아니오"],
        _ => return Ok(None),
    };
    let v = DataValidation::new()
        .allow_list_strings(&list)?
        .set_error_title("목록에 없는 값")?
        .set_error_message(format!("다음 중 하나를 고르십시오: {}", list.join(", ")))?;
    Ok(Some(v))
}

// ---------------------------------------------------------------------------------------------
// Reading.

/// `A1`-style name of a 0-based (row, column).
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(b'A' + r as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).unwrap_or_default(),
        row + 1
    )
}

/// A header's text without its ignorable suffix: a second line, a trailing `*`, a trailing
/// `(…)`.
pub fn header_text(raw: &str) -> String {
    let mut s = raw.lines().next().unwrap_or("").trim();
    loop {
        let before = s;
        s = s.trim_end_matches('*').trim_end();
        if s.ends_with(')') || s.ends_with('）') {
            if let Some(i) = s.rfind(['(', '（']) {
                if i > 0 {
                    s = s[..i].trim_end();
                }
            }
        }
        if s == before {
            return s.to_string();
        }
    }
}

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
                code: crate::diag::Code::InputParse,
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
            code: crate::diag::Code::InputParse,
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
                code: crate::diag::Code::InputParse,
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
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 5), "F12");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(0, 27), "AB1");
    }

    #[test]
    fn headers_ignore_suffixes() {
        assert_eq!(header_text("자본총계 (원)"), "자본총계");
        assert_eq!(header_text("기관 id*"), "기관 id");
        assert_eq!(header_text("국비\n원 단위"), "국비");
        assert_eq!(header_text(" 국비 "), "국비");
    }

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
