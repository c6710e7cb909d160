//! The consortium: region, roles, composition, registration numbers and the four exclusions.

use super::{regno, won, Cx};
use crate::diag::Code;
use crate::korean::josa;
use crate::model::{BusinessStatus, Kind, Role};

pub(super) fn check(cx: &mut Cx) {
    region(cx);
    roles(cx);
    composition(cx);
    numbers(cx);
    eligibility(cx);
}

fn region(cx: &mut Cx) {
    let Some(name) = cx.data.project.region.as_deref() else {
        return;
    };
    if name.trim().is_empty() || cx.program.region(name).is_some() {
        return;
    }
    let list: Vec<&str> = cx
        .program
        .regions
        .iter()
        .map(|r| r.short.as_str())
        .collect();
    cx.error(
        Code::RegionIneligible,
        "project.region",
        format!(
            "지역 {} 신청할 수 있는 {}개 광역지자체({})가 아닙니다.",
            crate::korean::josa(&format!("‘{name}’"), "은", "는"),
            list.len(),
            list.join(", ")
        ),
    );
}

fn roles(cx: &mut Cx) {
    let d = cx.data;
    for role in [Role::Applicant, Role::Lead] {
        let idx: Vec<usize> = d
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.role == role)
            .map(|(i, _)| i)
            .collect();
        match idx.as_slice() {
            [] => cx.error(
                Code::RoleCount,
                "members",
                format!(
                    "{}이 없습니다: 정확히 1개 기관이 {}이어야 합니다.",
                    role.label(),
                    role.label()
                ),
            ),
            [_] => {}
            [_, second, ..] => {
                let names: Vec<String> = idx.iter().map(|i| d.members[*i].name.clone()).collect();
                cx.error(
                    Code::RoleCount,
                    &format!("members[{second}].role"),
                    format!(
                        "{}은 정확히 1개여야 하는데 {}개입니다 ({}).",
                        role.label(),
                        idx.len(),
                        names.join(", ")
                    ),
                );
            }
        }
    }
    // The applicant is the region's own government.
    let applicants: Vec<usize> = d
        .members
        .iter()
        .enumerate()
        .filter(|(_, m)| m.role == Role::Applicant)
        .map(|(i, _)| i)
        .collect();
    if let [i] = applicants.as_slice() {
        let m = &d.members[*i];
        if m.kind != Kind::Region {
            cx.error(
                Code::RoleCount,
                &format!("members[{i}].kind"),
                format!(
                    "신청기관 {} 광역지자체여야 하는데 {}입니다.",
                    josa(&m.name, "은", "는"),
                    m.kind.label()
                ),
            );
        } else if let Some(region) = d
            .project
            .region
            .as_deref()
            .and_then(|r| cx.program.region(r))
        {
            if cx.program.region(&m.name) != Some(region) {
                cx.error(
                    Code::RoleCount,
                    &format!("members[{i}].name"),
                    format!(
                        "신청기관 {} 사업 지역 {}의 광역지자체가 아닙니다.",
                        josa(&m.name, "은", "는"),
                        region.official
                    ),
                );
            }
        }
    }
}

fn composition(cx: &mut Cx) {
    let has = |kinds: &[Kind]| cx.data.members.iter().any(|m| kinds.contains(&m.kind));
    let mut lacks = Vec::new();
    if !has(&[Kind::Innovation]) {
        lacks.push("지역혁신기관");
    }
    if !has(&[Kind::University, Kind::Institute]) {
        lacks.push("대학 또는 출연연");
    }
    if !has(&[Kind::AiFirm]) {
        lacks.push("AI기업");
    }
    for l in lacks {
        cx.warn(
            Code::ConsortiumComposition,
            "members",
            format!(
                "컨소시엄에 {} 없습니다: 공고는 지역혁신기관, 대학·출연연, AI 전문기업의 참여를 전제합니다.",
                josa(l, "이", "가")
            ),
        );
    }
}

fn numbers(cx: &mut Cx) {
    for (i, m) in cx.data.members.iter().enumerate() {
        if let Some(n) = m
            .registration_no
            .as_deref()
            .filter(|n| !n.trim().is_empty())
        {
            if !regno::registration_no_valid(n) {
                cx.error(
                    Code::RegistrationNoInvalid,
                    &format!("members[{i}].registration_no"),
                    format!(
                        "{}의 사업자등록번호 {} 올바르지 않습니다 (형식 ddd-dd-ddddd 또는 검증번호 불일치).",
                        m.name,
                        josa(&format!("‘{n}’"), "이", "가")
                    ),
                );
            }
        }
        if let Some(n) = m.corporate_no.as_deref() {
            if !regno::corporate_no_valid(n) {
                cx.error(
                    Code::CorporateNoInvalid,
                    &format!("members[{i}].corporate_no"),
                    format!(
                        "{}의 법인등록번호 {} 올바르지 않습니다 (형식 dddddd-ddddddd 또는 검증번호 불일치).",
                        m.name,
                        josa(&format!("‘{n}’"), "이", "가")
                    ),
                );
            }
        }
    }
}

fn eligibility(cx: &mut Cx) {
    let deadline = cx.program.deadline.official();
    for (i, m) in cx.data.members.iter().enumerate() {
        let Some(e) = &m.eligibility else { continue };
        let base = format!("members[{i}].eligibility");
        if e.duplicate_funding {
            cx.error(
                Code::EligibilityDuplicateFunding,
                &format!("{base}.duplicate_funding"),
                format!(
                    "{} 같거나 유사한 사업으로 다른 부처·지자체 지원을 받고 있어 신청 제외 대상입니다.",
                    josa(&m.name, "은", "는")
                ),
            );
        }
        if e.equity < 0 {
            let excused = m.founded.is_some_and(|f| cx.program.is_young_firm(f));
            if !excused {
                let founded = match m.founded {
                    Some(f) => format!(
                        "설립일 {} {} 이후가 아니어서 창업 {}년 미만 기업 예외에 해당하지 않습니다",
                        josa(&f.official(), "은", "는"),
                        cx.program.young_firm_after.official(),
                        cx.program.young_firm_years
                    ),
                    None => {
                        format!(
                            "설립일이 없어 창업 {}년 미만 기업 예외를 확인할 수 없습니다",
                            cx.program.young_firm_years
                        )
                    }
                };
                cx.error(
                    Code::EligibilityCapitalImpaired,
                    &format!("{base}.equity"),
                    format!(
                        "{}의 자본총계 {}원({} 결산)은 완전자본잠식이며, {founded}.",
                        m.name,
                        won(e.equity),
                        e.settlement_date.official()
                    ),
                );
            }
        }
        if e.business_status != BusinessStatus::Normal {
            cx.error(
                Code::EligibilityBusinessStatus,
                &format!("{base}.business_status"),
                format!(
                    "{} 마감일({deadline}) 기준 {} 상태여서 신청 제외 대상입니다.",
                    josa(&m.name, "은", "는"),
                    e.business_status.label()
                ),
            );
        }
        if e.tax_arrears {
            cx.error(
                Code::EligibilityTaxArrears,
                &format!("{base}.tax_arrears"),
                format!(
                    "{} 국세·지방세 체납이 있어 신청 제외 대상입니다.",
                    josa(&m.name, "은", "는")
                ),
            );
        }
    }
}
