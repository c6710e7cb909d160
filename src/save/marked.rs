//! 표시된 엑셀: the workbook staff uploaded, given back with every cell a finding names filled
//! (red for an error, amber for a warning) and the findings' messages in the cell's note, so
//! they fix it in Excel without reading a table. Nothing else changes: every part the marks do
//! not touch keeps its bytes, values and formulas stay, and a touched part is the original
//! text with splices (a style index on a cell, a fill and cell formats appended to the styles,
//! notes appended to the sheet's comments and their VML shapes).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use crate::diag::Severity;

/// A mark: the sheet and cell, how serious, and what to say.
#[derive(Debug, Clone)]
pub struct Mark {
    /// Sheet name, as the workbook names it.
    pub sheet: String,
    /// Cell, `F12`.
    pub cell: String,
    /// Error (red) or warning (amber).
    pub severity: Severity,
    /// The message for the note.
    pub message: String,
}

/// Why a workbook could not be marked.
#[derive(Debug)]
pub struct MarkError(pub String);

impl std::fmt::Display for MarkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "표시된 엑셀을 만들 수 없습니다: {}", self.0)
    }
}

impl std::error::Error for MarkError {}

fn fail(what: impl Into<String>) -> MarkError {
    MarkError(what.into())
}

/// Marked cells of one sheet: (row, column) → the worst severity and the messages.
type Cells = BTreeMap<(u32, u32), (Severity, Vec<String>)>;

/// Fills: error red, warning amber (Excel's own "bad" and "neutral" colours).
const FILLS: [(&str, Severity); 2] = [
    ("FFFFC7CE", Severity::Error),
    ("FFFFEB9C", Severity::Warning),
];
const REL_COMMENTS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const REL_VML: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";

/// The workbook `xlsx` with `marks` shown. Marks on sheets or cells it lacks are placed
/// (an empty cell is created to hold the fill); marks naming no sheet of it are left out.
pub fn mark(xlsx: &[u8], marks: &[Mark]) -> Result<Vec<u8>, MarkError> {
    let mut parts = read_parts(xlsx)?;
    let sheets = sheet_paths(&parts)?;
    // Cells by sheet part: cell → (worst severity, messages).
    let mut by_sheet: BTreeMap<String, Cells> = BTreeMap::new();
    for m in marks {
        let (Some(path), Some(pos)) = (sheets.get(&m.sheet), position(&m.cell)) else {
            continue;
        };
        let e = by_sheet
            .entry(path.clone())
            .or_default()
            .entry(pos)
            .or_insert((Severity::Warning, Vec::new()));
        if m.severity == Severity::Error {
            e.0 = Severity::Error;
        }
        if !e.1.contains(&m.message) {
            e.1.push(m.message.clone());
        }
    }
    if by_sheet.is_empty() {
        return Ok(xlsx.to_vec());
    }
    let mut styles = Styles::new(text(&parts, "xl/styles.xml")?)?;
    for (path, cells) in &by_sheet {
        let sheet = text(&parts, path)?;
        let sheet = style_cells(&sheet, cells, &mut styles)?;
        parts.insert(path.clone(), sheet.into_bytes());
        add_notes(&mut parts, path, cells)?;
    }
    parts.insert("xl/styles.xml".into(), styles.finish().into_bytes());
    write_parts(&parts)
}

/// Every entry of the zip, in order, by name.
fn read_parts(xlsx: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, MarkError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(xlsx)).map_err(|_| fail("엑셀 파일(.xlsx)이 아닙니다"))?;
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| fail(e.to_string()))?;
        let mut b = Vec::new();
        f.read_to_end(&mut b).map_err(|e| fail(e.to_string()))?;
        out.insert(f.name().to_string(), b);
    }
    Ok(out)
}

fn write_parts(parts: &BTreeMap<String, Vec<u8>>) -> Result<Vec<u8>, MarkError> {
    let mut w = formpack_zip::Writer::new(formpack_zip::DosTime::EPOCH);
    // [Content_Types].xml first, as Excel writes it.
    let first = parts.get_key_value("[Content_Types].xml");
    for (name, bytes) in first
        .into_iter()
        .chain(parts.iter().filter(|(n, _)| *n != "[Content_Types].xml"))
    {
        w.add(name, bytes, formpack_zip::Method::Deflated(6))
            .map_err(|e| fail(e.to_string()))?;
    }
    w.finish().map_err(|e| fail(e.to_string()))
}

fn text(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> Result<String, MarkError> {
    let b = parts
        .get(name)
        .ok_or_else(|| fail(format!("{name}이(가) 없습니다")))?;
    String::from_utf8(b.clone()).map_err(|_| fail(format!("{name}을(를) 읽을 수 없습니다")))
}

fn parse(xml: &str) -> Result<roxmltree::Document<'_>, MarkError> {
    roxmltree::Document::parse(xml).map_err(|e| fail(e.to_string()))
}

/// Sheet name → its part (`xl/worksheets/sheet4.xml`).
fn sheet_paths(parts: &BTreeMap<String, Vec<u8>>) -> Result<BTreeMap<String, String>, MarkError> {
    let book = text(parts, "xl/workbook.xml")?;
    let rels = text(parts, "xl/_rels/workbook.xml.rels")?;
    let targets = relationships(&rels)?;
    let book = parse(&book)?;
    let mut out = BTreeMap::new();
    for s in book
        .descendants()
        .filter(|n| n.has_tag_name((NS_MAIN, "sheet")))
    {
        let (Some(name), Some(id)) = (s.attribute("name"), s.attribute((NS_R, "id"))) else {
            continue;
        };
        if let Some((_, target)) = targets.get(id) {
            out.insert(name.to_string(), resolve("xl", target));
        }
    }
    Ok(out)
}

const NS_MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A relationships part: id → (type, target).
fn relationships(xml: &str) -> Result<BTreeMap<String, (String, String)>, MarkError> {
    let doc = parse(xml)?;
    Ok(doc
        .descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
        .filter_map(|n| {
            Some((
                n.attribute("Id")?.to_string(),
                (
                    n.attribute("Type")?.to_string(),
                    n.attribute("Target")?.to_string(),
                ),
            ))
        })
        .collect())
}

/// A relationship target against its source's folder.
fn resolve(dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in target.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `F12` → (row 12, column 6).
fn position(cell: &str) -> Option<(u32, u32)> {
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let row: u32 = cell[letters.len()..].parse().ok()?;
    let col = letters.chars().try_fold(0u32, |n, c| {
        n.checked_mul(26)?
            .checked_add(u32::from(c.to_ascii_uppercase() as u8 - b'A' + 1))
    })?;
    (row > 0 && col > 0).then_some((row, col))
}

/// (row 12, column 6) → `F12`.
fn name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(char::from(b'A' + r as u8));
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &row.to_string()
}

/// The styles part with the two fills and, for each (cell format, severity) asked for, a copy
/// of the cell format with that fill, appended.
struct Styles {
    xml: String,
    /// The existing cell formats' XML, in order.
    xfs: Vec<String>,
    fills: usize,
    added: Vec<String>,
    made: BTreeMap<(usize, bool), usize>,
}

impl Styles {
    fn new(xml: String) -> Result<Styles, MarkError> {
        let (xfs, fills) = {
            let doc = parse(&xml)?;
            let list = |tag: &str| {
                doc.root_element()
                    .children()
                    .find(|n| n.has_tag_name((NS_MAIN, tag)))
            };
            let xfs = list("cellXfs")
                .map(|l| {
                    l.children()
                        .filter(|n| n.is_element())
                        .map(|n| xml[n.range()].to_string())
                        .collect()
                })
                .unwrap_or_default();
            let fills =
                list("fills").map_or(0, |l| l.children().filter(|n| n.is_element()).count());
            (xfs, fills)
        };
        Ok(Styles {
            xml,
            xfs,
            fills,
            added: Vec::new(),
            made: BTreeMap::new(),
        })
    }

    /// The cell format to give a cell whose format is `s`, marked with `severity`.
    fn marked(&mut self, s: usize, severity: Severity) -> usize {
        let error = severity == Severity::Error;
        if let Some(&i) = self.made.get(&(s, error)) {
            return i;
        }
        let fill = self.fills + usize::from(!error);
        let base = self.xfs.get(s).cloned().unwrap_or_else(|| {
            r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#.into()
        });
        let xf = with_attr(
            &with_attr(&base, "fillId", &fill.to_string()),
            "applyFill",
            "1",
        );
        let i = self.xfs.len() + self.added.len();
        self.added.push(xf);
        self.made.insert((s, error), i);
        i
    }

    /// The styles part with the fills and the new cell formats.
    fn finish(self) -> String {
        let fills: String = FILLS
            .iter()
            .map(|(rgb, _)| {
                format!(r#"<fill><patternFill patternType="solid"><fgColor rgb="{rgb}"/><bgColor indexed="64"/></patternFill></fill>"#)
            })
            .collect();
        let xml = append_to_list(&self.xml, "fills", &fills, self.fills + FILLS.len());
        append_to_list(
            &xml,
            "cellXfs",
            &self.added.concat(),
            self.xfs.len() + self.added.len(),
        )
    }
}

/// `xml` with `items` appended to its list element `tag` (created when missing) and its
/// `count` set.
fn append_to_list(xml: &str, tag: &str, items: &str, count: usize) -> String {
    let open = format!("<{tag}");
    let Some(start) = find_tag(xml, &open) else {
        // No such list: put one before </styleSheet>.
        let at = xml.rfind("</styleSheet>").unwrap_or(xml.len());
        return format!(
            r#"{}<{tag} count="{count}">{items}</{tag}>{}"#,
            &xml[..at],
            &xml[at..]
        );
    };
    let head_end = start + xml[start..].find('>').unwrap_or(0);
    let head = &xml[start..=head_end];
    if let Some(open) = head.strip_suffix("/>") {
        let new_head = with_attr(open, "count", &count.to_string());
        return format!(
            "{}{new_head}>{items}</{tag}>{}",
            &xml[..start],
            &xml[head_end + 1..]
        );
    }
    let close = format!("</{tag}>");
    let end = head_end + xml[head_end..].find(&close).unwrap_or(0);
    let open = head.strip_suffix('>').unwrap_or(head);
    let new_head = with_attr(open, "count", &count.to_string()) + ">";
    format!(
        "{}{new_head}{}{items}{}",
        &xml[..start],
        &xml[head_end + 1..end],
        &xml[end..]
    )
}

/// Where an element `open` (`<fills`) starts: followed by a space, `>` or `/`.
fn find_tag(xml: &str, open: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = xml[from..].find(open) {
        let at = from + i;
        let next = xml[at + open.len()..].chars().next();
        if matches!(next, Some(' ' | '>' | '/' | '\n' | '\r' | '\t')) {
            return Some(at);
        }
        from = at + open.len();
    }
    None
}

/// An element's start tag (`<xf …>`, `<xf …/>`, or its opening without `>`) with the
/// attribute `name` set to `value`.
fn with_attr(tag: &str, name: &str, value: &str) -> String {
    let key = format!(" {name}=\"");
    if let Some(i) = tag.find(&key) {
        let v = i + key.len();
        let end = v + tag[v..].find('"').unwrap_or(0);
        return format!("{}{value}{}", &tag[..v], &tag[end..]);
    }
    let cut = first_tag_end(tag).unwrap_or(tag.len());
    format!("{}{key}{value}\"{}", &tag[..cut], &tag[cut..])
}

/// Where a start tag's `>` or `/>` is.
fn first_tag_end(tag: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in tag.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => {
                return Some(if tag[..i].ends_with('/') { i - 1 } else { i });
            }
            _ => {}
        }
    }
    None
}

/// The sheet with each marked cell given its marked format (cells and rows it lacks added).
fn style_cells(xml: &str, cells: &Cells, styles: &mut Styles) -> Result<String, MarkError> {
    // Edits as (byte range to replace, new text), found on the parsed sheet.
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    {
        let doc = parse(xml)?;
        let data = doc
            .descendants()
            .find(|n| n.has_tag_name((NS_MAIN, "sheetData")))
            .ok_or_else(|| fail("시트에 sheetData가 없습니다"))?;
        let rows: Vec<roxmltree::Node> = data
            .children()
            .filter(|n| n.has_tag_name((NS_MAIN, "row")))
            .collect();
        let mut by_row: BTreeMap<u32, Vec<(u32, Severity)>> = BTreeMap::new();
        for ((r, c), (sev, _)) in cells {
            by_row.entry(*r).or_default().push((*c, *sev));
        }
        for (r, marks) in &by_row {
            let row = rows
                .iter()
                .find(|n| n.attribute("r").and_then(|v| v.parse().ok()) == Some(*r));
            match row {
                Some(row) => edits.extend(row_edits(xml, *row, *r, marks, styles)),
                None => {
                    let cells: String = marks
                        .iter()
                        .map(|(c, sev)| {
                            format!(
                                r#"<c r="{}" s="{}"/>"#,
                                name(*r, *c),
                                styles.marked(0, *sev)
                            )
                        })
                        .collect();
                    let new_row = format!(r#"<row r="{r}">{cells}</row>"#);
                    let after = rows.iter().find(|n| {
                        n.attribute("r")
                            .and_then(|v| v.parse::<u32>().ok())
                            .is_some_and(|x| x > *r)
                    });
                    let at = match after {
                        Some(n) => n.range().start,
                        None => close_of(xml, data)?,
                    };
                    edits.push((at..at, new_row));
                }
            }
        }
    }
    Ok(splice(xml, edits))
}

/// Where an element's content ends (before its closing tag), turning `<x/>` into `<x></x>`
/// when needed is left to the caller: here the element must have a closing tag.
fn close_of(xml: &str, node: roxmltree::Node) -> Result<usize, MarkError> {
    let r = node.range();
    let body = &xml[r.clone()];
    if body.ends_with("/>") {
        return Err(fail("빈 시트에는 표시할 수 없습니다"));
    }
    Ok(r.end - body.len() + body.rfind("</").unwrap_or(body.len()))
}

/// The edits that give a row's marked cells their formats, adding the cells it lacks.
fn row_edits(
    xml: &str,
    row: roxmltree::Node,
    r: u32,
    marks: &[(u32, Severity)],
    styles: &mut Styles,
) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let cells: Vec<(u32, roxmltree::Node)> = row
        .children()
        .filter(|n| n.has_tag_name((NS_MAIN, "c")))
        .filter_map(|n| Some((position(n.attribute("r")?)?.1, n)))
        .collect();
    let row_text = &xml[row.range()];
    for (c, sev) in marks {
        match cells.iter().find(|(x, _)| x == c) {
            Some((_, cell)) => {
                let s = cell
                    .attribute("s")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let start = cell.range().start;
                let head_end = start + first_tag_end(&xml[start..]).unwrap_or(0);
                let head = &xml[start..head_end];
                out.push((
                    start..head_end,
                    with_attr(head, "s", &styles.marked(s, *sev).to_string()),
                ));
            }
            None => {
                let new = format!(r#"<c r="{}" s="{}"/>"#, name(r, *c), styles.marked(0, *sev));
                let at = match cells.iter().find(|(x, _)| x > c) {
                    Some((_, n)) => n.range().start,
                    None if row_text.ends_with("/>") => {
                        // <row …/>: open it.
                        let end = row.range().end;
                        out.push((end - 2..end, format!(">{new}</row>")));
                        continue;
                    }
                    None => row.range().end - "</row>".len(),
                };
                out.push((at..at, new));
            }
        }
    }
    out
}

/// `xml` with the edits applied (ranges never overlap).
fn splice(xml: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(xml.len() + edits.len() * 32);
    let mut at = 0;
    for (r, text) in edits {
        out.push_str(&xml[at..r.start]);
        out.push_str(&text);
        at = r.end;
    }
    out.push_str(&xml[at..]);
    out
}

mod notes;
use notes::add_notes;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_round_trip() {
        for (cell, pos) in [
            ("A1", (1, 1)),
            ("F12", (12, 6)),
            ("Z9", (9, 26)),
            ("AA3", (3, 27)),
        ] {
            assert_eq!(position(cell), Some(pos));
            assert_eq!(name(pos.0, pos.1), cell);
        }
        assert_eq!(position("12"), None);
    }

    /// A workbook with no notes at all (not formpack's): the notes part, its drawing, the
    /// sheet's relationships and `legacyDrawing`, and the content types are made; a cell and
    /// a row it lacks are added in order.
    #[test]
    fn a_workbook_without_notes_gets_them() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet().set_name("사업비").unwrap();
        ws.write(0, 0, "구분").unwrap();
        ws.write(2, 1, 42).unwrap();
        ws.write(9, 0, "끝").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let marks = [
            ("B3", Severity::Error, "하나"),
            ("D7", Severity::Warning, "둘"),
            ("C3", Severity::Error, "셋"),
        ]
        .map(|(cell, severity, message)| Mark {
            sheet: "사업비".into(),
            cell: cell.into(),
            severity,
            message: message.into(),
        });
        let out = mark(&bytes, &marks).unwrap();
        let parts = read_parts(&out).unwrap();
        let sheet = String::from_utf8(parts["xl/worksheets/sheet1.xml"].clone()).unwrap();
        let b3 = sheet.find(r#"<c r="B3""#).unwrap();
        let c3 = sheet.find(r#"<c r="C3""#).unwrap();
        let d7 = sheet.find(r#"<c r="D7""#).unwrap();
        let a10 = sheet.find(r#"<c r="A10""#).unwrap();
        assert!(b3 < c3 && c3 < d7 && d7 < a10, "{sheet}");
        assert!(sheet.contains(r#"<row r="7">"#));
        assert!(sheet.contains("<legacyDrawing"));
        let comments = String::from_utf8(parts["xl/comments1.xml"].clone()).unwrap();
        for m in ["하나", "둘", "셋"] {
            assert!(comments.contains(&format!("[formpack] {m}")));
        }
        assert!(parts.contains_key("xl/drawings/vmlDrawing1.vml"));
        let types = String::from_utf8(parts["[Content_Types].xml"].clone()).unwrap();
        assert!(types.contains("/xl/comments1.xml") && types.contains("Extension=\"vml\""));
        // calamine reads the same values.
        use calamine::Reader;
        let mut x = calamine::Xlsx::new(std::io::Cursor::new(out)).unwrap();
        let r = x.worksheet_range("사업비").unwrap();
        assert_eq!(r.get_value((2, 1)), Some(&calamine::Data::Float(42.0)));
        assert_eq!(
            r.get_value((9, 0)),
            Some(&calamine::Data::String("끝".into()))
        );
    }

    #[test]
    fn attributes_are_set_or_added() {
        assert_eq!(
            with_attr(r#"<c r="A1" s="3">"#, "s", "9"),
            r#"<c r="A1" s="9">"#
        );
        assert_eq!(with_attr(r#"<c r="A1">"#, "s", "9"), r#"<c r="A1" s="9">"#);
        assert_eq!(
            with_attr(r#"<xf numFmtId="0"/>"#, "fillId", "4"),
            r#"<xf numFmtId="0" fillId="4"/>"#
        );
    }
}
