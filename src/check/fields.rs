//! `field-missing`: every field a document prints must be filled in before a final build.

use super::{blank, Cx};
use crate::diag::Code;
use crate::korean::josa;
use crate::model::Person;

pub(super) fn check(cx: &mut Cx) {
    let d = cx.data;
    let mut missing: Vec<(String, String)> = Vec::new(); // (path, label)
    let mut need = |path: String, label: String, absent: bool| {
        if absent {
            missing.push((path, label));
        }
    };

    need(
        "application_date".into(),
        "신청일".into(),
        d.application_date.is_none(),
    );
    let p = &d.project;
    need("project.title".into(), "과제명".into(), blank(&p.title));
    need("project.region".into(), "지역".into(), blank(&p.region));
    need(
        "project.industry".into(),
        "지역 주력산업".into(),
        blank(&p.industry),
    );
    need(
        "project.summary".into(),
        "사업 개요".into(),
        blank(&p.summary),
    );
    for (key, label) in [("director", "사업책임자"), ("manager", "실무책임자")] {
        let person: &Option<Person> = if key == "director" {
            &p.director
        } else {
            &p.manager
        };
        let base = format!("project.{key}");
        match person {
            None => need(base, label.into(), true),
            Some(x) => {
                for (f, v, l) in [
                    ("name", &x.name, "성명"),
                    ("position", &x.position, "직위"),
                    ("phone", &x.phone, "전화번호"),
                    ("mobile", &x.mobile, "휴대전화"),
                    ("email", &x.email, "전자우편"),
                ] {
                    need(format!("{base}.{f}"), format!("{label} {l}"), blank(v));
                }
            }
        }
    }

    for (i, m) in d.members.iter().enumerate() {
        let base = format!("members[{i}]");
        let who = &m.name;
        need(
            format!("{base}.registration_no"),
            format!("{who}의 사업자등록번호"),
            blank(&m.registration_no),
        );
        match &m.representative {
            None => need(
                format!("{base}.representative"),
                format!("{who}의 대표자"),
                true,
            ),
            Some(r) => {
                need(
                    format!("{base}.representative.name"),
                    format!("{who}의 대표자 성명"),
                    blank(&r.name),
                );
                need(
                    format!("{base}.representative.title"),
                    format!("{who}의 대표자 직위"),
                    blank(&r.title),
                );
            }
        }
        need(
            format!("{base}.address"),
            format!("{who}의 주소"),
            blank(&m.address),
        );
        match &m.contact {
            None => need(format!("{base}.contact"), format!("{who}의 담당자"), true),
            Some(c) => {
                for (f, v, l) in [
                    ("name", &c.name, "성명"),
                    ("department", &c.department, "부서"),
                    ("position", &c.position, "직위"),
                    ("phone", &c.phone, "전화번호"),
                    ("email", &c.email, "전자우편"),
                ] {
                    need(
                        format!("{base}.contact.{f}"),
                        format!("{who}의 담당자 {l}"),
                        blank(v),
                    );
                }
            }
        }
        need(
            format!("{base}.duty"),
            format!("{who}의 담당 역할"),
            blank(&m.duty),
        );
        if !m.is_public_body() {
            need(
                format!("{base}.founded"),
                format!("{who}의 설립일"),
                m.founded.is_none(),
            );
            need(
                format!("{base}.eligibility"),
                format!("{who}의 신청자격 사실(eligibility)"),
                m.eligibility.is_none(),
            );
        }
    }

    for (i, s) in d.subprojects.iter().enumerate() {
        need(
            format!("subprojects[{i}].title"),
            format!("세부사업 ‘{}’의 과제명", s.id),
            blank(&s.title),
        );
    }

    for (i, a) in d.assets.iter().enumerate() {
        for (f, v, l) in [
            ("spec", &a.spec, "규격"),
            ("location", &a.location, "설치장소"),
            ("purpose", &a.purpose, "활용목적"),
        ] {
            need(
                format!("assets[{i}].{f}"),
                format!("취득자산 ‘{}’의 {l}", a.name),
                blank(v),
            );
        }
    }

    match &d.local_contribution {
        None => need(
            "local_contribution".into(),
            "자치단체 부담금 납입계획(local_contribution)".into(),
            true,
        ),
        Some(lc) => {
            match &lc.account {
                None => need(
                    "local_contribution.account".into(),
                    "부담금 납입계좌".into(),
                    true,
                ),
                Some(a) => {
                    for (f, v, l) in [
                        ("bank", &a.bank, "은행"),
                        ("number", &a.number, "계좌번호"),
                        ("holder", &a.holder, "예금주"),
                    ] {
                        need(
                            format!("local_contribution.account.{f}"),
                            format!("부담금 납입계좌 {l}"),
                            blank(v),
                        );
                    }
                }
            }
            for (i, s) in lc.schedule.iter().enumerate() {
                need(
                    format!("local_contribution.schedule[{i}].due"),
                    format!("{}년 부담금 납입기한", s.year),
                    s.due.is_none(),
                );
            }
        }
    }

    for (path, label) in missing {
        cx.error(
            Code::FieldMissing,
            &path,
            format!("{} 입력되지 않았습니다.", josa(&label, "이", "가")),
        );
    }
}
