//! `plan-invalid`, `plan-heading-unknown`: the 사업계획서's narrative (`plan`).

use std::collections::BTreeMap;

use super::Cx;
use crate::diag::Code;
use crate::korean::josa;
use crate::model::{heading_key, PlanBlock};

pub(super) fn check(cx: &mut Cx) {
    let scored: Vec<String> = cx
        .program
        .evaluation
        .iter()
        .map(|c| heading_key(&c.heading))
        .collect();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, s) in cx.data.plan.iter().enumerate() {
        let at = format!("plan[{i}].heading");
        let key = heading_key(&s.heading);
        if key.is_empty() {
            cx.error(
                Code::PlanInvalid,
                &at,
                format!(
                    "서술(plan)의 {}번째 절의 제목(heading)이 비어 있습니다.",
                    i + 1
                ),
            );
        } else if let Some(first) = seen.get(&key) {
            cx.error(
                Code::PlanInvalid,
                &at,
                format!(
                    "서술(plan)의 제목 {} {}번째 절과 {}번째 절에 두 번 나옵니다: 한 절로 합치십시오.",
                    josa(&format!("‘{key}’"), "이", "가"),
                    first + 1,
                    i + 1
                ),
            );
        } else {
            seen.insert(key.clone(), i);
            if !scored.contains(&key) {
                cx.warn(
                    Code::PlanHeadingUnknown,
                    &at,
                    format!(
                        "서술(plan)의 제목 {} 평가 항목({})이 아니어서 평가 항목들 뒤에 따로 실립니다. 평가 항목에 넣으려면 그 제목을 그대로 쓰십시오.",
                        josa(&format!("‘{key}’"), "은", "는"),
                        scored.join(", ")
                    ),
                );
            }
        }
        for (j, b) in s.blocks.iter().enumerate() {
            let PlanBlock::Table(rows) = b else { continue };
            let at = format!("plan[{i}].blocks[{j}].table");
            let width = rows.first().map_or(0, Vec::len);
            if width == 0 {
                cx.error(
                    Code::PlanInvalid,
                    &at,
                    format!(
                        "서술(plan) ‘{key}’의 {}번째 표가 비어 있습니다: 첫 행(제목 행)에 한 칸 이상 쓰십시오.",
                        j + 1
                    ),
                );
            } else if let Some(k) = rows.iter().position(|r| r.len() != width) {
                cx.error(
                    Code::PlanInvalid,
                    &format!("{at}[{k}]"),
                    format!(
                        "서술(plan) ‘{key}’ 표의 {}번째 행은 {}칸인데 첫 행(제목 행)은 {width}칸입니다: 모든 행의 칸 수를 맞추십시오.",
                        k + 1,
                        rows[k].len()
                    ),
                );
            }
        }
    }
}
