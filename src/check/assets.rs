//! The asset purchase plan: amounts, years, and agreement with each member's 자산취득비.

use crate::diag::Code;
use crate::korean::josa;
use std::collections::BTreeSet;

use super::{won, Cx};
use crate::figures::AssetSums;

pub(super) fn check(cx: &mut Cx) {
    let years = cx.program.years.clone();
    for (i, a) in cx.data.assets.iter().enumerate() {
        if a.unit_price < 0 {
            cx.error(
                Code::AmountInvalid,
                &format!("assets[{i}].unit_price"),
                format!(
                    "취득자산 ‘{}’의 단가 {}원은 음수일 수 없습니다.",
                    a.name,
                    won(a.unit_price)
                ),
            );
        }
        if a.quantity < 1 {
            cx.error(
                Code::AmountInvalid,
                &format!("assets[{i}].quantity"),
                format!(
                    "취득자산 ‘{}’의 수량 {} 1 이상이어야 합니다.",
                    a.name,
                    josa(&a.quantity.to_string(), "은", "는")
                ),
            );
        }
        if !years.contains(&a.year) {
            cx.error(
                Code::YearOutOfPeriod,
                &format!("assets[{i}].year"),
                format!(
                    "취득자산 ‘{}’의 연도 {}년은 사업기간({})에 없습니다.",
                    a.name,
                    a.year,
                    super::budget::years_text(&years)
                ),
            );
        }
    }

    for ma in &cx.fig.assets {
        let ys: BTreeSet<i32> = ma
            .by_year
            .keys()
            .chain(ma.budget_by_year.keys())
            .copied()
            .collect();
        for y in ys {
            let plan = ma.by_year.get(&y).copied().unwrap_or_default();
            let budget = ma.budget_by_year.get(&y).copied().unwrap_or_default();
            if plan == budget {
                continue;
            }
            let name = cx.member_name(&ma.member);
            let path = match cx
                .data
                .assets
                .iter()
                .position(|a| a.member.as_str() == ma.member && a.year == y)
            {
                Some(i) => format!("assets[{i}]"),
                None => cx.first_budget_row(|r| {
                    r.member.as_str() == ma.member
                        && r.year == y
                        && r.category == cx.program.asset_category
                }),
            };
            let detail = if plan.total() != budget.total() {
                format!(
                    "취득자산 합계 {}원이 자산취득비 {}원과 {}원 다릅니다.",
                    won(plan.total()),
                    won(budget.total()),
                    won((plan.total() - budget.total()).abs())
                )
            } else {
                format!(
                    "합계는 {}원으로 같지만 재원별로 다릅니다: {}.",
                    won(plan.total()),
                    by_source(&plan, &budget)
                )
            };
            cx.error(
                Code::AssetPlanMismatch,
                &path,
                format!("{name}의 {y}년 {detail}"),
            );
        }
    }
}

fn by_source(plan: &AssetSums, budget: &AssetSums) -> String {
    [
        ("국비", plan.national, budget.national),
        ("지방비", plan.local, budget.local),
        ("민간", plan.private, budget.private),
    ]
    .iter()
    .filter(|(_, a, b)| a != b)
    .map(|(l, a, b)| format!("{l} 취득자산 {}원 / 자산취득비 {}원", won(*a), won(*b)))
    .collect::<Vec<_>>()
    .join(", ")
}
