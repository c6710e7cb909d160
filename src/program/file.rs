//! The profile file (TOML): its shape, and the checks made when one is loaded. Every problem
//! is a `program-invalid` diagnostic at the key's line, like a data file's.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use super::{Criterion, DeckSpec, DocKind, DocSpec, Fact, Per, Program, Region};
use crate::diag::{Code, Diagnostic, Location, Severity, SourceMap};
use crate::model::{Date, Period, Won};

/// The only format version of the profile file.
const PROFILE_FORMAT: u32 = 1;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    profile: u32,
    id: String,
    name: String,
    ministry: String,
    agency: String,
    addressee: String,
    period: RawPeriod,
    deadline: RawDeadline,
    exclusions: RawExclusions,
    national: RawNational,
    matching: RawMatching,
    direct_sme: RawDirectSme,
    budget: RawBudget,
    regions: Vec<RawRegion>,
    documents: Vec<RawDocument>,
    #[serde(default)]
    evaluation: Vec<RawCriterion>,
    deck: Option<RawDeck>,
    templates: Option<RawTemplates>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeck {
    number: u8,
    title: String,
    file: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    heading: String,
    points: u32,
    prompt: String,
    #[serde(default)]
    facts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    start: Date,
    end: Date,
    budget_years: Vec<i32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadline {
    date: Date,
    time: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExclusions {
    young_firm_years: u32,
    young_firm_founded_after: Date,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNational {
    average_total: Won,
    average_per_year: Won,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatching {
    total_min_pct: i64,
    local_min_pct: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDirectSme {
    national_max_pct: i64,
    local_min_pct: i64,
    share_pct: i64,
    in_kind_max_pct: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBudget {
    categories: Vec<String>,
    asset_category: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    short: String,
    official: String,
    head: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    kind: String,
    number: u8,
    title: String,
    file: String,
    per: String,
    /// The agency's own form (HWPX or DOCX) to fill instead of the built-in template.
    form: Option<String>,
    /// The map file saying what goes where in `form`.
    map: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplates {
    folder: String,
}

/// A `program-invalid` error at a position of `file`.
pub(super) fn invalid(file: &str, at: Option<Location>, message: String) -> Diagnostic {
    let location = at.unwrap_or_else(|| Location {
        file: Some(file.to_string()),
        ..Location::default()
    });
    Diagnostic {
        code: Code::ProgramInvalid,
        severity: Severity::Error,
        message: format!("사업 프로필: {message}"),
        location,
        detail: None,
    }
}

/// Parse and check a profile. `name` names it in diagnostics; `dir` is the folder a
/// `templates.folder` is relative to (`None` for a built-in profile).
pub fn parse(text: &str, name: &str, dir: Option<&Path>) -> Result<Program, Vec<Diagnostic>> {
    let mut map = SourceMap::new(name);
    map.defer(text, crate::spots::toml);
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let at = e.span().map(|s| {
            let (line, column) = crate::spots::line_col_at(text.as_bytes(), s.start);
            Location {
                file: Some(name.to_string()),
                line: Some(line),
                column: Some(column),
                path: crate::spots::path_at(map.all_spots(), line, column),
                ..Location::default()
            }
        });
        vec![invalid(name, at, toml_message(e.message()))]
    })?;
    let mut errs = Errors {
        map: &map,
        out: Vec::new(),
    };
    errs.check(&raw);
    if !errs.out.is_empty() {
        return Err(errs.out);
    }
    let documents = raw
        .documents
        .iter()
        .map(|d| DocSpec {
            kind: kind_of(&d.kind).expect("checked"),
            number: d.number,
            title: d.title.clone(),
            file: d.file.clone(),
            official: match (&d.form, &d.map) {
                (Some(form), Some(map)) => Some(super::OfficialSpec {
                    form: dir.unwrap_or(Path::new(".")).join(form),
                    map: dir.unwrap_or(Path::new(".")).join(map),
                    files: None,
                }),
                _ => None,
            },
        })
        .collect();
    Ok(Program {
        id: raw.id,
        name: raw.name,
        ministry: raw.ministry,
        agency: raw.agency,
        addressee: raw.addressee,
        period: Period {
            start: raw.period.start,
            end: raw.period.end,
        },
        years: raw.period.budget_years,
        deadline: raw.deadline.date,
        deadline_time: raw.deadline.time,
        young_firm_years: raw.exclusions.young_firm_years,
        young_firm_after: raw.exclusions.young_firm_founded_after,
        national_average_total: raw.national.average_total,
        national_average_year: raw.national.average_per_year,
        match_total_min_pct: raw.matching.total_min_pct,
        match_local_min_pct: raw.matching.local_min_pct,
        sme_national_max_pct: raw.direct_sme.national_max_pct,
        sme_local_min_pct: raw.direct_sme.local_min_pct,
        sme_share_pct: raw.direct_sme.share_pct,
        sme_in_kind_max_pct: raw.direct_sme.in_kind_max_pct,
        regions: raw
            .regions
            .into_iter()
            .map(|r| Region {
                short: r.short,
                official: r.official,
                head: r.head,
            })
            .collect(),
        categories: raw.budget.categories,
        asset_category: raw.budget.asset_category,
        documents,
        evaluation: raw
            .evaluation
            .into_iter()
            .map(|c| Criterion {
                heading: c.heading,
                points: c.points,
                prompt: c.prompt,
                facts: c.facts.iter().filter_map(|f| fact_of(f)).collect(),
            })
            .collect(),
        deck: raw.deck.map(|d| DeckSpec {
            number: d.number,
            title: d.title,
            file: d.file,
        }),
        templates: raw
            .templates
            .map(|t| dir.unwrap_or(Path::new(".")).join(t.folder)),
        source: text.to_string(),
    })
}

/// The TOML parser's English, with the phrases a profile writer meets most put in Korean.
fn toml_message(m: &str) -> String {
    toml_known(m).unwrap_or_else(|| format!("TOML을 읽지 못했습니다: {}", m.trim()))
}

/// The TOML parser's messages every TOML file of formpack's meets (a key misspelt, a key
/// missing), in Korean; `None` for the others.
pub(crate) fn toml_known(m: &str) -> Option<String> {
    let m = m.trim();
    let key = |rest: &'_ str| rest.split('`').next().unwrap_or(rest).to_string();
    if let Some(rest) = m.strip_prefix("unknown field `") {
        return Some(format!(
            "알 수 없는 키 `{}` (오타인지 확인하십시오)",
            key(rest)
        ));
    }
    m.strip_prefix("missing field `")
        .map(|rest| format!("필수 키 `{}`가 없습니다", key(rest)))
}

fn kind_of(key: &str) -> Option<DocKind> {
    DocKind::ALL.into_iter().find(|k| k.key() == key)
}

fn fact_of(key: &str) -> Option<Fact> {
    Fact::ALL.into_iter().find(|f| f.key() == key)
}

fn per_of(key: &str) -> Option<Per> {
    [Per::Consortium, Per::Member, Per::MemberWithAssets]
        .into_iter()
        .find(|p| p.key() == key)
}

/// A safe file stem: one plain name, no separators, no control characters.
fn safe_stem(s: &str) -> bool {
    !s.trim().is_empty()
        && s != "."
        && s != ".."
        && !s.chars().any(|c| {
            c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        })
}

struct Errors<'a> {
    map: &'a SourceMap,
    out: Vec<Diagnostic>,
}

impl Errors<'_> {
    fn at(&mut self, path: &str, message: String) {
        let loc = self.map.locate(path);
        self.out.push(invalid(&self.map.file, Some(loc), message));
    }

    fn text(&mut self, path: &str, value: &str) {
        if value.trim().is_empty() {
            self.at(path, format!("`{path}`가 비어 있습니다"));
        }
    }

    fn pct(&mut self, path: &str, value: i64) {
        if !(0..=100).contains(&value) {
            self.at(
                path,
                format!("`{path}` {value}은(는) 0에서 100 사이의 정수 백분율이어야 합니다"),
            );
        }
    }

    fn check(&mut self, r: &Raw) {
        if r.profile != PROFILE_FORMAT {
            self.at(
                "profile",
                format!(
                    "지원하지 않는 profile {}: 이 버전은 profile {PROFILE_FORMAT} 파일만 읽습니다",
                    r.profile
                ),
            );
        }
        if r.id.is_empty()
            || !r
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            self.at(
                "id",
                format!(
                    "id `{}`는 영문 소문자, 숫자, `-`로만 써야 합니다 (데이터 파일의 program 값)",
                    r.id
                ),
            );
        }
        for (path, v) in [
            ("name", &r.name),
            ("ministry", &r.ministry),
            ("agency", &r.agency),
            ("addressee", &r.addressee),
        ] {
            self.text(path, v);
        }
        self.period(r);
        self.dates(r);
        for (path, v) in [
            ("national.average_total", r.national.average_total),
            ("national.average_per_year", r.national.average_per_year),
        ] {
            if v <= 0 {
                self.at(path, format!("`{path}`는 0보다 커야 합니다"));
            }
        }
        self.pct("matching.total_min_pct", r.matching.total_min_pct);
        self.pct("matching.local_min_pct", r.matching.local_min_pct);
        let s = &r.direct_sme;
        self.pct("direct_sme.national_max_pct", s.national_max_pct);
        self.pct("direct_sme.local_min_pct", s.local_min_pct);
        self.pct("direct_sme.share_pct", s.share_pct);
        self.pct("direct_sme.in_kind_max_pct", s.in_kind_max_pct);
        if s.local_min_pct + s.share_pct > 100 {
            self.at(
                "direct_sme",
                format!(
                    "지방비 최소 {}%와 중소기업 부담 {}%를 더하면 100%를 넘어 지킬 수 없는 규칙입니다",
                    s.local_min_pct, s.share_pct
                ),
            );
        }
        self.regions(r);
        self.budget(r);
        self.documents(r);
    }

    fn period(&mut self, r: &Raw) {
        let p = &r.period;
        if p.start > p.end {
            self.at(
                "period.end",
                format!(
                    "협약기간 종료일 {}이 시작일 {}보다 앞섭니다",
                    p.end.official(),
                    p.start.official()
                ),
            );
            return;
        }
        let calendar: Vec<i32> = (p.start.year..=p.end.year).collect();
        if p.budget_years != calendar {
            let list = |v: &[i32]| {
                v.iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            self.at(
                "period.budget_years",
                format!(
                    "사업연도 [{}]가 협약기간 {} ~ {}의 연도 [{}]와 다릅니다",
                    list(&p.budget_years),
                    p.start.official(),
                    p.end.official(),
                    list(&calendar)
                ),
            );
        }
    }

    fn dates(&mut self, r: &Raw) {
        let t = &r.deadline.time;
        let ok = t.len() == 5
            && t.as_bytes()[2] == b':'
            && t[..2].parse::<u32>().is_ok_and(|h| h < 24)
            && t[3..].parse::<u32>().is_ok_and(|m| m < 60)
            && t.chars()
                .enumerate()
                .all(|(i, c)| i == 2 || c.is_ascii_digit());
        if !ok {
            self.at(
                "deadline.time",
                format!("마감 시각 `{t}`는 `17:00`처럼 HH:MM으로 써야 합니다"),
            );
        }
        if r.deadline.date >= r.period.start {
            self.at(
                "deadline.date",
                format!(
                    "접수 마감 {}이 협약기간 시작 {}보다 앞서야 합니다",
                    r.deadline.date.official(),
                    r.period.start.official()
                ),
            );
        }
        let e = &r.exclusions;
        if e.young_firm_years == 0 {
            self.at(
                "exclusions.young_firm_years",
                "`exclusions.young_firm_years`는 1 이상이어야 합니다".into(),
            );
        }
        if e.young_firm_founded_after >= r.deadline.date {
            self.at(
                "exclusions.young_firm_founded_after",
                format!(
                    "창업 기준일 {}이 접수 마감 {}보다 앞서야 합니다",
                    e.young_firm_founded_after.official(),
                    r.deadline.date.official()
                ),
            );
        }
    }

    fn regions(&mut self, r: &Raw) {
        if r.regions.is_empty() {
            self.at(
                "regions",
                "신청 가능 지자체(`[[regions]]`)가 하나도 없습니다".into(),
            );
        }
        let mut seen = BTreeSet::new();
        for (i, g) in r.regions.iter().enumerate() {
            for (key, v) in [
                ("short", &g.short),
                ("official", &g.official),
                ("head", &g.head),
            ] {
                self.text(&format!("regions[{i}].{key}"), v);
            }
            for (key, v) in [("short", &g.short), ("official", &g.official)] {
                if !v.trim().is_empty() && !seen.insert(v.trim().to_string()) {
                    self.at(
                        &format!("regions[{i}].{key}"),
                        format!("지자체 이름 `{v}`가 두 번 나옵니다"),
                    );
                }
            }
        }
    }

    fn budget(&mut self, r: &Raw) {
        let b = &r.budget;
        if b.categories.is_empty() {
            self.at("budget.categories", "비목이 하나도 없습니다".into());
        }
        let mut seen = BTreeSet::new();
        for (i, c) in b.categories.iter().enumerate() {
            if c.trim().is_empty() {
                self.at(
                    &format!("budget.categories[{i}]"),
                    "빈 비목이 있습니다".into(),
                );
            } else if !seen.insert(c.as_str()) {
                self.at(
                    &format!("budget.categories[{i}]"),
                    format!("비목 `{c}`가 두 번 나옵니다"),
                );
            }
        }
        if !b.categories.contains(&b.asset_category) {
            self.at(
                "budget.asset_category",
                format!("자산 비목 `{}`가 비목 목록에 없습니다", b.asset_category),
            );
        }
    }

    fn documents(&mut self, r: &Raw) {
        if r.documents.is_empty() {
            self.at(
                "documents",
                "만들 서류(`[[documents]]`)가 하나도 없습니다".into(),
            );
        }
        let (mut kinds, mut numbers, mut files) =
            (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for (i, d) in r.documents.iter().enumerate() {
            let at = |k: &str| format!("documents[{i}].{k}");
            let kind = kind_of(&d.kind);
            match kind {
                None => {
                    let all: Vec<&str> = DocKind::ALL.iter().map(|k| k.key()).collect();
                    self.at(
                        &at("kind"),
                        format!(
                            "알 수 없는 서류 종류 `{}`: {} 중 하나여야 합니다",
                            d.kind,
                            all.join(", ")
                        ),
                    );
                }
                Some(k) if !kinds.insert(k) => {
                    self.at(
                        &at("kind"),
                        format!("서류 종류 `{}`가 두 번 나옵니다", d.kind),
                    );
                }
                Some(_) => {}
            }
            // Two documents may share a number: they are parts of one form of the call (서식
            // 2's 사업계획서 and its 사업비 총괄표).
            numbers.insert(d.number);
            if d.number == 0 {
                self.at(
                    &at("number"),
                    format!("서식 번호 {}은(는) 1 이상이어야 합니다", d.number),
                );
            }
            self.text(&at("title"), &d.title);
            match (&d.form, &d.map) {
                (Some(_), None) => self.at(
                    &at("map"),
                    "공식 서식(`form`)에는 무엇을 어디에 채울지 적은 맵 파일(`map`)이 함께 있어야 합니다".into(),
                ),
                (None, Some(_)) => self.at(
                    &at("form"),
                    "맵 파일(`map`)이 있으면 채울 공식 서식(`form`, .hwpx 또는 .docx)도 적어야 합니다".into(),
                ),
                (Some(f), Some(_)) => {
                    let lower = f.to_lowercase();
                    if !(lower.ends_with(".hwpx") || lower.ends_with(".docx")) {
                        self.at(
                            &at("form"),
                            format!("공식 서식 `{f}`은(는) .hwpx나 .docx 파일이어야 합니다 (.hwp는 한글에서 HWPX로 다시 저장하십시오)"),
                        );
                    }
                }
                (None, None) => {}
            }
            if !safe_stem(&d.file) {
                self.at(
                    &at("file"),
                    format!(
                        "파일 이름 `{}`에는 경로 구분자나 제어 문자를 쓸 수 없습니다",
                        d.file
                    ),
                );
            } else if !files.insert(d.file.as_str()) {
                self.at(
                    &at("file"),
                    format!("파일 이름 `{}`가 두 번 나옵니다", d.file),
                );
            }
            match (per_of(&d.per), kind) {
                (None, _) => self.at(
                    &at("per"),
                    format!(
                        "`per`는 consortium, member, member-with-assets 중 하나여야 합니다 (`{}`)",
                        d.per
                    ),
                ),
                (Some(p), Some(k)) if p != k.per() => self.at(
                    &at("per"),
                    format!(
                        "`{}` 서류는 per = \"{}\"입니다 (서식이 보여 주는 내용으로 정해집니다)",
                        d.kind,
                        k.per().key()
                    ),
                ),
                _ => {}
            }
        }
        if let Some(d) = &r.deck {
            if d.number == 0 || numbers.contains(&d.number) {
                self.at(
                    "deck.number",
                    format!(
                        "발표자료의 서식 번호 {}은(는) 1 이상이고 서류마다 달라야 합니다",
                        d.number
                    ),
                );
            }
            self.text("deck.title", &d.title);
            if !safe_stem(&d.file) || files.contains(d.file.as_str()) {
                self.at(
                    "deck.file",
                    format!(
                        "발표자료 파일 이름 `{}`는 다른 서류와 달라야 하고 경로 구분자나 제어 문자를 쓸 수 없습니다",
                        d.file
                    ),
                );
            }
        }
        for (i, c) in r.evaluation.iter().enumerate() {
            self.text(&format!("evaluation[{i}].heading"), &c.heading);
            self.text(&format!("evaluation[{i}].prompt"), &c.prompt);
            for (j, f) in c.facts.iter().enumerate() {
                if fact_of(f).is_none() {
                    let all: Vec<&str> = Fact::ALL.iter().map(|f| f.key()).collect();
                    self.at(
                        &format!("evaluation[{i}].facts[{j}]"),
                        format!(
                            "알 수 없는 자료 `{f}`: {} 중 하나여야 합니다",
                            all.join(", ")
                        ),
                    );
                }
            }
        }
        if !r.documents.is_empty() && !kinds.contains(&DocKind::Application) {
            self.at(
                "documents",
                "신청서 서식(`application`)은 빠질 수 없습니다: 다른 서류의 수치를 대조하는 기준입니다"
                    .into(),
            );
        }
    }
}
