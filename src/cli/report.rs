//! Printing diagnostics, shared by `check` and every command that reports findings (`build`).
//!
//! Text: findings grouped by severity (오류 first, then 경고), one line each
//! `code  location  message`, then a Korean summary line. JSON: exactly
//! `{"diagnostics":[{"code","severity","message","location":{…}}]}`.

use std::io::IsTerminal;

use serde_json::json;

use crate::diag::{Diagnostic, Severity};
use crate::figures::Figures;

/// Colour only for a terminal, and never when NO_COLOR is set (to anything non-empty).
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The diagnostics as text, grouped by severity, with a summary line. `figures` (when the
/// file could be read) adds the key figures to the summary.
pub fn text(diags: &[Diagnostic], figures: Option<&Figures>, color: bool) -> String {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    for sev in [Severity::Error, Severity::Warning] {
        let group: Vec<&Diagnostic> = diags.iter().filter(|d| d.severity == sev).collect();
        if group.is_empty() {
            continue;
        }
        let colour = if sev == Severity::Error {
            "1;31"
        } else {
            "1;33"
        };
        out.push_str(&paint(
            colour,
            &format!("{} {}건", sev.label_ko(), group.len()),
        ));
        out.push('\n');
        let width = group
            .iter()
            .map(|d| d.code.as_str().len())
            .max()
            .unwrap_or(0);
        for d in group {
            let code = format!("{:width$}", d.code);
            out.push_str(&format!(
                "  {}  {}  {}\n",
                paint(colour.trim_start_matches("1;"), &code),
                d.location,
                d.message
            ));
            if let Some(detail) = &d.detail {
                out.push_str(&format!("      자세히: {detail}\n"));
            }
        }
    }
    let figures_line = figures.map(crate::korean::key_figures);
    let summary = if diags.is_empty() {
        format!("문제 없음: {}", figures_line.unwrap_or_default())
    } else {
        let mut s = format!("오류 {errors}건, 경고 {warnings}건");
        if let Some(f) = figures_line {
            s.push_str(&format!(" — {f}"));
        }
        s
    };
    let colour = if errors > 0 {
        "1;31"
    } else if warnings > 0 {
        "1;33"
    } else {
        "1;32"
    };
    out.push_str(&paint(colour, summary.trim_end()));
    out.push('\n');
    out
}

/// `{"diagnostics":[…]}`, pretty-printed, with a trailing newline.
pub fn json(diags: &[Diagnostic]) -> String {
    let items: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let mut item = json!({
                "code": d.code.as_str(),
                "severity": d.severity,
                "message": d.message,
                "location": {
                    "file": d.location.file,
                    "line": d.location.line,
                    "column": d.location.column,
                    "sheet": d.location.sheet,
                    "cell": d.location.cell,
                    "path": d.location.path,
                },
            });
            // An extension of DATA.md's shape: present only when the reader said more.
            if let Some(detail) = &d.detail {
                item["detail"] = json!(detail);
            }
            item
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&json!({ "diagnostics": items }))
        .unwrap_or_else(|_| "{\"diagnostics\":[]}".to_string());
    s.push('\n');
    s
}
