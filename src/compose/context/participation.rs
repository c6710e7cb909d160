//! 04 참여 의사 확인서.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn participation(&self, r: &mut Rec, mem: &Member) -> Map<String, Value> {
        let f = self.f;
        let mut m = Map::new();
        let mut inst = self.institution(r, Some(mem));
        inst["phone"] = text(mem.contact.as_ref().and_then(|c| c.phone.as_ref()));
        m.insert("member".into(), inst);
        m.insert(
            "lead_name".into(),
            self.by_role(Role::Lead)
                .map_or(Value::from(MISSING), |l| Value::from(l.name.as_str())),
        );
        let mf = f.member(mem.id.as_str());
        let subs: Vec<Value> = mf
            .map(|x| x.subprojects.clone())
            .unwrap_or_default()
            .iter()
            .filter_map(|id| self.c.subprojects.iter().find(|s| s.id.as_str() == id))
            .map(|s| {
                json!({
                    "title": text(s.title.as_ref()),
                    "field": s.field.long_label(),
                    "leads": s.lead == mem.id,
                })
            })
            .collect();
        m.insert("subprojects".into(), Value::Array(subs));
        let by_year = mf.map(|x| x.by_year.clone()).unwrap_or_default();
        let total = mf.map(|x| x.total).unwrap_or_default();
        let prefix = format!("기관[{}] ", mem.id);
        m.insert(
            "budget".into(),
            self.source_table(r, &prefix, "합계", &by_year, &total, false),
        );
        r.won("분담액 합계", total.total());
        m.insert("share".into(), r.words("분담액(한글)", total.total()));
        m.insert(
            "own".into(),
            r.words_or_none("자기부담금(한글)", total.private()),
        );
        m.insert(
            "own_cash".into(),
            r.won(format!("{prefix}민간부담금 현금"), total.private_cash),
        );
        m.insert(
            "own_in_kind".into(),
            r.won(format!("{prefix}민간부담금 현물"), total.private_in_kind),
        );
        m
    }
}
