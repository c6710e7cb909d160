//! `id-duplicate` and `id-unknown`: ids tie rows together, so each must be defined once and
//! every reference must name something defined.

use crate::diag::Code;
use std::collections::BTreeMap;

use super::Cx;

pub(super) fn check(cx: &mut Cx) {
    let d = cx.data;
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, m) in d.members.iter().enumerate() {
        if let Some(first) = seen.insert(m.id.as_str(), i) {
            seen.insert(m.id.as_str(), first);
            cx.error(
                Code::IdDuplicate,
                &format!("members[{i}].id"),
                format!(
                    "기관 id ‘{}’가 두 번 정의되었습니다 (members[{first}], members[{i}]).",
                    m.id
                ),
            );
        }
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, s) in d.subprojects.iter().enumerate() {
        if let Some(first) = seen.insert(s.id.as_str(), i) {
            seen.insert(s.id.as_str(), first);
            cx.error(
                Code::IdDuplicate,
                &format!("subprojects[{i}].id"),
                format!(
                    "세부사업 id ‘{}’가 두 번 정의되었습니다 (subprojects[{first}], subprojects[{i}]).",
                    s.id
                ),
            );
        }
    }

    let member = |id: &str| d.members.iter().any(|m| m.id.as_str() == id);
    let sub = |id: &str| d.subprojects.iter().any(|s| s.id.as_str() == id);
    let mut refs: Vec<(String, &str, bool)> = Vec::new(); // (path, id, is member)
    for (name, p) in [
        ("director", &d.project.director),
        ("manager", &d.project.manager),
    ] {
        if let Some(p) = p {
            refs.push((format!("project.{name}.member"), p.member.as_str(), true));
        }
    }
    for (i, s) in d.subprojects.iter().enumerate() {
        refs.push((format!("subprojects[{i}].lead"), s.lead.as_str(), true));
    }
    for (i, r) in d.budget.iter().enumerate() {
        refs.push((
            format!("budget[{i}].subproject"),
            r.subproject.as_str(),
            false,
        ));
        refs.push((format!("budget[{i}].member"), r.member.as_str(), true));
    }
    for (i, a) in d.assets.iter().enumerate() {
        refs.push((format!("assets[{i}].member"), a.member.as_str(), true));
        refs.push((
            format!("assets[{i}].subproject"),
            a.subproject.as_str(),
            false,
        ));
    }
    if let Some(lc) = &d.local_contribution {
        refs.push(("local_contribution.payer".into(), lc.payer.as_str(), true));
        refs.push(("local_contribution.payee".into(), lc.payee.as_str(), true));
    }
    for (path, id, is_member) in refs {
        let known = if is_member { member(id) } else { sub(id) };
        if !known {
            let what = if is_member {
                "기관(members)"
            } else {
                "세부사업(subprojects)"
            };
            cx.error(
                Code::IdUnknown,
                &path,
                format!("‘{id}’라는 {what}이 없습니다."),
            );
        }
    }
}
