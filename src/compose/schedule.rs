//! 추진 일정 by quarter, as 02 사업계획서 prints it and the deck shows it: the period's quarters,
//! and in which of them each step falls — the start, each subproject in the years it has a
//! budget, each payment of the local contribution, the settlement.

use crate::figures::Figures;
use crate::model::{Consortium, Date};
use crate::program::Program;

/// The quarterly schedule of a consortium.
pub struct Schedule {
    /// Each year of the period and how many of its quarters the period covers.
    pub years: Vec<(i32, usize)>,
    /// Each quarter's label (`2분기`), in order.
    pub quarters: Vec<String>,
    /// Each step's label (`None` for a subproject without a title) and, per quarter, whether
    /// it falls there.
    pub rows: Vec<(Option<String>, Vec<bool>)>,
}

/// A date's quarter, counted from year 0.
fn quarter(d: Date) -> i32 {
    d.year * 4 + (d.month as i32 - 1) / 3
}

/// The schedule of `c` over its period (the call's when the file has none).
pub fn quarterly(c: &Consortium, f: &Figures, p: &Program) -> Schedule {
    let period = c.project.period.unwrap_or(p.period);
    let (first, last) = (quarter(period.start), quarter(period.end));
    let quarters: Vec<i32> = (first..=last).collect();
    let years = (first / 4..=last / 4)
        .map(|y| (y, quarters.iter().filter(|k| *k / 4 == y).count()))
        .collect();
    let marks = |hit: &dyn Fn(i32) -> bool| quarters.iter().map(|k| hit(*k)).collect();
    let mut rows = vec![(
        Some("협약 체결 및 사업 착수".to_string()),
        marks(&|k| k == first),
    )];
    for s in &c.subprojects {
        let years: Vec<i32> = f
            .subproject(s.id.as_str())
            .map(|x| {
                x.by_year
                    .iter()
                    .filter(|(_, v)| v.total() != 0)
                    .map(|(y, _)| *y)
                    .collect()
            })
            .unwrap_or_default();
        rows.push((s.title.clone(), marks(&|k| years.contains(&(k / 4)))));
    }
    let dues: Vec<i32> = c
        .local_contribution
        .iter()
        .flat_map(|l| &l.schedule)
        .filter_map(|i| i.due.map(quarter))
        .collect();
    if !dues.is_empty() {
        rows.push((Some("지방비 납입".into()), marks(&|k| dues.contains(&k))));
    }
    rows.push((Some("결과 보고 및 정산".into()), marks(&|k| k == last)));
    Schedule {
        years,
        quarters: quarters
            .iter()
            .map(|k| format!("{}분기", k % 4 + 1))
            .collect(),
        rows,
    }
}
