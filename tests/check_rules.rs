//! Every diagnostic code of DATA.md on a minimal failing variant of the sample, both sides of
//! every boundary, with figures and locations asserted.

use std::path::PathBuf;

use crate::common;

use formpack::check::check_input;
use formpack::diag::{Diagnostic, Severity};
use formpack::load::Input;
use formpack::model::{Consortium, Date, Period};

const SAMPLE: &str = include_str!("../fixtures/sample-consortium.yaml");

fn input_from(text: &str) -> Input {
    common::input_from(text, "sample.yaml")
}

fn sample() -> Input {
    input_from(SAMPLE)
}

fn diags(input: &Input) -> Vec<Diagnostic> {
    check_input(input).1
}

/// Check a variant made by editing the model.
fn with(edit: impl FnOnce(&mut Consortium)) -> Vec<Diagnostic> {
    let mut i = sample();
    edit(&mut i.data);
    diags(&i)
}

/// Check a variant made by editing the YAML text (so lines can be asserted).
fn with_text(from: &str, to: &str) -> (String, Vec<Diagnostic>) {
    assert!(SAMPLE.contains(from), "sample has {from:?}");
    let text = SAMPLE.replacen(from, to, 1);
    let d = diags(&input_from(&text));
    (text, d)
}

/// 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle") as u32
        + 1
}

fn only<'a>(d: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
    d.iter().filter(|x| x.code == code).collect()
}

fn one<'a>(d: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    let v = only(d, code);
    assert_eq!(v.len(), 1, "exactly one {code} in {d:#?}");
    v[0]
}

fn errors(d: &[Diagnostic]) -> Vec<&Diagnostic> {
    d.iter().filter(|x| x.severity == Severity::Error).collect()
}

fn path(d: &Diagnostic) -> &str {
    d.location.path.as_deref().unwrap_or("")
}

/// Rows whose money may move without touching the 60/20/20 subproject or the asset budget.
const FREE_ROWS: [usize; 14] = [0, 1, 3, 4, 6, 7, 8, 9, 10, 12, 13, 15, 16, 17];

/// Make the local contribution schedule commit exactly the budget's 지방비 of each year.
fn resync_schedule(c: &mut Consortium) {
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

fn shift_local_to_private(c: &mut Consortium, mut amount: i64) {
    for i in FREE_ROWS {
        let r = &mut c.budget[i];
        let m = r.local.min(amount);
        r.local -= m;
        r.private_cash += m;
        amount -= m;
    }
    assert_eq!(amount, 0);
    resync_schedule(c);
}

fn shift_private_to_national(c: &mut Consortium, mut amount: i64) {
    for i in FREE_ROWS {
        let r = &mut c.budget[i];
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
fn sample_is_clean() {
    let d = diags(&sample());
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn sample_in_json_and_toml_is_clean_too() {
    for f in ["json", "toml"] {
        let p = PathBuf::from(format!("fixtures/sample-consortium.{f}"));
        let i = formpack::load::load(&p).expect("loads");
        assert_eq!(i.data, sample().data, "{f} is the same tree");
        assert!(diags(&i).is_empty());
    }
}

#[test]
fn budget_local_maps_to_its_line() {
    let i = sample();
    let l = i.map.locate("budget[3].local");
    let line = line_of(
        SAMPLE,
        "{subproject: ai-platform, member: nuri-ai, year: 2026",
    );
    assert_eq!(l.line, Some(line));
    // Columns count characters (the line has Hangul before `local`).
    let text = SAMPLE.lines().nth(line as usize - 1).unwrap();
    let col = text[..text.find("local:").unwrap()].chars().count() as u32;
    assert_eq!(l.column, Some(col + 1));
    assert_eq!(
        i.map.locate("members[4].eligibility.equity").line,
        Some(line_of(SAMPLE, "equity: 73400000000"))
    );
    assert_eq!(
        i.map.locate("local_contribution.schedule[1].amount").line,
        Some(line_of(SAMPLE, "{year: 2027, amount: 3200000000"))
    );
    assert_eq!(
        i.map.locate("project.region").line,
        Some(line_of(SAMPLE, "region: 대전광역시"))
    );
    assert_eq!(
        i.map.locate("members[2]").line,
        Some(line_of(SAMPLE, "- id: saebom-econ"))
    );
    // An absent field falls back to its container.
    assert_eq!(
        i.map.locate("members[6].corporate_no").line,
        Some(line_of(SAMPLE, "- id: daon-vision"))
    );
}

// ------------------------------------------------------------------------ matching ratios

#[test]
fn local_exactly_20_percent_passes_one_won_less_fails() {
    let d = with(|c| shift_local_to_private(c, 1_520_000_000));
    assert!(errors(&d).is_empty(), "{d:#?}");
    let d = with(|c| shift_local_to_private(c, 1_520_000_001));
    let x = one(&d, "match-local-min");
    assert_eq!(x.severity, Severity::Error);
    assert_eq!(
        x.message,
        "지방비 4,779,999,999원은 총사업비 23,900,000,000원의 20%(4,780,000,000원)에 1원 못 미칩니다 (현재 20.00%)."
    );
    assert_eq!(path(x), "budget");
    assert_eq!(x.location.line, Some(line_of(SAMPLE, "budget:")));
    assert_eq!(errors(&d).len(), 1);
}

#[test]
fn matching_exactly_40_percent_passes_one_won_less_fails() {
    let d = with(|c| shift_private_to_national(c, 340_000_000));
    assert!(errors(&d).is_empty(), "{d:#?}");
    let d = with(|c| shift_private_to_national(c, 340_000_001));
    let x = one(&d, "match-total-min");
    assert!(x.message.contains("9,559,999,999원"), "{}", x.message);
    assert!(
        x.message.contains("40%(9,560,000,000원)에 1원 못 미칩니다"),
        "{}",
        x.message
    );
    assert_eq!(errors(&d).len(), 1);
}

// ------------------------------------------------------------------------ 60/20/20

#[test]
fn sme_boundaries_hold_in_the_sample() {
    // sme-solutions is exactly 60 / 20 / 20 with in-kind exactly 70 % of the SME share.
    let i = sample();
    let (f, d) = check_input(&i);
    let s = f.subproject("sme-solutions").unwrap().sme.unwrap();
    assert!(s.national.equals(60) && s.local.equals(20) && s.private.equals(20));
    assert!(s.in_kind.equals(70));
    assert!(d.is_empty());
}

#[test]
fn sme_national_one_won_above_60_percent_fails() {
    let (text, d) = with_text(
        "category: 기업지원비, national: 2400000000,",
        "category: 기업지원비, national: 2400000001,",
    );
    let x = one(&d, "sme-national-max");
    assert_eq!(x.severity, Severity::Error);
    assert!(
        x.message.contains("국비 5,400,000,001원은")
            && x.message
                .contains("9,000,000,001원의 60%(5,400,000,000원)를 1원 넘습니다"),
        "{}",
        x.message
    );
    assert_eq!(path(x), "budget[2].national");
    assert_eq!(
        x.location.line,
        Some(line_of(&text, "national: 2400000001"))
    );
}

#[test]
fn sme_local_one_won_below_20_percent_fails() {
    let d = with(|c| {
        c.budget[2].local -= 1;
        resync_schedule(c);
    });
    let x = one(&d, "sme-local-min");
    assert!(
        x.message.contains("지방비(현금) 1,799,999,999원은")
            && x.message
                .contains("8,999,999,999원의 20%(1,800,000,000원)에 1원 못 미칩니다"),
        "{}",
        x.message
    );
    assert_eq!(path(x), "budget[2].local");
}

#[test]
fn sme_in_kind_one_won_above_70_percent_fails() {
    let d = with(|c| c.budget[2].private_in_kind += 1);
    let x = one(&d, "sme-in-kind-max");
    assert!(
        x.message.contains("현물 1,260,000,001원은")
            && x.message
                .contains("1,800,000,001원의 70%(1,260,000,000원)를 1원 넘습니다"),
        "{}",
        x.message
    );
    assert_eq!(path(x), "budget[2].private_in_kind");
}

#[test]
fn sme_share_other_than_20_percent_is_a_warning() {
    let d = with(|c| {
        c.budget[2].national -= 100_000_000;
        c.budget[2].private_cash += 100_000_000;
    });
    let x = one(&d, "sme-share");
    assert_eq!(x.severity, Severity::Warning);
    assert!(
        x.message.contains("1,900,000,000원은 21.11%"),
        "{}",
        x.message
    );
    assert!(errors(&d).is_empty(), "{d:#?}");
}

#[test]
fn national_above_average_is_a_warning() {
    let d = with(|c| {
        c.budget[3].private_cash -= 1;
        c.budget[3].national += 1;
    });
    let v = only(&d, "national-above-average");
    assert_eq!(v.len(), 2, "total and 2026: {d:#?}");
    assert!(v.iter().all(|x| x.severity == Severity::Warning));
    assert!(v[0].message.contains("14,000,000,001원") && v[0].message.contains("1원 넘습니다"));
    assert!(v[1].message.starts_with("2026년 국비 7,000,000,001원"));
    assert_eq!(path(v[1]), "budget[0]");
    assert!(errors(&d).is_empty());
}

// ------------------------------------------------------------------------ eligibility

#[test]
fn capital_impairment_excused_only_after_2019_03_10() {
    let (_, d) = with_text("founded: 2021-06-01", "founded: 2019-03-11");
    assert!(d.is_empty(), "{d:#?}");
    let (text, d) = with_text("founded: 2021-06-01", "founded: 2019-03-10");
    let x = one(&d, "eligibility-capital-impaired");
    assert_eq!(x.severity, Severity::Error);
    assert!(
        x.message
            .contains("주식회사 누리에이아이의 자본총계 -184,000,000원"),
        "{}",
        x.message
    );
    assert!(
        x.message
            .contains("설립일 2019. 3. 10.은 2019. 3. 10. 이후가 아니어서"),
        "{}",
        x.message
    );
    assert_eq!(path(x), "members[5].eligibility.equity");
    assert_eq!(x.location.line, Some(line_of(&text, "equity: -184000000")));
    assert_eq!(d.len(), 1);
}

#[test]
fn other_exclusions() {
    let d = with(|c| {
        let e = c.members[6].eligibility.as_mut().unwrap();
        e.duplicate_funding = true;
        e.tax_arrears = true;
        e.business_status = formpack::model::BusinessStatus::Suspended;
    });
    let codes: Vec<&str> = d.iter().map(|x| x.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "eligibility-duplicate-funding",
            "eligibility-business-status",
            "eligibility-tax-arrears"
        ]
    );
    assert_eq!(path(&d[0]), "members[6].eligibility.duplicate_funding");
    assert!(d[1].message.contains("휴업"));
    assert_eq!(path(&d[2]), "members[6].eligibility.tax_arrears");
}

// ------------------------------------------------------------------------ dates

#[test]
fn application_on_the_deadline_passes_a_day_later_fails() {
    let (_, d) = with_text(
        "application_date: 2026-03-09",
        "application_date: 2026-03-10",
    );
    assert!(d.is_empty(), "{d:#?}");
    let (_, d) = with_text(
        "application_date: 2026-03-09",
        "application_date: 2026-03-11",
    );
    let x = one(&d, "deadline-passed");
    assert_eq!(
        x.message,
        "신청일 2026. 3. 11.은 접수 마감 2026. 3. 10. 17:00 이후입니다."
    );
    assert_eq!(x.location.line, Some(line_of(SAMPLE, "application_date:")));
}

#[test]
fn period_must_be_the_programs() {
    let d = with(|c| {
        c.project.period = Some(
            formpack::program::Program::by_id("ai-transition-2026")
                .unwrap()
                .period,
        )
    });
    assert!(d.is_empty());
    let d = with(|c| {
        c.project.period = Some(Period {
            start: Date::new(2026, 5, 1).unwrap(),
            end: Date::new(2027, 12, 31).unwrap(),
        })
    });
    let x = one(&d, "period-mismatch");
    assert!(x.message.contains("2026. 5. 1. ~ 2027. 12. 31.") && x.message.contains("2026. 4. 1."));
    assert_eq!(path(x), "project.period");
}

// ------------------------------------------------------------------------ amounts and years

#[test]
fn negative_amounts_and_bad_quantities() {
    let d = with(|c| {
        c.budget[0].national = -1;
        c.assets[0].unit_price = -5;
        c.assets[1].quantity = 0;
        c.local_contribution.as_mut().unwrap().schedule[0].amount = -3;
    });
    let v = only(&d, "amount-invalid");
    let paths: Vec<&str> = v.iter().map(|x| path(x)).collect();
    assert_eq!(
        paths,
        [
            "budget[0].national",
            "assets[0].unit_price",
            "assets[1].quantity",
            "local_contribution.schedule[0].amount"
        ]
    );
    assert!(v[0].message.contains("-1원"));
    // Negative equity is a fact, not an invalid amount.
    assert!(only(
        &with(|c| c.members[6].eligibility.as_mut().unwrap().equity = -1),
        "amount-invalid"
    )
    .is_empty());
}

#[test]
fn years_outside_the_period() {
    let (text, d) = with_text(
        "{subproject: workforce, member: saebom-econ, year: 2027",
        "{subproject: workforce, member: saebom-econ, year: 2028",
    );
    let x = &only(&d, "year-out-of-period")[0];
    assert_eq!(path(x), "budget[17].year");
    assert_eq!(x.location.line, Some(line_of(&text, "year: 2028")));
    assert!(x.message.contains("2028년") && x.message.contains("2026년, 2027년"));
    let d = with(|c| {
        c.assets[0].year = 2025;
        c.local_contribution.as_mut().unwrap().schedule[1].year = 2028;
    });
    let paths: Vec<&str> = only(&d, "year-out-of-period")
        .iter()
        .map(|x| path(x))
        .collect();
    assert_eq!(
        paths,
        ["assets[0].year", "local_contribution.schedule[1].year"]
    );
}

#[test]
fn unknown_category() {
    let d = with(|c| c.budget[1].category = "장비비".into());
    let x = one(&d, "category-unknown");
    assert_eq!(path(x), "budget[1].category");
    assert!(x.message.contains("‘장비비’"));
}

// ------------------------------------------------------------------------ local contribution

#[test]
fn schedule_must_commit_the_budgets_local_share() {
    let d = with(|c| c.local_contribution.as_mut().unwrap().schedule[0].amount += 1);
    let x = one(&d, "local-commitment-mismatch");
    assert_eq!(
        x.message,
        "2026년 부담금 납입액 3,100,000,001원이 사업비 지방비 3,100,000,000원과 1원 다릅니다."
    );
    assert_eq!(path(x), "local_contribution.schedule[0].amount");
    let d = with(|c| {
        c.local_contribution.as_mut().unwrap().schedule.pop();
    });
    let x = one(&d, "local-commitment-mismatch");
    assert!(x
        .message
        .contains("2027년 사업비 지방비 3,200,000,000원의 납입 일정이 없습니다"));
}

#[test]
fn payer_and_payee_roles() {
    let d = with(|c| c.local_contribution.as_mut().unwrap().payee = "saebom-econ".parse_id());
    let x = one(&d, "local-parties");
    assert_eq!(path(x), "local_contribution.payee");
    assert!(x.message.contains("주관기관"));
}

trait ParseId {
    fn parse_id(&self) -> formpack::model::Id;
}
impl ParseId for str {
    fn parse_id(&self) -> formpack::model::Id {
        formpack::model::Id::new(self).unwrap()
    }
}

// ------------------------------------------------------------------------ assets

#[test]
fn asset_plan_must_equal_the_asset_budget() {
    let d = with(|c| c.assets[0].unit_price += 1);
    let x = one(&d, "asset-plan-mismatch");
    assert_eq!(
        x.message,
        "한국AI융합연구원의 2026년 취득자산 합계 2,600,000,004원이 자산취득비 2,600,000,000원과 4원 다릅니다."
    );
    assert_eq!(path(x), "assets[0]");
    let d = with(|c| c.assets[1].source = formpack::model::AssetSource::National);
    let x = one(&d, "asset-plan-mismatch");
    assert!(x.message.contains("재원별로 다릅니다"), "{}", x.message);
    assert!(x
        .message
        .contains("국비 취득자산 2,400,000,000원 / 자산취득비 1,800,000,000원"));
}

// ------------------------------------------------------------------------ members

#[test]
fn region_must_be_eligible() {
    let (text, d) = with_text("region: 대전광역시", "region: 서울특별시");
    let x = one(&d, "region-ineligible");
    assert!(x.message.contains("서울특별시") && x.message.contains("부산, 인천"));
    assert_eq!(x.location.line, Some(line_of(&text, "region: 서울특별시")));
    let (_, d) = with_text("region: 대전광역시", "region: 대전");
    assert!(d.is_empty(), "short names are accepted: {d:#?}");
}

#[test]
fn roles_exactly_one_each() {
    let d = with(|c| c.members[1].role = formpack::model::Role::Participant);
    let x = one(&d, "role-count");
    assert!(x.message.contains("주관기관이 없습니다"));
    let d = with(|c| c.members[2].role = formpack::model::Role::Lead);
    let x = one(&d, "role-count");
    assert_eq!(path(x), "members[2].role");
    assert!(x.message.contains("2개"));
    // The applicant must be the project region's government.
    let (_, d) = with_text("region: 대전광역시", "region: 세종");
    let x = one(&d, "role-count");
    assert_eq!(path(x), "members[0].name");
    let d = with(|c| c.members[0].kind = formpack::model::Kind::Other);
    assert_eq!(path(one(&d, "role-count")), "members[0].kind");
}

#[test]
fn composition_warnings() {
    let d = with(|c| {
        c.members[5].kind = formpack::model::Kind::Other;
        c.members[6].kind = formpack::model::Kind::Other;
    });
    let x = one(&d, "consortium-composition");
    assert_eq!(x.severity, Severity::Warning);
    assert!(x.message.contains("AI기업"));
    assert!(errors(&d).is_empty());
}

#[test]
fn registration_and_corporate_numbers() {
    let (text, d) = with_text(
        "registration_no: 314-82-04560",
        "registration_no: 138-81-00001",
    );
    let x = one(&d, "registration-no-invalid");
    assert_eq!(path(x), "members[1].registration_no");
    assert_eq!(x.location.line, Some(line_of(&text, "138-81-00001")));
    assert!(x.message.contains("‘138-81-00001’"));
    let (_, d) = with_text(
        "registration_no: 314-82-04560",
        "registration_no: 3148204560",
    );
    assert!(d.is_empty(), "digits without hyphens are accepted");
    let (_, d) = with_text(
        "corporate_no: 160171-0001236",
        "corporate_no: 160171-0001237",
    );
    assert_eq!(
        path(one(&d, "corporate-no-invalid")),
        "members[1].corporate_no"
    );
}

#[test]
fn ids_duplicate_and_unknown() {
    let d = with(|c| c.subprojects[4].id = "mgmt".parse_id());
    let x = &only(&d, "id-duplicate")[0];
    assert_eq!(path(x), "subprojects[4].id");
    assert!(x.message.contains("subprojects[0], subprojects[4]"));
    let (text, d) = with_text(
        "{subproject: mgmt, member: hanbit-tp, year: 2026, category: 운영비",
        "{subproject: mgmt, member: hanbit-tq, year: 2026, category: 운영비",
    );
    let x = one(&d, "id-unknown");
    assert_eq!(path(x), "budget[1].member");
    assert_eq!(x.location.line, Some(line_of(&text, "hanbit-tq")));
    let d = with(|c| {
        c.project.director.as_mut().unwrap().member = "nobody".parse_id();
        c.assets[0].subproject = "nothing".parse_id();
        c.local_contribution.as_mut().unwrap().payer = "nowhere".parse_id();
    });
    let paths: Vec<&str> = only(&d, "id-unknown").iter().map(|x| path(x)).collect();
    assert_eq!(
        paths,
        [
            "project.director.member",
            "assets[0].subproject",
            "local_contribution.payer"
        ]
    );
}

// ------------------------------------------------------------------------ fields

#[test]
fn missing_fields_are_located_at_their_container() {
    let (text, d) = with_text("    address: 대전광역시 서구 둔산로 100\n", "");
    let x = one(&d, "field-missing");
    assert_eq!(path(x), "members[0].address");
    assert_eq!(x.location.line, Some(line_of(&text, "- id: daejeon")));
    assert!(x.message.contains("대전광역시의 주소"));
    assert_eq!(d.len(), 1);
}

#[test]
fn every_needed_field() {
    let d = with(|c| {
        c.application_date = None;
        c.project.summary = Some("  ".into());
        c.project.manager.as_mut().unwrap().mobile = None;
        c.members[3].contact = None;
        c.members[6].founded = None;
        c.members[6].eligibility = None;
        c.subprojects[0].title = None;
        c.assets[2].purpose = None;
        let lc = c.local_contribution.as_mut().unwrap();
        lc.account.as_mut().unwrap().holder = None;
        lc.schedule[1].due = None;
    });
    let paths: Vec<&str> = only(&d, "field-missing").iter().map(|x| path(x)).collect();
    assert_eq!(
        paths,
        [
            "application_date",
            "project.summary",
            "project.manager.mobile",
            "members[3].contact",
            "members[6].founded",
            "members[6].eligibility",
            "subprojects[0].title",
            "assets[2].purpose",
            "local_contribution.account.holder",
            "local_contribution.schedule[1].due"
        ]
    );
    // Public bodies may omit founded, corporate_no and eligibility.
    let d = with(|c| {
        c.members[4].corporate_no = None;
        c.members[4].founded = None;
        c.members[4].eligibility = None;
    });
    assert!(d.is_empty(), "{d:#?}");
    let d = with(|c| c.local_contribution = None);
    assert_eq!(path(one(&d, "field-missing")), "local_contribution");
}

#[test]
fn findings_come_in_a_stable_order() {
    let edit = |c: &mut Consortium| {
        c.budget[0].national = -1;
        c.members[1].address = None;
        c.application_date = Date::new(2026, 4, 1);
    };
    assert_eq!(with(edit), with(edit));
    let codes: Vec<&str> = with(edit).iter().map(|x| x.code.as_str()).collect();
    assert_eq!(codes.first(), Some(&"field-missing"));
    assert_eq!(codes.last(), Some(&"deadline-passed"));
}
