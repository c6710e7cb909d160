//! `formpack diff OLD NEW`.

use std::path::Path;

use super::ReportFormat;
use std::sync::Arc;

use crate::diff::{diff_with, Report};
use crate::program::Program;

pub fn run(old: &Path, new: &Path, format: ReportFormat, program: Option<&Arc<Program>>) -> u8 {
    let report = match diff_with(old, new, program) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("formpack: {e}");
            return 2;
        }
    };
    match format {
        ReportFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serialises")
        ),
        ReportFormat::Text => print!("{}", text(&report)),
    }
    0
}

const AMOUNT_KEYS: [&str; 7] = [
    "national",
    "local",
    "private_cash",
    "private_in_kind",
    "unit_price",
    "amount",
    "equity",
];

fn shown(path: &str, v: &Option<String>) -> String {
    let Some(v) = v else {
        return "(없음)".to_string();
    };
    let key = path.rsplit('.').next().unwrap_or(path);
    match v.parse::<i64>() {
        Ok(n) if AMOUNT_KEYS.contains(&key) => format!("{}원", crate::korean::won(n)),
        _ => v.clone(),
    }
}

pub fn text(r: &Report) -> String {
    let mut s = String::new();
    if r.fields.is_empty() && r.documents.is_empty() {
        s.push_str("달라진 내용이 없습니다.\n");
        return s;
    }
    s.push_str(&format!("바뀐 항목 {}건\n", r.fields.len()));
    for f in &r.fields {
        s.push_str(&format!(
            "  {}: {} → {}\n",
            f.path,
            shown(&f.path, &f.old),
            shown(&f.path, &f.new)
        ));
    }
    s.push_str(&format!("\n바뀐 문서 {}건\n", r.documents.len()));
    for d in &r.documents {
        let member = d
            .member
            .as_deref()
            .map(|m| format!(" [{m}]"))
            .unwrap_or_default();
        let change = match (&d.old, &d.new) {
            (Some(o), Some(n)) => format!("{o} → {n}"),
            (None, Some(n)) => format!("새 문서 {n}"),
            (Some(o), None) => format!("없어짐 (이전 {o})"),
            (None, None) => String::new(),
        };
        s.push_str(&format!(
            "  {}{}: 문서확인번호 {}\n",
            d.document, member, change
        ));
    }
    s.push_str(&format!("\n다시 서명할 기관 {}곳\n", r.resign.len()));
    for m in &r.resign {
        s.push_str(&format!("  {}: {}\n", m.member, m.documents.join(", ")));
    }
    s
}
