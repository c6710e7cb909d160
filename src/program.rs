//! The program profile: every figure and date of the call (PROGRAM.md) in one place.
//! Rules read these constants; nothing else in the code knows a ratio or a date.

use crate::model::{Date, Period, Won};

/// A profile of one call. Only `ai-transition-2026` exists today.
#[derive(Debug, Clone)]
pub struct Program {
    /// Profile id, as written in the file's `program` key.
    pub id: &'static str,
    /// 「2026년 지역 주도형 AI 대전환」
    pub name: &'static str,
    /// The ministry that announced the call (중소벤처기업부).
    pub ministry: &'static str,
    /// `중소벤처기업부장관 귀하`
    pub addressee: &'static str,
    /// 협약기간: the agreement period the plan must cover exactly.
    pub period: Period,
    /// Budget years: the period's calendar years.
    pub years: [i32; 2],
    /// 2026-03-10: the deadline date (17:00).
    pub deadline: Date,
    /// Closing time on the deadline day, as printed (`17:00`).
    pub deadline_time: &'static str,
    /// Founded after this date: capital impairment is excused (7 years before the deadline).
    pub young_firm_after: Date,
    /// Average national funding per region over the period, and per year.
    pub national_average_total: Won,
    /// Average national funding per region per year, integer won; more is a warning.
    pub national_average_year: Won,
    /// (local + private) ≥ total × pct / 100.
    pub match_total_min_pct: i64,
    /// local ≥ total × pct / 100.
    pub match_local_min_pct: i64,
    /// In direct-support subprojects: national ≤ pct, local ≥ pct, SME share = pct,
    /// in-kind ≤ pct of the SME share.
    pub sme_national_max_pct: i64,
    /// Direct support: local ≥ total × pct / 100 (`sme-local-min`).
    pub sme_local_min_pct: i64,
    /// Direct support: the SME (private) share should equal this (`sme-share`, a warning).
    pub sme_share_pct: i64,
    /// Direct support: in-kind ≤ SME share × pct / 100 (`sme-in-kind-max`).
    pub sme_in_kind_max_pct: i64,
    /// The eligible regions; any other is `region-ineligible`.
    pub regions: &'static [Region],
}

/// An eligible region, with its short and official names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Short name (`대전`).
    pub short: &'static str,
    /// Official name (`대전광역시`).
    pub official: &'static str,
    /// The head of the regional government: 시장, 도지사.
    pub head: &'static str,
}

/// The 11 eligible regions of 2026 (Seoul and the regions selected in 2025 are not).
pub const REGIONS: [Region; 11] = [
    Region {
        short: "부산",
        official: "부산광역시",
        head: "시장",
    },
    Region {
        short: "인천",
        official: "인천광역시",
        head: "시장",
    },
    Region {
        short: "광주",
        official: "광주광역시",
        head: "시장",
    },
    Region {
        short: "대전",
        official: "대전광역시",
        head: "시장",
    },
    Region {
        short: "세종",
        official: "세종특별자치시",
        head: "시장",
    },
    Region {
        short: "강원",
        official: "강원특별자치도",
        head: "도지사",
    },
    Region {
        short: "전북",
        official: "전북특별자치도",
        head: "도지사",
    },
    Region {
        short: "경기",
        official: "경기도",
        head: "도지사",
    },
    Region {
        short: "충북",
        official: "충청북도",
        head: "도지사",
    },
    Region {
        short: "충남",
        official: "충청남도",
        head: "도지사",
    },
    Region {
        short: "경북",
        official: "경상북도",
        head: "도지사",
    },
];

/// The 2026 「지역 주도형 AI 대전환」 call (PROGRAM.md), profile id `ai-transition-2026`.
pub static AI_TRANSITION_2026: Program = Program {
    id: "ai-transition-2026",
    name: "2026년 지역 주도형 AI 대전환",
    ministry: "중소벤처기업부",
    addressee: "중소벤처기업부장관 귀하",
    period: Period {
        start: Date {
            year: 2026,
            month: 4,
            day: 1,
        },
        end: Date {
            year: 2027,
            month: 12,
            day: 31,
        },
    },
    years: [2026, 2027],
    deadline: Date {
        year: 2026,
        month: 3,
        day: 10,
    },
    deadline_time: "17:00",
    young_firm_after: Date {
        year: 2019,
        month: 3,
        day: 10,
    },
    national_average_total: 14_000_000_000,
    national_average_year: 7_000_000_000,
    match_total_min_pct: 40,
    match_local_min_pct: 20,
    sme_national_max_pct: 60,
    sme_local_min_pct: 20,
    sme_share_pct: 20,
    sme_in_kind_max_pct: 70,
    regions: &REGIONS,
};

impl Program {
    /// The profile named in the file, if known.
    pub fn by_id(id: &str) -> Option<&'static Program> {
        (id == AI_TRANSITION_2026.id).then_some(&AI_TRANSITION_2026)
    }

    /// Normalise a region name: short (`대전`) or official (`대전광역시`), surrounding space
    /// ignored. `None` for any region that is not eligible.
    pub fn region(&self, name: &str) -> Option<&'static Region> {
        let n = name.trim();
        self.regions
            .iter()
            .find(|r| r.short == n || r.official == n)
    }

    /// Founded after [`Program::young_firm_after`] (less than 7 years before the deadline),
    /// so 완전자본잠식 is excused.
    pub fn is_young_firm(&self, founded: Date) -> bool {
        founded > self.young_firm_after
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_short_and_official() {
        let p = &AI_TRANSITION_2026;
        assert_eq!(p.region("대전").unwrap().official, "대전광역시");
        assert_eq!(p.region(" 충청북도 ").unwrap().short, "충북");
        assert!(p.region("서울").is_none());
        assert!(p.region("서울특별시").is_none());
        assert!(p.region("울산광역시").is_none());
    }

    #[test]
    fn seven_year_rule_boundary() {
        let p = &AI_TRANSITION_2026;
        assert!(p.is_young_firm(Date::new(2019, 3, 11).unwrap()));
        assert!(!p.is_young_firm(Date::new(2019, 3, 10).unwrap()));
    }
}
