//! Why a DOCX could not be written or read back.

use std::fmt;

type Cause = Box<dyn std::error::Error + Send + Sync>;

/// A DOCX failure: its [`ErrorKind`], a message that says what failed (including the
/// cause's text), and the cause as [`std::error::Error::source`].
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    source: Option<Cause>,
}

/// The kind of a DOCX failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An image's bytes could not be decoded as the format it claims.
    Image,
    /// Writing or re-packing the archive failed.
    Package,
    /// Reading back: the bytes are not a readable DOCX archive, or a part of it cannot be
    /// read.
    Archive,
    /// Reading back: a part's XML is not well-formed.
    Xml,
}

impl Error {
    /// An error whose message is `"{context}: {cause}"` (or the cause's text alone when
    /// `context` is empty).
    pub(crate) fn caused(
        kind: ErrorKind,
        context: impl fmt::Display,
        cause: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        let context = context.to_string();
        let message = if context.is_empty() {
            cause.to_string()
        } else {
            format!("{context}: {cause}")
        };
        Error {
            kind,
            message,
            source: Some(Box::new(cause)),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}
