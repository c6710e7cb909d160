//! Setting the text of a cell (or of a block content control): the first paragraph keeps
//! its `w:pPr`, its first run keeps its `w:rPr` and gets the value; the paragraph's other
//! runs and the further paragraphs that hold text go (empty ones stay). A cell whose only
//! field is one legacy text field (`FORMTEXT`) gets the value as that field's result.

use roxmltree::Node;

use super::field::{self, blocker};
use super::runs::{rpr_text, run};
use super::{para_text, Work};
use crate::error::{unsupported, Error};
use crate::grid::Table;
use crate::plan::Placed;
use crate::splice::Splices;
use crate::xml::{self, kid, kids, local};

/// Inline elements of a paragraph that hold its text: they go when the text is replaced.
const TEXTUAL: [&str; 10] = [
    "r",
    "hyperlink",
    "ins",
    "del",
    "smartTag",
    "customXml",
    "moveFrom",
    "moveTo",
    "dir",
    "bdo",
];

fn holds_text(n: Node) -> bool {
    n.descendants()
        .any(|d| matches!(local(d), "t" | "tab" | "br" | "cr" | "sym" | "delText"))
}

/// The splices that make the paragraphs of `holder` (a `w:tc` or a block `w:sdtContent`)
/// hold `value`. `fallback` is the run properties to use when the first paragraph has no
/// run (a content control's `w:sdtPr/w:rPr`). `where_` names the place in an error.
pub(crate) fn set_text(
    src: &str,
    holder: Node,
    value: &str,
    where_: &str,
    fallback: Option<Node>,
    out: &mut Splices,
    warnings: &mut Vec<String>,
) -> Result<(), Error> {
    for c in holder.children().filter(|c| c.is_element()) {
        let what = match local(c) {
            "tbl" => "표",
            "sdt" => "콘텐츠 컨트롤",
            "customXml" | "altChunk" => "끼워 넣은 내용",
            _ => continue,
        };
        return Err(unsupported(format!(
            "{where_}: 칸 안에 {what}이(가) 있어 채울 수 없습니다. Word에서 칸을 비우거나 이름(태그)으로 채우십시오"
        )));
    }
    let paras: Vec<Node> = kids(holder, "p").collect();
    let Some(&p0) = paras.first() else {
        return Err(unsupported(format!("{where_}: 칸에 문단이 없습니다")));
    };
    let mut fields = Vec::new();
    for p in &paras {
        for d in p.descendants().filter(|d| d.is_element()) {
            let what = match local(d) {
                "drawing" | "pict" | "object" => "그림·개체",
                "sdt" => "콘텐츠 컨트롤",
                "fldSimple" => "필드 코드",
                "footnoteReference" | "endnoteReference" => "각주",
                _ => continue,
            };
            return Err(unsupported(format!(
                "{where_}: 칸 안에 {what}이(가) 있어 채울 수 없습니다. Word에서 칸을 비우십시오"
            )));
        }
        let (fs, broken) = field::fields(*p);
        if broken {
            return Err(unsupported(format!(
                "{where_}: 칸 안의 필드가 여러 문단에 걸쳐 있어 채울 수 없습니다"
            )));
        }
        fields.extend(fs);
    }
    let p = xml::prefix(src, p0);
    match fields.as_slice() {
        [] => {}
        [f] if f.code() == "FORMTEXT" => {
            field::fill_text(src, f, value, where_, out, warnings)?;
            let keep = f.range();
            for c in f.para.children().filter(|c| TEXTUAL.contains(&local(*c))) {
                let r = c.range();
                if (r.end <= keep.start || r.start >= keep.end) && holds_text(c) {
                    out.replace(r, "");
                }
            }
            for q in &paras {
                if *q != f.para && !para_text(*q).is_empty() {
                    out.replace(q.range(), "");
                }
            }
            return Ok(());
        }
        _ => {
            let codes: Vec<String> = fields.iter().map(|f| f.code()).collect();
            return Err(unsupported(format!(
                "{where_}: 칸 안에 필드 코드({})가 있어 채울 수 없습니다. 입력란 하나만 있는 칸이나 빈 칸을 고르십시오",
                codes.join(", ")
            )));
        }
    }
    let r0 = kids(p0, "r").next();
    let rpr_node = r0
        .and_then(|r| kid(r, "rPr"))
        .or(fallback)
        .or_else(|| kid(p0, "pPr").and_then(|pp| kid(pp, "rPr")));
    let rpr = rpr_node.map(|r| rpr_text(src, r)).unwrap_or_default();
    let new = run(&p, &rpr, value);
    match r0 {
        Some(r0) => {
            if let Some(what) = blocker(r0) {
                return Err(unsupported(format!(
                    "{where_}: 칸 안에 {what}이(가) 있어 채울 수 없습니다"
                )));
            }
            out.replace(r0.range(), new);
        }
        None => match (kid(p0, "pPr"), xml::inner(src, p0)) {
            (Some(pp), _) => out.replace(pp.range().end..pp.range().end, new),
            (None, Some(r)) => out.replace(r.start..r.start, new),
            (None, None) => {
                let tag = xml::start_tag(src, p0);
                let open = src[tag.clone()]
                    .trim_end_matches("/>")
                    .trim_end()
                    .to_string();
                out.replace(tag, format!("{open}>{new}</{p}p>"));
            }
        },
    }
    for c in p0.children().filter(|c| TEXTUAL.contains(&local(*c))) {
        if Some(c) != r0 {
            out.replace(c.range(), "");
        }
    }
    for q in paras.iter().skip(1) {
        if !para_text(*q).is_empty() {
            out.replace(q.range(), "");
        }
    }
    Ok(())
}

/// Fill cell `i` of `table` and report it.
pub(crate) fn fill<'a, 'i>(
    w: &mut Work<'a, 'i>,
    table: &Table<'a, 'i>,
    i: usize,
    value: &str,
    place: &str,
) -> Result<(), Error> {
    let c = &table.cells[i];
    let k = table.part;
    w.refuse_taken(k, c.node, place)?;
    let src = w.parts[k].src;
    set_text(
        src,
        c.node,
        value,
        place,
        None,
        &mut w.edits[k],
        &mut w.warnings,
    )?;
    w.placed.push(Placed {
        place: place.to_string(),
        value: value.to_string(),
    });
    Ok(())
}
