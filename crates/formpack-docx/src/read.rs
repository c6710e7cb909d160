//! Reading a DOCX back: its text, for `verify`.

use std::io::Read;

use crate::{Error, ErrorKind};

/// All text of a DOCX: the `w:t` runs of every XML part under `word/` (body, headers,
/// footers, …) in archive order, with a newline for every paragraph (`w:p`).
pub fn text(bytes: &[u8]) -> Result<String, Error> {
    let archive = |e| Error::caused(ErrorKind::Archive, "", e);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(archive)?;
    let mut out = String::new();
    let names: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("word/") && n.ends_with(".xml") && !n.contains("/_rels/"))
        .map(str::to_string)
        .collect();
    for name in names {
        let mut xml = String::new();
        zip.by_name(&name)
            .map_err(archive)?
            .read_to_string(&mut xml)
            .map_err(|e| Error::caused(ErrorKind::Archive, "", e))?;
        let doc = roxmltree::Document::parse(&xml)
            .map_err(|e| Error::caused(ErrorKind::Xml, &name, e))?;
        for n in doc.descendants() {
            if n.tag_name().name() == "t" {
                out.push_str(n.text().unwrap_or_default());
            } else if n.tag_name().name() == "p" {
                out.push('\n');
            }
        }
    }
    Ok(out)
}
