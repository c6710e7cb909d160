//! A filled form read back into formpack's document model, so the PDF backend can draw it
//! like any other document.
//!
//! The reader keeps what a printed page shows: page setup, paragraphs with their shapes,
//! tables with their geometry (column widths, row heights, spans, borders per side, fills,
//! cell margins), the form's own header and footer, images and check boxes. Objects a form
//! rarely holds (text art, drawings, equations, charts, OLE objects) become their text or are
//! left out, each listed in [`Read::omitted`].

mod docx;
mod faces;
mod hwpx;
mod symbols;

use formpack_doc::Document;

/// A form read into the document model.
#[derive(Debug, Clone)]
pub struct Read {
    /// The form as a document (title empty, footer empty: the caller sets them).
    pub document: Document,
    /// Objects drawn as their text or left out.
    pub omitted: Vec<Omitted>,
}

/// An object the model cannot draw, drawn as its text or left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omitted {
    /// What it was, in Korean (`글맵시`, `그리기 개체`, `수식`, `차트`, `OLE 개체`).
    pub what: String,
    /// Whether its text was kept.
    pub text_kept: bool,
    /// Index of the top-level block it stood in or before (`document.blocks`), so the caller
    /// can name the page once the document is laid out.
    pub block: usize,
}

pub(crate) use faces::face_of;

impl crate::Form {
    /// The form (as filled, when it is a filled file) in formpack's document model.
    pub fn document(&self) -> Result<Read, crate::Error> {
        match self.kind {
            crate::Kind::Hwpx => hwpx::read(&self.package),
            crate::Kind::Docx => docx::read(&self.package),
        }
    }
}
