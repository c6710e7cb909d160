//! The workbook's schema: its sheets, the rows of the key/value sheet 과제, the columns of the
//! table sheets and the type of every cell, plus the cell naming both sides share. The writer
//! ([`crate::save`]) lays a workbook out from it; the reader ([`crate::load::xlsx`]) matches
//! what it finds against it.

use crate::model::{AssetSource, BusinessStatus, Field, Kind, PlanBlock, Role};
use crate::program::Program;

/// The key/value sheet.
pub const PROJECT_SHEET: &str = "과제";
/// Every sheet a workbook must have, in workbook order. [`PLAN_SHEET`] follows them and may be
/// left out.
pub const SHEETS: [&str; 6] = [
    PROJECT_SHEET,
    "참여기관",
    "세부사업",
    "사업비",
    "취득자산",
    "지방비납입",
];
/// The optional sheet of the plan's narrative, after the others: one row per line of a block.
pub const PLAN_SHEET: &str = "사업계획";
/// Headers of the key/value sheet.
pub const KV_HEADERS: [&str; 3] = ["항목", "값", "설명"];

/// A cell's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// Free text, formatted as text (`@`).
    Text,
    /// An id (`hanbit-tp`): text, trimmed when read.
    Id,
    /// A whole number that is not money (year, quantity, schema).
    Int,
    /// Integer won, `#,##0`.
    Won,
    /// A date, `yyyy-mm-dd`.
    Date,
    /// 예/아니오.
    Bool,
    /// A closed list, offered as a drop-down.
    List(ListKind),
}

/// The closed lists offered as drop-downs, one per enum-like field of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// The program's eligible regions, official names then short ones.
    Region,
    /// The kind of a member ([`Kind`]).
    Kind,
    /// The role of a member ([`Role`]).
    Role,
    /// The field of a subproject ([`Field`]).
    Field,
    /// The program's budget categories (비목).
    Category,
    /// The source of an asset's funds ([`AssetSource`]).
    Source,
    /// A member's business status ([`BusinessStatus`]).
    Status,
    /// The kind of a 사업계획 row ([`PlanKind`]).
    Plan,
}

impl ListKind {
    /// The values of the drop-down under `program`.
    pub fn values(self, program: &Program) -> Vec<&str> {
        match self {
            ListKind::Region => {
                let r = &program.regions;
                r.iter()
                    .map(|r| r.official.as_str())
                    .chain(r.iter().map(|r| r.short.as_str()))
                    .collect()
            }
            ListKind::Kind => Kind::ALL.iter().map(|k| k.label()).collect(),
            ListKind::Role => Role::ALL.iter().map(|k| k.label()).collect(),
            ListKind::Field => Field::ALL.iter().map(|k| k.label()).collect(),
            ListKind::Category => program.categories.iter().map(String::as_str).collect(),
            ListKind::Source => AssetSource::ALL.iter().map(|k| k.label()).collect(),
            ListKind::Status => BusinessStatus::ALL.iter().map(|k| k.label()).collect(),
            ListKind::Plan => PlanKind::ALL.iter().map(|k| k.label()).collect(),
        }
    }
}

/// The 종류 of a 사업계획 row: the kind of block the row is (a line of).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanKind {
    /// 문단: a `text` block.
    Text,
    /// 목록: an item of a `bullets` block; consecutive rows are one list.
    Bullets,
    /// 소제목: a `subheading` block.
    Subheading,
    /// 표: a row of a `table` block; consecutive rows are one table, the first its header.
    Table,
}

impl PlanKind {
    /// Every kind, in drop-down order.
    pub const ALL: [PlanKind; 4] = [
        PlanKind::Text,
        PlanKind::Bullets,
        PlanKind::Subheading,
        PlanKind::Table,
    ];

    /// The 종류 cell's text.
    pub fn label(self) -> &'static str {
        match self {
            PlanKind::Text => "문단",
            PlanKind::Bullets => "목록",
            PlanKind::Subheading => "소제목",
            PlanKind::Table => "표",
        }
    }

    /// The block's key in the model (`text`, `bullets` …, as [`PlanBlock::key`]).
    pub fn key(self) -> &'static str {
        match self {
            PlanKind::Text => "text",
            PlanKind::Bullets => "bullets",
            PlanKind::Subheading => "subheading",
            PlanKind::Table => "table",
        }
    }

    /// The kind whose label is `s` (trimmed).
    pub fn from_label(s: &str) -> Option<PlanKind> {
        PlanKind::ALL.into_iter().find(|k| k.label() == s.trim())
    }

    /// The kind of a block of the model.
    pub fn of(b: &PlanBlock) -> PlanKind {
        match b {
            PlanBlock::Text(_) => PlanKind::Text,
            PlanBlock::Bullets(_) => PlanKind::Bullets,
            PlanBlock::Subheading(_) => PlanKind::Subheading,
            PlanBlock::Table(_) => PlanKind::Table,
        }
    }
}

/// A column of a table sheet: the field (dotted, relative to the item), its header and note.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    /// The field, dotted and relative to the item (`representative.name`).
    pub key: &'static str,
    /// The header on row 1, which the reader matches by text.
    pub header: &'static str,
    /// The type of the column's cells.
    pub ty: Ty,
    /// The column must be present (the field is required by the model).
    pub required: bool,
    /// The note on the header cell (the writer adds ` (필수)` to required columns).
    pub note: &'static str,
    /// The column width in a new workbook, in Excel character units.
    pub width: f64,
}

/// A table sheet: one row per item of the array at `path`.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// The sheet's name.
    pub sheet: &'static str,
    /// The array of the model the rows are items of, dotted from the root.
    pub path: &'static str,
    /// The columns, in the order a new workbook has them.
    pub cols: &'static [Col],
}

/// A row of the key/value sheet: the field (dotted, from the root), its label and note.
#[derive(Debug, Clone, Copy)]
pub struct KvRow {
    /// The field, dotted from the root (`project.period.start`).
    pub path: &'static str,
    /// The label in the `항목` column, which the reader matches by text.
    pub label: &'static str,
    /// The type of the `값` cell.
    pub ty: Ty,
    /// The text of the `설명` column (may be empty).
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

/// The rows of the key/value sheet 과제, in order.
pub const KV_ROWS: &[KvRow] = &[
    kv("schema", "스키마 버전", Int, "파일 형식 버전: 1"),
    kv(
        "program",
        "사업 프로필",
        Text,
        "공고 프로필 id (formpack programs가 보여 줍니다)",
    ),
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
        "모든 서명란에 찍히는 날짜 (YYYY-MM-DD)",
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
    col("founded", "설립일", D, false, "설립일 (창업 기간 요건); 공공기관은 비워 둘 수 있습니다", 12.0),
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
    col(
        "year",
        "연도",
        Int,
        true,
        "사업 연도 (협약기간의 연도)",
        8.0,
    ),
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
    col("due", "납입기한", D, false, "납입기한 (YYYY-MM-DD)", 12.0),
];

/// The table sheets, in workbook order (after 과제).
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

/// The widest table the 사업계획 sheet holds: its first cell in `내용`, the others in
/// `표 2열` … `표 8열`.
pub const PLAN_TABLE_WIDTH: usize = 8;

const PLAN_COLS: &[Col] = &[
    col(
        "heading",
        "평가 항목",
        Text,
        true,
        "절의 제목: 평가 항목(예: 사업목적 및 목표) 또는 새 제목. 제목이 같은 행이 이어지면 한 절입니다",
        24.0,
    ),
    col(
        "kind",
        "종류",
        List(L::Plan),
        true,
        "문단 | 목록 | 소제목 | 표. 이어지는 목록 행은 한 목록, 이어지는 표 행은 한 표(첫 행이 제목 행)입니다",
        10.0,
    ),
    col(
        "content",
        "내용",
        Text,
        true,
        "문단·소제목의 글, 목록의 한 항목, 표의 첫 칸. 내용과 표 칸이 모두 빈 행은 읽지 않습니다",
        60.0,
    ),
    col("table.2", "표 2열", Text, false, "표의 2열 (종류가 표인 행만)", 14.0),
    col("table.3", "표 3열", Text, false, "표의 3열 (종류가 표인 행만)", 14.0),
    col("table.4", "표 4열", Text, false, "표의 4열 (종류가 표인 행만)", 14.0),
    col("table.5", "표 5열", Text, false, "표의 5열 (종류가 표인 행만)", 14.0),
    col("table.6", "표 6열", Text, false, "표의 6열 (종류가 표인 행만)", 14.0),
    col("table.7", "표 7열", Text, false, "표의 7열 (종류가 표인 행만)", 14.0),
    col("table.8", "표 8열", Text, false, "표의 8열 (종류가 표인 행만)", 14.0),
];

/// The 사업계획 sheet ([`PLAN_SHEET`]): the plan's sections, one row per line of a block, not
/// one per item of `plan`, so its columns name no fields (see [`crate::load::xlsx`] for how
/// rows make sections and blocks).
pub const PLAN: Table = Table {
    sheet: PLAN_SHEET,
    path: "plan",
    cols: PLAN_COLS,
};

// ---------------------------------------------------------------------------------------------
// Cell naming.

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
    fn plan_columns_hold_the_widest_table() {
        assert_eq!(PLAN.cols.len(), 2 + PLAN_TABLE_WIDTH);
        assert_eq!(PLAN.cols[2].header, "내용");
        assert_eq!(PLAN.cols.last().unwrap().header, "표 8열");
        for k in PlanKind::ALL {
            assert_eq!(PlanKind::from_label(&format!(" {} ", k.label())), Some(k));
        }
    }

    #[test]
    fn headers_ignore_suffixes() {
        assert_eq!(header_text("자본총계 (원)"), "자본총계");
        assert_eq!(header_text("기관 id*"), "기관 id");
        assert_eq!(header_text("국비\n원 단위"), "국비");
        assert_eq!(header_text(" 국비 "), "국비");
    }
}

/// A field path of the model as staff read it, in the workbook's words:
/// `budget[3].national` → `사업비 4번째 행의 ‘국비’`, `project.title` → `‘과제명’`;
/// `None` for a path the workbook does not lay out.
pub fn describe(path: &str) -> Option<String> {
    if let Some(row) = KV_ROWS.iter().find(|r| r.path == path) {
        return Some(format!("‘{}’", row.label));
    }
    if let Some(t) = TABLES.iter().find(|t| t.path == path) {
        return Some(format!("{} 시트", t.sheet));
    }
    if matches!(path, "project" | "local_contribution") {
        return Some(format!("{PROJECT_SHEET} 시트"));
    }
    if path == "plan" {
        return Some(format!("{PLAN_SHEET} 시트"));
    }
    let table = TABLES
        .iter()
        .filter(|t| path.starts_with(&format!("{}[", t.path)))
        .max_by_key(|t| t.path.len())?;
    let rest = &path[table.path.len() + 1..];
    let (index, field) = rest.split_once(']')?;
    let row = index.parse::<usize>().ok()? + 1;
    let field = field.strip_prefix('.').unwrap_or("");
    let header = table
        .cols
        .iter()
        .filter(|c| field == c.key || field.starts_with(&format!("{}.", c.key)))
        .max_by_key(|c| c.key.len())
        .map(|c| c.header);
    Some(match header {
        Some(h) => format!("{} {row}번째 행의 ‘{h}’", table.sheet),
        None => format!("{} {row}번째 행", table.sheet),
    })
}

#[cfg(test)]
mod describe_tests {
    use super::describe;

    #[test]
    fn paths_read_as_the_workbook_names_them() {
        assert_eq!(
            describe("budget[3].national").as_deref(),
            Some("사업비 4번째 행의 ‘국비’")
        );
        assert_eq!(describe("members[0]").as_deref(), Some("참여기관 1번째 행"));
        assert_eq!(describe("project.title").as_deref(), Some("‘과제명’"));
        assert_eq!(
            describe("local_contribution.schedule[1].amount").as_deref(),
            Some("지방비납입 2번째 행의 ‘납입액’")
        );
        assert_eq!(describe("nowhere[1]"), None);
        assert_eq!(describe("budget").as_deref(), Some("사업비 시트"));
        assert_eq!(describe("project").as_deref(), Some("과제 시트"));
    }
}
