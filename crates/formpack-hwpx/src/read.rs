//! Reading an HWPX file back as plain text, for `verify` and the tests.

use std::io::Read;

use crate::{Error, ErrorKind};

const HP: &str = "http://www.hancom.co.kr/hwpml/2011/paragraph";
const OPF: &str = "http://www.idpf.org/2007/opf/";

fn read_err(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Read, message)
}

/// All text of an HWPX file in reading order, one line per paragraph or table cell
/// paragraph, each ending in `\n`; a line break inside a paragraph is a `\n` too. Body
/// text comes first, section by section (tables row by row, cells left to right); the
/// text of headers and footers follows, in the order they are defined. Empty paragraphs
/// (spacers, page breaks, picture lines) give no line; automatic numbers (page numbers)
/// give no text.
///
/// For a file from [`crate::render`], the body part is the document's
/// `Document::plain_text()` line for line, except that a signature party is read as its
/// separate cells rather than one line, and empty cells are skipped: with white space
/// removed the two are equal, which is how `verify` compares texts. As with the DOCX
/// read-back, the footer (`문서확인번호 …`) and the draft mark (`초안`) are in the text.
///
/// Works on any HWPX package: the sections are the spine of `Contents/content.hpf`, or
/// every `Contents/sectionN.xml` in number order when there is no usable spine.
pub fn text(bytes: &[u8]) -> Result<String, Error> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| read_err(format!("not a zip archive: {e}")))?;
    let mut read = |name: &str| -> Result<String, Error> {
        let mut s = String::new();
        zip.by_name(name)
            .map_err(|e| read_err(format!("{name}: {e}")))?
            .read_to_string(&mut s)
            .map_err(|e| read_err(format!("{name}: {e}")))?;
        Ok(s)
    };
    let sections = match read("Contents/content.hpf") {
        Ok(hpf) => spine_sections(&hpf),
        Err(_) => Vec::new(),
    };
    let sections = if sections.is_empty() {
        numbered_sections(zip_names(bytes)?)
    } else {
        sections
    };
    if sections.is_empty() {
        return Err(read_err("no section part (Contents/section0.xml)"));
    }
    let mut body = Vec::new();
    let mut stories = Vec::new();
    for name in sections {
        let xml = read(&name)?;
        let doc = roxmltree::Document::parse(&xml).map_err(|e| read_err(format!("{name}: {e}")))?;
        for p in doc.root_element().children().filter(|n| is(n, "p")) {
            paragraph(p, &mut body, &mut stories);
        }
    }
    let mut out = String::new();
    for line in body.into_iter().chain(stories) {
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

fn zip_names(bytes: &[u8]) -> Result<Vec<String>, Error> {
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| read_err(format!("not a zip archive: {e}")))?;
    Ok(zip.file_names().map(str::to_string).collect())
}

/// Section parts named by the spine, in spine order.
fn spine_sections(hpf: &str) -> Vec<String> {
    let Ok(doc) = roxmltree::Document::parse(hpf) else {
        return Vec::new();
    };
    let items: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name((OPF, "item")))
        .filter_map(|n| {
            Some((
                n.attribute("id")?.to_string(),
                n.attribute("href")?.to_string(),
            ))
        })
        .collect();
    doc.descendants()
        .filter(|n| n.has_tag_name((OPF, "itemref")))
        .filter_map(|n| {
            let id = n.attribute("idref")?;
            items.iter().find(|(i, _)| i == id).map(|(_, h)| h.clone())
        })
        .filter(|href| {
            href.rsplit('/')
                .next()
                .is_some_and(|f| f.starts_with("section") && f.ends_with(".xml"))
        })
        .collect()
}

/// `Contents/sectionN.xml` parts in the order of N.
fn numbered_sections(names: Vec<String>) -> Vec<String> {
    let mut found: Vec<(u32, String)> = names
        .into_iter()
        .filter_map(|n| {
            let num = n
                .strip_prefix("Contents/section")?
                .strip_suffix(".xml")?
                .parse()
                .ok()?;
            Some((num, n))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, n)| n).collect()
}

fn is(n: &roxmltree::Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(HP)
}

fn flush(line: &mut String, out: &mut Vec<String>) {
    if !line.trim().is_empty() {
        out.push(std::mem::take(line));
    }
    line.clear();
}

/// The lines of one paragraph; its tables' cells in between, header and footer text to
/// `stories`.
fn paragraph(p: roxmltree::Node, out: &mut Vec<String>, stories: &mut Vec<String>) {
    let mut line = String::new();
    for run in p.children().filter(|n| is(n, "run")) {
        for item in run.children().filter(|n| n.is_element()) {
            if is(&item, "t") {
                text_of(item, &mut line);
            } else if is(&item, "tbl") {
                flush(&mut line, out);
                for tr in item.children().filter(|n| is(n, "tr")) {
                    for tc in tr.children().filter(|n| is(n, "tc")) {
                        for list in tc.children().filter(|n| is(n, "subList")) {
                            for cp in list.children().filter(|n| is(n, "p")) {
                                paragraph(cp, out, stories);
                            }
                        }
                    }
                }
            } else if is(&item, "ctrl") {
                for story in item
                    .children()
                    .filter(|n| is(n, "header") || is(n, "footer"))
                {
                    for list in story.children().filter(|n| is(n, "subList")) {
                        for sp in list.children().filter(|n| is(n, "p")) {
                            let mut own = Vec::new();
                            paragraph(sp, &mut own, stories);
                            stories.extend(own);
                        }
                    }
                }
            }
        }
    }
    flush(&mut line, out);
}

/// The text of one `hp:t`: character data, `hp:lineBreak` as `\n`, `hp:tab` as `\t`.
fn text_of(t: roxmltree::Node, line: &mut String) {
    for c in t.children() {
        if c.is_text() {
            line.push_str(c.text().unwrap_or_default());
        } else if is(&c, "lineBreak") {
            line.push('\n');
        } else if is(&c, "tab") {
            line.push('\t');
        } else if is(&c, "nbSpace") {
            line.push('\u{A0}');
        } else if is(&c, "fwSpace") {
            line.push('\u{3000}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_zip_is_a_read_error() {
        let e = text(b"not a zip").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Read);
    }

    #[test]
    fn sections_are_found_by_number_without_a_spine() {
        let names = vec![
            "Contents/section10.xml".to_string(),
            "Contents/section2.xml".to_string(),
            "Contents/header.xml".to_string(),
        ];
        assert_eq!(
            numbered_sections(names),
            vec!["Contents/section2.xml", "Contents/section10.xml"]
        );
    }
}
