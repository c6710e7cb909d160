//! Every derived figure, computed once from the model. Checks and every document read these,
//! so two documents can never disagree about a total. Integer won only; ratios are exact
//! fractions compared by cross-multiplication.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{AssetSource, Consortium, Won};
use crate::program::Program;

/// The four sources of a budget amount.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Sources {
    /// 국비
    pub national: Won,
    /// 지방비
    pub local: Won,
    /// 민간부담금 현금
    pub private_cash: Won,
    /// 민간부담금 현물
    pub private_in_kind: Won,
}

impl Sources {
    /// 민간부담금 (cash + in-kind).
    pub fn private(&self) -> Won {
        self.private_cash.saturating_add(self.private_in_kind)
    }

    /// 지방비 + 민간부담금: the matching funds.
    pub fn matching(&self) -> Won {
        self.local.saturating_add(self.private())
    }

    /// 총사업비.
    pub fn total(&self) -> Won {
        self.national.saturating_add(self.matching())
    }

    /// One budget row's amounts by source.
    pub fn of_row(b: &crate::model::BudgetRow) -> Sources {
        Sources {
            national: b.national,
            local: b.local,
            private_cash: b.private_cash,
            private_in_kind: b.private_in_kind,
        }
    }

    /// Add another amount to this one, source by source (saturating).
    pub fn add(&mut self, o: &Sources) {
        self.national = self.national.saturating_add(o.national);
        self.local = self.local.saturating_add(o.local);
        self.private_cash = self.private_cash.saturating_add(o.private_cash);
        self.private_in_kind = self.private_in_kind.saturating_add(o.private_in_kind);
    }
}

/// An exact fraction `num / den`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ratio {
    /// Numerator, integer won.
    pub num: Won,
    /// Denominator, integer won; may be zero.
    pub den: Won,
}

impl Ratio {
    /// `num / den`, kept as given (not reduced).
    pub fn new(num: Won, den: Won) -> Ratio {
        Ratio { num, den }
    }

    /// `num / den ≥ pct %`, by cross-multiplication. An empty denominator meets any minimum.
    pub fn at_least(&self, pct: i64) -> bool {
        i128::from(self.num) * 100 >= i128::from(self.den) * i128::from(pct)
    }

    /// `num / den ≤ pct %`, by cross-multiplication.
    pub fn at_most(&self, pct: i64) -> bool {
        i128::from(self.num) * 100 <= i128::from(self.den) * i128::from(pct)
    }

    /// `num / den = pct %` exactly.
    pub fn equals(&self, pct: i64) -> bool {
        i128::from(self.num) * 100 == i128::from(self.den) * i128::from(pct)
    }

    /// The smallest numerator that meets `pct %` of the denominator (ceiling).
    pub fn min_num_for(&self, pct: i64) -> Won {
        let v = (i128::from(self.den) * i128::from(pct) + 99).div_euclid(100);
        Won::try_from(v).unwrap_or(Won::MAX)
    }

    /// The largest numerator within `pct %` of the denominator (floor).
    pub fn max_num_for(&self, pct: i64) -> Won {
        let v = (i128::from(self.den) * i128::from(pct)).div_euclid(100);
        Won::try_from(v).unwrap_or(Won::MAX)
    }

    /// Hundredths of a percent, rounded half up (for display only): 2636 for 26.36 %.
    pub fn basis_points(&self) -> i64 {
        if self.den == 0 {
            return 0;
        }
        let n = i128::from(self.num) * 10_000;
        let d = i128::from(self.den);
        let q = (2 * n + d).div_euclid(2 * d);
        i64::try_from(q).unwrap_or(i64::MAX)
    }

    /// `26.36%`; `-` when the denominator is zero.
    pub fn percent(&self) -> String {
        if self.den == 0 {
            return "-".to_string();
        }
        let bp = self.basis_points();
        let sign = if bp < 0 { "-" } else { "" };
        let bp = bp.abs();
        format!("{sign}{}.{:02}%", bp / 100, bp % 100)
    }
}

/// A member's share of the budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberFigures {
    /// The member's id.
    pub id: String,
    /// Its budget over the whole period, by source.
    pub total: Sources,
    /// Its budget by year; every year of [`Figures::years`] is present.
    pub by_year: BTreeMap<i32, Sources>,
    /// Subprojects it has budget rows in, or leads, in subproject order.
    pub subprojects: Vec<String>,
}

/// A subproject's budget, with the 60/20/20 shares when it is direct SME support.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubprojectFigures {
    /// The subproject's id.
    pub id: String,
    /// Its budget over the whole period, by source.
    pub total: Sources,
    /// Its budget by year; every year of [`Figures::years`] is present.
    pub by_year: BTreeMap<i32, Sources>,
    /// The 60/20/20 shares; `None` unless it is 중소기업 직접지원.
    pub sme: Option<SmeShares>,
}

/// A direct-support subproject's shares of its own total, for the 60/20/20 rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SmeShares {
    /// 국비 / total
    pub national: Ratio,
    /// 지방비 / total
    pub local: Ratio,
    /// 민간 (중소기업) / total
    pub private: Ratio,
    /// 현물 / 민간
    pub in_kind: Ratio,
}

/// One budget category's (비목) totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryFigures {
    /// 비목, as written in the budget rows.
    pub category: String,
    /// Its budget over the whole period, by source.
    pub total: Sources,
    /// Its budget by year; every year of [`Figures::years`] is present.
    pub by_year: BTreeMap<i32, Sources>,
}

/// Asset sums by source: 국비, 지방비, 민간.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AssetSums {
    /// 국비, integer won.
    pub national: Won,
    /// 지방비, integer won.
    pub local: Won,
    /// 민간 (cash + in-kind), integer won.
    pub private: Won,
}

impl AssetSums {
    /// 국비 + 지방비 + 민간 (saturating).
    pub fn total(&self) -> Won {
        self.national
            .saturating_add(self.local)
            .saturating_add(self.private)
    }

    fn add_sums(&mut self, o: &AssetSums) {
        self.national = self.national.saturating_add(o.national);
        self.local = self.local.saturating_add(o.local);
        self.private = self.private.saturating_add(o.private);
    }

    fn add(&mut self, source: AssetSource, amount: Won) {
        let slot = match source {
            AssetSource::National => &mut self.national,
            AssetSource::Local => &mut self.local,
            AssetSource::Private => &mut self.private,
        };
        *slot = slot.saturating_add(amount);
    }

    /// The budget's 자산취득비 in the same shape (민간 = cash + in-kind).
    pub fn from_budget(s: &Sources) -> AssetSums {
        AssetSums {
            national: s.national,
            local: s.local,
            private: s.private(),
        }
    }
}

/// A member's asset plan beside its 자산취득비 budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberAssets {
    /// The member's id.
    pub member: String,
    /// Indices into `Consortium::assets`, in file order.
    pub items: Vec<usize>,
    /// Its items' amounts (quantity × unit price, VAT included) over all years.
    pub total: AssetSums,
    /// The same by purchase year; only years that have items.
    pub by_year: BTreeMap<i32, AssetSums>,
    /// The member's 자산취득비 budget rows by year, and over both years.
    pub budget_by_year: BTreeMap<i32, AssetSums>,
    /// Its 자산취득비 budget over all years, in the same shape.
    pub budget_total: AssetSums,
}

/// Every derived figure of one consortium, computed once by [`Figures::compute`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// The years printed in tables: the program's budget years plus any other year the budget
    /// uses (those are errors, but the tables still add up).
    pub years: Vec<i32>,
    /// 총사업비 of the whole consortium over the period, by source.
    pub total: Sources,
    /// The same by year; every year of `years` is present.
    pub by_year: BTreeMap<i32, Sources>,
    /// Every member, in file order (the region too, usually with nothing).
    pub members: Vec<MemberFigures>,
    /// Every subproject, in file order.
    pub subprojects: Vec<SubprojectFigures>,
    /// Categories in the call's order, then unknown ones; only those with rows.
    pub categories: Vec<CategoryFigures>,
    /// (지방비 + 민간) / 총사업비
    pub matching_ratio: Ratio,
    /// 지방비 / 총사업비
    pub local_ratio: Ratio,
    /// 국비 / 총사업비
    pub national_ratio: Ratio,
    /// 민간부담금 (cash + in-kind) / 총사업비
    pub private_ratio: Ratio,
    /// The local contribution schedule by year, and its total.
    pub schedule_by_year: BTreeMap<i32, Won>,
    /// Sum of the whole schedule, integer won; 0 without a local contribution.
    pub schedule_total: Won,
    /// Members with assets or with 자산취득비, in member order.
    pub assets: Vec<MemberAssets>,
}

impl Figures {
    /// Compute every figure from the model. The program's budget years always appear in the
    /// by-year maps, even with no rows; its 비목 come in the profile's order.
    pub fn compute(c: &Consortium, program: &Program) -> Figures {
        let mut total = Sources::default();
        let mut by_year: BTreeMap<i32, Sources> = program
            .years
            .iter()
            .map(|y| (*y, Sources::default()))
            .collect();
        let mut members: Vec<MemberFigures> = c
            .members
            .iter()
            .map(|m| MemberFigures {
                id: m.id.to_string(),
                total: Sources::default(),
                by_year: by_year.clone(),
                subprojects: Vec::new(),
            })
            .collect();
        let mut subprojects: Vec<SubprojectFigures> = c
            .subprojects
            .iter()
            .map(|s| SubprojectFigures {
                id: s.id.to_string(),
                total: Sources::default(),
                by_year: by_year.clone(),
                sme: None,
            })
            .collect();
        let mut categories: Vec<CategoryFigures> = program
            .categories
            .iter()
            .map(|k| CategoryFigures {
                category: k.to_string(),
                total: Sources::default(),
                by_year: by_year.clone(),
            })
            .collect();
        let mut asset_budget: BTreeMap<&str, BTreeMap<i32, AssetSums>> = BTreeMap::new();

        for row in &c.budget {
            let s = Sources {
                national: row.national,
                local: row.local,
                private_cash: row.private_cash,
                private_in_kind: row.private_in_kind,
            };
            total.add(&s);
            by_year.entry(row.year).or_default().add(&s);
            if let Some(m) = members.iter_mut().find(|m| m.id == row.member.as_str()) {
                m.total.add(&s);
                m.by_year.entry(row.year).or_default().add(&s);
            }
            if let Some(p) = subprojects
                .iter_mut()
                .find(|p| p.id == row.subproject.as_str())
            {
                p.total.add(&s);
                p.by_year.entry(row.year).or_default().add(&s);
            }
            let cat = match categories.iter_mut().find(|k| k.category == row.category) {
                Some(k) => k,
                None => {
                    categories.push(CategoryFigures {
                        category: row.category.clone(),
                        total: Sources::default(),
                        by_year: BTreeMap::new(),
                    });
                    categories.last_mut().expect("just pushed")
                }
            };
            cat.total.add(&s);
            cat.by_year.entry(row.year).or_default().add(&s);
            if row.category == program.asset_category {
                let e = asset_budget
                    .entry(row.member.as_str())
                    .or_default()
                    .entry(row.year)
                    .or_default();
                e.add_sums(&AssetSums::from_budget(&s));
            }
        }
        categories.retain(|k| {
            k.total != Sources::default() || c.budget.iter().any(|r| r.category == k.category)
        });
        let years: Vec<i32> = by_year.keys().copied().collect();
        for m in &mut members {
            for y in &years {
                m.by_year.entry(*y).or_default();
            }
        }
        for p in &mut subprojects {
            for y in &years {
                p.by_year.entry(*y).or_default();
            }
        }
        for k in &mut categories {
            for y in &years {
                k.by_year.entry(*y).or_default();
            }
        }

        // Which subprojects each member takes part in: budget rows or leading, in subproject order.
        for m in &mut members {
            for sp in &c.subprojects {
                let takes_part = sp.lead.as_str() == m.id
                    || c.budget
                        .iter()
                        .any(|r| r.member.as_str() == m.id && r.subproject == sp.id);
                if takes_part {
                    m.subprojects.push(sp.id.to_string());
                }
            }
        }

        for (sp, f) in c.subprojects.iter().zip(subprojects.iter_mut()) {
            if sp.direct_sme_support {
                let t = f.total.total();
                f.sme = Some(SmeShares {
                    national: Ratio::new(f.total.national, t),
                    local: Ratio::new(f.total.local, t),
                    private: Ratio::new(f.total.private(), t),
                    in_kind: Ratio::new(f.total.private_in_kind, f.total.private()),
                });
            }
        }

        let mut schedule_by_year = BTreeMap::new();
        let mut schedule_total: Won = 0;
        if let Some(lc) = &c.local_contribution {
            for i in &lc.schedule {
                let e: &mut Won = schedule_by_year.entry(i.year).or_default();
                *e = e.saturating_add(i.amount);
                schedule_total = schedule_total.saturating_add(i.amount);
            }
        }

        let mut assets = Vec::new();
        for m in &c.members {
            let items: Vec<usize> = c
                .assets
                .iter()
                .enumerate()
                .filter(|(_, a)| a.member == m.id)
                .map(|(i, _)| i)
                .collect();
            let budget_by_year = asset_budget.remove(m.id.as_str()).unwrap_or_default();
            if items.is_empty() && budget_by_year.is_empty() {
                continue;
            }
            let mut total = AssetSums::default();
            let mut by_year: BTreeMap<i32, AssetSums> = BTreeMap::new();
            for &i in &items {
                let a = &c.assets[i];
                total.add(a.source, a.amount());
                by_year.entry(a.year).or_default().add(a.source, a.amount());
            }
            let mut budget_total = AssetSums::default();
            for b in budget_by_year.values() {
                budget_total.add_sums(b);
            }
            assets.push(MemberAssets {
                member: m.id.to_string(),
                items,
                total,
                by_year,
                budget_by_year,
                budget_total,
            });
        }

        let t = total.total();
        Figures {
            years,
            matching_ratio: Ratio::new(total.matching(), t),
            local_ratio: Ratio::new(total.local, t),
            national_ratio: Ratio::new(total.national, t),
            private_ratio: Ratio::new(total.private(), t),
            total,
            by_year,
            members,
            subprojects,
            categories,
            schedule_by_year,
            schedule_total,
            assets,
        }
    }

    /// A member's figures by id.
    pub fn member(&self, id: &str) -> Option<&MemberFigures> {
        self.members.iter().find(|m| m.id == id)
    }

    /// A subproject's figures by id.
    pub fn subproject(&self, id: &str) -> Option<&SubprojectFigures> {
        self.subprojects.iter().find(|s| s.id == id)
    }

    /// A member's asset plan by id; `None` when it has neither assets nor 자산취득비.
    pub fn member_assets(&self, id: &str) -> Option<&MemberAssets> {
        self.assets.iter().find(|a| a.member == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_cross_multiplication_is_exact() {
        let r = Ratio::new(4_780_000_000, 23_900_000_000);
        assert!(r.at_least(20));
        assert!(!Ratio::new(4_779_999_999, 23_900_000_000).at_least(20));
        assert_eq!(r.min_num_for(20), 4_780_000_000);
        assert_eq!(Ratio::new(1, 3).max_num_for(20), 0);
        assert_eq!(Ratio::new(1999, 10000).percent(), "19.99%");
        assert_eq!(Ratio::new(2, 3).percent(), "66.67%");
        assert_eq!(Ratio::new(1, 8).percent(), "12.50%");
        assert_eq!(Ratio::new(0, 0).percent(), "-");
        // 19.999 % is not 20 %, even though it prints as 20.00 %.
        assert!(!Ratio::new(19_999, 100_000).at_least(20));
    }
}
