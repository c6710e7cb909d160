//! 02 사업비 총괄표.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn budget_summary(&self, r: &mut Rec) -> Map<String, Value> {
        let c = self.c;
        let f = self.f;
        let all = Source::ALL;
        let mut m = Map::new();
        r.seals
            .extend(crate::compose::charts::KEYS.iter().map(|k| k.to_string()));
        m.insert(
            "budget".into(),
            self.source_table(r, "", "총사업비", &f.by_year, &f.total, true),
        );
        m.insert("rules".into(), self.rules(r));
        let members: Vec<Value> = self
            .budget_members()
            .into_iter()
            .map(|mem| {
                let total = self.member_total(mem.id.as_str());
                json!({
                    "name": mem.name,
                    "role": mem.role.label(),
                    "src": Self::sources_row(r, &format!("기관[{}] ", mem.id), &total, &all),
                    "ratio": r.ratio(format!("기관[{}] 비율", mem.id), Ratio::new(total.total(), f.total.total())),
                })
            })
            .collect();
        m.insert("members".into(), Value::Array(members));
        let subs: Vec<Value> = c
            .subprojects
            .iter()
            .map(|s| {
                let total = self.subproject_total(s.id.as_str());
                json!({
                    "title": text(s.title.as_ref()),
                    "field": s.field.label(),
                    "lead": self.member_name(s.lead.as_str()),
                    "src": Self::sources_row(r, &format!("세부사업[{}] ", s.id), &total, &all),
                })
            })
            .collect();
        m.insert("subprojects".into(), Value::Array(subs));
        let totals = Self::sources_row(r, "", &f.total, &all);
        m.insert("totals".into(), totals);
        let cats: Vec<Value> = f
            .categories
            .iter()
            .map(|k| {
                let years: Vec<Value> = f
                    .years
                    .iter()
                    .map(|y| {
                        let s = k.by_year.get(y).copied().unwrap_or_default();
                        r.won(format!("비목[{}] {y}년", k.category), s.total())
                    })
                    .collect();
                json!({
                    "category": k.category,
                    "years": years,
                    "total": r.won(format!("비목[{}] 합계", k.category), k.total.total()),
                    "ratio": r.ratio(format!("비목[{}] 비율", k.category), Ratio::new(k.total.total(), f.total.total())),
                })
            })
            .collect();
        m.insert("categories".into(), Value::Array(cats));
        let p = self.p;
        let sme: Vec<Value> = c
            .subprojects
            .iter()
            .filter_map(|s| {
                let sf = f.subproject(s.id.as_str())?;
                let sh = sf.sme?;
                let key = |what: &str| format!("세부사업[{}] {what}", s.id);
                Some(json!({
                    "title": text(s.title.as_ref()),
                    "src": Self::sources_row(r, &format!("세부사업[{}] ", s.id), &sf.total, &[Source::Private]),
                    "national": {"ratio": r.ratio(key("국비 비율"), sh.national), "rule": format!("{}% 이하", p.sme_national_max_pct), "met": sh.national.at_most(p.sme_national_max_pct)},
                    "local": {"ratio": r.ratio(key("지방비 비율"), sh.local), "rule": format!("{}% 이상", p.sme_local_min_pct), "met": sh.local.at_least(p.sme_local_min_pct)},
                    "private": {"ratio": r.ratio(key("민간부담금 비율"), sh.private), "rule": format!("{}%", p.sme_share_pct), "met": sh.private.equals(p.sme_share_pct)},
                    "in_kind": {"ratio": r.ratio(key("현물 비율"), sh.in_kind), "rule": format!("민간부담금의 {}% 이하", p.sme_in_kind_max_pct), "met": sh.in_kind.at_most(p.sme_in_kind_max_pct)},
                }))
            })
            .collect();
        m.insert("sme".into(), Value::Array(sme));
        m
    }
}
