//! 07 취득자산 구매계획서.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn asset_plan(&self, r: &mut Rec, mem: &Member) -> Map<String, Value> {
        let c = self.c;
        let f = self.f;
        let mut m = Map::new();
        m.insert("member".into(), self.institution(r, Some(mem)));
        let ma = f.member_assets(mem.id.as_str());
        let prefix = format!("자산[{}] ", mem.id);
        let items: Vec<Value> = ma
            .map(|a| a.items.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|i| c.assets.get(*i))
            .enumerate()
            .map(|(n, a)| {
                json!({
                    "name": a.name,
                    "spec": text(a.spec.as_ref()),
                    "quantity": r.won(format!("{prefix}{}번 수량", n + 1), a.quantity),
                    "unit_price": r.won(format!("{prefix}{}번 단가", n + 1), a.unit_price),
                    "amount": r.won(format!("{prefix}{}번 금액", n + 1), a.amount()),
                    "source": a.source.label(),
                    "year": a.year,
                    "subproject": self.subproject_title(a.subproject.as_str()),
                    "location": text(a.location.as_ref()),
                    "purpose": text(a.purpose.as_ref()),
                })
            })
            .collect();
        m.insert("items".into(), Value::Array(items));
        let years: Vec<Value> = f
            .years
            .iter()
            .map(|y| {
                let s = ma
                    .and_then(|a| a.by_year.get(y))
                    .copied()
                    .unwrap_or_default();
                let b = ma
                    .and_then(|a| a.budget_by_year.get(y))
                    .copied()
                    .unwrap_or_default();
                json!({
                    "year": y,
                    "national": r.won(format!("{prefix}{y}년 국비"), s.national),
                    "local": r.won(format!("{prefix}{y}년 지방비"), s.local),
                    "private": r.won(format!("{prefix}{y}년 민간"), s.private),
                    "total": r.won(format!("{prefix}{y}년 합계"), s.total()),
                    "budget": r.won(format!("기관[{}] {y}년 자산취득비", mem.id), b.total()),
                })
            })
            .collect();
        m.insert("years".into(), Value::Array(years));
        let t = ma.map(|a| a.total).unwrap_or_default();
        let budget_total = ma.map(|a| a.budget_total.total()).unwrap_or_default();
        m.insert(
            "total".into(),
            json!({
                "national": r.won(format!("{prefix}국비"), t.national),
                "local": r.won(format!("{prefix}지방비"), t.local),
                "private": r.won(format!("{prefix}민간"), t.private),
                "total": r.won(format!("{prefix}합계"), t.total()),
                "budget": r.won(format!("기관[{}] 자산취득비", mem.id), budget_total),
            }),
        );
        m
    }
}
