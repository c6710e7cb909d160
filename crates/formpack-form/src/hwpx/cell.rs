//! Setting a cell's text: the first run of the first paragraph keeps its character shape and
//! gets the value (an empty `<hp:run …/>` gets a text element); other text in the cell goes.

use roxmltree::Node;

use super::Work;
use crate::error::{unsupported, Error};
use crate::grid::Table;
use crate::plan::Placed;
use crate::splice::Splices;
use crate::xml::{self, escape_text, inner, kid, kids, local, start_tag};

/// What a cell's runs may hold for formpack to replace its text.
fn fillable(run: Node) -> Option<&'static str> {
    run.children()
        .filter(|c| c.is_element())
        .map(local)
        .find(|n| *n != "t")
        .map(|n| match n {
            "ctrl" => "누름틀·머리말 같은 조판 부호",
            "tbl" => "표",
            "pic" => "그림",
            "equation" => "수식",
            _ => "그리기 개체",
        })
}

/// The splices that make cell `tc`'s text `value`, into `out`; the paragraphs touched into
/// `changed`. `where_` names the place in an error.
pub(crate) fn set_text<'a, 'i>(
    src: &str,
    tc: Node<'a, 'i>,
    value: &str,
    where_: &str,
    out: &mut Splices,
    changed: &mut Vec<Node<'a, 'i>>,
) -> Result<(), Error> {
    let paras: Vec<Node> = kid(tc, "subList")
        .map(|s| kids(s, "p").collect())
        .unwrap_or_default();
    let Some(&p0) = paras.first() else {
        return Err(unsupported(format!("{where_}: 칸에 문단이 없습니다")));
    };
    for r in paras.iter().flat_map(|p| kids(*p, "run")) {
        if let Some(what) = fillable(r) {
            return Err(unsupported(format!(
                "{where_}: 칸 안에 {what}이(가) 있어 채울 수 없습니다. 누름틀이면 그 이름으로 채우고, 아니면 한글에서 칸을 비우십시오"
            )));
        }
    }
    let p = xml::prefix(src, p0);
    let t = if value.is_empty() {
        String::new()
    } else {
        let body = escape_text(value).replace('\n', &format!("<{p}lineBreak/>"));
        format!("<{p}t>{body}</{p}t>")
    };
    let runs: Vec<Node> = kids(p0, "run").collect();
    match runs.first() {
        None => {
            let at = start_tag(src, p0).end;
            out.replace(at..at, format!("<{p}run charPrIDRef=\"0\">{t}</{p}run>"));
        }
        Some(&r0) => match inner(src, r0) {
            Some(range) => out.replace(range, t),
            None => {
                let tag = start_tag(src, r0);
                let open = src[tag.clone()].trim_end_matches("/>").trim_end();
                out.replace(tag, format!("{open}>{t}</{p}run>"));
            }
        },
    }
    for r in runs.iter().skip(1) {
        out.replace(r.range(), "");
    }
    for q in paras.iter().skip(1) {
        if !super::para_text(*q).is_empty() {
            out.replace(q.range(), "");
        }
    }
    changed.extend(paras);
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
    let mut changed = Vec::new();
    set_text(
        w.secs[k].src,
        c.node,
        value,
        place,
        &mut w.edits[k],
        &mut changed,
    )?;
    w.changed.extend(changed.into_iter().map(|p| (k, p)));
    w.note_overflow(k, c.node, value, place);
    w.placed.push(Placed {
        place: place.to_string(),
        value: value.to_string(),
    });
    Ok(())
}
