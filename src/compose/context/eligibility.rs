//! 05 신청자격 적정성 확인서.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn eligibility(&self, r: &mut Rec, mem: &Member) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("member".into(), self.institution(r, Some(mem)));
        let e = mem.eligibility.as_ref();
        let public = mem.is_public_body();
        let young = !public && mem.founded.is_some_and(|d| self.p.is_young_firm(d));
        let answer = |yes: Option<bool>| match yes {
            Some(y) => json!({"yes": y, "no": !y, "na": false, "reason": ""}),
            None => json!({"yes": false, "no": false, "na": false, "reason": ""}),
        };
        let na = |reason: String| json!({"yes": false, "no": false, "na": true, "reason": reason});
        let public_reason = format!("공공기관({})으로 해당없음", mem.kind.label());

        let duplicate = answer(e.map(|e| e.duplicate_funding));
        let impaired = if public {
            na(public_reason.clone())
        } else if young {
            let founded = mem.founded.map(|d| d.official()).unwrap_or_default();
            na(format!(
                "기준일 현재 설립 {}년 미만 기업({founded} 설립)으로 적용 제외",
                self.p.young_firm_years
            ))
        } else {
            answer(e.map(|e| e.equity < 0))
        };
        let status = match e {
            Some(e) => answer(Some(
                e.business_status != crate::model::BusinessStatus::Normal,
            )),
            None if public => na(public_reason.clone()),
            None => answer(None),
        };
        let arrears = answer(e.map(|e| e.tax_arrears));
        let detail_equity = match e {
            Some(e) => {
                if !public && !young {
                    r.won("자본총계", e.equity);
                }
                json!({"equity": e.equity, "settlement_date": e.settlement_date.to_string(), "known": true})
            }
            None => json!({"equity": MISSING, "settlement_date": MISSING, "known": false}),
        };
        let status_label = e.map_or(MISSING, |e| e.business_status.label());
        m.insert(
            "checks".into(),
            json!({
                "duplicate": duplicate,
                "impaired": impaired,
                "status": status,
                "arrears": arrears,
            }),
        );
        m.insert("equity".into(), detail_equity);
        m.insert("business_status".into(), Value::from(status_label));
        m.insert("deadline".into(), Value::from(self.p.deadline.to_string()));
        m
    }
}
