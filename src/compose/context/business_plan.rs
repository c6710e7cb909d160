//! 02 사업계획서: the committee's scored headings, each with the `plan` text (or its prompt)
//! and the parts the profile fills in from the data.

use super::*;
use crate::compose::{equal_widths, plan_sections};
use crate::model::PlanBlock;
use crate::program::Fact;

/// Roman numerals for the chapters (Ⅰ … Ⅻ), then plain numbers.
fn roman(i: usize) -> String {
    const R: [&str; 12] = ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "Ⅶ", "Ⅷ", "Ⅸ", "Ⅹ", "Ⅺ", "Ⅻ"];
    R.get(i)
        .map_or_else(|| (i + 1).to_string(), |r| r.to_string())
}

fn block(b: &PlanBlock) -> Value {
    match b {
        PlanBlock::Text(t) => json!({"kind": "text", "text": t}),
        PlanBlock::Subheading(t) => json!({"kind": "subheading", "text": t}),
        PlanBlock::Bullets(items) => json!({"kind": "bullets", "items": items}),
        PlanBlock::Table(rows) => {
            let widths: Vec<String> = equal_widths(rows.first().map_or(1, Vec::len))
                .iter()
                .map(|w| w.to_string())
                .collect();
            let cells = |r: &Vec<crate::model::Cell>| -> Value {
                r.iter().map(|c| Value::from(c.0.as_str())).collect()
            };
            json!({
                "kind": "table",
                "widths": widths.join(","),
                "header": rows.first().map_or(Value::Array(Vec::new()), cells),
                "rows": rows.iter().skip(1).map(cells).collect::<Vec<_>>(),
            })
        }
    }
}

/// What makes a part of the plan.
type Make<'b> = &'b dyn Fn(&mut Rec) -> Value;

/// A part of the plan made with `make`: its figures are recorded only when a heading prints
/// it (the part is in the context either way, for templates in strict mode).
fn part(r: &mut Rec, shown: bool, make: Make) -> Value {
    if shown {
        make(r)
    } else {
        make(&mut Rec::default())
    }
}

impl<'a> Builder<'a> {
    pub(super) fn business_plan(&self, r: &mut Rec) -> Map<String, Value> {
        let c = self.c;
        let f = self.f;
        let mut m = Map::new();
        m.insert("summary".into(), text(c.project.summary.as_ref()));
        m.insert("lead".into(), self.member_name_of(Role::Lead));
        m.insert(
            "budget".into(),
            self.source_table(r, "", "총사업비", &f.by_year, &f.total, true),
        );
        let sections: Vec<Value> = plan_sections(c, self.p)
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut facts = Map::new();
                for k in Fact::ALL {
                    facts.insert(k.key().replace('-', "_"), Value::from(s.facts.contains(&k)));
                }
                json!({
                    "number": roman(i),
                    "heading": s.heading,
                    "points": s.points.map_or(Value::Null, Value::from),
                    "prompt": s.prompt,
                    "written": s.blocks.is_some(),
                    "blocks": s.blocks.iter().flatten().map(block).collect::<Vec<_>>(),
                    "facts": facts,
                })
            })
            .collect();
        let uses = |k: Fact| self.p.evaluation.iter().any(|e| e.facts.contains(&k));
        m.insert("sections".into(), Value::Array(sections));
        if uses(Fact::Budget) {
            r.seals
                .extend(crate::compose::charts::KEYS.iter().map(|k| k.to_string()));
        }
        let parts: [(&str, Fact, Make); 4] = [
            ("consortium", Fact::Consortium, &|r| self.plan_consortium(r)),
            ("subprojects", Fact::Subprojects, &|r| {
                self.plan_subprojects(r)
            }),
            ("assets", Fact::Assets, &|r| self.plan_assets(r)),
            ("local", Fact::LocalContribution, &|r| self.plan_local(r)),
        ];
        for (key, fact, make) in parts {
            m.insert(key.into(), part(r, uses(fact), make));
        }
        m.insert("schedule".into(), self.plan_schedule());
        m
    }

    fn member_name_of(&self, role: Role) -> Value {
        self.by_role(role)
            .map_or(Value::from(MISSING), |m| Value::from(m.name.as_str()))
    }

    /// 컨소시엄 구성과 역할.
    fn plan_consortium(&self, r: &mut Rec) -> Value {
        let f = self.f;
        let performers = self.budget_members();
        let rows: Vec<Value> = self
            .c
            .members
            .iter()
            .map(|mem| {
                let total = self.member_total(mem.id.as_str());
                let performs = performers.iter().any(|b| b.id == mem.id);
                json!({
                    "name": mem.name,
                    "kind": mem.kind.label(),
                    "role": mem.role.label(),
                    "duty": text(mem.duty.as_ref()),
                    "performs": performs,
                    "total": if performs { r.won(format!("기관[{}] 합계", mem.id), total.total()) } else { Value::from(0) },
                    "ratio": if performs { r.ratio(format!("기관[{}] 비율", mem.id), Ratio::new(total.total(), f.total.total())) } else { json!({"num": 0, "den": 0}) },
                })
            })
            .collect();
        json!({"rows": rows, "total": r.won("총사업비", f.total.total())})
    }

    /// 세부사업.
    fn plan_subprojects(&self, r: &mut Rec) -> Value {
        let rows: Vec<Value> = self
            .c
            .subprojects
            .iter()
            .map(|s| {
                let total = self.subproject_total(s.id.as_str());
                json!({
                    "title": text(s.title.as_ref()),
                    "field": s.field.label(),
                    "lead": self.member_name(s.lead.as_str()),
                    "sme": s.direct_sme_support,
                    "total": r.won(format!("세부사업[{}] 합계", s.id), total.total()),
                })
            })
            .collect();
        Value::Array(rows)
    }

    /// 추진 일정: the period's quarters, and in which of them each step falls
    /// ([`crate::compose::schedule`]), with the table's column widths.
    fn plan_schedule(&self) -> Value {
        let s = crate::compose::schedule::quarterly(self.c, self.f, self.p);
        let years: Vec<Value> = s
            .years
            .iter()
            .map(|(y, n)| json!({"year": y, "quarters": n}))
            .collect();
        let rows: Vec<Value> = s
            .rows
            .iter()
            .map(|(label, marks)| json!({"label": text(label.as_ref()), "marks": marks}))
            .collect();
        let quarters = &s.quarters;
        let first_w = 28;
        let each = (100 - first_w) / quarters.len().max(1);
        let widths: Vec<String> = std::iter::once(100 - each * quarters.len())
            .chain(std::iter::repeat_n(each, quarters.len()))
            .map(|w| w.to_string())
            .collect();
        json!({"years": years, "quarters": quarters, "rows": rows, "widths": widths.join(",")})
    }

    /// 취득자산 구매계획 요약: each buying member's assets by source (07's figures).
    fn plan_assets(&self, r: &mut Rec) -> Value {
        let f = self.f;
        let rows: Vec<Value> = f
            .assets
            .iter()
            .map(|a| {
                let p = format!("자산[{}] ", a.member);
                json!({
                    "name": self.member_name(&a.member),
                    "items": a.items.len(),
                    "national": r.won(format!("{p}국비"), a.total.national),
                    "local": r.won(format!("{p}지방비"), a.total.local),
                    "private": r.won(format!("{p}민간"), a.total.private),
                    "total": r.won(format!("{p}합계"), a.total.total()),
                })
            })
            .collect();
        Value::Array(rows)
    }

    /// 지방비 부담 계획: the budget's 지방비 by year beside what the schedule pays.
    fn plan_local(&self, r: &mut Rec) -> Value {
        let f = self.f;
        let dues: BTreeMap<i32, Vec<Value>> = self
            .c
            .local_contribution
            .iter()
            .flat_map(|l| &l.schedule)
            .fold(BTreeMap::new(), |mut m, i| {
                m.entry(i.year).or_default().push(date(i.due));
                m
            });
        let years: Vec<Value> = f
            .years
            .iter()
            .map(|y| {
                let budget = f.by_year.get(y).map(|s| s.local).unwrap_or_default();
                let paid = f.schedule_by_year.get(y).copied().unwrap_or_default();
                let due = dues.get(y).cloned().unwrap_or_default();
                // One payment a year is 06's `2026년 지방비 납입액`; several are their sum.
                let name = if due.len() > 1 {
                    format!("{y}년 지방비 납입액 합계")
                } else {
                    format!("{y}년 지방비 납입액")
                };
                json!({
                    "year": y,
                    "budget": r.won(format!("{y}년 지방비"), budget),
                    "paid": r.won(name, paid),
                    "due": due,
                })
            })
            .collect();
        let p = self.p;
        json!({
            "years": years,
            "budget": r.won("지방비", f.total.local),
            "paid": r.won("지방비 납입액 합계", f.schedule_total),
            "ratio": r.ratio("지방비 비율", f.local_ratio),
            "rule": format!("{}% 이상", p.match_local_min_pct),
            "met": f.local_ratio.at_least(p.match_local_min_pct),
        })
    }
}
