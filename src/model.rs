//! The typed consortium model (schema 1), as described in DATA.md.
//!
//! Structural fields (ids, references, years, amounts) are required: without them a row means
//! nothing, so their absence is an `input-parse` error. Descriptive fields that a document
//! prints are optional here; `check` reports each absent one as `field-missing`, and a draft
//! build prints `[미입력]` in its place.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Money in integer won.
pub type Won = i64;

/// The whole consortium file (schema 1): one consortium's application, from which every
/// document is computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consortium {
    /// File format version; only `1` is read (anything else is `input-parse`).
    pub schema: u32,
    /// Program profile id (`ai-transition-2026`): the call whose rules, figures and forms apply.
    pub program: String,
    /// Revision number, raised by staff for each corrected version; recorded in the manifest.
    pub revision: u32,
    /// 신청일, printed on every signature line; after the deadline is `deadline-passed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_date: Option<Date>,
    /// 과제: the project as a whole.
    pub project: Project,
    /// Every institution of the consortium (참여기관 in the broad sense), in file order.
    pub members: Vec<Member>,
    /// 세부사업; an absent key means none.
    #[serde(default)]
    pub subprojects: Vec<Subproject>,
    /// 사업비, one row per (subproject, member, year, category); an absent key means none.
    #[serde(default)]
    pub budget: Vec<BudgetRow>,
    /// 취득자산 구매계획, one row per item; an absent key means none.
    #[serde(default)]
    pub assets: Vec<Asset>,
    /// 자치단체 부담금 납입협약: what the region commits to pay (document 06).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_contribution: Option<LocalContribution>,
    /// 사업계획서의 서술: the sections the lead writes, by heading (optional). A section whose
    /// heading is one the committee scores fills that heading of 02 사업계획서; any other is
    /// added after them. An absent key means none: every heading shows its `[작성 필요]` prompt.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<PlanSection>,
}

/// One section of the 사업계획서's narrative: a heading and what is written under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanSection {
    /// The heading: one of the program's scored headings (`사업목적 및 목표`) or a new one.
    pub heading: String,
    /// What is written under it, in order.
    #[serde(default)]
    pub blocks: Vec<PlanBlock>,
}

/// A plan heading as compared: white space collapsed, so `사업목적  및 목표` is the scored
/// heading `사업목적 및 목표`.
pub fn heading_key(h: &str) -> String {
    h.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A block of the plan's narrative: a map with exactly one of these keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PlanBlock {
    /// A paragraph.
    Text(String),
    /// A bulleted list, an item each.
    Bullets(Vec<String>),
    /// A subheading within the section.
    Subheading(String),
    /// A simple table: rows of cells, the first row its header; every row as wide as the first.
    Table(Vec<Vec<Cell>>),
}

impl PlanBlock {
    /// The key that names this kind of block in the file (`text`, `bullets` …).
    pub fn key(&self) -> &'static str {
        match self {
            PlanBlock::Text(_) => "text",
            PlanBlock::Bullets(_) => "bullets",
            PlanBlock::Subheading(_) => "subheading",
            PlanBlock::Table(_) => "table",
        }
    }
}

/// A table cell of the plan: text, or a whole number written without quotes (`40`), kept as
/// the text it prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Cell(pub String);

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Cell, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Cell;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table cell: text or a whole number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Cell, E> {
                Ok(Cell(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Cell, E> {
                Ok(Cell(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Cell, E> {
                Ok(Cell(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Cell, E> {
                Err(E::custom(format!(
                    "표의 소수는 따옴표로 감싼 글자로 쓰십시오: `\"{v}\"`"
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// 과제: the project's descriptive fields (DATA.md `project`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// 과제명.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// 지역: one of the 11 eligible regions, short (`대전`) or official (`대전광역시`) name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// 지역 주력산업 / 대상 업종.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// 사업 개요: a paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// 사업기간; absent means the program's period, and any other is `period-mismatch`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// 사업책임자 (총괄책임자): presents at the interview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub director: Option<Person>,
    /// 실무책임자: the working-level person in charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<Person>,
}

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day (시작일).
    pub start: Date,
    /// Last day (종료일), included.
    pub end: Date,
}

/// 사업책임자 / 실무책임자.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Id of the member institution the person belongs to.
    pub member: Id,
    /// 성명.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 직위.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// 전화번호 (office).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// 휴대전화.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// 전자우편.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// One institution of the consortium (DATA.md `members[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Id that budget rows, assets, subprojects and persons refer to.
    pub id: Id,
    /// 기관명, printed as written (any text).
    pub name: String,
    /// 기관 유형: 광역지자체, 지역혁신기관, 대학, 출연연, AI기업 or 기타.
    pub kind: Kind,
    /// 역할: 신청기관 (exactly one), 주관기관 (exactly one) or 참여기관.
    pub role: Role,
    /// 사업자등록번호 or 고유번호 (`305-83-01232`), checksum verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_no: Option<String>,
    /// 법인등록번호 (`160171-0001236`), checksum verified; a 대학/출연연 without one is a
    /// public body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corporate_no: Option<String>,
    /// 대표자: who signs for the member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<Representative>,
    /// 주소.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// 설립일, needed for the 7-year rule; public bodies may omit it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded: Option<Date>,
    /// 담당자: the member's contact person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// 담당 역할 in the project, one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duty: Option<String>,
    /// Facts for the four exclusions, as of the deadline; public bodies may omit them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Eligibility>,
    /// Seal image, relative to the consortium file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<String>,
}

impl Member {
    /// 광역지자체, and 대학/출연연 without a 법인등록번호, may omit founded, corporate_no and
    /// eligibility (DATA.md).
    pub fn is_public_body(&self) -> bool {
        match self.kind {
            Kind::Region => true,
            Kind::University | Kind::Institute => self.corporate_no.is_none(),
            _ => false,
        }
    }

    /// The lead (주관기관) and participants (참여기관) sign documents 04, 05 and 08.
    pub fn is_performer(&self) -> bool {
        matches!(self.role, Role::Lead | Role::Participant)
    }
}

/// 대표자: the head of a member (시장, 원장, 대표이사, 총장 …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Representative {
    /// 성명.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 직위 (시장, 원장, 대표이사, 총장 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// 담당자: a member's working-level contact person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// 성명.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 부서.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// 직위.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// 전화번호.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// 전자우편.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// Facts as of the deadline, for the four exclusions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// Same or similar content already funded by another ministry or region (중복지원);
    /// `true` is an exclusion.
    pub duplicate_funding: bool,
    /// 자본총계 at the latest settlement; below zero is 완전자본잠식.
    #[serde(deserialize_with = "whole_number")]
    pub equity: Won,
    /// Date of the settlement (결산일) that `equity` is taken from.
    pub settlement_date: Date,
    /// 영업 상태 at the deadline; 휴업 or 폐업 is an exclusion.
    pub business_status: BusinessStatus,
    /// 국세·지방세 체납 at the deadline; `true` is an exclusion.
    pub tax_arrears: bool,
}

/// 기관 유형: what kind of institution a member is (DATA.md `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    /// 광역지자체: a regional government; always a public body.
    #[serde(rename = "광역지자체")]
    Region,
    /// 지역혁신기관: a TP, 경제진흥원 or the like.
    #[serde(rename = "지역혁신기관")]
    Innovation,
    /// 대학: a university; a public body when it has no 법인등록번호.
    #[serde(rename = "대학")]
    University,
    /// 출연연: a government-funded research institute; public body without 법인등록번호.
    #[serde(rename = "출연연")]
    Institute,
    /// AI기업: an AI company (often a startup).
    #[serde(rename = "AI기업")]
    AiFirm,
    /// 기타: any other institution.
    #[serde(rename = "기타")]
    Other,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 6] = [
        Kind::Region,
        Kind::Innovation,
        Kind::University,
        Kind::Institute,
        Kind::AiFirm,
        Kind::Other,
    ];

    /// The Korean name, as written in the file and printed (`광역지자체` …).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Region => "광역지자체",
            Kind::Innovation => "지역혁신기관",
            Kind::University => "대학",
            Kind::Institute => "출연연",
            Kind::AiFirm => "AI기업",
            Kind::Other => "기타",
        }
    }
}

/// 역할: a member's role in the consortium (DATA.md `role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// 신청기관: the regional government.
    #[serde(rename = "신청기관")]
    Applicant,
    /// 주관기관: the lead.
    #[serde(rename = "주관기관")]
    Lead,
    /// 참여기관: any other performing member.
    #[serde(rename = "참여기관")]
    Participant,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Role; 3] = [Role::Applicant, Role::Lead, Role::Participant];

    /// The Korean name, as written in the file and printed (`신청기관` …).
    pub fn label(self) -> &'static str {
        match self {
            Role::Applicant => "신청기관",
            Role::Lead => "주관기관",
            Role::Participant => "참여기관",
        }
    }
}

/// 영업 상태 at the deadline (DATA.md `business_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BusinessStatus {
    /// 정상: in business.
    #[serde(rename = "정상")]
    Normal,
    /// 휴업: suspended; an exclusion.
    #[serde(rename = "휴업")]
    Suspended,
    /// 폐업: closed; an exclusion.
    #[serde(rename = "폐업")]
    Closed,
}

impl BusinessStatus {
    /// Every status, in declaration order.
    pub const ALL: [BusinessStatus; 3] = [
        BusinessStatus::Normal,
        BusinessStatus::Suspended,
        BusinessStatus::Closed,
    ];

    /// The Korean name, as written in the file and printed (`정상` …).
    pub fn label(self) -> &'static str {
        match self {
            BusinessStatus::Normal => "정상",
            BusinessStatus::Suspended => "휴업",
            BusinessStatus::Closed => "폐업",
        }
    }
}

/// 세부사업: one sub-project of the plan (DATA.md `subprojects[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subproject {
    /// Id that budget rows and assets refer to.
    pub id: Id,
    /// 세부사업명, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// 분야: one of the four areas.
    pub field: Field,
    /// Id of the member that leads it.
    pub lead: Id,
    /// 중소기업 직접지원: the 60/20/20 rule applies. Absent means `false`.
    #[serde(default)]
    pub direct_sme_support: bool,
}

/// 분야 of a subproject (DATA.md `field`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    /// 솔루션: AI 솔루션 도입·활용.
    #[serde(rename = "솔루션")]
    Solution,
    /// 인프라: AI 인프라 구축.
    #[serde(rename = "인프라")]
    Infra,
    /// 인력: AI 인력 양성.
    #[serde(rename = "인력")]
    Workforce,
    /// 운영: 사업 운영 (running the project itself).
    #[serde(rename = "운영")]
    Operation,
}

impl Field {
    /// Every field, in declaration order.
    pub const ALL: [Field; 4] = [
        Field::Solution,
        Field::Infra,
        Field::Workforce,
        Field::Operation,
    ];

    /// The short Korean name, as written in the file (`솔루션` …).
    pub fn label(self) -> &'static str {
        match self {
            Field::Solution => "솔루션",
            Field::Infra => "인프라",
            Field::Workforce => "인력",
            Field::Operation => "운영",
        }
    }

    /// The long name printed in documents.
    pub fn long_label(self) -> &'static str {
        match self {
            Field::Solution => "AI 솔루션 도입·활용",
            Field::Infra => "AI 인프라 구축",
            Field::Workforce => "AI 인력 양성",
            Field::Operation => "사업 운영",
        }
    }
}

/// One budget row: (subproject, member, year, category) with its four sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetRow {
    /// Id of the subproject.
    pub subproject: Id,
    /// Id of the member that spends it.
    pub member: Id,
    /// Budget year (연도); outside the period is `year-out-of-period`.
    pub year: i32,
    /// 비목: one of the program's categories; anything else is `category-unknown`.
    pub category: String,
    /// 국비: national funding, integer won.
    #[serde(deserialize_with = "whole_number")]
    pub national: Won,
    /// 지방비: regional government funding (cash), integer won.
    #[serde(deserialize_with = "whole_number")]
    pub local: Won,
    /// 민간부담금 현금: private cash, integer won.
    #[serde(deserialize_with = "whole_number")]
    pub private_cash: Won,
    /// 민간부담금 현물: private in-kind, integer won.
    #[serde(deserialize_with = "whole_number")]
    pub private_in_kind: Won,
}

/// 취득자산: one item of the asset purchase plan (DATA.md `assets[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Asset {
    /// Id of the member that buys it.
    pub member: Id,
    /// Id of the subproject it serves.
    pub subproject: Id,
    /// Year of purchase; outside the period is `year-out-of-period`.
    pub year: i32,
    /// 품명.
    pub name: String,
    /// 규격.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
    /// 수량: at least 1.
    #[serde(deserialize_with = "whole_number")]
    pub quantity: i64,
    /// 단가: integer won, VAT included.
    #[serde(deserialize_with = "whole_number")]
    pub unit_price: Won,
    /// 재원: which source pays for it.
    pub source: AssetSource,
    /// 설치장소.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// 활용목적.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
}

impl Asset {
    /// Quantity × unit price, saturating (amount-invalid catches absurd values first).
    pub fn amount(&self) -> Won {
        self.quantity.saturating_mul(self.unit_price)
    }
}

/// 재원 of an asset (DATA.md `source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AssetSource {
    /// 국비.
    #[serde(rename = "국비")]
    National,
    /// 지방비.
    #[serde(rename = "지방비")]
    Local,
    /// 민간: 민간부담금, cash and in-kind together.
    #[serde(rename = "민간")]
    Private,
}

impl AssetSource {
    /// Every source, in declaration order.
    pub const ALL: [AssetSource; 3] = [
        AssetSource::National,
        AssetSource::Local,
        AssetSource::Private,
    ];

    /// The Korean name, as written in the file and printed (`국비` …).
    pub fn label(self) -> &'static str {
        match self {
            AssetSource::National => "국비",
            AssetSource::Local => "지방비",
            AssetSource::Private => "민간",
        }
    }
}

/// 자치단체 부담금 납입협약: what the region commits to pay into the project account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalContribution {
    /// 납입자: id of the 신청기관 (the region).
    pub payer: Id,
    /// 수납자: id of the 주관기관, which manages the project account.
    pub payee: Id,
    /// 납입 일정; each year's total must equal that year's budget 지방비.
    #[serde(default)]
    pub schedule: Vec<Installment>,
    /// 납입계좌: the project account the region pays into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
}

/// One payment of the local contribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Installment {
    /// Budget year it pays for.
    pub year: i32,
    /// 납입액: integer won.
    #[serde(deserialize_with = "whole_number")]
    pub amount: Won,
    /// 납입기한.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
}

/// A bank account (DATA.md `local_contribution.account`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// 은행.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank: Option<String>,
    /// 계좌번호.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// 예금주.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
}

/// Read an amount strictly: a whole number, never a fraction or text (a quoted `"600000000"` in
/// YAML is text, and is refused like `"1,234"`; the workbook reader converts its cells first).
/// A whole number written with a decimal point (`600000000.0`) is accepted, as in a workbook.
fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = i64;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an integer number of won")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::custom(format!("금액 {v}이(가) 너무 큽니다")))
        }
        /// A whole number written with a decimal point (`1500000000.0`, `1.5e9`) is that many
        /// won, as a workbook's cell is (Excel keeps every number as a float); a fraction is
        /// refused, quoted in the shortest form that reads back the same (`1500000000.5`).
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
            const MAX_EXACT: f64 = 9_007_199_254_740_992.0;
            if v.fract() == 0.0 && v.abs() < MAX_EXACT {
                return Ok(v as i64);
            }
            Err(E::custom(format!("금액은 원 단위 정수여야 합니다: ‘{v}’")))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<i64, E> {
            Err(E::custom(format!(
                "금액은 따옴표 없는 정수여야 합니다: `\"{v}\"`"
            )))
        }
    }
    d.deserialize_any(V)
}

/// A value that is not a valid id or date. Each variant holds the text as it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueError {
    /// Not `[a-z0-9][a-z0-9-]{0,39}`.
    Id(String),
    /// Not written `YYYY-MM-DD`.
    DateFormat(String),
    /// Written `YYYY-MM-DD` but no such day (`2026-02-30`).
    NoSuchDate(String),
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueError::Id(s) => write!(
                f,
                "잘못된 id ‘{s}’: 영문 소문자·숫자로 시작하고 소문자·숫자·-만 쓰는 40자 이하여야 합니다"
            ),
            ValueError::DateFormat(s) => write!(f, "날짜 ‘{s}’는 YYYY-MM-DD 형식이어야 합니다"),
            ValueError::NoSuchDate(s) => write!(f, "존재하지 않는 날짜입니다: {s}"),
        }
    }
}

impl std::error::Error for ValueError {}

/// An id: `[a-z0-9][a-z0-9-]{0,39}`. Validated when read, so it is safe in file names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    /// Check and wrap an id.
    pub fn new(s: &str) -> Result<Id, ValueError> {
        let b = s.as_bytes();
        let ok = !b.is_empty()
            && b.len() <= 40
            && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-');
        if ok {
            Ok(Id(s.to_string()))
        } else {
            Err(ValueError::Id(s.to_string()))
        }
    }

    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        let s = String::deserialize(d)?;
        Id::new(&s).map_err(serde::de::Error::custom)
    }
}

/// A calendar date, read from ISO `2026-03-09` and printed officially as `2026. 3. 9.`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// Year, 1–9999 when made by [`Date::new`] or read.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, from 1.
    pub day: u32,
}

impl Date {
    /// A real calendar day, or `None` (no such month or day, or a year outside 1–9999).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let dim = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=9999).contains(&year) && (1..=dim).contains(&day)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Parse `YYYY-MM-DD` strictly.
    pub fn parse_iso(s: &str) -> Result<Date, ValueError> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !digits(0..4)
            || !digits(5..7)
            || !digits(8..10)
        {
            return Err(ValueError::DateFormat(s.to_string()));
        }
        let y = s[0..4].parse().unwrap_or(0);
        let m = s[5..7].parse().unwrap_or(0);
        let d = s[8..10].parse().unwrap_or(0);
        Date::new(y, m, d).ok_or_else(|| ValueError::NoSuchDate(s.to_string()))
    }

    /// `2026. 3. 9.`
    pub fn official(&self) -> String {
        format!("{}. {}. {}.", self.year, self.month, self.day)
    }

    /// `2026. 3. 10.(화)`
    pub fn official_weekday(&self) -> String {
        const NAMES: [&str; 7] = ["월", "화", "수", "목", "금", "토", "일"];
        format!("{}({})", self.official(), NAMES[self.weekday() as usize])
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(&self) -> u32 {
        (self.days_from_epoch().rem_euclid(7) as u32 + 3) % 7
    }

    /// Days since 1970-01-01 (a Thursday).
    pub fn days_from_epoch(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date `days` days after 1970-01-01 (the inverse of [`Date::days_from_epoch`]).
    pub fn from_days_from_epoch(days: i64) -> Date {
        let z = days + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date `n` days later (earlier when negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days_from_epoch(self.days_from_epoch() + n)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Date, E> {
                Date::parse_iso(s).map_err(E::custom)
            }
            // TOML local dates arrive as a one-entry map holding their text under toml's
            // private key; any other map (`{foo: 2026-03-09}` in YAML) is not a date.
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                const TOML_DATETIME: &str = "$__toml_private_datetime";
                let not_a_date = || serde::de::Error::custom("expected a date YYYY-MM-DD");
                let Some(key) = map.next_key::<String>()? else {
                    return Err(not_a_date());
                };
                if key != TOML_DATETIME {
                    return Err(not_a_date());
                }
                let text: String = map.next_value()?;
                if map.next_key::<String>()?.is_some() {
                    return Err(not_a_date());
                }
                Date::parse_iso(&text).map_err(serde::de::Error::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(Date::parse_iso("2026-02-30").is_err());
        for (a, n, b) in [
            ((2026, 3, 10), -1, (2026, 3, 9)),
            ((2028, 2, 28), 1, (2028, 2, 29)),
            ((2027, 12, 31), 1, (2028, 1, 1)),
            ((1970, 1, 1), 0, (1970, 1, 1)),
        ] {
            let (a, b) = (
                Date::new(a.0, a.1, a.2).unwrap(),
                Date::new(b.0, b.1, b.2).unwrap(),
            );
            assert_eq!(a.add_days(n), b);
            assert_eq!(Date::from_days_from_epoch(a.days_from_epoch()), a);
        }
        assert!(Date::parse_iso("2028-02-29").is_ok());
        assert!(Date::parse_iso("2026-3-9").is_err());
        let d = Date::parse_iso("2026-03-10").unwrap();
        assert_eq!(d.official(), "2026. 3. 10.");
        assert_eq!(d.official_weekday(), "2026. 3. 10.(화)");
        assert_eq!(Date::new(1970, 1, 1).unwrap().weekday(), 3);
        assert_eq!(
            Date::new(2026, 11, 25).unwrap().official_weekday(),
            "2026. 11. 25.(수)"
        );
    }

    #[test]
    fn ids() {
        assert!(Id::new("hanbit-tp").is_ok());
        assert!(Id::new("9a").is_ok());
        assert!(Id::new("-a").is_err());
        assert!(Id::new("../../x").is_err());
        assert!(Id::new("Hanbit").is_err());
        assert!(Id::new(&"a".repeat(41)).is_err());
    }
}
