//! The budget: amounts, years, categories, the matching ratios, the 60/20/20 rule of direct SME
//! support, and the national average.

use super::{above_max, below_min, won, Cx};
use crate::diag::Code;
use crate::korean::josa;

pub(super) fn check(cx: &mut Cx) {
    rows(cx);
    ratios(cx);
    sme(cx);
    national(cx);
}

fn rows(cx: &mut Cx) {
    let years = cx.program.years.clone();
    for (i, r) in cx.data.budget.iter().enumerate() {
        for (f, v, l) in [
            ("national", r.national, "국비"),
            ("local", r.local, "지방비"),
            ("private_cash", r.private_cash, "민간 현금"),
            ("private_in_kind", r.private_in_kind, "민간 현물"),
        ] {
            if v < 0 {
                cx.error(
                    Code::AmountInvalid,
                    &format!("budget[{i}].{f}"),
                    format!("사업비 {l} {}원은 음수일 수 없습니다.", won(v)),
                );
            }
        }
        if !years.contains(&r.year) {
            cx.error(
                Code::YearOutOfPeriod,
                &format!("budget[{i}].year"),
                format!(
                    "사업비 연도 {}년은 사업기간({})에 없습니다.",
                    r.year,
                    years_text(&years)
                ),
            );
        }
        if !cx.program.is_category(&r.category) {
            cx.error(
                Code::CategoryUnknown,
                &format!("budget[{i}].category"),
                format!(
                    "비목 {} 공고의 비목({})이 아닙니다.",
                    josa(&format!("‘{}’", r.category), "은", "는"),
                    cx.program.categories.join(", ")
                ),
            );
        }
    }
}

pub(super) fn years_text(years: &[i32]) -> String {
    years
        .iter()
        .map(|y| format!("{y}년"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn ratios(cx: &mut Cx) {
    let f = cx.fig;
    let p = cx.program;
    if !f.matching_ratio.at_least(p.match_total_min_pct) {
        let m = below_min(
            "지방비+민간부담금",
            "총사업비",
            f.matching_ratio,
            p.match_total_min_pct,
        );
        cx.error(Code::MatchTotalMin, "budget", m);
    }
    if !f.local_ratio.at_least(p.match_local_min_pct) {
        let m = below_min("지방비", "총사업비", f.local_ratio, p.match_local_min_pct);
        cx.error(Code::MatchLocalMin, "budget", m);
    }
}

fn sme(cx: &mut Cx) {
    let p = cx.program;
    for (sp, f) in cx.data.subprojects.iter().zip(&cx.fig.subprojects) {
        let Some(s) = f.sme else { continue };
        let row = cx.first_budget_row(|r| r.subproject == sp.id);
        let at = |field: &str| {
            if row == "budget" {
                row.clone()
            } else {
                format!("{row}.{field}")
            }
        };
        let whole = format!("중소기업 직접지원 세부사업 ‘{}’ 사업비", sp.id);
        if !s.national.at_most(p.sme_national_max_pct) {
            let m = above_max("국비", &whole, s.national, p.sme_national_max_pct);
            cx.error(Code::SmeNationalMax, &at("national"), m);
        }
        if !s.local.at_least(p.sme_local_min_pct) {
            let m = below_min("지방비(현금)", &whole, s.local, p.sme_local_min_pct);
            cx.error(Code::SmeLocalMin, &at("local"), m);
        }
        if !s.in_kind.at_most(p.sme_in_kind_max_pct) {
            let m = above_max(
                "현물",
                &format!("‘{}’의 중소기업 부담금", sp.id),
                s.in_kind,
                p.sme_in_kind_max_pct,
            );
            cx.error(Code::SmeInKindMax, &at("private_in_kind"), m);
        }
        if !s.private.equals(p.sme_share_pct) {
            let want = s.private.min_num_for(p.sme_share_pct);
            cx.warn(
                Code::SmeShare,
                &at("private_cash"),
                format!(
                    "{whole} {}원 중 중소기업 부담금 {}원은 {}({}%라면 {}원)입니다.",
                    won(s.private.den),
                    won(s.private.num),
                    s.private.percent(),
                    p.sme_share_pct,
                    won(want)
                ),
            );
        }
    }
}

fn national(cx: &mut Cx) {
    let p = cx.program;
    let f = cx.fig;
    if f.total.national > p.national_average_total {
        cx.warn(
            Code::NationalAboveAverage,
            "budget",
            format!(
                "국비 합계 {}원이 지역당 평균 {}원을 {}원 넘습니다 (평균이며 상한은 아니지만 차등 지원될 수 있습니다).",
                won(f.total.national),
                won(p.national_average_total),
                won(f.total.national - p.national_average_total)
            ),
        );
    }
    for (y, s) in &f.by_year {
        if s.national > p.national_average_year {
            let row = cx.first_budget_row(|r| r.year == *y);
            cx.warn(
                Code::NationalAboveAverage,
                &row,
                format!(
                    "{y}년 국비 {}원이 연평균 {}원을 {}원 넘습니다.",
                    won(s.national),
                    won(p.national_average_year),
                    won(s.national - p.national_average_year)
                ),
            );
        }
    }
}
