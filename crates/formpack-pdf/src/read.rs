//! Reading a PDF back: its text, for `verify`.

use crate::{Error, ErrorKind};

/// All text of a PDF, page by page, as lopdf extracts it.
pub fn text(bytes: &[u8]) -> Result<String, Error> {
    let read = |e| Error::caused(ErrorKind::Read, "", e);
    let doc = lopdf::Document::load_mem(bytes).map_err(read)?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).map_err(read)
}

/// The number of pages of a PDF.
pub fn page_count(bytes: &[u8]) -> Result<usize, Error> {
    let doc =
        lopdf::Document::load_mem(bytes).map_err(|e| Error::caused(ErrorKind::Read, "", e))?;
    Ok(doc.get_pages().len())
}
