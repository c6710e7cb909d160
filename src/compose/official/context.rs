//! What an official form's values see: the context formpack's own template of that document
//! gets (`member`, `budget`, `share`, `date`, …), and the lists a `[[rows]]` entry repeats
//! over, with the data file's names. A member's form sees other members' public details
//! only: contacts and eligibility facts are its own member's alone.

use serde_json::{json, Map as JsonMap, Value};

use crate::compose::MISSING;
use crate::figures::{Figures, Sources};
use crate::model::{Consortium, Member};
use crate::program::{DocKind, Program};

/// The data one document's values see.
pub struct Scope<'a> {
    /// The consortium.
    pub c: &'a Consortium,
    /// Its figures.
    pub f: &'a Figures,
    /// The call's profile.
    pub p: &'a Program,
    /// Whose template context the values see.
    pub kind: DocKind,
    /// The member a per-member form is for.
    pub member: Option<&'a Member>,
}

fn sources(s: &Sources) -> Value {
    json!({
        "national": s.national,
        "local": s.local,
        "private_cash": s.private_cash,
        "private_in_kind": s.private_in_kind,
        "private": s.private(),
        "total": s.total(),
    })
}

/// Absent optional fields as `[미입력]`, so an expression naming them prints the blank marker
/// as templates do, and present ones as the data file has them.
fn with_blanks(v: Value, keys: &[&str]) -> Value {
    let mut m = match v {
        Value::Object(m) => m,
        other => return other,
    };
    for k in keys {
        m.entry(k.to_string())
            .or_insert_with(|| Value::from(MISSING));
    }
    Value::Object(m)
}

impl Scope<'_> {
    /// The root context: the template context of the document's kind.
    pub fn root(&self) -> Value {
        crate::compose::document_context(self.c, self.f, self.p, self.kind, self.member)
    }

    fn own(&self, m: &Member) -> bool {
        self.member.is_none_or(|own| own.id == m.id)
    }

    fn member(&self, m: &Member, no: usize) -> Value {
        let mut v = serde_json::to_value(m).unwrap_or(Value::Null);
        if let Value::Object(o) = &mut v {
            if !self.own(m) {
                o.remove("contact");
                o.remove("eligibility");
            }
            o.remove("seal");
            let rep = o.get("representative").cloned().unwrap_or(json!({}));
            o.insert(
                "representative".into(),
                with_blanks(rep, &["name", "title"]),
            );
            if self.own(m) {
                let contact = o.get("contact").cloned().unwrap_or(json!({}));
                let keys = ["name", "department", "position", "phone", "email"];
                o.insert("contact".into(), with_blanks(contact, &keys));
            }
            o.insert("kind".into(), Value::from(m.kind.label()));
            o.insert("role".into(), Value::from(m.role.label()));
            o.insert(
                "is_lead".into(),
                Value::from(m.role == crate::model::Role::Lead),
            );
            let share = self
                .f
                .member(m.id.as_str())
                .map(|x| x.total)
                .unwrap_or_default();
            o.insert("share".into(), sources(&share));
            o.insert("no".into(), Value::from(no));
        }
        // As the templates print them: no 법인등록번호 is "-", and so is a public body's
        // founding date.
        let mut v = with_blanks(v, &["registration_no", "address", "duty"]);
        if let Value::Object(o) = &mut v {
            o.entry("corporate_no").or_insert_with(|| Value::from("-"));
            let founded = if m.is_public_body() { "-" } else { MISSING };
            o.entry("founded").or_insert_with(|| Value::from(founded));
        }
        v
    }

    /// The items of list `name` (one of [`super::map::LISTS`]).
    pub fn list(&self, name: &str) -> Vec<Value> {
        let c = self.c;
        let mine = |id: &str| self.member.is_none_or(|m| m.id.as_str() == id);
        let numbered = |items: Vec<Value>| -> Vec<Value> {
            items
                .into_iter()
                .enumerate()
                .map(|(i, mut v)| {
                    if let Value::Object(o) = &mut v {
                        o.insert("no".into(), Value::from(i + 1));
                    }
                    v
                })
                .collect()
        };
        match name {
            "members" => c
                .members
                .iter()
                .enumerate()
                .map(|(i, m)| self.member(m, i + 1))
                .collect(),
            "performers" => c
                .members
                .iter()
                .filter(|m| m.is_performer())
                .enumerate()
                .map(|(i, m)| self.member(m, i + 1))
                .collect(),
            "budget" => numbered(
                c.budget
                    .iter()
                    .filter(|b| mine(b.member.as_str()))
                    .map(|b| {
                        let mut v = serde_json::to_value(b).unwrap_or(Value::Null);
                        if let Value::Object(o) = &mut v {
                            o.insert("total".into(), Value::from(Sources::of_row(b).total()));
                            o.insert("member_name".into(), self.name_of(b.member.as_str()));
                        }
                        v
                    })
                    .collect(),
            ),
            "assets" => numbered(
                c.assets
                    .iter()
                    .filter(|a| mine(a.member.as_str()))
                    .map(|a| {
                        let mut v = serde_json::to_value(a).unwrap_or(Value::Null);
                        if let Value::Object(o) = &mut v {
                            o.insert("amount".into(), Value::from(a.amount()));
                            o.insert("member_name".into(), self.name_of(a.member.as_str()));
                        }
                        v
                    })
                    .collect(),
            ),
            "subprojects" => numbered(
                c.subprojects
                    .iter()
                    .map(|s| {
                        let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
                        if let Value::Object(o) = &mut v {
                            let total = self
                                .f
                                .subproject(s.id.as_str())
                                .map(|x| x.total)
                                .unwrap_or_default();
                            o.insert("budget".into(), sources(&total));
                            o.insert("lead_name".into(), self.name_of(s.lead.as_str()));
                            o.insert("field".into(), Value::from(s.field.label()));
                        }
                        with_blanks(v, &["title"])
                    })
                    .collect(),
            ),
            "schedule" => numbered(
                c.local_contribution
                    .iter()
                    .flat_map(|l| &l.schedule)
                    .map(|s| serde_json::to_value(s).unwrap_or(Value::Null))
                    .collect(),
            ),
            _ => Vec::new(),
        }
    }

    fn name_of(&self, id: &str) -> Value {
        self.c
            .members
            .iter()
            .find(|m| m.id.as_str() == id)
            .map_or(Value::from(MISSING), |m| Value::from(m.name.as_str()))
    }
}

/// An item's context: its own fields, with the root's under `doc` for a value that needs
/// both (`{{doc.project.title}}`).
pub fn item(item: &Value, root: &Value) -> Value {
    let mut m: JsonMap<String, Value> = match item {
        Value::Object(o) => o.clone(),
        other => {
            let mut m = JsonMap::new();
            m.insert("value".into(), other.clone());
            m
        }
    };
    m.insert("doc".into(), root.clone());
    Value::Object(m)
}
