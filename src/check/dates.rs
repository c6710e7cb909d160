//! The application date and the agreement period.

use super::Cx;
use crate::diag::Code;
use crate::korean::josa;

pub(super) fn check(cx: &mut Cx) {
    let p = cx.program;
    if let Some(d) = cx.data.application_date {
        if d > p.deadline {
            cx.error(
                Code::DeadlinePassed,
                "application_date",
                format!(
                    "신청일 {} 접수 마감 {} {} 이후입니다.",
                    josa(&d.official(), "은", "는"),
                    p.deadline.official(),
                    p.deadline_time
                ),
            );
        }
    }
    if let Some(period) = cx.data.project.period {
        if period != p.period {
            cx.error(
                Code::PeriodMismatch,
                "project.period",
                format!(
                    "사업기간 {} ~ {} 공고의 협약기간 {} ~ {} 다릅니다.",
                    period.start.official(),
                    josa(&period.end.official(), "이", "가"),
                    p.period.start.official(),
                    josa(&p.period.end.official(), "과", "와")
                ),
            );
        }
    }
}
