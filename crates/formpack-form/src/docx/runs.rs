//! A new run for a value: the character shape it keeps, the text with its breaks and tabs.
//! Used by every way a DOCX place is filled (cells, fields, named places).

use roxmltree::Node;

use crate::xml::{attr, escape_text, local};

/// A run with the character shape `rpr` (its `<w:rPr>…</w:rPr>` text) holding `value`:
/// a line break becomes `w:br`, a tab `w:tab`.
pub(crate) fn run(p: &str, rpr: &str, value: &str) -> String {
    if value.is_empty() {
        return format!("<{p}r>{rpr}</{p}r>");
    }
    let open = format!("<{p}t xml:space=\"preserve\">");
    let body = escape_text(value)
        .replace('\n', &format!("</{p}t><{p}br/>{open}"))
        .replace('\t', &format!("</{p}t><{p}tab/>{open}"));
    format!("<{p}r>{rpr}{open}{body}</{p}t></{p}r>").replace(&format!("{open}</{p}t>"), "")
}

/// An `w:rPr` as text for a new run: without the revision marks a paragraph mark's
/// properties may carry, and without Word's placeholder style (the grey "Click here" look).
pub(crate) fn rpr_text(src: &str, rpr: Node) -> String {
    let mut cut: Vec<std::ops::Range<usize>> = rpr
        .children()
        .filter(|c| match local(*c) {
            "ins" | "del" | "moveFrom" | "moveTo" => true,
            "rStyle" => attr(*c, "val").is_some_and(|v| v.contains("Placeholder")),
            _ => false,
        })
        .map(|c| c.range())
        .collect();
    cut.sort_by_key(|r| r.start);
    let r = rpr.range();
    let mut out = String::new();
    let mut at = r.start;
    for c in cut {
        out.push_str(&src[at..c.start]);
        at = c.end;
    }
    out.push_str(&src[at..r.end]);
    out
}
