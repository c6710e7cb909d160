//! The application date and the agreement period.

use super::Cx;

pub(super) fn check(cx: &mut Cx) {
    let p = cx.program;
    if let Some(d) = cx.data.application_date {
        if d > p.deadline {
            cx.error(
                "deadline-passed",
                "application_date",
                format!(
                    "신청일 {}은(는) 접수 마감 {} {} 이후입니다.",
                    d.official(),
                    p.deadline.official(),
                    p.deadline_time
                ),
            );
        }
    }
    if let Some(period) = cx.data.project.period {
        if period != p.period {
            cx.error(
                "period-mismatch",
                "project.period",
                format!(
                    "사업기간 {} ~ {}이(가) 공고의 협약기간 {} ~ {}과 다릅니다.",
                    period.start.official(),
                    period.end.official(),
                    p.period.start.official(),
                    p.period.end.official()
                ),
            );
        }
    }
}
