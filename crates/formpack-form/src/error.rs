//! Why a form could not be read or filled: a kind to match on and a Korean message that says
//! what to do.

use std::fmt;

/// What went wrong. More kinds may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A `.hwp` (HWP 5.0 binary) file: it must be saved as HWPX first.
    Hwp5,
    /// A password-encrypted or DRM-wrapped file.
    Encrypted,
    /// Not an HWPX or DOCX package, or a broken one (zip or XML).
    NotAForm,
    /// Past an input limit (size, entries, nodes, fields, rows).
    TooLarge,
    /// A place the plan names is not in the form; the message lists what the form has.
    Missing,
    /// A label or table text matches more than one place and no `occurrence` says which.
    Ambiguous,
    /// The place holds something formpack cannot fill safely (an object in a cell, a field
    /// across paragraphs, a merge crossing a repeated row).
    Unsupported,
    /// The plan itself is inconsistent (a row with the wrong number of cells, two fills of one
    /// place).
    Plan,
}

/// A form error: its kind and a Korean message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The Korean message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub(crate) fn not_a_form(what: impl fmt::Display) -> Error {
    Error::new(
        ErrorKind::NotAForm,
        format!("서식 파일을 읽을 수 없습니다: {what}"),
    )
}

pub(crate) fn unsupported(what: impl Into<String>) -> Error {
    Error::new(ErrorKind::Unsupported, what)
}

pub(crate) fn plan(what: impl Into<String>) -> Error {
    Error::new(ErrorKind::Plan, what)
}

/// A list of what the form has, for a "not found" message: at most `max` items.
pub(crate) fn listing(items: &[String], max: usize) -> String {
    if items.is_empty() {
        return "없음".into();
    }
    let shown: Vec<&str> = items.iter().take(max).map(String::as_str).collect();
    let more = items.len().saturating_sub(max);
    if more > 0 {
        format!("{} 외 {more}개", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
