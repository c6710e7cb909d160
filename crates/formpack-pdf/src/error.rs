//! Why a PDF could not be made or read back.

use std::fmt;

type Cause = Box<dyn std::error::Error + Send + Sync>;

/// A PDF failure: its [`ErrorKind`], a message that says what failed (including the cause's
/// text), and the cause as [`std::error::Error::source`].
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    source: Option<Cause>,
}

/// The kind of a PDF failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A font file could not be read or loaded.
    Font,
    /// The document could not be laid out (its page setup leaves no room for text); the
    /// source is the [`formpack_layout::Error`].
    Layout,
    /// An image's bytes could not be decoded as the format it claims.
    Image,
    /// krilla could not write the file.
    Write,
    /// [`crate::merge`] was given no documents.
    NoDocuments,
    /// A bug (a panic below the API) turned into an error.
    Internal,
    /// Reading back: the bytes are not a PDF lopdf can load, or its text cannot be
    /// extracted.
    Read,
}

impl Error {
    /// An error with a message and no cause.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            source: None,
        }
    }

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

    /// The same error with another message (the cause is kept).
    pub(crate) fn with_message(mut self, message: impl Into<String>) -> Error {
        self.message = message.into();
        self
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
