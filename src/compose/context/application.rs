//! 01 사업신청서.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn application(&self, r: &mut Rec) -> Map<String, Value> {
        let c = self.c;
        let f = self.f;
        let applicant = self.by_role(Role::Applicant);
        let lead = self.by_role(Role::Lead);
        let mut m = Map::new();
        m.insert("summary".into(), text(c.project.summary.as_ref()));
        m.insert(
            "budget".into(),
            self.source_table(r, "", "총사업비", &f.by_year, &f.total, true),
        );
        m.insert("rules".into(), self.rules(r));
        let mut applicant_v = self.institution(r, applicant);
        applicant_v["contact"] = Self::contact(applicant);
        m.insert("applicant".into(), applicant_v);
        let mut lead_v = self.institution(r, lead);
        lead_v["contact"] = Self::contact(lead);
        m.insert("lead".into(), lead_v);
        m.insert("director".into(), Self::person(c.project.director.as_ref()));
        m.insert("manager".into(), Self::person(c.project.manager.as_ref()));
        let members: Vec<Value> = self
            .budget_members()
            .into_iter()
            .map(|mem| {
                let total = self.member_total(mem.id.as_str());
                let mut v = self.institution(r, Some(mem));
                v["seal"] = Value::from("");
                v["budget"] = Self::sources_row(
                    r,
                    &format!("기관[{}] ", mem.id),
                    &total,
                    &[
                        Source::National,
                        Source::Local,
                        Source::Private,
                        Source::Total,
                    ],
                );
                v
            })
            .collect();
        // The seals of the table rows are not printed; only the signers' are.
        r.seals.retain(|k| {
            applicant.is_some_and(|a| a.id.as_str() == k)
                || lead.is_some_and(|l| l.id.as_str() == k)
        });
        m.insert("members".into(), Value::Array(members));
        m.insert(
            "members_total".into(),
            Self::sources_row(
                r,
                "",
                &f.total,
                &[
                    Source::National,
                    Source::Local,
                    Source::Private,
                    Source::Total,
                ],
            ),
        );
        let subs: Vec<Value> = c
            .subprojects
            .iter()
            .map(|s| {
                let total = self.subproject_total(s.id.as_str());
                json!({
                    "title": text(s.title.as_ref()),
                    "field": s.field.long_label(),
                    "lead": self.member_name(s.lead.as_str()),
                    "total": r.won(format!("세부사업[{}] 합계", s.id), total.total()),
                    "direct_sme_support": s.direct_sme_support,
                })
            })
            .collect();
        m.insert("subprojects".into(), Value::Array(subs));
        m
    }
}
