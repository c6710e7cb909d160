//! Reading a PDF back: its text, for `verify`.

use crate::{Error, ErrorKind};

/// All text of a PDF, page by page, as lopdf extracts it.
pub fn text(bytes: &[u8]) -> Result<String, Error> {
    let read = |e| Error::caused(ErrorKind::Read, "", e);
    let doc = lopdf::Document::load_mem(bytes).map_err(read)?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).map_err(read)
}

/// The `/ActualText` of every marked span, page by page, in drawing order. krilla writes one
/// where a glyph's text differs from its ToUnicode entry (a font drawing two characters with
/// one glyph, such as 更 U+66F4 and its twin U+F901 in 나눔고딕); [`text`] reads through the
/// ToUnicode maps only, so these are the rest of what a viewer reads.
pub fn actual_texts(bytes: &[u8]) -> Result<Vec<String>, Error> {
    let read = |e| Error::caused(ErrorKind::Read, "", e);
    let doc = lopdf::Document::load_mem(bytes).map_err(read)?;
    let mut out = Vec::new();
    for (_, id) in doc.get_pages() {
        let content = doc.get_and_decode_page_content(id).map_err(read)?;
        for op in content.operations.iter().filter(|o| o.operator == "BDC") {
            let dict = op.operands.get(1).and_then(|o| o.as_dict().ok());
            if let Some(Ok(lopdf::Object::String(bytes, _))) = dict.map(|d| d.get(b"ActualText")) {
                out.push(utf16be(bytes));
            }
        }
    }
    Ok(out)
}

/// A PDF text string in UTF-16BE with its byte-order mark.
fn utf16be(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .get(2..)
        .unwrap_or_default()
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// The number of pages of a PDF.
pub fn page_count(bytes: &[u8]) -> Result<usize, Error> {
    let doc =
        lopdf::Document::load_mem(bytes).map_err(|e| Error::caused(ErrorKind::Read, "", e))?;
    Ok(doc.get_pages().len())
}

/// The text of every page, as lopdf extracts it, in page order.
pub fn page_texts(bytes: &[u8]) -> Result<Vec<String>, Error> {
    let read = |e| Error::caused(ErrorKind::Read, "", e);
    let doc = lopdf::Document::load_mem(bytes).map_err(read)?;
    doc.get_pages()
        .keys()
        .map(|&n| doc.extract_text(&[n]).map_err(read))
        .collect()
}
