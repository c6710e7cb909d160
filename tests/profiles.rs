//! Program profiles (issue #16): every ratio and date rule at its boundary under two profiles —
//! the built-in 2026 call and a fictional follow-up (`fixtures/programs/ai-followup-2028.toml`:
//! three budget years, other ratios, regions, 비목 and documents) — with the limits taken from
//! the profile, never written here; then a profile's own checks, located; then the command line.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

use formpack::check::check_input;
use formpack::diag::{Diagnostic, Severity, SourceMap};
use formpack::load::{Input, InputFormat};
use formpack::model::{BudgetRow, Consortium, Period};
use formpack::program::Program;
use formpack::render::{self, Format};
use formpack::synth::consortium_for;
use formpack::world::Disk;

use crate::common;
use common::formpack;

const FOLLOWUP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/programs/ai-followup-2028.toml"
);

fn builtin() -> Arc<Program> {
    Program::builtin_arc("ai-transition-2026").expect("built in")
}

fn followup() -> Arc<Program> {
    Arc::new(Program::load(&Disk, Path::new(FOLLOWUP)).expect("the fixture profile is valid"))
}

/// Both profiles: every boundary test runs under each.
fn profiles() -> [Arc<Program>; 2] {
    [builtin(), followup()]
}

fn input(p: &Arc<Program>, c: Consortium) -> Input {
    Input {
        data: c,
        map: SourceMap::new("generated.yaml"),
        sha256: String::new(),
        dir: PathBuf::from("."),
        format: InputFormat::Yaml,
        program: p.clone(),
    }
}

fn diags(p: &Arc<Program>, c: &Consortium) -> Vec<Diagnostic> {
    check_input(&input(p, c.clone())).1
}

fn with_code<'a>(d: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
    d.iter().filter(|x| x.code == code).collect()
}

fn errors(d: &[Diagnostic]) -> Vec<&Diagnostic> {
    d.iter().filter(|x| x.severity == Severity::Error).collect()
}

/// A valid consortium of four institutions under `p`.
fn base(p: &Program) -> Consortium {
    consortium_for(p, 4)
}

/// The schedule commits exactly the budget's 지방비 of each year.
fn resync(c: &mut Consortium) {
    let lc = c.local_contribution.as_mut().unwrap();
    for s in &mut lc.schedule {
        s.amount = c
            .budget
            .iter()
            .filter(|r| r.year == s.year)
            .map(|r| r.local)
            .sum();
    }
}

fn total(c: &Consortium) -> i64 {
    c.budget
        .iter()
        .map(|r| r.national + r.local + r.private_cash + r.private_in_kind)
        .sum()
}

/// Move `amount` won of 지방비 into 민간 현금, row by row (the total stays).
fn local_to_private(c: &mut Consortium, mut amount: i64) {
    for r in &mut c.budget {
        let m = r.local.min(amount);
        r.local -= m;
        r.private_cash += m;
        amount -= m;
    }
    assert_eq!(amount, 0);
    resync(c);
}

/// Move `amount` won of 민간 into 국비, row by row (the total stays).
fn private_to_national(c: &mut Consortium, mut amount: i64) {
    for r in &mut c.budget {
        for slot in [&mut r.private_cash, &mut r.private_in_kind] {
            let m = (*slot).min(amount);
            *slot -= m;
            r.national += m;
            amount -= m;
        }
    }
    assert_eq!(amount, 0);
}

#[test]
fn the_generated_consortium_is_clean_under_both() {
    for p in profiles() {
        let d = diags(&p, &base(&p));
        assert!(errors(&d).is_empty(), "{}: {d:#?}", p.id);
    }
}

#[test]
fn local_share_exactly_at_the_minimum_passes_one_won_less_fails() {
    for p in profiles() {
        let mut c = base(&p);
        let t = total(&c);
        assert_eq!(t % 100, 0, "a total whose percentages are whole won");
        let at = t * p.match_local_min_pct / 100;
        let local: i64 = c.budget.iter().map(|r| r.local).sum();
        local_to_private(&mut c, local - at);
        let d = diags(&p, &c);
        assert!(errors(&d).is_empty(), "{} at the minimum: {d:#?}", p.id);
        local_to_private(&mut c, 1);
        let d = diags(&p, &c);
        let x = with_code(&d, "match-local-min");
        assert_eq!(x.len(), 1, "{}: {d:#?}", p.id);
        assert_eq!(x[0].severity, Severity::Error);
        let want = format!(
            "의 {}%({}원)에 1원 못 미칩니다",
            p.match_local_min_pct,
            formpack::korean::won(at)
        );
        assert!(x[0].message.contains(&want), "{}: {}", p.id, x[0].message);
        assert_eq!(errors(&d).len(), 1, "{}: {d:#?}", p.id);
    }
}

#[test]
fn matching_exactly_at_the_minimum_passes_one_won_less_fails() {
    for p in profiles() {
        let mut c = base(&p);
        let t = total(&c);
        let at = t * p.match_total_min_pct / 100;
        let matched: i64 = c
            .budget
            .iter()
            .map(|r| r.local + r.private_cash + r.private_in_kind)
            .sum();
        private_to_national(&mut c, matched - at);
        let d = diags(&p, &c);
        assert!(
            with_code(&d, "match-total-min").is_empty(),
            "{}: {d:#?}",
            p.id
        );
        private_to_national(&mut c, 1);
        let d = diags(&p, &c);
        let x = with_code(&d, "match-total-min");
        assert_eq!(x.len(), 1, "{}: {d:#?}", p.id);
        let want = format!(
            "{}%({}원)에 1원 못 미칩니다",
            p.match_total_min_pct,
            formpack::korean::won(at)
        );
        assert!(x[0].message.contains(&want), "{}: {}", p.id, x[0].message);
    }
}

/// A direct-support subproject with one row exactly on every limit of the profile:
/// 국비 = max, 지방비 = min, 중소기업 = the share, 현물 = its cap. Returns the row's index.
fn with_sme_row(p: &Program, c: &mut Consortium) -> usize {
    let s: i64 = 1_000_000_000;
    let national = s * p.sme_national_max_pct / 100;
    let local = s * p.sme_local_min_pct / 100;
    let private = s - national - local;
    assert_eq!(
        private * 100,
        s * p.sme_share_pct,
        "the profile's limits add up to 100 %"
    );
    let in_kind = private * p.sme_in_kind_max_pct / 100;
    c.subprojects[0].direct_sme_support = true;
    c.budget.push(BudgetRow {
        subproject: c.subprojects[0].id.clone(),
        member: c.members[1].id.clone(),
        year: p.years[0],
        category: p.categories[0].clone(),
        national,
        local,
        private_cash: private - in_kind,
        private_in_kind: in_kind,
    });
    resync(c);
    c.budget.len() - 1
}

#[test]
fn direct_sme_support_at_every_limit_passes_one_won_over_fails() {
    let codes = [
        "sme-national-max",
        "sme-local-min",
        "sme-in-kind-max",
        "sme-share",
    ];
    for p in profiles() {
        let mut c = base(&p);
        let i = with_sme_row(&p, &mut c);
        let d = diags(&p, &c);
        for code in codes {
            assert!(with_code(&d, code).is_empty(), "{} {code}: {d:#?}", p.id);
        }
        assert!(errors(&d).is_empty(), "{}: {d:#?}", p.id);

        // 국비 one won above its maximum (taken from 민간 현금: the total stays).
        let mut x = c.clone();
        x.budget[i].national += 1;
        x.budget[i].private_cash -= 1;
        let d = diags(&p, &x);
        let e = with_code(&d, "sme-national-max");
        assert_eq!(e.len(), 1, "{}: {d:#?}", p.id);
        assert!(
            e[0].message
                .contains(&format!("{}%(", p.sme_national_max_pct))
                && e[0].message.contains("1원 넘습니다"),
            "{}",
            e[0].message
        );

        // 지방비 one won below its minimum.
        let mut x = c.clone();
        x.budget[i].local -= 1;
        x.budget[i].private_cash += 1;
        resync(&mut x);
        let d = diags(&p, &x);
        let e = with_code(&d, "sme-local-min");
        assert_eq!(e.len(), 1, "{}: {d:#?}", p.id);
        assert!(e[0].message.contains(&format!("{}%(", p.sme_local_min_pct)));

        // 현물 one won above its cap of the SME share (the share stays).
        let mut x = c.clone();
        x.budget[i].private_in_kind += 1;
        x.budget[i].private_cash -= 1;
        let d = diags(&p, &x);
        let e = with_code(&d, "sme-in-kind-max");
        assert_eq!(e.len(), 1, "{}: {d:#?}", p.id);
        assert!(e[0]
            .message
            .contains(&format!("{}%(", p.sme_in_kind_max_pct)));

        // An SME share one won off the profile's: a warning, not an error.
        let mut x = c.clone();
        x.budget[i].national -= 1;
        x.budget[i].private_cash += 1;
        let d = diags(&p, &x);
        let e = with_code(&d, "sme-share");
        assert_eq!(e.len(), 1, "{}: {d:#?}", p.id);
        assert_eq!(e[0].severity, Severity::Warning);
        assert!(e[0].message.contains(&format!("{}%라면", p.sme_share_pct)));
    }
}

#[test]
fn national_funding_at_the_average_passes_one_won_more_warns() {
    for p in profiles() {
        let years = p.years.len() as i64;
        assert_eq!(p.national_average_year * years, p.national_average_total);
        let mut c = base(&p);
        // Each year's 국비 raised to exactly the yearly average (the total then equals the
        // average over the period).
        for &y in &p.years {
            let now: i64 = c
                .budget
                .iter()
                .filter(|r| r.year == y)
                .map(|r| r.national)
                .sum();
            let r = c.budget.iter_mut().find(|r| r.year == y).unwrap();
            r.national += p.national_average_year - now;
        }
        let d = diags(&p, &c);
        assert!(
            with_code(&d, "national-above-average").is_empty(),
            "{}: {d:#?}",
            p.id
        );
        let first = c.budget.iter_mut().find(|r| r.year == p.years[0]).unwrap();
        first.national += 1;
        let d = diags(&p, &c);
        let w = with_code(&d, "national-above-average");
        assert_eq!(w.len(), 2, "over the period and in the first year: {d:#?}");
        assert!(w.iter().all(|x| x.severity == Severity::Warning));
        assert!(w[1].message.starts_with(&format!("{}년 국비", p.years[0])));
        assert!(w[0]
            .message
            .contains(&formpack::korean::won(p.national_average_total + 1)));
    }
}

#[test]
fn application_on_the_deadline_passes_a_day_later_fails() {
    for p in profiles() {
        let mut c = base(&p);
        c.application_date = Some(p.deadline);
        assert!(with_code(&diags(&p, &c), "deadline-passed").is_empty());
        c.application_date = Some(p.deadline.add_days(1));
        let d = diags(&p, &c);
        let x = with_code(&d, "deadline-passed");
        assert_eq!(x.len(), 1, "{}: {d:#?}", p.id);
        assert!(x[0].message.contains(&format!(
            "접수 마감 {} {}",
            p.deadline.official(),
            p.deadline_time
        )));
    }
}

#[test]
fn the_period_must_be_the_profiles() {
    for p in profiles() {
        let mut c = base(&p);
        c.project.period = Some(p.period);
        assert!(diags(&p, &c).iter().all(|x| x.code != "period-mismatch"));
        for other in [
            Period {
                start: p.period.start.add_days(1),
                end: p.period.end,
            },
            Period {
                start: p.period.start,
                end: p.period.end.add_days(-1),
            },
        ] {
            c.project.period = Some(other);
            let d = diags(&p, &c);
            assert_eq!(with_code(&d, "period-mismatch").len(), 1, "{d:#?}");
        }
    }
}

#[test]
fn budget_years_are_the_profiles() {
    for p in profiles() {
        let c = base(&p);
        let years: std::collections::BTreeSet<i32> = c.budget.iter().map(|r| r.year).collect();
        assert_eq!(years.into_iter().collect::<Vec<_>>(), p.years);
        for outside in [p.years[0] - 1, p.years[p.years.len() - 1] + 1] {
            let mut x = c.clone();
            x.budget[0].year = outside;
            let d = diags(&p, &x);
            assert_eq!(
                with_code(&d, "year-out-of-period").len(),
                1,
                "{} {outside}: {d:#?}",
                p.id
            );
        }
    }
}

#[test]
fn capital_impairment_is_excused_only_after_the_profiles_cut_off() {
    for p in profiles() {
        let mut c = base(&p);
        let m = 2;
        c.members[m].eligibility.as_mut().unwrap().equity = -1;
        c.members[m].founded = Some(p.young_firm_after.add_days(1));
        let d = diags(&p, &c);
        assert!(
            with_code(&d, "eligibility-capital-impaired").is_empty(),
            "{}: {d:#?}",
            p.id
        );
        c.members[m].founded = Some(p.young_firm_after);
        let d = diags(&p, &c);
        let x = with_code(&d, "eligibility-capital-impaired");
        assert_eq!(x.len(), 1, "{}: {d:#?}", p.id);
        assert!(x[0].message.contains(&format!(
            "{} 이후가 아니어서 창업 {}년 미만",
            p.young_firm_after.official(),
            p.young_firm_years
        )));
    }
}

#[test]
fn regions_and_categories_are_the_profiles() {
    let [a, b] = profiles();
    for (p, other) in [(&a, &b), (&b, &a)] {
        let c = base(p);
        for r in &p.regions {
            for name in [&r.short, &r.official] {
                let mut x = c.clone();
                x.project.region = Some(name.clone());
                let d = diags(p, &x);
                assert!(with_code(&d, "region-ineligible").is_empty(), "{name}");
            }
        }
        let foreign = other
            .regions
            .iter()
            .find(|r| p.region(&r.official).is_none())
            .expect("the profiles differ in regions");
        let mut x = c.clone();
        x.project.region = Some(foreign.official.clone());
        let d = diags(p, &x);
        assert_eq!(with_code(&d, "region-ineligible").len(), 1, "{d:#?}");

        for k in &p.categories {
            let mut x = c.clone();
            x.budget[0].category = k.clone();
            assert!(with_code(&diags(p, &x), "category-unknown").is_empty());
        }
        let foreign = other
            .categories
            .iter()
            .find(|k| !p.is_category(k))
            .expect("the profiles differ in 비목");
        let mut x = c.clone();
        x.budget[0].category = foreign.clone();
        let d = diags(p, &x);
        let e = with_code(&d, "category-unknown");
        assert_eq!(e.len(), 1);
        assert!(e[0].message.contains(&p.categories.join(", ")));
    }
}

#[test]
fn the_schedule_covers_every_budget_year() {
    // Three budget years in the follow-up: a schedule without the third is
    // local-commitment-mismatch for that year.
    let p = followup();
    let mut c = base(&p);
    let lc = c.local_contribution.as_mut().unwrap();
    assert_eq!(lc.schedule.len(), 3);
    lc.schedule.pop();
    let d = diags(&p, &c);
    let e = with_code(&d, "local-commitment-mismatch");
    assert_eq!(e.len(), 1, "{d:#?}");
    assert!(e[0].message.contains("2030"), "{}", e[0].message);
}

// ------------------------------------------------------------------ the profile's own checks

fn profile_errors(text: &str) -> Vec<Diagnostic> {
    formpack::program::parse(text, "next.toml", None).expect_err("must be refused")
}

const BUILTIN_TEXT: &str = include_str!("../programs/ai-transition-2026.toml");

fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle") as u32
        + 1
}

/// Replace the first `from` with `to` and return the text and the single diagnostic.
fn one_error(from: &str, to: &str) -> (String, Diagnostic) {
    assert!(BUILTIN_TEXT.contains(from), "{from}");
    let text = BUILTIN_TEXT.replacen(from, to, 1);
    let mut e = profile_errors(&text);
    assert_eq!(e.len(), 1, "{e:#?}");
    let d = e.remove(0);
    assert_eq!(d.code, "program-invalid");
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.starts_with("사업 프로필: "), "{}", d.message);
    (text, d)
}

#[test]
fn the_built_in_profile_parses_and_shows_as_itself() {
    let p = formpack::program::parse(BUILTIN_TEXT, "x.toml", None).expect("valid");
    assert_eq!(&p, &*builtin());
    assert_eq!(p.source, BUILTIN_TEXT);
}

#[test]
fn unknown_key_is_located() {
    let (text, d) = one_error("agency = ", "agnecy = ");
    assert_eq!(d.location.line, Some(line_of(&text, "agnecy")));
    assert!(d.message.contains("`agnecy`"), "{}", d.message);
}

#[test]
fn a_ratio_over_100_is_refused_at_its_line() {
    let (text, d) = one_error("total_min_pct = 40", "total_min_pct = 140");
    assert_eq!(d.location.line, Some(line_of(&text, "total_min_pct = 140")));
    assert_eq!(d.location.path.as_deref(), Some("matching.total_min_pct"));
    assert!(d.message.contains("140"), "{}", d.message);
}

#[test]
fn budget_years_must_be_the_periods_years() {
    let (text, d) = one_error(
        "budget_years = [2026, 2027]",
        "budget_years = [2026, 2027, 2028]",
    );
    assert_eq!(d.location.line, Some(line_of(&text, "budget_years")));
    assert!(
        d.message.contains("[2026, 2027, 2028]") && d.message.contains("[2026, 2027]"),
        "{}",
        d.message
    );
}

#[test]
fn an_empty_region_list_is_refused() {
    let start = BUILTIN_TEXT.find("[[regions]]").unwrap();
    let end = BUILTIN_TEXT.find("# 제출서류").unwrap();
    let text = format!("{}{}", &BUILTIN_TEXT[..start], &BUILTIN_TEXT[end..]);
    // Without any [[regions]] table the key is missing: a parse error naming it.
    let e = profile_errors(&text);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].message.contains("`regions`"), "{}", e[0].message);
    // Written as an empty list: the check of its own.
    let text = text.replacen("profile = 1", "regions = []\nprofile = 1", 1);
    let e = profile_errors(&text);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].message.contains("신청 가능 지자체"),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].location.line, Some(line_of(&text, "regions = []")));
}

#[test]
fn every_other_check() {
    for (from, to, needle) in [
        ("profile = 1 ", "profile = 2 ", "profile 2"),
        (
            "id = \"ai-transition-2026\"",
            "id = \"AI 2026\"",
            "`AI 2026`",
        ),
        ("end = 2027-12-31", "end = 2025-12-31", "앞섭니다"),
        ("time = \"17:00\"", "time = \"5 pm\"", "HH:MM"),
        ("date = 2026-03-10", "date = 2026-05-10", "협약기간 시작"),
        (
            "young_firm_founded_after = 2019-03-10",
            "young_firm_founded_after = 2026-03-10",
            "창업 기준일",
        ),
        (
            "average_total = 14_000_000_000",
            "average_total = 0",
            "0보다",
        ),
        ("share_pct = 20", "share_pct = 90", "지킬 수 없는"),
        ("in_kind_max_pct = 70", "in_kind_max_pct = -1", "-1"),
        (
            "asset_category = \"자산취득비\"",
            "asset_category = \"장비\"",
            "`장비`",
        ),
        ("\"여비\", ", "\"인건비\", ", "두 번"),
        ("short = \"인천\"", "short = \"부산\"", "`부산`"),
        ("kind = \"budget-summary\"", "kind = \"budget\"", "`budget`"),
        ("number = 2", "number = 0", "서식 번호 0은(는) 1 이상"),
        (
            "facts = [\"local-contribution\"]",
            "facts = [\"local\"]",
            "`local`",
        ),
        ("file = \"03_컨소시엄협약서\"", "file = \"../03\"", "경로"),
        ("title = \"사업비 총괄표\"", "title = \" \"", "비어"),
        (
            "per = \"member-with-assets\"",
            "per = \"member\"",
            "member-with-assets",
        ),
        ("kind = \"application\"", "kind = \"asset-plan\"", "두 번"),
    ] {
        let text = BUILTIN_TEXT.replacen(from, to, 1);
        assert_ne!(text, BUILTIN_TEXT, "{from}");
        let e = profile_errors(&text);
        assert!(
            e.iter().any(|d| d.message.contains(needle)),
            "{from} → {to}: {e:#?}"
        );
        assert!(e.iter().all(|d| d.code == "program-invalid"));
        assert!(
            e.iter().all(|d| d.location.line.is_some()),
            "{from}: every finding has its line: {e:#?}"
        );
    }
}

#[test]
fn a_file_names_a_profile_and_must_match_the_one_given() {
    let p = followup();
    let c = base(&builtin());
    let yaml = formpack::save::to_bytes(&c, InputFormat::Yaml).unwrap();
    let tmp = tempdir("mismatch");
    let dir = tmp.path();
    let f = dir.join("c.yaml");
    fs::write(&f, &yaml).unwrap();
    let e = formpack::load::load_with(&Disk, &f, Some(&p)).expect_err("another program");
    assert_eq!(e.len(), 1);
    assert!(
        e[0].message.contains("ai-transition-2026") && e[0].message.contains("ai-followup-2028"),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].location.line, Some(2));
    // Without --program, a profile that is not built in is unknown.
    let c = base(&p);
    fs::write(&f, formpack::save::to_bytes(&c, InputFormat::Yaml).unwrap()).unwrap();
    let e = formpack::load::load_in(&Disk, &f).expect_err("not built in");
    assert!(e[0].message.contains("--program"), "{}", e[0].message);
    let i = formpack::load::load_with(&Disk, &f, Some(&p)).expect("loads under its profile");
    assert_eq!(i.program().id, "ai-followup-2028");
}

// ------------------------------------------------------------------ the command line

fn tempdir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("formpack-profiles-{name}-"))
        .tempdir()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn programs_lists_and_shows() {
    let o = formpack(&["programs"]);
    assert!(o.status.success());
    let s = stdout(&o);
    assert!(
        s.starts_with("ai-transition-2026\t「2026년 지역 주도형 AI 대전환」 중소벤처기업부"),
        "{s}"
    );
    assert!(s.contains("접수 마감 2026. 3. 10. 17:00"), "{s}");
    let o = formpack(&["programs", "show", "ai-transition-2026"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), BUILTIN_TEXT);
    // A profile given with --program is listed too.
    let o = formpack(&["--program", FOLLOWUP, "programs"]);
    assert!(stdout(&o).contains("ai-followup-2028\t「2028년 지역 AI 확산 후속지원」"));
    let o = formpack(&["programs", "show", "ai-transition-2099"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("ai-transition-2026"));
}

#[test]
fn a_bad_profile_stops_every_command_with_its_location() {
    let tmp = tempdir("bad");
    let dir = tmp.path();
    let bad = dir.join("bad.toml");
    fs::write(
        &bad,
        BUILTIN_TEXT.replacen("local_min_pct = 20", "local_min_pct = 120", 1),
    )
    .unwrap();
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/sample-consortium.yaml"
    );
    let line = line_of(
        &BUILTIN_TEXT.replacen("local_min_pct = 20", "local_min_pct = 120", 1),
        "local_min_pct = 120",
    );
    for args in [
        vec!["check", sample],
        vec!["build", sample, "-o", dir.join("out").to_str().unwrap()],
    ] {
        let mut a = vec!["--program", bad.to_str().unwrap()];
        a.extend(args);
        let o = formpack(&a);
        assert_eq!(o.status.code(), Some(2), "{a:?}");
        let e = stderr(&o);
        assert!(
            e.contains(&format!("bad.toml:{line}:")) && e.contains("program-invalid"),
            "{e}"
        );
    }
    assert!(!dir.join("out").exists());
}

/// The fictional follow-up call end to end: its years, wording, documents and regions, from
/// the profile and its template folder, through the binary.
#[test]
fn a_bundle_builds_under_the_second_profile() {
    let p = followup();
    let tmp = tempdir("build");
    let dir = tmp.path();
    let data = dir.join("followup.yaml");
    fs::write(
        &data,
        formpack::save::to_bytes(&consortium_for(&p, 5), InputFormat::Yaml).unwrap(),
    )
    .unwrap();
    let out = dir.join("out");
    let o = formpack(&[
        "--program",
        FOLLOWUP,
        "build",
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--formats",
        "pdf,docx",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let pdf = |stem: &str| -> String {
        let n = names
            .iter()
            .find(|n| n.starts_with(stem) && n.ends_with(".pdf"))
            .unwrap_or_else(|| panic!("{stem} in {names:?}"));
        render::text(Format::Pdf, &fs::read(out.join(n)).unwrap()).unwrap()
    };
    // The profile's documents only: no 07 asset plan, 07 is the privacy form.
    assert!(
        names.iter().any(|n| n == "03_컨소시엄구성협약서.pdf"),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n.starts_with("04_참여확약서_")));
    assert!(!names.iter().any(|n| n.contains("취득자산")));
    assert!(!names.iter().any(|n| n.starts_with("08_")));

    let t01 = pdf("01_사업신청서");
    for want in [
        "사업 신청서",
        "「2028년 지역 AI 확산 후속지원」 사업",
        "과학기술정보통신부장관 귀하",
        "울산광역시",
        "2028. 1. 1. ~ 2030. 12. 31.",
        "2027. 11. 29.",
    ] {
        assert!(t01.contains(want), "01 lacks {want}:\n{t01}");
    }
    assert!(!t01.contains("2026") && !t01.contains("중소벤처"), "{t01}");
    let t02 = pdf("02_사업비총괄표");
    for want in [
        "1차년도 (2028)",
        "2차년도 (2029)",
        "3차년도 (2030)",
        "인건비",
    ] {
        assert!(t02.contains(want), "02 lacks {want}:\n{t02}");
    }
    let t03 = pdf("03_컨소시엄구성협약서");
    assert!(t03.contains("컨소시엄 구성 협약서") && t03.contains("정보통신산업진흥원"));
    assert!(!t03.contains("중소벤처기업진흥공단"), "{t03}");
    let t07 = pdf("07_개인정보동의서및청렴서약서");
    assert!(t07.contains("[서식 7]") && t07.contains("과학기술정보통신부"));
    // The bundle verifies, and its manifest names the profile.
    let o = formpack(&["verify", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let manifest = fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("\"program\": \"ai-followup-2028\""),
        "{manifest}"
    );
}

#[test]
fn templates_must_agree_with_the_profiles_titles_and_numbers() {
    // The follow-up profile without its template folder: the built-in 01 is titled 사업신청서,
    // the profile says 사업 신청서.
    let tmp = tempdir("titles");
    let dir = tmp.path();
    let text = fs::read_to_string(FOLLOWUP)
        .unwrap()
        .replace("[templates]\nfolder = \"ai-followup-2028\"\n", "");
    let prof = dir.join("p.toml");
    fs::write(&prof, text).unwrap();
    let p = Arc::new(Program::load(&Disk, &prof).unwrap());
    let data = dir.join("c.yaml");
    fs::write(
        &data,
        formpack::save::to_bytes(&consortium_for(&p, 3), InputFormat::Yaml).unwrap(),
    )
    .unwrap();
    let o = formpack(&[
        "--program",
        prof.to_str().unwrap(),
        "build",
        data.to_str().unwrap(),
        "-o",
        dir.join("out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("01_application") && e.contains("‘사업신청서’") && e.contains("‘사업 신청서’"),
        "{e}"
    );
    assert!(!dir.join("out").exists());
}

#[test]
fn init_writes_the_chosen_profiles_file_and_workbook() {
    let tmp = tempdir("init");
    let dir = tmp.path();
    let y = dir.join("new.yaml");
    let o = formpack(&["--program", FOLLOWUP, "init", y.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&y).unwrap();
    assert!(text.contains("program: ai-followup-2028"), "{text}");
    assert!(text.contains("5개 지역 중 하나, 약칭(울산) 또는 정식 명칭(울산광역시)"));
    assert!(text.contains("비목: 인건비, 장비구입비, 운영비"));
    assert!(!text.contains("2026"), "{text}");
    // It loads under its profile as it is (gaps are field-missing, not parse errors).
    let o = formpack(&["--program", FOLLOWUP, "check", y.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("field-missing"));

    let x = dir.join("new.xlsx");
    let o = formpack(&["--program", FOLLOWUP, "init", "--xlsx", x.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let book = fs::read(&x).unwrap();
    let c = formpack::load::from_bytes_with(&book, &x, InputFormat::Xlsx, Some(&followup()))
        .expect("the blank workbook loads under its profile");
    assert_eq!(c.data.program, "ai-followup-2028");
    // The drop-downs list the profile's regions and 비목 (in the sheet XML's validations).
    let xml = zip_text(&book);
    assert!(xml.contains("울산광역시") && xml.contains("장비구입비"));
    assert!(!xml.contains("부산광역시") && !xml.contains("자산취득비"));
}

/// Every XML part of a zip, concatenated (for searching).
fn zip_text(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        if f.name().ends_with(".xml") {
            std::io::Read::read_to_string(&mut f, &mut s).unwrap();
        }
    }
    s
}

#[test]
fn an_oversized_or_unreadable_profile_is_refused_with_its_name() {
    let mut w = formpack::world::Memory::new();
    let mut big = BUILTIN_TEXT.as_bytes().to_vec();
    big.resize(9 * 1024 * 1024, b'\n');
    w.insert("big.toml", big);
    w.insert("latin1.toml", b"name = \"\xc7\xd1\"\n".to_vec());
    let e = Program::load(&w, Path::new("big.toml")).expect_err("too large");
    assert_eq!(e[0].code, "input-too-large");
    assert_eq!(e[0].location.file.as_deref(), Some("big.toml"));
    let e = Program::load(&w, Path::new("latin1.toml")).expect_err("not UTF-8");
    assert_eq!(e[0].code, "program-invalid");
    assert!(e[0].message.contains("UTF-8"));
    let e = Program::load(&w, Path::new("none.toml")).expect_err("absent");
    assert!(e[0].message.contains("읽지 못했습니다"), "{}", e[0].message);
}
