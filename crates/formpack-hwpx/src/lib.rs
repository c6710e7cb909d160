//! HWPX backend: lays a [`formpack_doc::Document`] out as a Hancom Office 한글 file (OWPML,
//! KS X 6101), the third output format next to DOCX and PDF.
//!
//! The package is written by hand, part by part, in the order Hancom Office itself writes
//! them (see `package.rs`): `mimetype` first and stored, then `version.xml`,
//! `Contents/header.xml` (fonts, character and paragraph shapes, border fills),
//! `BinData/*` (seal and logo images), `Contents/section0.xml` (the body), the plain-text
//! preview, `settings.xml`, `META-INF/container.rdf`, `Contents/content.hpf` (the manifest),
//! `META-INF/container.xml` and `META-INF/manifest.xml`.
//!
//! No layout cache (`hp:linesegarray`) is written anywhere: Hancom lays the text out itself
//! when it opens the file, and a guessed cache is the known cause of files that open blank
//! or hang. The output is byte-identical for the same document: fixed zip times, ids handed
//! out in document order, no hash-map order and no wall clock.
//!
//! [`text`] reads a file back (this crate's or Hancom's) as plain text, one line per
//! paragraph or table cell, for `verify`.

mod header;
mod image;
mod package;
mod read;
mod section;
mod style;
mod units;
mod xml;

use std::fmt;

use formpack_doc::Document;

pub use read::text;

/// What went wrong, as a kind callers can match on. More kinds may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An image's bytes are not the PNG or JPEG the model says they are.
    Image,
    /// Writing the zip package failed.
    Package,
    /// [`text`] was given bytes that are not an HWPX package: not a zip, no section part,
    /// or a part that is not well-formed XML.
    Read,
}

/// Why a document could not be written or read: a kind and a message in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The detail, without the kind's prefix.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ErrorKind::Image => "image cannot be read",
            ErrorKind::Package => "cannot write the HWPX package",
            ErrorKind::Read => "cannot read the HWPX file",
        };
        write!(f, "{what}: {}", self.message)
    }
}

impl std::error::Error for Error {}

/// Render a document as HWPX bytes. The same document always gives the same bytes.
///
/// Fails only on an image whose bytes do not decode as the format it claims
/// ([`ErrorKind::Image`]) or, in theory, on an archive write error ([`ErrorKind::Package`]).
pub fn render(doc: &Document) -> Result<Vec<u8>, Error> {
    let mut shapes = header::Shapes::new();
    let body = section::write(doc, &mut shapes)?;
    let header_xml = header::write(&shapes);
    package::write(&package::Parts {
        title: &doc.title,
        author: &doc.author,
        watermark: doc.watermark.as_deref(),
        header: header_xml,
        section: body.xml,
        images: body.images,
        preview: body.preview,
    })
}
