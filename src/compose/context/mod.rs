//! One context per document, holding only what that document shows: a per-member
//! document gets its own member's data and never another member's contacts, phones,
//! e-mails or eligibility facts. Money is raw integer won (taken from `Figures`, never added
//! up here or in templates); dates are ISO text; an absent optional field is the text
//! `[미입력]`, so every key a template may name always exists and strict mode stays
//! meaningful.
//!
//! While a context is built, every figure it will print is recorded in `shown`
//! (name → text exactly as printed) for the bundle manifest and `verify`.
//!
//! This file holds the pieces several documents share; each document's own context is one
//! method in a file named after it.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{DocKind, MISSING};
use crate::figures::{Figures, Ratio, Sources};
use crate::korean;
use crate::model::{Consortium, Date, Member, Person, Role};
use crate::program::Program;

mod agreement;
mod application;
mod asset_plan;
mod budget_summary;
mod business_plan;
mod eligibility;
mod local_contribution;
mod participation;
mod privacy;

/// A document's context, the figures it prints, and the seal image keys it uses.
pub struct DocCtx {
    pub value: Value,
    pub shown: BTreeMap<String, String>,
    pub seals: Vec<String>,
}

pub struct Builder<'a> {
    c: &'a Consortium,
    f: &'a Figures,
    p: &'a Program,
}

/// Records what a context prints while it is built.
#[derive(Default)]
struct Rec {
    shown: BTreeMap<String, String>,
    seals: Vec<String>,
}

impl Rec {
    /// An amount printed with `won`.
    fn won(&mut self, key: impl Into<String>, v: i64) -> Value {
        self.shown.insert(key.into(), korean::won(v));
        Value::from(v)
    }

    /// An amount printed with `amount` (digits and words).
    fn words(&mut self, key: impl Into<String>, v: i64) -> Value {
        self.shown.insert(key.into(), korean::amount(v));
        Value::from(v)
    }

    /// An amount printed with `amount`, or `없음` when it is zero (the template's `#if`).
    fn words_or_none(&mut self, key: impl Into<String>, v: i64) -> Value {
        self.shown.insert(key.into(), korean::amount_or_none(v));
        Value::from(v)
    }

    /// A ratio printed with `percent`.
    fn ratio(&mut self, key: impl Into<String>, r: Ratio) -> Value {
        self.shown.insert(key.into(), r.percent());
        json!({"num": r.num, "den": r.den})
    }
}

fn text(s: Option<&String>) -> Value {
    match s {
        Some(s) => Value::from(s.as_str()),
        None => Value::from(MISSING),
    }
}

fn date(d: Option<Date>) -> Value {
    match d {
        Some(d) => Value::from(d.to_string()),
        None => Value::from(MISSING),
    }
}

/// One column of a source breakdown. A template names it by [`Source::key`]; a typo in the
/// code is a compile error, not a silent fallback to the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    National,
    Local,
    PrivateCash,
    PrivateInKind,
    Private,
    Total,
}

impl Source {
    /// The four sources and their total: a full row.
    const ALL: [Source; 5] = [
        Source::National,
        Source::Local,
        Source::PrivateCash,
        Source::PrivateInKind,
        Source::Total,
    ];

    /// The key templates use: `national`, `private_cash`, `total`, …
    fn key(self) -> &'static str {
        match self {
            Source::National => "national",
            Source::Local => "local",
            Source::PrivateCash => "private_cash",
            Source::PrivateInKind => "private_in_kind",
            Source::Private => "private",
            Source::Total => "total",
        }
    }

    /// The words the figure is recorded under: `국비`, `민간부담금 현금`, `합계`, …
    fn label(self) -> &'static str {
        match self {
            Source::National => "국비",
            Source::Local => "지방비",
            Source::PrivateCash => "민간부담금 현금",
            Source::PrivateInKind => "민간부담금 현물",
            Source::Private => "민간부담금",
            Source::Total => "합계",
        }
    }

    /// This column's amount in `s`.
    fn of(self, s: &Sources) -> i64 {
        match self {
            Source::National => s.national,
            Source::Local => s.local,
            Source::PrivateCash => s.private_cash,
            Source::PrivateInKind => s.private_in_kind,
            Source::Private => s.private(),
            Source::Total => s.total(),
        }
    }
}

impl<'a> Builder<'a> {
    pub fn new(c: &'a Consortium, f: &'a Figures, p: &'a Program) -> Builder<'a> {
        Builder { c, f, p }
    }

    pub fn build(&self, kind: DocKind, member: Option<&Member>) -> DocCtx {
        let mut r = Rec::default();
        let mut v = self.head();
        let extra = match (kind, member) {
            (DocKind::Application, _) => self.application(&mut r),
            (DocKind::BusinessPlan, _) => self.business_plan(&mut r),
            (DocKind::BudgetSummary, _) => self.budget_summary(&mut r),
            (DocKind::Agreement, _) => self.agreement(&mut r),
            (DocKind::Participation, Some(m)) => self.participation(&mut r, m),
            (DocKind::Eligibility, Some(m)) => self.eligibility(&mut r, m),
            (DocKind::LocalContribution, _) => self.local_contribution(&mut r),
            (DocKind::AssetPlan, Some(m)) => self.asset_plan(&mut r, m),
            (DocKind::PrivacyIntegrity, Some(m)) => self.privacy(&mut r, m),
            (_, None) => Map::new(),
        };
        v.extend(extra);
        r.seals.sort();
        r.seals.dedup();
        DocCtx {
            value: Value::Object(v),
            shown: r.shown,
            seals: r.seals,
        }
    }

    /// What an official form may name besides the template's context (never replacing a
    /// key the template has): `member`, `contact`, `lead`, `region`.
    pub fn extend_for_forms(&self, v: &mut Value, member: Option<&Member>) {
        let Value::Object(m) = v else { return };
        let mut r = Rec::default();
        let lead = self.by_role(Role::Lead);
        let own = member.or(lead);
        let extra = [
            ("member", self.institution(&mut r, own)),
            ("contact", Self::contact(own)),
            ("lead", self.institution(&mut r, lead)),
            (
                "region",
                self.institution(&mut r, self.by_role(Role::Applicant)),
            ),
        ];
        for (k, val) in extra {
            m.entry(k.to_string()).or_insert(val);
        }
    }

    // ----- pieces shared by several documents -----

    /// Program, project, date and years: what every document's heading and signature need.
    fn head(&self) -> Map<String, Value> {
        let c = self.c;
        let period = c.project.period.unwrap_or(self.p.period);
        let region = c
            .project
            .region
            .as_deref()
            .map(|r| self.p.region(r).map_or(r, |reg| reg.official.as_str()));
        let years: Vec<Value> = self
            .f
            .years
            .iter()
            .enumerate()
            .map(|(i, y)| json!({"year": y, "label": format!("{}차년도", i + 1)}))
            .collect();
        let mut m = Map::new();
        m.insert(
            "program".into(),
            json!({
                "name": self.p.name,
                "ministry": self.p.ministry,
                "addressee": self.p.addressee,
            }),
        );
        m.insert(
            "project".into(),
            json!({
                "title": text(c.project.title.as_ref()),
                "region": region.map_or(Value::from(MISSING), Value::from),
                "industry": text(c.project.industry.as_ref()),
                "period": {"start": period.start.to_string(), "end": period.end.to_string()},
            }),
        );
        m.insert("date".into(), date(c.application_date));
        m.insert("years".into(), Value::Array(years));
        m
    }

    fn by_role(&self, role: Role) -> Option<&'a Member> {
        self.c.members.iter().find(|m| m.role == role)
    }

    fn member_name(&self, id: &str) -> Value {
        self.c
            .members
            .iter()
            .find(|m| m.id.as_str() == id)
            .map_or(Value::from(MISSING), |m| Value::from(m.name.as_str()))
    }

    /// An institution's public details (no contacts, no eligibility facts). Its seal key is
    /// its id when it has a seal, else empty.
    fn institution(&self, r: &mut Rec, m: Option<&Member>) -> Value {
        let Some(m) = m else {
            return json!({
                "id": "", "name": MISSING, "kind": MISSING, "role": MISSING,
                "is_lead": false, "registration_no": MISSING, "corporate_no": MISSING,
                "representative": {"name": MISSING, "title": MISSING},
                "address": MISSING, "founded": MISSING, "duty": MISSING, "seal": "",
            });
        };
        let rep = m.representative.clone().unwrap_or_default();
        let seal = if m.seal.is_some() {
            r.seals.push(m.id.to_string());
            m.id.to_string()
        } else {
            String::new()
        };
        // 법인등록번호 is optional for every kind (a sole proprietorship has none); public
        // bodies need no founding date either.
        let corporate_no = m.corporate_no.as_deref().unwrap_or("-");
        let founded = match m.founded {
            Some(d) => Value::from(d.to_string()),
            None if m.is_public_body() => Value::from("-"),
            None => Value::from(MISSING),
        };
        json!({
            "id": m.id.as_str(),
            "name": m.name,
            "kind": m.kind.label(),
            "role": m.role.label(),
            "is_lead": m.role == Role::Lead,
            "registration_no": text(m.registration_no.as_ref()),
            "corporate_no": corporate_no,
            "representative": {"name": text(rep.name.as_ref()), "title": text(rep.title.as_ref())},
            "address": text(m.address.as_ref()),
            "founded": founded,
            "duty": text(m.duty.as_ref()),
            "seal": seal,
        })
    }

    /// The institution's own contact person: only ever put into that institution's documents
    /// (and, for the region and the lead, into the application form).
    fn contact(m: Option<&Member>) -> Value {
        let c = m.and_then(|m| m.contact.clone()).unwrap_or_default();
        json!({
            "name": text(c.name.as_ref()),
            "department": text(c.department.as_ref()),
            "position": text(c.position.as_ref()),
            "phone": text(c.phone.as_ref()),
            "email": text(c.email.as_ref()),
        })
    }

    fn person(p: Option<&Person>) -> Value {
        let p = p.cloned().unwrap_or_default();
        json!({
            "name": text(p.name.as_ref()),
            "position": text(p.position.as_ref()),
            "phone": text(p.phone.as_ref()),
            "mobile": text(p.mobile.as_ref()),
            "email": text(p.email.as_ref()),
        })
    }

    /// A source × year table: one entry per source (국비, 지방비, 현금, 현물) and the total,
    /// each with its amounts by year, its total and (optionally) its share of the grand total.
    /// `prefix` names the figures (`""` for the consortium, `기관[id] ` for a member);
    /// `total_label` is what the grand total is called (`총사업비` or `합계`).
    fn source_table(
        &self,
        r: &mut Rec,
        prefix: &str,
        total_label: &str,
        by_year: &BTreeMap<i32, Sources>,
        total: &Sources,
        with_ratio: bool,
    ) -> Value {
        let grand = total.total();
        let mut t = Map::new();
        for source in Source::ALL {
            let label = match source {
                Source::Total => total_label,
                s => s.label(),
            };
            let years: Vec<Value> = self
                .f
                .years
                .iter()
                .map(|y| {
                    let s = by_year.get(y).copied().unwrap_or_default();
                    r.won(format!("{prefix}{y}년 {label}"), source.of(&s))
                })
                .collect();
            let sum = source.of(total);
            let mut row = Map::new();
            row.insert("years".into(), Value::Array(years));
            row.insert("total".into(), r.won(format!("{prefix}{label}"), sum));
            if with_ratio {
                let ratio = Ratio::new(sum, grand);
                row.insert(
                    "ratio".into(),
                    r.ratio(format!("{prefix}{label} 비율"), ratio),
                );
            }
            t.insert(source.key().into(), Value::Object(row));
        }
        Value::Object(t)
    }

    /// Amounts of one `Sources` printed in a single row: 국비, 지방비, 현금, 현물, 민간, 합계.
    /// Only the listed keys are recorded as shown.
    fn sources_row(r: &mut Rec, prefix: &str, s: &Sources, columns: &[Source]) -> Value {
        let mut m = Map::new();
        for c in columns {
            m.insert(
                c.key().into(),
                r.won(format!("{prefix}{}", c.label()), c.of(s)),
            );
        }
        Value::Object(m)
    }

    /// A subproject's budget by source (zero when it has none).
    fn subproject_total(&self, id: &str) -> Sources {
        self.f.subproject(id).map(|x| x.total).unwrap_or_default()
    }

    /// A member's budget by source (zero when it has none).
    fn member_total(&self, id: &str) -> Sources {
        self.f.member(id).map(|x| x.total).unwrap_or_default()
    }

    fn subproject_title(&self, id: &str) -> Value {
        self.c
            .subprojects
            .iter()
            .find(|s| s.id.as_str() == id)
            .map_or(Value::from(MISSING), |s| text(s.title.as_ref()))
    }

    /// Members that carry out part of the project: the lead and participants, plus any other
    /// member with budget rows, in file order.
    fn budget_members(&self) -> Vec<&'a Member> {
        self.c
            .members
            .iter()
            .filter(|m| m.is_performer() || self.c.budget.iter().any(|b| b.member == m.id))
            .collect()
    }

    fn rules(&self, r: &mut Rec) -> Value {
        let f = self.f;
        let p = self.p;
        json!([
            {
                "label": "지방비 + 민간부담금",
                "formula": "(지방비 + 민간부담금) ÷ 총사업비",
                "ratio": r.ratio("지방비+민간부담금 비율", f.matching_ratio),
                "rule": format!("{}% 이상", p.match_total_min_pct),
                "met": f.matching_ratio.at_least(p.match_total_min_pct),
            },
            {
                "label": "지방비",
                "formula": "지방비 ÷ 총사업비",
                "ratio": r.ratio("지방비 비율", f.local_ratio),
                "rule": format!("{}% 이상", p.match_local_min_pct),
                "met": f.local_ratio.at_least(p.match_local_min_pct),
            },
        ])
    }
}
