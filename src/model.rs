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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consortium {
    pub schema: u32,
    pub program: String,
    pub revision: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_date: Option<Date>,
    pub project: Project,
    pub members: Vec<Member>,
    #[serde(default)]
    pub subprojects: Vec<Subproject>,
    #[serde(default)]
    pub budget: Vec<BudgetRow>,
    #[serde(default)]
    pub assets: Vec<Asset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_contribution: Option<LocalContribution>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Project {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub director: Option<Person>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<Person>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

/// 사업책임자 / 실무책임자.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub member: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub id: Id,
    pub name: String,
    pub kind: Kind,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corporate_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<Representative>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duty: Option<String>,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Representative {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// Facts as of the deadline, for the four exclusions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    pub duplicate_funding: bool,
    /// 자본총계 at the latest settlement; below zero is 완전자본잠식.
    #[serde(deserialize_with = "whole_number")]
    pub equity: Won,
    pub settlement_date: Date,
    pub business_status: BusinessStatus,
    pub tax_arrears: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    #[serde(rename = "광역지자체")]
    Region,
    #[serde(rename = "지역혁신기관")]
    Innovation,
    #[serde(rename = "대학")]
    University,
    #[serde(rename = "출연연")]
    Institute,
    #[serde(rename = "AI기업")]
    AiFirm,
    #[serde(rename = "기타")]
    Other,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Region,
        Kind::Innovation,
        Kind::University,
        Kind::Institute,
        Kind::AiFirm,
        Kind::Other,
    ];

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// 신청기관: the regional government.
    #[serde(rename = "신청기관")]
    Applicant,
    /// 주관기관: the lead.
    #[serde(rename = "주관기관")]
    Lead,
    #[serde(rename = "참여기관")]
    Participant,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Applicant, Role::Lead, Role::Participant];

    pub fn label(self) -> &'static str {
        match self {
            Role::Applicant => "신청기관",
            Role::Lead => "주관기관",
            Role::Participant => "참여기관",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BusinessStatus {
    #[serde(rename = "정상")]
    Normal,
    #[serde(rename = "휴업")]
    Suspended,
    #[serde(rename = "폐업")]
    Closed,
}

impl BusinessStatus {
    pub const ALL: [BusinessStatus; 3] = [
        BusinessStatus::Normal,
        BusinessStatus::Suspended,
        BusinessStatus::Closed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            BusinessStatus::Normal => "정상",
            BusinessStatus::Suspended => "휴업",
            BusinessStatus::Closed => "폐업",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subproject {
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub field: Field,
    pub lead: Id,
    #[serde(default)]
    pub direct_sme_support: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    #[serde(rename = "솔루션")]
    Solution,
    #[serde(rename = "인프라")]
    Infra,
    #[serde(rename = "인력")]
    Workforce,
    #[serde(rename = "운영")]
    Operation,
}

impl Field {
    pub const ALL: [Field; 4] = [
        Field::Solution,
        Field::Infra,
        Field::Workforce,
        Field::Operation,
    ];

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
    pub subproject: Id,
    pub member: Id,
    pub year: i32,
    pub category: String,
    #[serde(deserialize_with = "whole_number")]
    pub national: Won,
    #[serde(deserialize_with = "whole_number")]
    pub local: Won,
    #[serde(deserialize_with = "whole_number")]
    pub private_cash: Won,
    #[serde(deserialize_with = "whole_number")]
    pub private_in_kind: Won,
}

/// The budget categories (비목) of the call.
pub const CATEGORIES: [&str; 9] = [
    "인건비",
    "운영비",
    "여비",
    "업무추진비",
    "위탁사업비",
    "기업지원비",
    "교육훈련비",
    "자산취득비",
    "간접비",
];

/// The category whose rows the asset plan must equal.
pub const ASSET_CATEGORY: &str = "자산취득비";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Asset {
    pub member: Id,
    pub subproject: Id,
    pub year: i32,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
    #[serde(deserialize_with = "whole_number")]
    pub quantity: i64,
    #[serde(deserialize_with = "whole_number")]
    pub unit_price: Won,
    pub source: AssetSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
}

impl Asset {
    /// Quantity × unit price, saturating (amount-invalid catches absurd values first).
    pub fn amount(&self) -> Won {
        self.quantity.saturating_mul(self.unit_price)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AssetSource {
    #[serde(rename = "국비")]
    National,
    #[serde(rename = "지방비")]
    Local,
    #[serde(rename = "민간")]
    Private,
}

impl AssetSource {
    pub const ALL: [AssetSource; 3] = [
        AssetSource::National,
        AssetSource::Local,
        AssetSource::Private,
    ];

    pub fn label(self) -> &'static str {
        match self {
            AssetSource::National => "국비",
            AssetSource::Local => "지방비",
            AssetSource::Private => "민간",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalContribution {
    pub payer: Id,
    pub payee: Id,
    #[serde(default)]
    pub schedule: Vec<Installment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Installment {
    pub year: i32,
    #[serde(deserialize_with = "whole_number")]
    pub amount: Won,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Account {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
}

/// Read an amount strictly: an integer, never a fraction or text (a quoted `"600000000"` in
/// YAML is text, and is refused like `"1,234"`; the workbook reader converts its cells first).
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
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
            Err(E::custom(format!("금액은 원 단위 정수여야 합니다: `{v}`")))
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
                "잘못된 id `{s}`: 영문 소문자·숫자로 시작하고 소문자·숫자·-만 쓰는 40자 이하여야 합니다"
            ),
            ValueError::DateFormat(s) => write!(f, "날짜 `{s}`는 YYYY-MM-DD 형식이어야 합니다"),
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
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
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
            // TOML local dates arrive as a one-entry map holding their text.
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                let Some((_, text)) = map.next_entry::<String, String>()? else {
                    return Err(serde::de::Error::custom("expected a date YYYY-MM-DD"));
                };
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
