//! One context per document, holding only what that document shows: a per-member
//! document gets its own member's data and never another member's contacts, phones,
//! e-mails or eligibility facts. Money is raw integer won (taken from `Figures`, never added
//! up here or in templates); dates are ISO text; an absent optional field is the text
//! `[미입력]`, so every key a template may name always exists and strict mode stays
//! meaningful.
//!
//! While a context is built, every figure it will print is recorded in `shown`
//! (name → text exactly as printed) for the bundle manifest and `verify`.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{DocKind, MISSING};
use crate::figures::{Figures, Ratio, Sources};
use crate::korean;
use crate::model::{Consortium, Date, Member, Person, Role};
use crate::program::Program;

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

const SOURCE_KEYS: [(&str, &str); 4] = [
    ("national", "국비"),
    ("local", "지방비"),
    ("private_cash", "민간부담금 현금"),
    ("private_in_kind", "민간부담금 현물"),
];

fn source_value(s: &Sources, key: &str) -> i64 {
    match key {
        "national" => s.national,
        "local" => s.local,
        "private_cash" => s.private_cash,
        "private_in_kind" => s.private_in_kind,
        "private" => s.private(),
        _ => s.total(),
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

    // ----- pieces shared by several documents -----

    /// Program, project, date and years: what every document's heading and signature need.
    fn head(&self) -> Map<String, Value> {
        let c = self.c;
        let period = c.project.period.unwrap_or(self.p.period);
        let region = c
            .project
            .region
            .as_deref()
            .map(|r| self.p.region(r).map_or(r, |reg| reg.official));
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
        let rows = SOURCE_KEYS
            .iter()
            .copied()
            .chain(std::iter::once(("total", total_label)));
        for (key, label) in rows {
            let years: Vec<Value> = self
                .f
                .years
                .iter()
                .map(|y| {
                    let s = by_year.get(y).copied().unwrap_or_default();
                    r.won(format!("{prefix}{y}년 {label}"), source_value(&s, key))
                })
                .collect();
            let sum = source_value(total, key);
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
            t.insert(key.into(), Value::Object(row));
        }
        Value::Object(t)
    }

    /// Amounts of one `Sources` printed in a single row: 국비, 지방비, 현금, 현물, 민간, 합계.
    /// Only the listed keys are recorded as shown.
    fn sources_row(r: &mut Rec, prefix: &str, s: &Sources, keys: &[&str]) -> Value {
        let mut m = Map::new();
        for key in keys {
            let label = match *key {
                "national" => "국비",
                "local" => "지방비",
                "private_cash" => "민간부담금 현금",
                "private_in_kind" => "민간부담금 현물",
                "private" => "민간부담금",
                _ => "합계",
            };
            m.insert(
                (*key).into(),
                r.won(format!("{prefix}{label}"), source_value(s, key)),
            );
        }
        Value::Object(m)
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

    // ----- 01 사업신청서 -----

    fn application(&self, r: &mut Rec) -> Map<String, Value> {
        let c = self.c;
        let f = self.f;
        let applicant = self.by_role(Role::Applicant);
        let lead = self.by_role(Role::Lead);
        let mut m = Map::new();
        m.insert("summary".into(), text(c.project.summary.as_ref()));
        m.insert(
            "budget".into(),
            self.source_table(r, "", "총사업비", &f.by_year, &f.total, true),
        );
        m.insert("rules".into(), self.rules(r));
        let mut applicant_v = self.institution(r, applicant);
        applicant_v["contact"] = Self::contact(applicant);
        m.insert("applicant".into(), applicant_v);
        let mut lead_v = self.institution(r, lead);
        lead_v["contact"] = Self::contact(lead);
        m.insert("lead".into(), lead_v);
        m.insert("director".into(), Self::person(c.project.director.as_ref()));
        m.insert("manager".into(), Self::person(c.project.manager.as_ref()));
        let members: Vec<Value> = self
            .budget_members()
            .into_iter()
            .map(|mem| {
                let total = f
                    .member(mem.id.as_str())
                    .map(|x| x.total)
                    .unwrap_or_default();
                let mut v = self.institution(r, Some(mem));
                v["seal"] = Value::from("");
                v["budget"] = Self::sources_row(
                    r,
                    &format!("기관[{}] ", mem.id),
                    &total,
                    &["national", "local", "private", "total"],
                );
                v
            })
            .collect();
        // The seals of the table rows are not printed; only the signers' are.
        r.seals.retain(|k| {
            applicant.is_some_and(|a| a.id.as_str() == k)
                || lead.is_some_and(|l| l.id.as_str() == k)
        });
        m.insert("members".into(), Value::Array(members));
        m.insert(
            "members_total".into(),
            Self::sources_row(r, "", &f.total, &["national", "local", "private", "total"]),
        );
        let subs: Vec<Value> = c
            .subprojects
            .iter()
            .map(|s| {
                let total = f
                    .subproject(s.id.as_str())
                    .map(|x| x.total)
                    .unwrap_or_default();
                json!({
                    "title": text(s.title.as_ref()),
                    "field": s.field.long_label(),
                    "lead": self.member_name(s.lead.as_str()),
                    "total": r.won(format!("세부사업[{}] 합계", s.id), total.total()),
                    "direct_sme_support": s.direct_sme_support,
                })
            })
            .collect();
        m.insert("subprojects".into(), Value::Array(subs));
        m
    }

    // ----- 02 사업비 총괄표 -----

    fn budget_summary(&self, r: &mut Rec) -> Map<String, Value> {
        let c = self.c;
        let f = self.f;
        let all = [
            "national",
            "local",
            "private_cash",
            "private_in_kind",
            "total",
        ];
        let mut m = Map::new();
        m.insert(
            "budget".into(),
            self.source_table(r, "", "총사업비", &f.by_year, &f.total, true),
        );
        m.insert("rules".into(), self.rules(r));
        let members: Vec<Value> = self
            .budget_members()
            .into_iter()
            .map(|mem| {
                let total = f.member(mem.id.as_str()).map(|x| x.total).unwrap_or_default();
                json!({
                    "name": mem.name,
                    "role": mem.role.label(),
                    "src": Self::sources_row(r, &format!("기관[{}] ", mem.id), &total, &all),
                    "ratio": r.ratio(format!("기관[{}] 비율", mem.id), Ratio::new(total.total(), f.total.total())),
                })
            })
            .collect();
        m.insert("members".into(), Value::Array(members));
        let subs: Vec<Value> = c
            .subprojects
            .iter()
            .map(|s| {
                let total = f
                    .subproject(s.id.as_str())
                    .map(|x| x.total)
                    .unwrap_or_default();
                json!({
                    "title": text(s.title.as_ref()),
                    "field": s.field.label(),
                    "lead": self.member_name(s.lead.as_str()),
                    "src": Self::sources_row(r, &format!("세부사업[{}] ", s.id), &total, &all),
                })
            })
            .collect();
        m.insert("subprojects".into(), Value::Array(subs));
        let totals = Self::sources_row(r, "", &f.total, &all);
        m.insert("totals".into(), totals);
        let cats: Vec<Value> = f
            .categories
            .iter()
            .map(|k| {
                let years: Vec<Value> = f
                    .years
                    .iter()
                    .map(|y| {
                        let s = k.by_year.get(y).copied().unwrap_or_default();
                        r.won(format!("비목[{}] {y}년", k.category), s.total())
                    })
                    .collect();
                json!({
                    "category": k.category,
                    "years": years,
                    "total": r.won(format!("비목[{}] 합계", k.category), k.total.total()),
                    "ratio": r.ratio(format!("비목[{}] 비율", k.category), Ratio::new(k.total.total(), f.total.total())),
                })
            })
            .collect();
        m.insert("categories".into(), Value::Array(cats));
        let p = self.p;
        let sme: Vec<Value> = c
            .subprojects
            .iter()
            .filter_map(|s| {
                let sf = f.subproject(s.id.as_str())?;
                let sh = sf.sme?;
                let key = |what: &str| format!("세부사업[{}] {what}", s.id);
                Some(json!({
                    "title": text(s.title.as_ref()),
                    "src": Self::sources_row(r, &format!("세부사업[{}] ", s.id), &sf.total, &["private"]),
                    "national": {"ratio": r.ratio(key("국비 비율"), sh.national), "rule": format!("{}% 이하", p.sme_national_max_pct), "met": sh.national.at_most(p.sme_national_max_pct)},
                    "local": {"ratio": r.ratio(key("지방비 비율"), sh.local), "rule": format!("{}% 이상", p.sme_local_min_pct), "met": sh.local.at_least(p.sme_local_min_pct)},
                    "private": {"ratio": r.ratio(key("민간부담금 비율"), sh.private), "rule": format!("{}%", p.sme_share_pct), "met": sh.private.equals(p.sme_share_pct)},
                    "in_kind": {"ratio": r.ratio(key("현물 비율"), sh.in_kind), "rule": format!("민간부담금의 {}% 이하", p.sme_in_kind_max_pct), "met": sh.in_kind.at_most(p.sme_in_kind_max_pct)},
                }))
            })
            .collect();
        m.insert("sme".into(), Value::Array(sme));
        m
    }

    // ----- 03 컨소시엄 협약서 -----

    fn agreement(&self, r: &mut Rec) -> Map<String, Value> {
        let c = self.c;
        let f = self.f;
        let mut m = Map::new();
        let applicant = self.by_role(Role::Applicant);
        let lead = self.by_role(Role::Lead);
        m.insert("applicant".into(), self.institution(r, applicant));
        m.insert("lead".into(), self.institution(r, lead));
        let parties: Vec<Value> = c
            .members
            .iter()
            .map(|mem| {
                let mut v = self.institution(r, Some(mem));
                let roles: Vec<Value> = f
                    .member(mem.id.as_str())
                    .map(|x| {
                        x.subprojects
                            .iter()
                            .map(|s| self.subproject_title(s))
                            .collect()
                    })
                    .unwrap_or_default();
                v["subprojects"] = Value::Array(roles);
                v
            })
            .collect();
        let participants: Vec<Value> = c
            .members
            .iter()
            .filter(|x| x.role == Role::Participant)
            .map(|x| Value::from(x.name.as_str()))
            .collect();
        m.insert("participants".into(), Value::Array(participants));
        m.insert("party_count".into(), Value::from(c.members.len()));
        m.insert("parties".into(), Value::Array(parties));
        m.insert(
            "budget".into(),
            self.source_table(r, "", "총사업비", &f.by_year, &f.total, true),
        );
        m.insert(
            "total_words".into(),
            r.words("총사업비(한글)", f.total.total()),
        );
        let all = [
            "national",
            "local",
            "private_cash",
            "private_in_kind",
            "total",
        ];
        let shares: Vec<Value> = self
            .budget_members()
            .into_iter()
            .map(|mem| {
                let mf = f.member(mem.id.as_str());
                let prefix = format!("기관[{}] ", mem.id);
                let years: Vec<Value> = f
                    .years
                    .iter()
                    .map(|y| {
                        let s = mf.and_then(|x| x.by_year.get(y)).copied().unwrap_or_default();
                        json!({"year": y, "src": Self::sources_row(r, &format!("{prefix}{y}년 "), &s, &all)})
                    })
                    .collect();
                let total = mf.map(|x| x.total).unwrap_or_default();
                json!({
                    "name": mem.name,
                    "rows": years.len() + 1,
                    "years": years,
                    "total": Self::sources_row(r, &prefix, &total, &all),
                })
            })
            .collect();
        m.insert("shares".into(), Value::Array(shares));
        let year_totals: Vec<Value> = f
            .years
            .iter()
            .map(|y| {
                let s = f.by_year.get(y).copied().unwrap_or_default();
                json!({"year": y, "src": Self::sources_row(r, &format!("{y}년 "), &s, &all)})
            })
            .collect();
        m.insert("year_totals".into(), Value::Array(year_totals));
        m.insert("year_count".into(), Value::from(f.years.len()));
        m.insert("totals".into(), Self::sources_row(r, "", &f.total, &all));
        r.shown
            .insert("총사업비".into(), korean::won(f.total.total()));
        r.shown.remove("합계");
        m
    }

    // ----- 04 참여 의사 확인서 -----

    fn participation(&self, r: &mut Rec, mem: &Member) -> Map<String, Value> {
        let f = self.f;
        let mut m = Map::new();
        let mut inst = self.institution(r, Some(mem));
        inst["phone"] = text(mem.contact.as_ref().and_then(|c| c.phone.as_ref()));
        m.insert("member".into(), inst);
        m.insert(
            "lead_name".into(),
            self.by_role(Role::Lead)
                .map_or(Value::from(MISSING), |l| Value::from(l.name.as_str())),
        );
        let mf = f.member(mem.id.as_str());
        let subs: Vec<Value> = mf
            .map(|x| x.subprojects.clone())
            .unwrap_or_default()
            .iter()
            .filter_map(|id| self.c.subprojects.iter().find(|s| s.id.as_str() == id))
            .map(|s| {
                json!({
                    "title": text(s.title.as_ref()),
                    "field": s.field.long_label(),
                    "leads": s.lead == mem.id,
                })
            })
            .collect();
        m.insert("subprojects".into(), Value::Array(subs));
        let by_year = mf.map(|x| x.by_year.clone()).unwrap_or_default();
        let total = mf.map(|x| x.total).unwrap_or_default();
        let prefix = format!("기관[{}] ", mem.id);
        m.insert(
            "budget".into(),
            self.source_table(r, &prefix, "합계", &by_year, &total, false),
        );
        r.won("분담액 합계", total.total());
        m.insert("share".into(), r.words("분담액(한글)", total.total()));
        m.insert("own".into(), r.words("자기부담금(한글)", total.private()));
        m.insert(
            "own_cash".into(),
            r.won(format!("{prefix}민간부담금 현금"), total.private_cash),
        );
        m.insert(
            "own_in_kind".into(),
            r.won(format!("{prefix}민간부담금 현물"), total.private_in_kind),
        );
        m
    }

    // ----- 05 신청자격 적정성 확인서 -----

    fn eligibility(&self, r: &mut Rec, mem: &Member) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("member".into(), self.institution(r, Some(mem)));
        let e = mem.eligibility.as_ref();
        let public = mem.is_public_body();
        let young = !public && mem.founded.is_some_and(|d| self.p.is_young_firm(d));
        let answer = |yes: Option<bool>| match yes {
            Some(y) => json!({"yes": y, "no": !y, "na": false, "reason": ""}),
            None => json!({"yes": false, "no": false, "na": false, "reason": ""}),
        };
        let na = |reason: String| json!({"yes": false, "no": false, "na": true, "reason": reason});
        let public_reason = format!("공공기관({})으로 해당없음", mem.kind.label());

        let duplicate = answer(e.map(|e| e.duplicate_funding));
        let impaired = if public {
            na(public_reason.clone())
        } else if young {
            let founded = mem.founded.map(|d| d.official()).unwrap_or_default();
            na(format!(
                "기준일 현재 설립 7년 미만 기업({founded} 설립)으로 적용 제외"
            ))
        } else {
            answer(e.map(|e| e.equity < 0))
        };
        let status = match e {
            Some(e) => answer(Some(
                e.business_status != crate::model::BusinessStatus::Normal,
            )),
            None if public => na(public_reason.clone()),
            None => answer(None),
        };
        let arrears = answer(e.map(|e| e.tax_arrears));
        let detail_equity = match e {
            Some(e) => {
                if !public && !young {
                    r.won("자본총계", e.equity);
                }
                json!({"equity": e.equity, "settlement_date": e.settlement_date.to_string(), "known": true})
            }
            None => json!({"equity": MISSING, "settlement_date": MISSING, "known": false}),
        };
        let status_label = e.map_or(MISSING, |e| e.business_status.label());
        m.insert(
            "checks".into(),
            json!({
                "duplicate": duplicate,
                "impaired": impaired,
                "status": status,
                "arrears": arrears,
            }),
        );
        m.insert("equity".into(), detail_equity);
        m.insert("business_status".into(), Value::from(status_label));
        m.insert("deadline".into(), Value::from(self.p.deadline.to_string()));
        m
    }

    // ----- 06 자치단체 부담금 납입협약서 -----

    fn local_contribution(&self, r: &mut Rec) -> Map<String, Value> {
        let c = self.c;
        let f = self.f;
        let lc = c.local_contribution.as_ref();
        let find = |id: &str| c.members.iter().find(|m| m.id.as_str() == id);
        let payer = lc
            .and_then(|l| find(l.payer.as_str()))
            .or_else(|| self.by_role(Role::Applicant));
        let payee = lc
            .and_then(|l| find(l.payee.as_str()))
            .or_else(|| self.by_role(Role::Lead));
        let mut m = Map::new();
        m.insert("payer".into(), self.institution(r, payer));
        m.insert("payee".into(), self.institution(r, payee));
        m.insert(
            "budget".into(),
            self.source_table(r, "", "총사업비", &f.by_year, &f.total, true),
        );
        let schedule: Vec<Value> = lc
            .map(|l| l.schedule.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|i| {
                json!({
                    "year": i.year,
                    "amount": r.won(format!("{}년 지방비 납입액", i.year), i.amount),
                    "due": date(i.due),
                })
            })
            .collect();
        m.insert("schedule".into(), Value::Array(schedule));
        m.insert(
            "schedule_total".into(),
            r.won("지방비 납입액 합계", f.schedule_total),
        );
        m.insert(
            "schedule_words".into(),
            r.words("지방비 납입액 합계(한글)", f.schedule_total),
        );
        let acc = lc.and_then(|l| l.account.clone()).unwrap_or_default();
        m.insert(
            "account".into(),
            json!({
                "bank": text(acc.bank.as_ref()),
                "number": text(acc.number.as_ref()),
                "holder": text(acc.holder.as_ref()),
            }),
        );
        m
    }

    // ----- 07 취득자산 구매계획서 -----

    fn asset_plan(&self, r: &mut Rec, mem: &Member) -> Map<String, Value> {
        let c = self.c;
        let f = self.f;
        let mut m = Map::new();
        m.insert("member".into(), self.institution(r, Some(mem)));
        let ma = f.member_assets(mem.id.as_str());
        let prefix = format!("자산[{}] ", mem.id);
        let items: Vec<Value> = ma
            .map(|a| a.items.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|i| c.assets.get(*i))
            .enumerate()
            .map(|(n, a)| {
                json!({
                    "name": a.name,
                    "spec": text(a.spec.as_ref()),
                    "quantity": r.won(format!("{prefix}{}번 수량", n + 1), a.quantity),
                    "unit_price": r.won(format!("{prefix}{}번 단가", n + 1), a.unit_price),
                    "amount": r.won(format!("{prefix}{}번 금액", n + 1), a.amount()),
                    "source": a.source.label(),
                    "year": a.year,
                    "subproject": self.subproject_title(a.subproject.as_str()),
                    "location": text(a.location.as_ref()),
                    "purpose": text(a.purpose.as_ref()),
                })
            })
            .collect();
        m.insert("items".into(), Value::Array(items));
        let years: Vec<Value> = f
            .years
            .iter()
            .map(|y| {
                let s = ma
                    .and_then(|a| a.by_year.get(y))
                    .copied()
                    .unwrap_or_default();
                let b = ma
                    .and_then(|a| a.budget_by_year.get(y))
                    .copied()
                    .unwrap_or_default();
                json!({
                    "year": y,
                    "national": r.won(format!("{prefix}{y}년 국비"), s.national),
                    "local": r.won(format!("{prefix}{y}년 지방비"), s.local),
                    "private": r.won(format!("{prefix}{y}년 민간"), s.private),
                    "total": r.won(format!("{prefix}{y}년 합계"), s.total()),
                    "budget": r.won(format!("기관[{}] {y}년 자산취득비", mem.id), b.total()),
                })
            })
            .collect();
        m.insert("years".into(), Value::Array(years));
        let t = ma.map(|a| a.total).unwrap_or_default();
        let budget_total = ma.map(|a| a.budget_total.total()).unwrap_or_default();
        m.insert(
            "total".into(),
            json!({
                "national": r.won(format!("{prefix}국비"), t.national),
                "local": r.won(format!("{prefix}지방비"), t.local),
                "private": r.won(format!("{prefix}민간"), t.private),
                "total": r.won(format!("{prefix}합계"), t.total()),
                "budget": r.won(format!("기관[{}] 자산취득비", mem.id), budget_total),
            }),
        );
        m
    }

    // ----- 08 개인정보 동의서 및 청렴서약서 -----

    fn privacy(&self, r: &mut Rec, mem: &Member) -> Map<String, Value> {
        let mut m = Map::new();
        let mut inst = self.institution(r, Some(mem));
        inst["contact"] = Self::contact(Some(mem));
        m.insert("member".into(), inst);
        m
    }
}
