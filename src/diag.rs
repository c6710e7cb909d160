//! Diagnostics: a stable code, a severity, a Korean message and where it is.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label_ko(self) -> &'static str {
        match self {
            Severity::Error => "오류",
            Severity::Warning => "경고",
        }
    }
}

/// Where a finding is: a file line (YAML/JSON/TOML) or a sheet and cell (workbook), and the
/// field path (`budget[3].local`). Absent parts are `None` and serialise as `null`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub path: Option<String>,
}

impl fmt::Display for Location {
    /// `sample.yaml:88:5 (budget[3].local)` or `book.xlsx 사업비!F12 (budget[3].local)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wrote = false;
        if let Some(file) = &self.file {
            f.write_str(file)?;
            wrote = true;
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        if let (Some(s), Some(c)) = (&self.sheet, &self.cell) {
            write!(f, "{}{s}!{c}", if wrote { " " } else { "" })?;
            wrote = true;
        } else if let Some(s) = &self.sheet {
            write!(f, "{}{s}", if wrote { " " } else { "" })?;
            wrote = true;
        }
        if let Some(p) = &self.path {
            if wrote {
                write!(f, " ({p})")?;
            } else {
                f.write_str(p)?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
}

/// Where each field path of the input was found, recorded by the loader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spot {
    Line { line: u32, column: u32 },
    Cell { sheet: String, cell: String },
}

/// The input file and the position of every field path in it.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// The file name as given on the command line.
    pub file: String,
    /// `budget[3].local` → position. Containers are recorded too (`budget[3]`, `budget`).
    pub spots: BTreeMap<String, Spot>,
}

impl SourceMap {
    pub fn new(file: impl Into<String>) -> Self {
        SourceMap {
            file: file.into(),
            spots: BTreeMap::new(),
        }
    }

    /// The location of `path`, or of its nearest recorded parent when the field is absent
    /// (a missing `members[2].address` points at `members[2]`).
    pub fn locate(&self, path: &str) -> Location {
        let mut loc = Location {
            file: Some(self.file.clone()),
            path: (!path.is_empty()).then(|| path.to_string()),
            ..Location::default()
        };
        let mut p = path;
        loop {
            if let Some(spot) = self.spots.get(p) {
                match spot {
                    Spot::Line { line, column } => {
                        loc.line = Some(*line);
                        loc.column = Some(*column);
                    }
                    Spot::Cell { sheet, cell } => {
                        loc.sheet = Some(sheet.clone());
                        loc.cell = Some(cell.clone());
                    }
                }
                return loc;
            }
            match parent_path(p) {
                Some(parent) => p = parent,
                None => return loc,
            }
        }
    }
}

/// `budget[3].local` → `budget[3]` → `budget` → None.
pub fn parent_path(p: &str) -> Option<&str> {
    if p.is_empty() {
        return None;
    }
    let cut = p.rfind(['.', '[']).unwrap_or(0);
    Some(&p[..cut])
}

/// Has any error (not just warnings)?
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_falls_back_to_parent() {
        let mut m = SourceMap::new("a.yaml");
        m.spots.insert(
            "budget[3]".into(),
            Spot::Line {
                line: 88,
                column: 5,
            },
        );
        let l = m.locate("budget[3].local");
        assert_eq!(l.line, Some(88));
        assert_eq!(l.path.as_deref(), Some("budget[3].local"));
        assert_eq!(l.to_string(), "a.yaml:88:5 (budget[3].local)");
        let mut m = SourceMap::new("b.xlsx");
        m.spots.insert(
            "budget[3].local".into(),
            Spot::Cell {
                sheet: "사업비".into(),
                cell: "F12".into(),
            },
        );
        assert_eq!(
            m.locate("budget[3].local").to_string(),
            "b.xlsx 사업비!F12 (budget[3].local)"
        );
        assert_eq!(parent_path("a.b[2].c"), Some("a.b[2]"));
        assert_eq!(parent_path("a"), Some(""));
    }
}
