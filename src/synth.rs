//! A generator of valid consortia of any size under any program profile, for tests and
//! benchmarks (e.g. 60 members). Every generated file passes `check` with no errors.

use crate::check::regno::{corporate_check_digit, registration_check_digit};
use crate::model::*;
use crate::program::Program;

fn reg_no(seed: u32) -> String {
    // Nine digits from the seed, then the 사업자등록번호 check digit.
    let mut d: Vec<u32> = format!("{:09}", 305_810_000 + seed)
        .chars()
        .map(|c| c.to_digit(10).unwrap_or(0))
        .collect();
    d.truncate(9);
    d.push(registration_check_digit(&d));
    let s: String = d
        .iter()
        .map(|x| char::from_digit(*x, 10).unwrap_or('0'))
        .collect();
    format!("{}-{}-{}", &s[0..3], &s[3..5], &s[5..10])
}

fn corp_no(seed: u32) -> String {
    let mut d: Vec<u32> = format!("{:012}", 160_111_000_000u64 + u64::from(seed))
        .chars()
        .map(|c| c.to_digit(10).unwrap_or(0))
        .collect();
    d.push(corporate_check_digit(&d));
    let s: String = d
        .iter()
        .map(|x| char::from_digit(*x, 10).unwrap_or('0'))
        .collect();
    format!("{}-{}", &s[0..6], &s[6..13])
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::new(y, m, d).expect("valid date")
}

fn id(s: &str) -> Id {
    Id::new(s).expect("valid id")
}

fn member(i: u32, kind: Kind, role: Role, name: String, p: &Program) -> Member {
    let public = kind == Kind::Region;
    Member {
        id: id(&if i == 0 {
            "region".to_string()
        } else {
            format!("m{i:03}")
        }),
        name,
        kind,
        role,
        registration_no: Some(reg_no(i * 7 + 1)),
        corporate_no: (!public).then(|| corp_no(i * 13 + 5)),
        representative: Some(Representative {
            name: Some(format!("대표{i}")),
            title: Some(if public { "시장" } else { "대표이사" }.to_string()),
        }),
        address: Some(format!("{} 과학로 {i}", p.regions[0].official)),
        founded: (!public).then(|| date(2010, 1, 1 + i % 28)),
        contact: Some(Contact {
            name: Some(format!("담당{i}")),
            department: Some("사업팀".into()),
            position: Some("팀장".into()),
            phone: Some(format!("042-{:03}-{:04}", 100 + i % 900, 1000 + i)),
            email: Some(format!("contact{i}@m{i}.example")),
        }),
        duty: Some(format!("세부과제 {i} 수행")),
        eligibility: (!public).then(|| Eligibility {
            duplicate_funding: false,
            equity: 1_000_000_000,
            settlement_date: date(p.deadline.year - 1, 12, 31),
            business_status: BusinessStatus::Normal,
            tax_arrears: false,
        }),
        seal: None,
    }
}

/// A valid consortium with `members` institutions (at least 3) under the newest built-in
/// profile: see [`consortium_for`].
pub fn consortium(members: u32) -> Consortium {
    consortium_for(Program::default_builtin(), members)
}

/// A valid consortium with `members` institutions (at least 3) under `p`: the first eligible
/// region, a lead and participants of every kind, each with a budget in every budget year that
/// meets the matching rules with room to spare, the application dated the day before the
/// deadline.
pub fn consortium_for(p: &Program, members: u32) -> Consortium {
    let n = members.max(3);
    let region = &p.regions[0];
    let kinds = [
        Kind::Innovation,
        Kind::University,
        Kind::Institute,
        Kind::AiFirm,
    ];
    let mut ms = vec![
        member(0, Kind::Region, Role::Applicant, region.official.clone(), p),
        member(
            1,
            Kind::Innovation,
            Role::Lead,
            "재단법인 합성테크노파크".into(),
            p,
        ),
    ];
    for i in 2..n {
        ms.push(member(
            i,
            kinds[(i as usize) % 4],
            Role::Participant,
            format!("합성참여기관 {i}"),
            p,
        ));
    }
    let sp = |i: u32, lead: &Member, field: Field| Subproject {
        id: id(&format!("sp{i}")),
        title: Some(format!("세부사업 {i}")),
        field,
        lead: lead.id.clone(),
        direct_sme_support: false,
    };
    let subprojects = vec![
        sp(1, &ms[1], Field::Operation),
        sp(2, &ms[1], Field::Solution),
    ];
    // Each row: 200,000,000 won with 지방비 5 points and 지방비 + 민간 10 points above the
    // profile's minimums (for the 2026 call 100 / 50 / 20 cash / 30 in kind, in millions).
    let row_total: Won = 200_000_000;
    let share = |pct: i64| row_total * pct.min(100) / 100;
    let local = share(p.match_local_min_pct + 5);
    let private = (share(p.match_total_min_pct + 10) - local).max(0);
    let (cash, in_kind) = (private * 2 / 5, private - private * 2 / 5);
    let mut budget = Vec::new();
    for m in ms.iter().skip(1) {
        for &year in &p.years {
            budget.push(BudgetRow {
                subproject: subprojects[1].id.clone(),
                member: m.id.clone(),
                year,
                category: p.categories[0].clone(),
                national: row_total - local - private,
                local,
                private_cash: cash,
                private_in_kind: in_kind,
            });
        }
    }
    let local_per_year = local * i64::from(n - 1);
    let person = |name: &str| Person {
        member: ms[1].id.clone(),
        name: Some(name.into()),
        position: Some("본부장".into()),
        phone: Some("042-000-0001".into()),
        mobile: Some("010-0000-0001".into()),
        email: Some(format!("{name}@lead.example")),
    };
    Consortium {
        schema: 1,
        program: p.id.clone(),
        revision: 1,
        application_date: Some(p.deadline.add_days(-1)),
        project: Project {
            title: Some(format!("합성 컨소시엄 {n}개 기관")),
            region: Some(region.short.clone()),
            industry: Some("제조".into()),
            summary: Some("벤치마크와 시험을 위한 합성 컨소시엄".into()),
            period: None,
            director: Some(person("director")),
            manager: Some(person("manager")),
        },
        members: ms.clone(),
        subprojects,
        budget,
        assets: Vec::new(),
        local_contribution: Some(LocalContribution {
            payer: ms[0].id.clone(),
            payee: ms[1].id.clone(),
            // The first year's share is due 58 days after the period starts, each later
            // year's on 31 March.
            schedule: p
                .years
                .iter()
                .enumerate()
                .map(|(k, &year)| Installment {
                    year,
                    amount: local_per_year,
                    due: Some(if k == 0 {
                        p.period.start.add_days(58)
                    } else {
                        date(year, 3, 31)
                    }),
                })
                .collect(),
            account: Some(Account {
                bank: Some("한빛은행".into()),
                number: Some("301-0000-0000-01".into()),
                holder: Some("재단법인 합성테크노파크".into()),
            }),
        }),
        plan: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_consortia_pass_check() {
        for n in [3, 12, 60] {
            let mut input = crate::load::load(std::path::Path::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/fixtures/sample-consortium.yaml"
            )))
            .expect("sample loads");
            input.data = super::consortium(n);
            let (_, diags) = crate::check::check_input(&input);
            assert!(!crate::diag::has_errors(&diags), "{n}: {diags:#?}");
        }
    }
}
