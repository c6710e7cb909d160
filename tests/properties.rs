//! Property tests (issue #11): random but realistic consortia of any size, built on
//! `formpack::synth::consortium(n)` and perturbed by proptest strategies.
//!
//! 1. The generator's consortia pass `check` with no error (no false alarm on valid data).
//! 2. `check`'s ratio rules agree with an independent reimplementation of PROGRAM.md written
//!    here (integer won, cross-multiplication in `i128`, never floats): on budgets pushed exactly
//!    onto, one won below and one won above every threshold (total matching ≥ 40 %, local ≥ 20 %,
//!    the 60/20/20 rule of direct SME support and its in-kind cap, the national averages), and on
//!    arbitrary budgets.
//! 3. build → verify: a bundle made in memory, written out and re-read by `verify`, has no
//!    problem.
//! 4. Every figure a document shows (its manifest entry, name → text as printed) is the same
//!    text in every document that shows it, and equals the figure formatted from `Figures`;
//!    `Figures` itself equals sums of the budget rows done here.
//! 5. A change of one field changes exactly the documents whose content shows that field:
//!    the fingerprints of both compositions, `diff` of the two files (documents, changed field,
//!    who signs again) and an unchanged document's content all agree with a model of the forms
//!    (FORMS.md) written here.
//! 6. Two builds of the same input are byte-identical.
//!
//! Seeds are fixed, so a run is reproducible; the case counts are small enough for `cargo test`
//! in debug. Longer runs:
//!
//! ```text
//! PROPTEST_CASES=2000 FORMPACK_BUILD_CASES=50 cargo test --release --test properties
//! PROPTEST_RNG_SEED=12345 cargo test --test properties      # another fixed seed
//! ```
//!
//! `PROPTEST_CASES` sets the cases of the cheap properties (1, 2, 4, 5; by default 64, 256 and 24),
//! `FORMPACK_BUILD_CASES` those that render bundles (3, 6; default 4).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use formpack::bundle;
use formpack::compose::{self, Composed, DocKind, Templates};
use formpack::diag::{Code, Diagnostic, Severity, SourceMap};
use formpack::figures::{Figures, Sources};
use formpack::korean;
use formpack::load::{Input, InputFormat};
use formpack::model::*;
use formpack::program::{Program, Region};
use formpack::render::{Format, Formats, Resources};
use formpack::world::Disk;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::RngSeed;

/// The 2026 call's built-in profile.
fn program() -> &'static Program {
    Program::by_id("ai-transition-2026").expect("built in")
}

// ============================================================================ configuration

/// The fixed seed; `PROPTEST_RNG_SEED` overrides it.
const SEED: u64 = 0x2026_0310_1700;

fn env_u32(name: &str) -> Option<u32> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn config(cases: u32) -> ProptestConfig {
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SEED);
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        // Failures are reported with their shrunk input; a regression becomes a named test here.
        failure_persistence: None,
        max_global_rejects: 10_000,
        // Shrink further than proptest's 4 × cases, for a readable minimal input.
        max_shrink_iters: 2_000.max(4 * cases),
        ..ProptestConfig::default()
    }
}

/// Cheap properties: `PROPTEST_CASES` or `default`.
fn cheap(default: u32) -> ProptestConfig {
    config(env_u32("PROPTEST_CASES").unwrap_or(default))
}

/// Properties that render bundles: `FORMPACK_BUILD_CASES` or 4.
fn costly() -> ProptestConfig {
    config(env_u32("FORMPACK_BUILD_CASES").unwrap_or(4))
}

// ============================================================================ the generator

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::new(y, m, d).expect("valid date")
}

fn id(s: &str) -> Id {
    Id::new(s).expect("valid id")
}

fn ceil_div(a: i64, b: i64) -> i64 {
    a.div_euclid(b) + i64::from(a.rem_euclid(b) != 0)
}

/// An amount as budgets are written: mostly round thousands, sometimes any won, sometimes 0.
fn won_amount(max: i64) -> impl Strategy<Value = i64> + Clone {
    prop_oneof![
        6 => (0..=max / 1000).prop_map(|k| k * 1000),
        3 => 0..=max,
        1 => Just(0i64),
    ]
}

/// Four amounts of one budget row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Amounts {
    national: i64,
    local: i64,
    cash: i64,
    in_kind: i64,
}

impl Amounts {
    fn set(self, r: &mut BudgetRow) {
        r.national = self.national;
        r.local = self.local;
        r.private_cash = self.cash;
        r.private_in_kind = self.in_kind;
    }
}

/// The smallest 지방비 that makes a row with this 국비 and 민간 meet both matching rules:
/// 100·L ≥ 20·(N+L+P) ⇔ 4L ≥ N+P, and 100·(L+P) ≥ 40·(N+L+P) ⇔ 3(L+P) ≥ 2N.
fn local_min(national: i64, private: i64) -> i64 {
    ceil_div(national + private, 4)
        .max(ceil_div(2 * national, 3) - private)
        .max(0)
}

/// A row that meets the matching rules on its own (so any sum of such rows does too); the
/// slack is often zero, which puts the row, and sums of such rows, right on a threshold.
fn valid_row() -> impl Strategy<Value = Amounts> + Clone {
    (
        won_amount(1_500_000_000),
        won_amount(500_000_000),
        0..=100i64,
        prop_oneof![2 => Just(0i64), 1 => 0..=10i64, 2 => won_amount(600_000_000)],
    )
        .prop_map(|(national, private, in_kind_pct, slack)| {
            let in_kind = private * in_kind_pct / 100;
            Amounts {
                national,
                local: local_min(national, private) + slack,
                cash: private - in_kind,
                in_kind,
            }
        })
}

/// A row of a direct-support subproject that meets 60/20/20 on its own: 국비 3k − a, 지방비
/// k + a, 중소기업 k (exactly 20 %), of which in-kind at most 70 %.
fn sme_row() -> impl Strategy<Value = Amounts> + Clone {
    (
        won_amount(300_000_000),
        prop_oneof![Just(0i64), 0..=100i64],
        0..=70i64,
    )
        .prop_map(|(k, a_pct, in_kind_pct)| {
            let a = k * a_pct / 100;
            let in_kind = k * in_kind_pct / 100;
            Amounts {
                national: 3 * k - a,
                local: k + a,
                cash: k - in_kind,
                in_kind,
            }
        })
}

/// Common syllables of institution names.
const SYLLABLES: &[&str] = &[
    "한", "빛", "누", "리", "다", "온", "비", "전", "대", "과", "학", "기", "술", "연", "구", "원",
    "테", "크", "노", "파", "에", "이", "아", "솔", "루", "션", "데", "터", "미", "래", "산", "업",
    "진", "흥", "정", "보", "통", "신", "지", "능", "로", "봇", "새", "봄", "경", "제", "융", "합",
];

fn name() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        9 => (
            select(vec!["", "(주)", "재단법인 ", "주식회사 ", "사단법인 "]),
            proptest::collection::vec(select(SYLLABLES), 2..=7),
            select(vec!["", " 연구소", "대학교 산학협력단", "테크노파크", " AI"]),
        )
            .prop_map(|(pre, s, post)| format!("{pre}{}{post}", s.concat())),
        // The same name for two members now and then: file names must still differ.
        1 => Just("동명기관".to_string()),
    ]
}

fn phone() -> impl Strategy<Value = String> + Clone {
    (
        select(vec!["02", "042", "051", "031", "010"]),
        100..=9999u32,
        0..=9999u32,
    )
        .prop_map(|(a, b, c)| format!("{a}-{b}-{c:04}"))
}

/// What the generator changes in one member (index ≥ 1; the region keeps its own name).
#[derive(Debug, Clone)]
struct MemberSpec {
    name: Option<String>,
    phone: String,
    email_user: String,
    /// A 대학 or 출연연 without 법인등록번호: a public body (no founding date, no eligibility).
    public_body: bool,
    equity: i64,
    founded: (i32, u32, u32),
}

fn member_spec() -> impl Strategy<Value = MemberSpec> {
    (
        proptest::option::weighted(0.6, name()),
        phone(),
        "[a-z]{1,8}",
        proptest::bool::weighted(0.3),
        prop_oneof![3 => 0..=50_000_000_000i64, 1 => -5_000_000_000..0i64],
        (1995..=2025i32, 1..=12u32, 1..=28u32),
    )
        .prop_map(
            |(name, phone, email_user, public_body, equity, founded)| MemberSpec {
                name,
                phone,
                email_user,
                public_body,
                equity,
                founded,
            },
        )
}

/// An extra budget row: member, subproject (0 or 1 of synth's), year, category (not
/// 자산취득비: those come with assets), amounts.
type ExtraRow = (usize, usize, usize, usize, Amounts);

/// A bought item, with the 자산취득비 row that pays for it: member, subproject, year,
/// quantity, unit prices (국비, 민간), extra 지방비 per unit, in-kind percent of 민간.
type AssetSpec = (usize, usize, usize, i64, i64, i64, i64, i64);

/// A direct-support subproject: lead, rows (member, year, amounts).
type SmeSpec = (usize, Vec<(usize, usize, Amounts)>);

#[derive(Debug, Clone)]
struct Spec {
    members: u32,
    region: usize,
    region_short: bool,
    application_day: u32,
    member_specs: Vec<MemberSpec>,
    base_rows: Vec<Amounts>,
    extra_rows: Vec<ExtraRow>,
    assets: Vec<AssetSpec>,
    sme: Option<SmeSpec>,
    /// Pay a year's 지방비 in two installments: the first takes this percent (none: one).
    split: [Option<i64>; 2],
}

/// The call's budget categories other than asset purchases (assets come with their own rows).
fn non_asset_categories() -> Vec<&'static str> {
    let p = program();
    p.categories
        .iter()
        .filter(|c| **c != p.asset_category)
        .map(String::as_str)
        .collect()
}

/// `n` members; `sme`: whether a direct-support subproject is made (`None`: sometimes).
fn spec(members: std::ops::RangeInclusive<u32>, sme: Option<bool>) -> impl Strategy<Value = Spec> {
    members.prop_flat_map(move |n| {
        let sme_rows = proptest::collection::vec((0..64usize, 0..2usize, sme_row()), 1..=4);
        let sme_spec = (0..64usize, sme_rows);
        let sme = match sme {
            Some(true) => sme_spec.prop_map(Some).boxed(),
            Some(false) => Just(None).boxed(),
            None => proptest::option::weighted(0.5, sme_spec).boxed(),
        };
        let asset = (
            0..64usize,
            0..2usize,
            0..2usize,
            1..=4i64,
            won_amount(300_000_000),
            won_amount(100_000_000),
            prop_oneof![Just(0i64), won_amount(50_000_000)],
            0..=100i64,
        );
        (
            (
                Just(n),
                0..program().regions.len(),
                any::<bool>(),
                0..=34u32,
                proptest::collection::vec(member_spec(), n as usize),
            ),
            proptest::collection::vec(valid_row(), 2 * (n as usize - 1)),
            proptest::collection::vec(
                (0..64usize, 0..2usize, 0..2usize, 0..8usize, valid_row()),
                0..=2 * n as usize,
            ),
            proptest::collection::vec(asset, 0..=3),
            sme,
            [
                proptest::option::weighted(0.3, 1..=99i64),
                proptest::option::weighted(0.3, 1..=99i64),
            ],
        )
            .prop_map(
                |(
                    (members, region, region_short, application_day, member_specs),
                    base_rows,
                    extra_rows,
                    assets,
                    sme,
                    split,
                )| Spec {
                    members,
                    region,
                    region_short,
                    application_day,
                    member_specs,
                    base_rows,
                    extra_rows,
                    assets,
                    sme,
                    split,
                },
            )
    })
}

/// The consortium a spec describes: synth's, perturbed. Valid by construction.
fn assemble(s: &Spec) -> Consortium {
    let mut c = formpack::synth::consortium(s.members);
    let region: &Region = &program().regions[s.region];
    c.project.region = Some(if s.region_short {
        region.short.clone()
    } else {
        region.official.clone()
    });
    c.members[0].name = region.official.to_string();
    // 2026-02-04 (the call) .. 2026-03-10 (the deadline).
    let day = 4 + s.application_day;
    c.application_date = Some(if day <= 28 {
        date(2026, 2, day)
    } else {
        date(2026, 3, day - 28)
    });
    for (i, (m, ms)) in c.members.iter_mut().zip(&s.member_specs).enumerate() {
        let contact = m.contact.as_mut().expect("synth gives contacts");
        contact.phone = Some(ms.phone.clone());
        contact.email = Some(format!("{}{i}@m{i}.example", ms.email_user));
        if i == 0 {
            continue;
        }
        if let Some(name) = &ms.name {
            m.name = name.clone();
        }
        if ms.public_body && matches!(m.kind, Kind::University | Kind::Institute) {
            m.corporate_no = None;
            m.founded = None;
            m.eligibility = None;
        } else if let Some(e) = m.eligibility.as_mut() {
            // Capital impairment only for young firms, which are excused.
            let (y, mo, d) = ms.founded;
            e.equity = ms.equity;
            m.founded = Some(if ms.equity < 0 {
                date(2019 + (y % 7), mo, d).max(date(2019, 3, 11))
            } else {
                date(y, mo, d)
            });
        }
    }
    let performers: Vec<Id> = c.members[1..].iter().map(|m| m.id.clone()).collect();
    let pick = |i: usize| performers[i % performers.len()].clone();
    let years = program().years.clone();

    for (r, a) in c.budget.iter_mut().zip(&s.base_rows) {
        a.set(r);
    }
    for &(m, sp, y, cat, a) in &s.extra_rows {
        let mut r = c.budget[0].clone();
        r.member = pick(m);
        r.subproject = c.subprojects[sp].id.clone();
        r.year = years[y];
        r.category = non_asset_categories()[cat].to_string();
        a.set(&mut r);
        c.budget.push(r);
    }
    for (i, &(m, sp, y, q, u_national, u_private, slack, in_kind_pct)) in
        s.assets.iter().enumerate()
    {
        let u_local = local_min(u_national, u_private) + slack;
        if u_national + u_local + u_private == 0 {
            continue;
        }
        let member = pick(m);
        let subproject = c.subprojects[sp].id.clone();
        let year = years[y];
        for (k, (source, unit_price)) in [
            (AssetSource::National, u_national),
            (AssetSource::Local, u_local),
            (AssetSource::Private, u_private),
        ]
        .into_iter()
        .enumerate()
        {
            if unit_price == 0 {
                continue;
            }
            c.assets.push(Asset {
                member: member.clone(),
                subproject: subproject.clone(),
                year,
                name: format!("장비 {}-{}", i + 1, k + 1),
                spec: Some(format!("사양 {}", i + 1)),
                quantity: q,
                unit_price,
                source,
                location: Some("본관 1층".into()),
                purpose: Some("AI 실증".into()),
            });
        }
        let private = q * u_private;
        let in_kind = private * in_kind_pct / 100;
        c.budget.push(BudgetRow {
            subproject,
            member,
            year,
            category: program().asset_category.clone(),
            national: q * u_national,
            local: q * u_local,
            private_cash: private - in_kind,
            private_in_kind: in_kind,
        });
    }
    if let Some((lead, rows)) = &s.sme {
        let sp = Subproject {
            id: id("sme-direct"),
            title: Some("중소기업 AI 솔루션 직접지원".into()),
            field: Field::Solution,
            lead: pick(*lead),
            direct_sme_support: true,
        };
        for &(m, y, a) in rows {
            let mut r = c.budget[0].clone();
            r.member = pick(m);
            r.subproject = sp.id.clone();
            r.year = years[y];
            r.category = "기업지원비".into();
            a.set(&mut r);
            c.budget.push(r);
        }
        c.subprojects.push(sp);
    }
    resync_schedule(&mut c, s.split);
    c
}

/// The local contribution schedule commits exactly each year's 지방비, in one or two
/// installments.
fn resync_schedule(c: &mut Consortium, split: [Option<i64>; 2]) {
    let by_year: Vec<i64> = program()
        .years
        .iter()
        .map(|y| {
            c.budget
                .iter()
                .filter(|r| r.year == *y)
                .map(|r| r.local)
                .sum()
        })
        .collect();
    let lc = c.local_contribution.as_mut().expect("synth has one");
    lc.schedule.clear();
    for (k, (&year, &amount)) in program().years.iter().zip(&by_year).enumerate() {
        let due = |m: u32| date(year, m, 28);
        match split[k] {
            Some(pct) => {
                let first = amount * pct / 100;
                lc.schedule.push(Installment {
                    year,
                    amount: first,
                    due: Some(due(5)),
                });
                lc.schedule.push(Installment {
                    year,
                    amount: amount - first,
                    due: Some(due(9)),
                });
            }
            None => lc.schedule.push(Installment {
                year,
                amount,
                due: Some(due(5)),
            }),
        }
    }
}

fn consortium(
    members: std::ops::RangeInclusive<u32>,
    sme: Option<bool>,
) -> impl Strategy<Value = Consortium> {
    spec(members, sme).prop_map(|s| assemble(&s))
}

fn input(c: Consortium) -> Input {
    Input {
        data: c,
        map: SourceMap::new("generated.yaml"),
        sha256: String::new(),
        dir: PathBuf::from("."),
        format: InputFormat::Yaml,
        program: Program::builtin_arc("ai-transition-2026").expect("built in"),
    }
}

fn check(c: &Consortium) -> (Figures, Vec<Diagnostic>) {
    formpack::check::check_input(&input(c.clone()))
}

fn errors(d: &[Diagnostic]) -> Vec<&Diagnostic> {
    d.iter().filter(|x| x.severity == Severity::Error).collect()
}

// ============================================================================ 2: the ratio oracle

/// The codes of the ratio rules; everything else `check` says is left out of the comparison.
const RATIO_CODES: [Code; 7] = [
    Code::MatchTotalMin,
    Code::MatchLocalMin,
    Code::SmeNationalMax,
    Code::SmeLocalMin,
    Code::SmeInKindMax,
    Code::SmeShare,
    Code::NationalAboveAverage,
];

/// A ratio finding: code, severity, and what it is about (`""` for the whole budget, a
/// subproject id, `total` or a year for the national averages).
type Finding = (Code, Severity, String);

#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    national: i128,
    local: i128,
    cash: i128,
    in_kind: i128,
}

impl Sum {
    fn of<'a>(rows: impl Iterator<Item = &'a BudgetRow>) -> Sum {
        let mut s = Sum::default();
        for r in rows {
            s.national += i128::from(r.national);
            s.local += i128::from(r.local);
            s.cash += i128::from(r.private_cash);
            s.in_kind += i128::from(r.private_in_kind);
        }
        s
    }
    fn private(&self) -> i128 {
        self.cash + self.in_kind
    }
    fn total(&self) -> i128 {
        self.national + self.local + self.private()
    }
    fn sources(&self) -> Sources {
        let w = |v: i128| i64::try_from(v).expect("fits");
        Sources {
            national: w(self.national),
            local: w(self.local),
            private_cash: w(self.cash),
            private_in_kind: w(self.in_kind),
        }
    }
}

/// PROGRAM.md's money rules, read afresh: "지방비 + 민간부담금 at least 40 %, 지방비 at least
/// 20 %" of the total; in direct SME support "national ≤ 60 %, local cash ≥ 20 %, SME in-kind
/// ≤ 70 % of the SME share are errors when broken; an SME share other than 20 % is a warning";
/// national above 140억 in total or 70억 in a year is a warning. Every comparison multiplies
/// out (`part · 100` against `whole · pct`), in i128.
fn oracle(c: &Consortium) -> Vec<Finding> {
    let mut out = Vec::new();
    let all = Sum::of(c.budget.iter());
    let t = all.total();
    if (all.local + all.private()) * 100 < t * 40 {
        out.push((Code::MatchTotalMin, Severity::Error, String::new()));
    }
    if all.local * 100 < t * 20 {
        out.push((Code::MatchLocalMin, Severity::Error, String::new()));
    }
    for sp in c.subprojects.iter().filter(|s| s.direct_sme_support) {
        let s = Sum::of(c.budget.iter().filter(|r| r.subproject == sp.id));
        let t = s.total();
        let at = sp.id.to_string();
        if s.national * 100 > t * 60 {
            out.push((Code::SmeNationalMax, Severity::Error, at.clone()));
        }
        if s.local * 100 < t * 20 {
            out.push((Code::SmeLocalMin, Severity::Error, at.clone()));
        }
        if s.in_kind * 100 > s.private() * 70 {
            out.push((Code::SmeInKindMax, Severity::Error, at.clone()));
        }
        if s.private() * 100 != t * 20 {
            out.push((Code::SmeShare, Severity::Warning, at));
        }
    }
    if all.national > 14_000_000_000 {
        out.push((
            Code::NationalAboveAverage,
            Severity::Warning,
            "total".into(),
        ));
    }
    for &y in &program().years {
        let s = Sum::of(c.budget.iter().filter(|r| r.year == y));
        if s.national > 7_000_000_000 {
            out.push((Code::NationalAboveAverage, Severity::Warning, y.to_string()));
        }
    }
    out.sort();
    out
}

/// `check`'s ratio findings in the oracle's terms: the subproject or year is read from the
/// budget row the finding points at.
fn ratio_findings(c: &Consortium, diags: &[Diagnostic]) -> Vec<Finding> {
    let row = |d: &Diagnostic| -> Option<&BudgetRow> {
        let p = d.location.path.as_deref()?;
        let i: usize = p.strip_prefix("budget[")?.split(']').next()?.parse().ok()?;
        c.budget.get(i)
    };
    let mut out: Vec<Finding> = diags
        .iter()
        .filter(|d| RATIO_CODES.contains(&d.code))
        .map(|d| {
            let about = match d.code {
                Code::MatchTotalMin | Code::MatchLocalMin => String::new(),
                Code::NationalAboveAverage => {
                    row(d).map_or("total".to_string(), |r| r.year.to_string())
                }
                _ => row(d).map_or("?".to_string(), |r| r.subproject.to_string()),
            };
            (d.code, d.severity, about)
        })
        .collect();
    out.sort();
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    National,
    Local,
    Cash,
    InKind,
}

fn slot(r: &mut BudgetRow, s: Slot) -> &mut i64 {
    match s {
        Slot::National => &mut r.national,
        Slot::Local => &mut r.local,
        Slot::Cash => &mut r.private_cash,
        Slot::InKind => &mut r.private_in_kind,
    }
}

/// Move `amount` won into `to` from the `from` slots of `rows` (a negative amount moves it the
/// other way, out of `to` into the first `from` slot). False if the rows do not hold enough.
fn shift(c: &mut Consortium, rows: &[usize], from: &[Slot], to: Slot, amount: i64) -> bool {
    let mut left = amount.abs();
    for &i in rows {
        let r = &mut c.budget[i];
        if amount >= 0 {
            for &f in from {
                let m = (*slot(r, f)).min(left);
                *slot(r, f) -= m;
                *slot(r, to) += m;
                left -= m;
            }
        } else {
            let m = (*slot(r, to)).min(left);
            *slot(r, to) -= m;
            *slot(r, from[0]) += m;
            left -= m;
        }
    }
    left == 0
}

/// Which threshold a boundary case sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    MatchTotal,
    MatchLocal,
    SmeNational,
    SmeLocal,
    SmeInKind,
    SmeShare,
    National,
}

const SME_ID: &str = "sme-direct";

/// Rows that no other rule looks at: not direct support, not 자산취득비.
fn free_rows(c: &Consortium) -> Vec<usize> {
    (0..c.budget.len())
        .filter(|&i| {
            let r = &c.budget[i];
            r.subproject.as_str() != SME_ID && r.category != program().asset_category
        })
        .collect()
}

fn sme_rows(c: &Consortium) -> Vec<usize> {
    (0..c.budget.len())
        .filter(|&i| c.budget[i].subproject.as_str() == SME_ID)
        .collect()
}

/// Make `total` a multiple of `m` by adding to one row's `slot` (so the threshold can be met
/// exactly, not only by rounding up).
fn round_up_total(c: &mut Consortium, rows: &[usize], s: Slot, total: i128, m: i128) {
    let add = (m - total.rem_euclid(m)) % m;
    *slot(&mut c.budget[rows[0]], s) += i64::try_from(add).expect("small");
}

/// Push the consortium onto `rule`'s threshold, `d` won off it (−1, 0, +1), keeping the
/// rule's denominator fixed. `exact`: first make the denominator a multiple that lets the
/// share be met with equality. `d2`: the second year's offset for the national averages.
/// Returns the part and whole the rule compares, or `None` if the rows cannot be moved so.
fn push_onto(c: &mut Consortium, rule: Rule, d: i64, d2: i64, exact: bool) -> Option<()> {
    let free = free_rows(c);
    let sme = sme_rows(c);
    let sum = |c: &Consortium, rows: &[usize]| Sum::of(rows.iter().map(|&i| &c.budget[i]));
    let all: Vec<usize> = (0..c.budget.len()).collect();
    let w = |v: i128| i64::try_from(v).ok();
    let ok = match rule {
        Rule::MatchLocal => {
            if exact {
                round_up_total(c, &free, Slot::National, sum(c, &all).total(), 5);
            }
            let s = sum(c, &all);
            let target = (s.total() * 20 + 99).div_euclid(100) + i128::from(d);
            shift(
                c,
                &free,
                &[Slot::National],
                Slot::Local,
                w(target - s.local)?,
            )
        }
        Rule::MatchTotal => {
            if exact {
                round_up_total(c, &free, Slot::National, sum(c, &all).total(), 5);
            }
            let s = sum(c, &all);
            let target = (s.total() * 40 + 99).div_euclid(100) + i128::from(d);
            let move_ = target - (s.local + s.private());
            if move_ >= 0 {
                shift(c, &free, &[Slot::National], Slot::Cash, w(move_)?)
            } else {
                shift(
                    c,
                    &free,
                    &[Slot::Cash, Slot::InKind],
                    Slot::National,
                    w(-move_)?,
                )
            }
        }
        Rule::SmeNational => {
            if exact {
                round_up_total(c, &sme, Slot::Local, sum(c, &sme).total(), 5);
            }
            let s = sum(c, &sme);
            let target = (s.total() * 60).div_euclid(100) + i128::from(d);
            shift(
                c,
                &sme,
                &[Slot::Local],
                Slot::National,
                w(target - s.national)?,
            )
        }
        Rule::SmeLocal => {
            if exact {
                round_up_total(c, &sme, Slot::National, sum(c, &sme).total(), 5);
            }
            let s = sum(c, &sme);
            let target = (s.total() * 20 + 99).div_euclid(100) + i128::from(d);
            shift(
                c,
                &sme,
                &[Slot::National],
                Slot::Local,
                w(target - s.local)?,
            )
        }
        Rule::SmeInKind => {
            if exact {
                round_up_total(c, &sme, Slot::Cash, sum(c, &sme).private(), 10);
            }
            let s = sum(c, &sme);
            let target = (s.private() * 70).div_euclid(100) + i128::from(d);
            shift(c, &sme, &[Slot::Cash], Slot::InKind, w(target - s.in_kind)?)
        }
        Rule::SmeShare => {
            if exact {
                round_up_total(c, &sme, Slot::National, sum(c, &sme).total(), 5);
            }
            let s = sum(c, &sme);
            let target = (s.total() * 20 + 99).div_euclid(100) + i128::from(d);
            let move_ = target - s.private();
            if move_ >= 0 {
                shift(c, &sme, &[Slot::National], Slot::Cash, w(move_)?)
            } else {
                shift(
                    c,
                    &sme,
                    &[Slot::Cash, Slot::InKind],
                    Slot::National,
                    w(-move_)?,
                )
            }
        }
        Rule::National => {
            let mut ok = true;
            for (y, off) in program().years.iter().copied().zip([d, d2]) {
                let rows: Vec<usize> = free
                    .iter()
                    .copied()
                    .filter(|&i| c.budget[i].year == y)
                    .collect();
                let s = sum(
                    c,
                    &(0..c.budget.len())
                        .filter(|&i| c.budget[i].year == y)
                        .collect::<Vec<_>>(),
                );
                let add = w(i128::from(7_000_000_000i64 + off) - s.national)?;
                match rows.first() {
                    Some(&i) if c.budget[i].national + add >= 0 => c.budget[i].national += add,
                    _ => ok = false,
                }
            }
            ok
        }
    };
    ok.then_some(())
}

/// Whether `rule`'s own finding must be there, by construction of the boundary case.
fn expected_by_construction(c: &Consortium, rule: Rule, d: i64, d2: i64) -> Vec<Finding> {
    let sme = Sum::of(c.budget.iter().filter(|r| r.subproject.as_str() == SME_ID));
    let e = |code| (code, Severity::Error, String::new());
    let s = |code, sev| (code, sev, SME_ID.to_string());
    match rule {
        Rule::MatchTotal => (d < 0)
            .then(|| e(Code::MatchTotalMin))
            .into_iter()
            .collect(),
        Rule::MatchLocal => (d < 0)
            .then(|| e(Code::MatchLocalMin))
            .into_iter()
            .collect(),
        Rule::SmeNational => (d > 0)
            .then(|| s(Code::SmeNationalMax, Severity::Error))
            .into_iter()
            .collect(),
        Rule::SmeLocal => (d < 0)
            .then(|| s(Code::SmeLocalMin, Severity::Error))
            .into_iter()
            .collect(),
        Rule::SmeInKind => (d > 0)
            .then(|| s(Code::SmeInKindMax, Severity::Error))
            .into_iter()
            .collect(),
        // Equal only when it sits exactly on 20 %, which `exact` makes possible.
        Rule::SmeShare => (d != 0 || sme.total() % 5 != 0)
            .then(|| s(Code::SmeShare, Severity::Warning))
            .into_iter()
            .collect(),
        Rule::National => {
            let mut v = Vec::new();
            if d + d2 > 0 {
                v.push((
                    Code::NationalAboveAverage,
                    Severity::Warning,
                    "total".into(),
                ));
            }
            for (y, off) in program().years.iter().copied().zip([d, d2]) {
                if off > 0 {
                    v.push((Code::NationalAboveAverage, Severity::Warning, y.to_string()));
                }
            }
            v
        }
    }
}

fn rule() -> impl Strategy<Value = Rule> {
    select(vec![
        Rule::MatchTotal,
        Rule::MatchLocal,
        Rule::SmeNational,
        Rule::SmeLocal,
        Rule::SmeInKind,
        Rule::SmeShare,
        Rule::National,
    ])
}

fn rule_codes(rule: Rule) -> &'static [Code] {
    match rule {
        Rule::MatchTotal => &[Code::MatchTotalMin],
        Rule::MatchLocal => &[Code::MatchLocalMin],
        Rule::SmeNational => &[Code::SmeNationalMax],
        Rule::SmeLocal => &[Code::SmeLocalMin],
        Rule::SmeInKind => &[Code::SmeInKindMax],
        Rule::SmeShare => &[Code::SmeShare],
        Rule::National => &[Code::NationalAboveAverage],
    }
}

/// Arbitrary amounts (not necessarily valid), including zero totals and subprojects flagged
/// as direct support at random.
fn any_budget() -> impl Strategy<Value = Consortium> {
    (
        consortium(3..=8, None),
        proptest::collection::vec(
            (
                won_amount(3_000_000_000),
                won_amount(3_000_000_000),
                won_amount(1_000_000_000),
                won_amount(1_000_000_000),
            ),
            0..=64,
        ),
        proptest::collection::vec(any::<bool>(), 3),
        0..=3usize,
    )
        .prop_map(|(mut c, amounts, flags, zero_rows)| {
            for (r, (n, l, ca, k)) in c.budget.iter_mut().zip(amounts) {
                Amounts {
                    national: n,
                    local: l,
                    cash: ca,
                    in_kind: k,
                }
                .set(r);
            }
            for (sp, f) in c.subprojects.iter_mut().zip(flags) {
                sp.direct_sme_support = f;
            }
            // A few all-zero rows: a subproject or the whole budget may add up to nothing.
            let n = c.budget.len();
            for r in c.budget.iter_mut().take(zero_rows.min(n)) {
                Amounts {
                    national: 0,
                    local: 0,
                    cash: 0,
                    in_kind: 0,
                }
                .set(r);
            }
            c
        })
}

// ============================================================================ 4: figures

/// `12.35%`: hundredths of a percent rounded half up, written here from FORMS.md ("two
/// decimals, computed exactly and rounded only for display"); `-` for an empty whole.
fn percent(num: i64, den: i64) -> String {
    if den == 0 {
        return "-".into();
    }
    let (n, d) = (i128::from(num) * 10_000, i128::from(den));
    let bp = (2 * n + d).div_euclid(2 * d);
    format!("{}.{:02}%", bp / 100, bp % 100)
}

fn source_value(label: &str, s: &Sources) -> Option<i64> {
    Some(match label {
        "국비" => s.national,
        "지방비" => s.local,
        "민간부담금 현금" => s.private_cash,
        "민간부담금 현물" => s.private_in_kind,
        "민간부담금" => s.private(),
        "합계" | "총사업비" => s.total(),
        _ => return None,
    })
}

/// `[id] rest` after a scope word: (`id`, `rest`).
fn scoped<'a>(name: &'a str, word: &str) -> Option<(&'a str, &'a str)> {
    let rest = name.strip_prefix(word)?.strip_prefix('[')?;
    let (id, rest) = rest.split_once(']')?;
    Some((id, rest.strip_prefix(' ').unwrap_or(rest)))
}

/// `2026년 rest` → (2026, rest).
fn year_of(s: &str) -> Option<(i32, &str)> {
    let (y, rest) = s.split_once('년')?;
    Some((y.parse().ok()?, rest.strip_prefix(' ').unwrap_or(rest)))
}

/// A sources figure: `{y}년 {label}`, `{label}` or (with a grand total) `{label} 비율`.
fn sources_figure(
    rest: &str,
    total: &Sources,
    by_year: &BTreeMap<i32, Sources>,
    grand: Option<i64>,
) -> Option<String> {
    if let Some((y, label)) = year_of(rest) {
        return source_value(label, by_year.get(&y)?).map(korean::won);
    }
    if let Some(label) = rest.strip_suffix(" 비율") {
        return Some(percent(source_value(label, total)?, grand?));
    }
    source_value(rest, total).map(korean::won)
}

/// The text a figure named `name` must have, in a document of `member` (for the names that
/// mean "this document's member"), formatted from `Figures`.
fn expected_figure(
    name: &str,
    member: Option<&str>,
    c: &Consortium,
    f: &Figures,
) -> Option<String> {
    let grand = f.total.total();
    let doc_member = || f.member(member?);
    match name {
        "지방비+민간부담금 비율" => return Some(percent(f.total.matching(), grand)),
        "총사업비(한글)" => return Some(korean::amount(grand)),
        "지방비 납입액 합계" => return Some(korean::won(f.schedule_total)),
        "지방비 납입액 합계(한글)" => return Some(korean::amount(f.schedule_total)),
        "분담액 합계" => return Some(korean::won(doc_member()?.total.total())),
        "분담액(한글)" => return Some(korean::amount(doc_member()?.total.total())),
        "자기부담금(한글)" => {
            return Some(korean::amount_or_none(doc_member()?.total.private()))
        }
        "자본총계" => {
            let m = c.members.iter().find(|m| Some(m.id.as_str()) == member)?;
            return Some(korean::won(m.eligibility.as_ref()?.equity));
        }
        _ => {}
    }
    if let Some((id, rest)) = scoped(name, "기관") {
        let mf = f.member(id)?;
        if rest == "비율" {
            return Some(percent(mf.total.total(), grand));
        }
        let ma = f.member_assets(id);
        if rest == "자산취득비" {
            return Some(korean::won(ma.map_or(0, |a| a.budget_total.total())));
        }
        if let Some((y, "자산취득비")) = year_of(rest) {
            let b = ma.and_then(|a| a.budget_by_year.get(&y)).copied();
            return Some(korean::won(b.unwrap_or_default().total()));
        }
        return sources_figure(rest, &mf.total, &mf.by_year, None);
    }
    if let Some((id, rest)) = scoped(name, "세부사업") {
        let sf = f.subproject(id)?;
        if let Some(what) = rest.strip_suffix(" 비율") {
            let t = &sf.total;
            return Some(match what {
                "국비" => percent(t.national, t.total()),
                "지방비" => percent(t.local, t.total()),
                "민간부담금" => percent(t.private(), t.total()),
                "현물" => percent(t.private_in_kind, t.private()),
                _ => return None,
            });
        }
        return sources_figure(rest, &sf.total, &sf.by_year, None);
    }
    if let Some((cat, rest)) = scoped(name, "비목") {
        let k = f.categories.iter().find(|k| k.category == cat)?;
        return match rest {
            "합계" => Some(korean::won(k.total.total())),
            "비율" => Some(percent(k.total.total(), grand)),
            _ => {
                let (y, "") = year_of(rest)? else { return None };
                Some(korean::won(k.by_year.get(&y)?.total()))
            }
        };
    }
    if let Some((id, rest)) = scoped(name, "자산") {
        let ma = f.member_assets(id)?;
        if let Some((n, what)) = rest.split_once("번 ") {
            let a = &c.assets[*ma.items.get(n.parse::<usize>().ok()?.checked_sub(1)?)?];
            return Some(korean::won(match what {
                "수량" => a.quantity,
                "단가" => a.unit_price,
                "금액" => a.amount(),
                _ => return None,
            }));
        }
        let (sums, what) = match year_of(rest) {
            Some((y, what)) => (ma.by_year.get(&y).copied().unwrap_or_default(), what),
            None => (ma.total, rest),
        };
        return Some(korean::won(match what {
            "국비" => sums.national,
            "지방비" => sums.local,
            "민간" => sums.private,
            "합계" => sums.total(),
            _ => return None,
        }));
    }
    if let Some((y, rest)) = year_of(name) {
        let of_year: Vec<&Installment> = c
            .local_contribution
            .iter()
            .flat_map(|l| &l.schedule)
            .filter(|i| i.year == y)
            .collect();
        // A year paid at once: its amount is the year's commitment; paid in installments:
        // the k-th of them (`2027년 2차 지방비 납입액`).
        // 02 사업계획서 prints every year's payments: none (0) under the same name, several as
        // their sum (`2027년 지방비 납입액 합계`).
        if rest == "지방비 납입액" && of_year.len() <= 1
            || rest == "지방비 납입액 합계" && of_year.len() > 1
        {
            return Some(korean::won(
                f.schedule_by_year.get(&y).copied().unwrap_or_default(),
            ));
        }
        if let Some(k) = rest.strip_suffix("차 지방비 납입액") {
            let k: usize = k.parse().ok()?;
            if of_year.len() > 1 {
                return Some(korean::won(of_year.get(k.checked_sub(1)?)?.amount));
            }
        }
    }
    sources_figure(name, &f.total, &f.by_year, Some(grand))
}

/// Names that mean "this document's member": they differ between two members' documents.
const MEMBER_RELATIVE: [&str; 4] = [
    "분담액 합계",
    "분담액(한글)",
    "자기부담금(한글)",
    "자본총계",
];

/// Every figure of every document (`where`, its member, its figures) agrees with `Figures`
/// and with itself across documents.
fn figures_agree<'a>(
    docs: impl Iterator<Item = (String, Option<&'a str>, &'a BTreeMap<String, String>)>,
    c: &Consortium,
    f: &Figures,
) -> Result<usize, TestCaseError> {
    let mut seen: BTreeMap<&str, (String, &str)> = BTreeMap::new();
    let mut count = 0;
    for (at, member, figures) in docs {
        for (name, text) in figures {
            count += 1;
            let want = expected_figure(name, member, c, f);
            prop_assert_eq!(
                Some(text.as_str()),
                want.as_deref(),
                "{}: figure {:?}",
                at,
                name
            );
            if MEMBER_RELATIVE.contains(&name.as_str()) {
                continue;
            }
            match seen.get(name.as_str()) {
                Some((other, t)) => prop_assert_eq!(
                    *t,
                    text.as_str(),
                    "{:?} differs between {} and {}",
                    name,
                    other,
                    at
                ),
                None => {
                    seen.insert(name, (at.clone(), text));
                }
            }
        }
    }
    Ok(count)
}

/// `Figures` against sums of the budget rows done here.
fn figures_add_up(c: &Consortium, f: &Figures) -> Result<(), TestCaseError> {
    let sum = |p: &dyn Fn(&BudgetRow) -> bool| Sum::of(c.budget.iter().filter(|r| p(r))).sources();
    prop_assert_eq!(f.total, sum(&|_| true));
    for &y in &program().years {
        prop_assert_eq!(f.by_year[&y], sum(&|r| r.year == y), "{}", y);
    }
    for m in &f.members {
        prop_assert_eq!(m.total, sum(&|r| r.member.as_str() == m.id), "{}", m.id);
        for (y, s) in &m.by_year {
            prop_assert_eq!(*s, sum(&|r| r.member.as_str() == m.id && r.year == *y));
        }
    }
    for s in &f.subprojects {
        prop_assert_eq!(s.total, sum(&|r| r.subproject.as_str() == s.id), "{}", s.id);
    }
    for k in &f.categories {
        prop_assert_eq!(
            k.total,
            sum(&|r| r.category == k.category),
            "{}",
            k.category
        );
    }
    let mut sched: BTreeMap<i32, i64> = BTreeMap::new();
    for i in &c.local_contribution.as_ref().expect("generated").schedule {
        *sched.entry(i.year).or_default() += i.amount;
    }
    prop_assert_eq!(&f.schedule_by_year, &sched);
    Ok(())
}

// ============================================================================ composing, building

fn compose(c: &Consortium) -> (Figures, Vec<Composed>) {
    let input = input(c.clone());
    let f = Figures::compute(c, program());
    let docs = compose::compose_all(&Disk, &input, &f, program(), &Templates::builtin(), false)
        .expect("composes");
    (f, docs)
}

fn build(c: &Consortium, formats: Formats) -> bundle::Built {
    let input = input(c.clone());
    let f = Figures::compute(c, program());
    let templates = Templates::builtin();
    let resources = Resources::embedded();
    let opts = bundle::Options {
        templates: &templates,
        resources: &resources,
        formats,
        draft: false,
        previous: None,
    };
    bundle::make(&Disk, &input, &f, program(), &opts, &|_, _| {}).expect("builds")
}

fn write(built: &bundle::Built, dir: &Path) {
    bundle::write::write_atomic(dir, built.files.iter().map(|(p, b)| Ok((p.as_str(), b))))
        .expect("writes");
}

fn formats() -> impl Strategy<Value = Formats> {
    select(vec!["pdf", "docx", "hwpx", "pdf,docx", "pdf,hwpx"])
        .prop_map(|s| Formats::parse(s).expect("known formats"))
}

// ============================================================================ 5: one change

/// One field changed. Indices are reduced modulo the lists' lengths when applied.
#[derive(Debug, Clone)]
enum Change {
    Amount { row: usize, slot: usize, value: i64 },
    Phone { member: usize, phone: String },
    Email { member: usize, user: String },
    Name { member: usize, name: String },
    Representative { member: usize, name: String },
    SubprojectTitle { sp: usize, title: String },
    Equity { member: usize, equity: i64 },
    UnitPrice { asset: usize, price: i64 },
    Due { installment: usize, day: u32 },
    Account { number: String },
    DirectorPhone { phone: String },
    ProjectTitle { title: String },
}

fn change() -> impl Strategy<Value = Change> {
    let ix = || 0..64usize;
    prop_oneof![
        4 => (ix(), 0..4usize, won_amount(2_000_000_000))
            .prop_map(|(row, slot, value)| Change::Amount { row, slot, value }),
        1 => (ix(), phone()).prop_map(|(member, phone)| Change::Phone { member, phone }),
        1 => (ix(), "[a-z]{1,8}").prop_map(|(member, user)| Change::Email { member, user }),
        2 => (ix(), name()).prop_map(|(member, name)| Change::Name { member, name }),
        1 => (ix(), "[가-힣]{2,4}")
            .prop_map(|(member, name)| Change::Representative { member, name }),
        1 => (ix(), name()).prop_map(|(sp, title)| Change::SubprojectTitle { sp, title }),
        1 => (ix(), -1_000_000_000..50_000_000_000i64)
            .prop_map(|(member, equity)| Change::Equity { member, equity }),
        1 => (ix(), won_amount(500_000_000))
            .prop_map(|(asset, price)| Change::UnitPrice { asset, price }),
        1 => (ix(), 1..=28u32).prop_map(|(installment, day)| Change::Due { installment, day }),
        1 => "[0-9]{3}-[0-9]{4}-[0-9]{4}".prop_map(|number| Change::Account { number }),
        1 => phone().prop_map(|phone| Change::DirectorPhone { phone }),
        1 => name().prop_map(|title| Change::ProjectTitle { title }),
    ]
}

/// Whether a change shows on the 발표자료 deck: every amount (its totals by source, year,
/// member and subproject), every member's name (the consortium slide; the lead's also on the
/// title slide), subproject titles and the project title. Contacts, representatives, equity,
/// assets and the contribution schedule are not on it.
fn on_deck(ch: &Change) -> bool {
    matches!(
        ch,
        Change::Amount { .. }
            | Change::Name { .. }
            | Change::SubprojectTitle { .. }
            | Change::ProjectTitle { .. }
    )
}

/// A document: its form and its member.
type DocKey = (DocKind, Option<String>);

fn key(d: &Composed) -> DocKey {
    (d.kind, d.member.clone())
}

/// Apply `ch` to `c`: the field's path (as `diff` names it), and the documents that show the
/// field, from FORMS.md's lists of what each form contains. `None` when the change is not
/// possible here (no such row, or the value stays the same).
fn apply(c: &mut Consortium, ch: &Change, docs: &[DocKey]) -> Option<(String, BTreeSet<DocKey>)> {
    let all: BTreeSet<DocKey> = docs.iter().cloned().collect();
    let one = |k: DocKind| (k, None);
    let own = |k: DocKind, m: &str| (k, Some(m.to_string()));
    let exists = |k: &DocKey| all.contains(k);
    let role_of = |c: &Consortium, i: usize| c.members[i].role;
    let mut out = BTreeSet::new();
    let path;
    match ch {
        Change::Amount {
            row,
            slot: s,
            value,
        } => {
            let i = row % c.budget.len();
            let r = &mut c.budget[i];
            let field = ["national", "local", "private_cash", "private_in_kind"][*s];
            let v = slot(
                r,
                [Slot::National, Slot::Local, Slot::Cash, Slot::InKind][*s],
            );
            if *v == *value {
                return None;
            }
            *v = *value;
            path = format!("budget[{i}].{field}");
            // 01, both parts of 02, 03 and 06 print the consortium's budget by source; 04 the
            // member's own; 07 the member's 자산취득비 beside its assets.
            let m = r.member.to_string();
            out.extend([
                one(DocKind::Application),
                one(DocKind::BusinessPlan),
                one(DocKind::BudgetSummary),
                one(DocKind::Agreement),
                one(DocKind::LocalContribution),
                own(DocKind::Participation, &m),
            ]);
            if r.category == program().asset_category {
                out.insert(own(DocKind::AssetPlan, &m));
            }
        }
        Change::Phone { member, phone } => {
            let i = member % c.members.len();
            let contact = c.members[i].contact.as_mut()?;
            if contact.phone.as_ref() == Some(phone) {
                return None;
            }
            contact.phone = Some(phone.clone());
            path = format!("members[{i}].contact.phone");
            // 04 prints the institution's phone, 08 its contact person; 01 the contacts of the
            // region and the lead.
            let m = c.members[i].id.to_string();
            out.extend([
                own(DocKind::Participation, &m),
                own(DocKind::PrivacyIntegrity, &m),
            ]);
            if role_of(c, i) != Role::Participant {
                out.insert(one(DocKind::Application));
            }
        }
        Change::Email { member, user } => {
            let i = member % c.members.len();
            let contact = c.members[i].contact.as_mut()?;
            let email = format!("{user}@changed.example");
            contact.email = Some(email);
            path = format!("members[{i}].contact.email");
            let m = c.members[i].id.to_string();
            out.insert(own(DocKind::PrivacyIntegrity, &m));
            if role_of(c, i) != Role::Participant {
                out.insert(one(DocKind::Application));
            }
        }
        Change::Name { member, name } => {
            let i = member % c.members.len();
            if c.members[i].name == *name {
                return None;
            }
            c.members[i].name = name.clone();
            path = format!("members[{i}].name");
            let m = c.members[i].id.to_string();
            // Named in 01 (applicant, lead, every performer), 03 (every party), its own
            // 04/05/07/08; in 02 사업계획서 (every member's role) and 02 사업비 총괄표 when it
            // carries budget or leads a subproject; in 06 as payer or payee; and the lead in
            // every 04 (`… 주관기관`).
            out.extend([
                one(DocKind::Application),
                one(DocKind::Agreement),
                one(DocKind::BusinessPlan),
            ]);
            for k in [
                DocKind::Participation,
                DocKind::Eligibility,
                DocKind::AssetPlan,
                DocKind::PrivacyIntegrity,
            ] {
                out.insert(own(k, &m));
            }
            let in_02 = c.members[i].role != Role::Applicant
                || c.budget.iter().any(|r| r.member.as_str() == m)
                || c.subprojects.iter().any(|s| s.lead.as_str() == m);
            if in_02 {
                out.insert(one(DocKind::BudgetSummary));
            }
            let lc = c.local_contribution.as_ref()?;
            if lc.payer.as_str() == m || lc.payee.as_str() == m {
                out.insert(one(DocKind::LocalContribution));
            }
            if role_of(c, i) == Role::Lead {
                out.extend(
                    all.iter()
                        .filter(|k| k.0 == DocKind::Participation)
                        .cloned(),
                );
            }
        }
        Change::Representative { member, name } => {
            let i = member % c.members.len();
            let rep = c.members[i].representative.as_mut()?;
            if rep.name.as_ref() == Some(name) {
                return None;
            }
            rep.name = Some(name.clone());
            path = format!("members[{i}].representative.name");
            let m = c.members[i].id.to_string();
            // Wherever the institution is presented: 01, 03, its own 04/05/07/08, 06 for payer
            // and payee (02 lists names and budgets only).
            out.extend([one(DocKind::Application), one(DocKind::Agreement)]);
            for k in [
                DocKind::Participation,
                DocKind::Eligibility,
                DocKind::AssetPlan,
                DocKind::PrivacyIntegrity,
            ] {
                out.insert(own(k, &m));
            }
            let lc = c.local_contribution.as_ref()?;
            if lc.payer.as_str() == m || lc.payee.as_str() == m {
                out.insert(one(DocKind::LocalContribution));
            }
        }
        Change::SubprojectTitle { sp, title } => {
            let i = sp % c.subprojects.len();
            if c.subprojects[i].title.as_ref() == Some(title) {
                return None;
            }
            c.subprojects[i].title = Some(title.clone());
            path = format!("subprojects[{i}].title");
            let s = c.subprojects[i].id.clone();
            // 01 and 02 list every subproject, 03 the subprojects of each party; 04 the
            // member's own subprojects; 07 the subproject each asset is bought for.
            out.extend([
                one(DocKind::Application),
                one(DocKind::BusinessPlan),
                one(DocKind::BudgetSummary),
                one(DocKind::Agreement),
            ]);
            for m in &c.members {
                let takes_part = c.subprojects[i].lead == m.id
                    || c.budget
                        .iter()
                        .any(|r| r.member == m.id && r.subproject == s);
                if takes_part {
                    out.insert(own(DocKind::Participation, m.id.as_str()));
                }
            }
            for a in c.assets.iter().filter(|a| a.subproject == s) {
                out.insert(own(DocKind::AssetPlan, a.member.as_str()));
            }
        }
        Change::Equity { member, equity } => {
            let i = member % c.members.len();
            let young = c.members[i]
                .founded
                .is_some_and(|f| program().is_young_firm(f));
            let e = c.members[i].eligibility.as_mut()?;
            // Capital impairment is only ever generated for young firms (excused).
            if e.equity == *equity || (*equity < 0 && !young) {
                return None;
            }
            e.equity = *equity;
            path = format!("members[{i}].eligibility.equity");
            out.insert(own(DocKind::Eligibility, c.members[i].id.as_str()));
        }
        Change::UnitPrice { asset, price } => {
            if c.assets.is_empty() {
                return None;
            }
            let i = asset % c.assets.len();
            if c.assets[i].unit_price == *price {
                return None;
            }
            c.assets[i].unit_price = *price;
            path = format!("assets[{i}].unit_price");
            // 07, and 02 사업계획서's summary of each member's assets.
            out.insert(own(DocKind::AssetPlan, c.assets[i].member.as_str()));
            out.insert(one(DocKind::BusinessPlan));
        }
        Change::Due { installment, day } => {
            let lc = c.local_contribution.as_mut()?;
            let i = installment % lc.schedule.len();
            let old = lc.schedule[i].due?;
            let new = date(old.year, old.month, *day);
            if old == new {
                return None;
            }
            lc.schedule[i].due = Some(new);
            path = format!("local_contribution.schedule[{i}].due");
            // 06, and 02 사업계획서's 지방비 부담 계획 and 추진 일정.
            out.insert(one(DocKind::LocalContribution));
            out.insert(one(DocKind::BusinessPlan));
        }
        Change::Account { number } => {
            let acc = c.local_contribution.as_mut()?.account.as_mut()?;
            acc.number = Some(number.clone());
            path = "local_contribution.account.number".into();
            out.insert(one(DocKind::LocalContribution));
        }
        Change::DirectorPhone { phone } => {
            let d = c.project.director.as_mut()?;
            if d.phone.as_ref() == Some(phone) {
                return None;
            }
            d.phone = Some(phone.clone());
            path = "project.director.phone".into();
            out.insert(one(DocKind::Application));
        }
        Change::ProjectTitle { title } => {
            if c.project.title.as_ref() == Some(title) {
                return None;
            }
            c.project.title = Some(title.clone());
            path = "project.title".into();
            // Every document is headed by the project's title.
            out = all.clone();
        }
    }
    Some((path, out.into_iter().filter(exists).collect()))
}

/// Who signs a document, from PROGRAM.md's table and DATA.md: 01 and 06 the region and the
/// lead, 02 nobody, 03 every member, the others the member they are about.
fn signers_model(kind: DocKind, member: Option<&str>, c: &Consortium) -> BTreeSet<String> {
    let ids = |p: &dyn Fn(&Member) -> bool| -> BTreeSet<String> {
        c.members
            .iter()
            .filter(|m| p(m))
            .map(|m| m.id.to_string())
            .collect()
    };
    match kind {
        DocKind::Application | DocKind::LocalContribution => {
            ids(&|m| matches!(m.role, Role::Applicant | Role::Lead))
        }
        DocKind::BudgetSummary => BTreeSet::new(),
        DocKind::Agreement => ids(&|_| true),
        _ => member.map(|m| m.to_string()).into_iter().collect(),
    }
}

/// A document's content apart from its footer's fingerprint (which prints the fingerprint
/// itself).
fn content(d: &Composed) -> formpack::doc::Document {
    let mut doc = d.doc.clone();
    doc.footer.fingerprint.clear();
    doc
}

// ============================================================================ the properties

proptest! {
    #![proptest_config(cheap(64))]

    /// 1. Generated consortia, of any size, are valid: `check` finds no error, and the only
    /// warnings are the composition one (a 3-member consortium cannot have every kind) and the
    /// national average (large generated budgets).
    #[test]
    fn generated_consortia_pass_check(c in consortium(3..=40, None)) {
        let (_, d) = check(&c);
        prop_assert!(errors(&d).is_empty(), "{:#?}", errors(&d));
        for x in &d {
            prop_assert!(
                matches!(x.code, Code::ConsortiumComposition | Code::NationalAboveAverage),
                "{:?}", x
            );
        }
        prop_assert_eq!(ratio_findings(&c, &d), oracle(&c));
    }
}

proptest! {
    #![proptest_config(cheap(256))]

    /// 2. On both sides of every threshold: the consortium pushed exactly onto it, one won
    /// below and one won above; `check` reports what the oracle does, and the rule at the
    /// boundary fires exactly on the side construction says.
    #[test]
    fn ratio_rules_agree_with_the_oracle_at_every_boundary(
        c in consortium(3..=8, Some(true)),
        rule in rule(),
        d in -1..=1i64,
        d2 in -1..=1i64,
        exact in any::<bool>(),
    ) {
        let mut c = c;
        prop_assume!(push_onto(&mut c, rule, d, d2, exact).is_some());
        resync_schedule(&mut c, [None, None]);
        let (_, diags) = check(&c);
        let got = ratio_findings(&c, &diags);
        prop_assert_eq!(&got, &oracle(&c), "{:?} d={} d2={} exact={}", rule, d, d2, exact);
        let own: Vec<Finding> = got
            .iter()
            .filter(|x| rule_codes(rule).contains(&x.0))
            .cloned()
            .collect();
        let mut want = expected_by_construction(&c, rule, d, d2);
        want.sort();
        prop_assert_eq!(own, want, "{:?} d={} d2={} exact={}", rule, d, d2, exact);
    }

    /// 2b. On arbitrary budgets (any ratio, zero totals, any subproject flagged as direct
    /// support) too.
    #[test]
    fn ratio_rules_agree_with_the_oracle_on_any_budget(c in any_budget()) {
        let (_, diags) = check(&c);
        prop_assert_eq!(ratio_findings(&c, &diags), oracle(&c));
    }
}

proptest! {
    // Each case composes every document twice and round-trips two files through `diff`:
    // about a second in a debug build, so `cargo test` runs 24; see the module docs for more.
    #![proptest_config(cheap(24))]

    /// 4. Every figure every document shows equals the figure formatted from `Figures`, and
    /// the same name has the same text in every document; `Figures` adds up.
    #[test]
    fn every_figure_agrees_with_figures_in_every_document(c in consortium(3..=12, None)) {
        let (f, docs) = compose(&c);
        figures_add_up(&c, &f)?;
        let n = figures_agree(
            docs.iter().map(|d| (d.file_stem.clone(), d.member.as_deref(), &d.shown)),
            &c,
            &f,
        )?;
        prop_assert!(n > 0);
    }

    /// 5. One field changed: exactly the documents that show it get a new fingerprint, every
    /// other document keeps its content, and `diff` of the two files names that field, those
    /// documents and exactly the members who sign them.
    #[test]
    fn one_change_touches_exactly_the_documents_that_show_it(
        c in consortium(3..=8, None),
        ch in change(),
    ) {
        let (_, before) = compose(&c);
        let keys: Vec<DocKey> = before.iter().map(key).collect();
        let mut new = c.clone();
        let applied = apply(&mut new, &ch, &keys);
        prop_assume!(applied.is_some());
        let (path, want) = applied.unwrap();
        let (_, after) = compose(&new);
        prop_assert_eq!(after.iter().map(key).collect::<Vec<_>>(), keys.clone());

        let mut changed = BTreeSet::new();
        for (a, b) in before.iter().zip(&after) {
            if a.fingerprint != b.fingerprint {
                changed.insert(key(a));
            } else {
                prop_assert!(
                    content(a) == content(b),
                    "{} kept its fingerprint {} but its content changed ({:?})",
                    b.file_stem, b.fingerprint, ch
                );
            }
        }
        prop_assert_eq!(&changed, &want, "{:?} at {}", ch, path);

        // The same through `diff` of the two files.
        let tmp = tempfile::tempdir().unwrap();
        let (old_p, new_p) = (tmp.path().join("old.yaml"), tmp.path().join("new.yaml"));
        for (p, x) in [(&old_p, &c), (&new_p, &new)] {
            let bytes = formpack::save::to_bytes(x, InputFormat::Yaml).unwrap();
            std::fs::write(p, bytes).unwrap();
            let back = formpack::load::load(p).map_err(|d| TestCaseError::fail(format!("{d:#?}")))?;
            prop_assert_eq!(&back.data, x, "YAML round trip");
        }
        let r = formpack::diff::diff(&old_p, &new_p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let fields: Vec<&str> = r.fields.iter().map(|x| x.path.as_str()).collect();
        prop_assert_eq!(fields, vec![path.as_str()]);
        let docs: BTreeSet<(String, Option<String>)> = r
            .documents
            .iter()
            .map(|x| (x.document.clone(), x.member.clone()))
            .collect();
        let mut want_docs: BTreeSet<(String, Option<String>)> = want
            .iter()
            .map(|(k, m)| (program().document(*k).expect("asked for").file.clone(), m.clone()))
            .collect();
        if on_deck(&ch) {
            let deck = program().deck.as_ref().expect("the 2026 profile has a deck");
            want_docs.insert((deck.file.clone(), None));
        }
        prop_assert_eq!(docs, want_docs);
        let mut resign: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for d in after.iter().filter(|d| want.contains(&key(d))) {
            let model = signers_model(d.kind, d.member.as_deref(), &new);
            let lib: BTreeSet<String> =
                bundle::signers(d.kind, d.member.as_deref(), &new).into_iter().collect();
            prop_assert_eq!(&lib, &model, "signers of {}", d.file_stem);
            for s in model {
                resign.entry(s).or_default().insert(d.file_stem.clone());
            }
        }
        let got: BTreeMap<String, BTreeSet<String>> = r
            .resign
            .iter()
            .map(|x| (x.member.clone(), x.documents.iter().cloned().collect()))
            .collect();
        prop_assert_eq!(got, resign);
    }
}

proptest! {
    #![proptest_config(costly())]

    /// 3 and 4 on real files. The bundle, written out, passes `verify`; the manifest's figures
    /// agree with `Figures` and across every file (every format, every signing packet).
    #[test]
    fn a_built_bundle_verifies(c in consortium(3..=8, None), formats in formats()) {
        let built = build(&c, formats);
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        write(&built, &out);
        let (manifest, problems) = bundle::verify::verify(&out).expect("manifest reads");
        prop_assert!(problems.is_empty(), "{:#?}", problems);
        prop_assert_eq!(&manifest, &built.manifest);
        let f = Figures::compute(&c, program());
        figures_agree(
            manifest
                .files
                .iter()
                .filter(|x| x.document.is_some())
                .map(|x| (x.path.clone(), x.member.as_deref(), &x.figures)),
            &c,
            &f,
        )?;
    }

    /// 6. Two builds of the same input are byte-identical.
    #[test]
    fn two_builds_are_byte_identical(c in consortium(3..=8, None), formats in formats()) {
        let a = build(&c, formats);
        let b = build(&c, formats);
        prop_assert_eq!(a.manifest.to_json(), b.manifest.to_json());
        prop_assert_eq!(a.files.len(), b.files.len());
        for ((pa, ba), (pb, bb)) in a.files.iter().zip(&b.files) {
            prop_assert_eq!(pa, pb);
            prop_assert!(ba == bb, "{} differs between two builds", pa);
        }
    }
}

/// 3 and 6 with every format at once, on one generated consortium.
#[test]
fn all_formats_build_identically_and_verify() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::new(config(1));
    let c = consortium(5..=5, Some(true))
        .new_tree(&mut runner)
        .unwrap()
        .current();
    let all = Formats::parse("docx,pdf,hwpx").unwrap();
    assert_eq!(all.iter().count(), Format::ALL.len());
    let a = build(&c, all);
    let b = build(&c, all);
    assert_eq!(a.files.len(), b.files.len());
    for ((pa, ba), (pb, bb)) in a.files.iter().zip(&b.files) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two builds");
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    write(&a, &out);
    let (_, problems) = bundle::verify::verify(&out).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Regression: a year's 지방비 paid in two installments. Both were recorded under the one name
/// `2027년 지방비 납입액`, the later overwriting the earlier, so the manifest said 2027's
/// contribution was the second installment alone (not the budget's 2027 지방비), `verify` never
/// looked for the first one, and `diff` of two bundles missed a change to it.
#[test]
fn a_year_paid_in_two_installments_shows_each_installment() {
    let mut c = formpack::synth::consortium(3);
    resync_schedule(&mut c, [None, Some(40)]);
    let (f, docs) = compose(&c);
    let d = docs
        .iter()
        .find(|d| d.kind == DocKind::LocalContribution)
        .unwrap();
    figures_agree(
        std::iter::once((d.file_stem.clone(), None, &d.shown)),
        &c,
        &f,
    )
    .unwrap();
    for i in &c.local_contribution.as_ref().unwrap().schedule {
        let text = korean::won(i.amount);
        assert!(
            d.shown
                .iter()
                .any(|(k, v)| k.contains("지방비 납입액") && *v == text),
            "{} {text} is not among {:?}",
            i.year,
            d.shown
        );
    }
}

/// The oracle and the figures check can fail: a budget one won short of 20 % local is caught
/// by both `check` and the oracle, and a figure printed wrong is caught.
#[test]
fn the_checks_here_can_fail() {
    let mut c = formpack::synth::consortium(4);
    let free = free_rows(&c);
    let t: i64 = c
        .budget
        .iter()
        .map(|r| r.national + r.local + r.private_cash + r.private_in_kind)
        .sum();
    let l: i64 = c.budget.iter().map(|r| r.local).sum();
    // Move local to national until local is one won short of 20 %.
    let short = l - (ceil_div(t * 20, 100) - 1);
    assert!(shift(&mut c, &free, &[Slot::National], Slot::Local, -short));
    resync_schedule(&mut c, [None, None]);
    let (f, d) = check(&c);
    let want = vec![(Code::MatchLocalMin, Severity::Error, String::new())];
    assert_eq!(oracle(&c), want);
    assert_eq!(ratio_findings(&c, &d), want);

    let mut shown = BTreeMap::new();
    shown.insert("총사업비".to_string(), korean::won(f.total.total() + 1));
    let r = figures_agree(std::iter::once(("x".to_string(), None, &shown)), &c, &f);
    assert!(r.is_err());
    shown.insert("총사업비".to_string(), korean::won(f.total.total()));
    assert!(figures_agree(std::iter::once(("x".to_string(), None, &shown)), &c, &f).is_ok());
    shown.insert("모르는 이름".to_string(), "1".into());
    assert!(figures_agree(std::iter::once(("x".to_string(), None, &shown)), &c, &f).is_err());
}
