//! 03 컨소시엄 협약서.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn agreement(&self, r: &mut Rec) -> Map<String, Value> {
        let c = self.c;
        let f = self.f;
        let mut m = Map::new();
        let applicant = self.by_role(Role::Applicant);
        let lead = self.by_role(Role::Lead);
        m.insert("applicant".into(), self.institution(r, applicant));
        m.insert("lead".into(), self.institution(r, lead));
        let parties: Vec<Value> = c
            .members
            .iter()
            .map(|mem| {
                let mut v = self.institution(r, Some(mem));
                let roles: Vec<Value> = f
                    .member(mem.id.as_str())
                    .map(|x| {
                        x.subprojects
                            .iter()
                            .map(|s| self.subproject_title(s))
                            .collect()
                    })
                    .unwrap_or_default();
                v["subprojects"] = Value::Array(roles);
                v
            })
            .collect();
        let participants: Vec<Value> = c
            .members
            .iter()
            .filter(|x| x.role == Role::Participant)
            .map(|x| Value::from(x.name.as_str()))
            .collect();
        m.insert("participants".into(), Value::Array(participants));
        m.insert("party_count".into(), Value::from(c.members.len()));
        m.insert("parties".into(), Value::Array(parties));
        m.insert(
            "budget".into(),
            self.source_table(r, "", "총사업비", &f.by_year, &f.total, true),
        );
        m.insert(
            "total_words".into(),
            r.words("총사업비(한글)", f.total.total()),
        );
        let all = Source::ALL;
        let shares: Vec<Value> = self
            .budget_members()
            .into_iter()
            .map(|mem| {
                let mf = f.member(mem.id.as_str());
                let prefix = format!("기관[{}] ", mem.id);
                let years: Vec<Value> = f
                    .years
                    .iter()
                    .map(|y| {
                        let s = mf.and_then(|x| x.by_year.get(y)).copied().unwrap_or_default();
                        json!({"year": y, "src": Self::sources_row(r, &format!("{prefix}{y}년 "), &s, &all)})
                    })
                    .collect();
                let total = mf.map(|x| x.total).unwrap_or_default();
                json!({
                    "name": mem.name,
                    "rows": years.len() + 1,
                    "years": years,
                    "total": Self::sources_row(r, &prefix, &total, &all),
                })
            })
            .collect();
        m.insert("shares".into(), Value::Array(shares));
        let year_totals: Vec<Value> = f
            .years
            .iter()
            .map(|y| {
                let s = f.by_year.get(y).copied().unwrap_or_default();
                json!({"year": y, "src": Self::sources_row(r, &format!("{y}년 "), &s, &all)})
            })
            .collect();
        m.insert("year_totals".into(), Value::Array(year_totals));
        m.insert("year_count".into(), Value::from(f.years.len()));
        m.insert("totals".into(), Self::sources_row(r, "", &f.total, &all));
        r.shown
            .insert("총사업비".into(), korean::won(f.total.total()));
        r.shown.remove("합계");
        m
    }
}
