//! The marks' messages as cell notes (legacy comments, which every Excel shows): appended to
//! the sheet's comments part and its VML drawing, or both created when the sheet has none.

use std::collections::BTreeMap;

use super::{
    fail, name, parse, relationships, resolve, splice, text, Cells, MarkError, REL_COMMENTS,
    REL_VML,
};

const AUTHOR: &str = "formpack";
const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";

/// The notes of `cells` on the sheet at `sheet`.
pub(super) fn add_notes(
    parts: &mut BTreeMap<String, Vec<u8>>,
    sheet: &str,
    cells: &Cells,
) -> Result<(), MarkError> {
    let (dir, file) = sheet.rsplit_once('/').unwrap_or(("", sheet));
    let rels_path = format!("{dir}/_rels/{file}.rels");
    let rels = match parts.get(&rels_path) {
        Some(b) => {
            String::from_utf8(b.clone()).map_err(|_| fail("관계 파일을 읽을 수 없습니다"))?
        }
        None => String::new(),
    };
    let targets = if rels.is_empty() {
        BTreeMap::new()
    } else {
        relationships(&rels)?
    };
    let find = |kind: &str| {
        targets
            .values()
            .find(|(t, _)| t == kind)
            .map(|(_, target)| resolve(dir, target))
    };
    match (find(REL_COMMENTS), find(REL_VML)) {
        (Some(comments), Some(vml)) => append(parts, &comments, &vml, cells),
        (None, None) => create(parts, sheet, &rels_path, &rels, cells),
        // A drawing of controls without notes, or notes without a drawing: left as they are.
        _ => Ok(()),
    }
}

/// The note's text: what formpack found, each on a line.
fn note(messages: &[String]) -> String {
    format!("[formpack] {}", messages.join("\n"))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn run(text: &str) -> String {
    format!(r#"<r><t xml:space="preserve">{}</t></r>"#, esc(text))
}

/// Notes added to an existing comments part and drawing.
fn append(
    parts: &mut BTreeMap<String, Vec<u8>>,
    comments_path: &str,
    vml_path: &str,
    cells: &Cells,
) -> Result<(), MarkError> {
    let xml = text(parts, comments_path)?;
    let mut edits = Vec::new();
    let mut new_cells = Vec::new();
    {
        let doc = parse(&xml)?;
        let authors: Vec<&str> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "author")
            .map(|n| n.text().unwrap_or(""))
            .collect();
        let author = match authors.iter().position(|a| *a == AUTHOR) {
            Some(i) => i,
            None => {
                let list = doc
                    .descendants()
                    .find(|n| n.tag_name().name() == "authors")
                    .ok_or_else(|| fail("메모에 작성자 목록이 없습니다"))?;
                let at = list.range().end - "</authors>".len();
                edits.push((at..at, format!("<author>{AUTHOR}</author>")));
                authors.len()
            }
        };
        let list = doc
            .descendants()
            .find(|n| n.tag_name().name() == "commentList")
            .ok_or_else(|| fail("메모 목록이 없습니다"))?;
        let mut added = String::new();
        for ((r, c), (_, messages)) in cells {
            let reference = name(*r, *c);
            let existing = list
                .children()
                .find(|n| n.attribute("ref") == Some(reference.as_str()));
            match existing.and_then(|n| n.children().find(|t| t.tag_name().name() == "text")) {
                Some(t) => {
                    let at = t.range().end - "</text>".len();
                    edits.push((at..at, run(&format!("\n{}", note(messages)))));
                }
                None => {
                    added.push_str(&format!(
                        r#"<comment ref="{reference}" authorId="{author}"><text>{}</text></comment>"#,
                        run(&note(messages))
                    ));
                    new_cells.push((*r, *c));
                }
            }
        }
        let at = list.range().end - "</commentList>".len();
        edits.push((at..at, added));
    }
    parts.insert(comments_path.to_string(), splice(&xml, edits).into_bytes());
    let vml = text(parts, vml_path)?;
    parts.insert(
        vml_path.to_string(),
        with_shapes(&vml, &new_cells).into_bytes(),
    );
    Ok(())
}

/// The drawing with a hidden note shape for each cell, numbered after its highest shape.
fn with_shapes(vml: &str, cells: &[(u32, u32)]) -> String {
    let highest = vml
        .match_indices("_x0000_s")
        .filter_map(|(i, m)| {
            let digits: String = vml[i + m.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(1024);
    let shapes: String = cells
        .iter()
        .enumerate()
        .map(|(k, &(r, c))| shape(highest + 1 + k as u32, r - 1, c - 1))
        .collect();
    let at = vml.rfind("</xml>").unwrap_or(vml.len());
    format!("{}{shapes}{}", &vml[..at], &vml[at..])
}

fn shape(id: u32, row: u32, col: u32) -> String {
    format!(
        r##"<v:shape id="_x0000_s{id}" type="#_x0000_t202" style="position:absolute;margin-left:60pt;margin-top:1.5pt;width:220pt;height:80pt;z-index:{id};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{}, 15, {row}, 2, {}, 15, {}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>"##,
        col + 1,
        col + 4,
        row + 5
    )
}

/// A comments part and drawing for a sheet that has none, tied to it.
fn create(
    parts: &mut BTreeMap<String, Vec<u8>>,
    sheet: &str,
    rels_path: &str,
    rels: &str,
    cells: &Cells,
) -> Result<(), MarkError> {
    let k = (1..)
        .find(|k| !parts.contains_key(&format!("xl/comments{k}.xml")))
        .unwrap_or(1);
    let list: String = cells
        .iter()
        .map(|((r, c), (_, m))| {
            format!(
                r#"<comment ref="{}" authorId="0"><text>{}</text></comment>"#,
                name(*r, *c),
                run(&note(m))
            )
        })
        .collect();
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>{AUTHOR}</author></authors><commentList>{list}</commentList></comments>"#
    );
    let empty = format!(
        r#"<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{k}"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype></xml>"#
    );
    let cells: Vec<(u32, u32)> = cells.keys().copied().collect();
    let vml =
        with_shapes(&empty, &cells).replace("_x0000_s1025", &format!("_x0000_s{}", k * 1024 + 1));
    parts.insert(format!("xl/comments{k}.xml"), comments.into_bytes());
    parts.insert(format!("xl/drawings/vmlDrawing{k}.vml"), vml.into_bytes());
    // Relationships: the sheet's, with two more.
    let ids: Vec<u32> = rels
        .match_indices("Id=\"rId")
        .filter_map(|(i, m)| rels[i + m.len()..].split('"').next()?.parse().ok())
        .collect();
    let next = ids.iter().max().copied().unwrap_or(0) + 1;
    let added = format!(
        r#"<Relationship Id="rId{next}" Type="{REL_VML}" Target="../drawings/vmlDrawing{k}.vml"/><Relationship Id="rId{}" Type="{REL_COMMENTS}" Target="../comments{k}.xml"/>"#,
        next + 1
    );
    let rels = if rels.is_empty() {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{added}</Relationships>"#
        )
    } else {
        let at = rels.rfind("</Relationships>").unwrap_or(rels.len());
        format!("{}{added}{}", &rels[..at], &rels[at..])
    };
    parts.insert(rels_path.to_string(), rels.into_bytes());
    let xml = text(parts, sheet)?;
    parts.insert(
        sheet.to_string(),
        with_legacy_drawing(&xml, next).into_bytes(),
    );
    let types = text(parts, "[Content_Types].xml")?;
    parts.insert(
        "[Content_Types].xml".into(),
        with_types(&types, k).into_bytes(),
    );
    Ok(())
}

/// The sheet with `<legacyDrawing r:id="rIdN"/>` where the schema puts it.
fn with_legacy_drawing(xml: &str, rid: u32) -> String {
    let later = [
        "<legacyDrawingHF",
        "<picture",
        "<oleObjects",
        "<controls",
        "<webPublishItems",
        "<tableParts",
        "<extLst",
        "</worksheet>",
    ];
    let at = later
        .iter()
        .filter_map(|t| xml.find(t))
        .min()
        .unwrap_or(xml.len());
    let r = if xml.contains("xmlns:r=") {
        ""
    } else {
        r#" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
    };
    format!(
        r#"{}<legacyDrawing{r} r:id="rId{rid}"/>{}"#,
        &xml[..at],
        &xml[at..]
    )
}

/// The content types with the drawing's extension and the new comments part.
fn with_types(xml: &str, k: u32) -> String {
    let mut add = String::new();
    if !xml.contains("Extension=\"vml\"") {
        add.push_str(&format!(
            r#"<Default Extension="vml" ContentType="{CT_VML}"/>"#
        ));
    }
    add.push_str(&format!(
        r#"<Override PartName="/xl/comments{k}.xml" ContentType="{CT_COMMENTS}"/>"#
    ));
    let at = xml.rfind("</Types>").unwrap_or(xml.len());
    format!("{}{add}{}", &xml[..at], &xml[at..])
}
