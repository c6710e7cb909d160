//! `glyph-missing`: a character that none of the bundled fonts has would print in the PDF as a
//! box (□) and be missing from its text layer — a signed attestation naming 姜하늘 as □하늘.
//! The PDF falls back per character through all five fonts (formpack-layout's
//! `FontId::fallbacks`), so only what none of them has is reported, at the field holding it.

use serde_json::Value;

use super::Cx;
use crate::diag::Code;

pub(super) fn check(cx: &mut Cx) {
    // The model as the file spells it (field names, list indexes), so a path is the one the
    // loader recorded positions under.
    let Ok(tree) = serde_json::to_value(cx.data) else {
        return;
    };
    let mut found: Vec<(String, Vec<char>, Option<String>)> = Vec::new();
    walk(&tree, String::new(), None, &mut found);
    // In file order, as every theme reports (the model's JSON has its keys sorted); a
    // workbook's cells keep the model's order.
    let mut found: Vec<_> = found
        .into_iter()
        .map(|f| {
            let at = cx.input.map.locate(&f.0);
            ((at.line.unwrap_or(u32::MAX), at.column.unwrap_or(0)), f)
        })
        .collect();
    found.sort_by_key(|(at, _)| *at);
    for (_, (path, chars, member)) in found {
        let field = label(&path);
        let whose = match &member {
            Some(id) => format!("{}의 {field}", cx.member_name(id)),
            None => field,
        };
        let list = chars
            .iter()
            .map(|c| format!("‘{c}’(U+{:04X})", u32::from(*c)))
            .collect::<Vec<_>>()
            .join(", ");
        cx.warn(
            Code::GlyphMissing,
            &path,
            format!(
                "{whose}에 번들 글꼴(나눔명조, 나눔고딕, DejaVu Sans) 어디에도 없는 글자가 있습니다: {list}. PDF에는 빈 네모(□)로 인쇄되고 PDF의 글자에서도 빠지니, 다른 글자로 바꾸거나 그 글자가 있는 글꼴을 --font-dir로 주십시오."
            ),
        );
    }
}

/// Every string of the model with the characters no bundled font has, with its path and the
/// member it belongs to (a `members[i]` entry's id, or the `member` of the nearest object that
/// names one: a person, a budget row, an asset).
fn walk(
    v: &Value,
    path: String,
    member: Option<&str>,
    out: &mut Vec<(String, Vec<char>, Option<String>)>,
) {
    match v {
        Value::String(s) => {
            let missing = crate::render::missing_glyphs(s);
            if !missing.is_empty() {
                out.push((path, missing, member.map(str::to_string)));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let here = format!("{path}[{i}]");
                let own = (path == "members")
                    .then(|| item.get("id").and_then(Value::as_str))
                    .flatten();
                walk(item, here, own.or(member), out);
            }
        }
        Value::Object(fields) => {
            let own = fields.get("member").and_then(Value::as_str);
            for (key, item) in fields {
                // A seal is a file name, never printed.
                if key == "seal" && path.starts_with("members[") {
                    continue;
                }
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(item, here, own.or(member), out);
            }
        }
        _ => {}
    }
}

/// The field in Korean for the common places of a name (`대표자 성명 (members[5].representative.name)`),
/// else its path.
fn label(path: &str) -> String {
    let tail: Vec<&str> = path.rsplit('.').take(2).collect();
    let known = match (tail.get(1).copied().unwrap_or(""), tail[0]) {
        ("representative", "name") => Some("대표자 성명"),
        ("representative", "title") => Some("대표자 직위"),
        ("contact", "name") => Some("담당자 성명"),
        ("contact", "department") => Some("담당자 부서"),
        ("contact", "position") => Some("담당자 직위"),
        ("director", "name") => Some("사업책임자 성명"),
        ("manager", "name") => Some("실무책임자 성명"),
        ("project", "title") => Some("과제명"),
        (_, "address") => Some("주소"),
        (_, "duty") => Some("담당 역할"),
        (p, "name") if p.starts_with("members[") => Some("기관명"),
        _ => None,
    };
    match known {
        Some(k) => format!("{k}({path})"),
        None => format!("‘{path}’"),
    }
}
