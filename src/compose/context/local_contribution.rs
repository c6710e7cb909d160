//! 06 자치단체 부담금 납입협약서.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn local_contribution(&self, r: &mut Rec) -> Map<String, Value> {
        let c = self.c;
        let f = self.f;
        let lc = c.local_contribution.as_ref();
        let find = |id: &str| c.members.iter().find(|m| m.id.as_str() == id);
        let payer = lc
            .and_then(|l| find(l.payer.as_str()))
            .or_else(|| self.by_role(Role::Applicant));
        let payee = lc
            .and_then(|l| find(l.payee.as_str()))
            .or_else(|| self.by_role(Role::Lead));
        let mut m = Map::new();
        m.insert("payer".into(), self.institution(r, payer));
        m.insert("payee".into(), self.institution(r, payee));
        m.insert(
            "budget".into(),
            self.source_table(r, "", "총사업비", &f.by_year, &f.total, true),
        );
        let installments = lc.map(|l| l.schedule.as_slice()).unwrap_or_default();
        // A year paid at once shows its amount as `2026년 지방비 납입액`; a year paid in
        // installments shows each under its own name (`2027년 2차 지방비 납입액`), so no
        // printed amount is recorded over another.
        let mut of_year: BTreeMap<i32, usize> = BTreeMap::new();
        for i in installments {
            *of_year.entry(i.year).or_default() += 1;
        }
        let mut nth: BTreeMap<i32, usize> = BTreeMap::new();
        let schedule: Vec<Value> = installments
            .iter()
            .map(|i| {
                let k = nth.entry(i.year).or_default();
                *k += 1;
                let name = if of_year[&i.year] > 1 {
                    format!("{}년 {k}차 지방비 납입액", i.year)
                } else {
                    format!("{}년 지방비 납입액", i.year)
                };
                json!({
                    "year": i.year,
                    "amount": r.won(name, i.amount),
                    "due": date(i.due),
                })
            })
            .collect();
        m.insert("schedule".into(), Value::Array(schedule));
        m.insert(
            "schedule_total".into(),
            r.won("지방비 납입액 합계", f.schedule_total),
        );
        m.insert(
            "schedule_words".into(),
            r.words("지방비 납입액 합계(한글)", f.schedule_total),
        );
        let acc = lc.and_then(|l| l.account.clone()).unwrap_or_default();
        m.insert(
            "account".into(),
            json!({
                "bank": text(acc.bank.as_ref()),
                "number": text(acc.number.as_ref()),
                "holder": text(acc.holder.as_ref()),
            }),
        );
        m
    }
}
