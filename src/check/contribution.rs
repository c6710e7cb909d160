//! The local contribution agreement: who pays whom, and that the schedule commits exactly the
//! budget's 지방비 of each year.

use crate::diag::Code;
use crate::korean::josa;
use std::collections::BTreeSet;

use super::{won, Cx};
use crate::model::Role;

pub(super) fn check(cx: &mut Cx) {
    let Some(lc) = &cx.data.local_contribution else {
        return;
    };
    let years = cx.program.years.clone();

    // local-parties: the 신청기관 pays, the 주관기관 receives.
    for (path, id, role) in [
        ("local_contribution.payer", &lc.payer, Role::Applicant),
        ("local_contribution.payee", &lc.payee, Role::Lead),
    ] {
        if let Some(m) = cx.data.members.iter().find(|m| &m.id == id) {
            if m.role != role {
                let what = if role == Role::Applicant {
                    "납입자(payer)"
                } else {
                    "수납자(payee)"
                };
                cx.error(
                    Code::LocalParties,
                    path,
                    format!(
                        "자치단체 부담금 {what}는 {}이어야 하는데 {} {}입니다.",
                        role.label(),
                        josa(&m.name, "은", "는"),
                        m.role.label()
                    ),
                );
            }
        }
    }

    for (i, s) in lc.schedule.iter().enumerate() {
        if s.amount < 0 {
            cx.error(
                Code::AmountInvalid,
                &format!("local_contribution.schedule[{i}].amount"),
                format!(
                    "{}년 부담금 {}원은 음수일 수 없습니다.",
                    s.year,
                    won(s.amount)
                ),
            );
        }
        if !years.contains(&s.year) {
            cx.error(
                Code::YearOutOfPeriod,
                &format!("local_contribution.schedule[{i}].year"),
                format!(
                    "부담금 납입 연도 {}년은 사업기간({})에 없습니다.",
                    s.year,
                    super::budget::years_text(&years)
                ),
            );
        }
    }

    let f = cx.fig;
    let ys: BTreeSet<i32> = f
        .by_year
        .iter()
        .filter(|(_, s)| s.local != 0)
        .map(|(y, _)| *y)
        .chain(f.schedule_by_year.keys().copied())
        .collect();
    for y in ys {
        let committed = f.schedule_by_year.get(&y).copied().unwrap_or(0);
        let budget = f.by_year.get(&y).map_or(0, |s| s.local);
        if committed == budget {
            continue;
        }
        let (path, msg) = match lc.schedule.iter().position(|s| s.year == y) {
            Some(i) => (
                format!("local_contribution.schedule[{i}].amount"),
                format!(
                    "{y}년 부담금 납입액 {}원이 사업비 지방비 {}원과 {}원 다릅니다.",
                    won(committed),
                    won(budget),
                    won((committed - budget).abs())
                ),
            ),
            None => (
                "local_contribution.schedule".to_string(),
                format!(
                    "{y}년 사업비 지방비 {}원의 납입 일정이 없습니다.",
                    won(budget)
                ),
            ),
        };
        cx.error(Code::LocalCommitmentMismatch, &path, msg);
    }
}
