//! Word's complex fields (`w:fldChar` begin … `w:instrText` … separate … result … end) and
//! the legacy form fields among them: a text field (`FORMTEXT`) gets its value as the field's
//! result, so it stays a form field Word can still tab into; a check box (`FORMCHECKBOX`)
//! gets `w:checked` in its `w:ffData`.

use std::ops::Range;

use roxmltree::Node;

use super::{own, text_in};
use crate::error::{unsupported, Error};
use crate::splice::Splices;
use crate::xml::{self, attr, kid, local, num};

/// One complex field in one paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Field<'a, 'i> {
    pub para: Node<'a, 'i>,
    pub begin: Node<'a, 'i>,
    pub separate: Option<Node<'a, 'i>>,
    pub end: Node<'a, 'i>,
    pub instr: String,
    /// Fields around it.
    pub depth: usize,
}

impl<'a, 'i> Field<'a, 'i> {
    /// `FORMTEXT`, `FORMCHECKBOX`, `PAGE`, …
    pub(crate) fn code(&self) -> String {
        self.instr
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase()
    }

    /// Its `w:ffData` (a legacy form field's settings).
    pub(crate) fn ff_data(&self) -> Option<Node<'a, 'i>> {
        kid(self.begin, "ffData")
    }

    /// A legacy form field's name (`w:ffData/w:name`).
    pub(crate) fn name(&self) -> Option<&'a str> {
        self.ff_data()
            .and_then(|d| kid(d, "name"))
            .and_then(|n| attr(n, "val"))
            .filter(|n| !n.is_empty())
    }

    /// The byte range from the begin run to the end run.
    pub(crate) fn range(&self) -> Range<usize> {
        run_of(self.begin).range().start..run_of(self.end).range().end
    }

    /// The byte range of its result (between the separate and the end runs).
    pub(crate) fn result(&self) -> Option<Range<usize>> {
        self.separate
            .map(|s| run_of(s).range().end..run_of(self.end).range().start)
    }

    /// The text it shows.
    pub(crate) fn text(&self) -> String {
        self.result()
            .map_or(String::new(), |r| text_in(self.para, r))
    }

    /// A check box field's state: `w:checked` (no value: checked), else `w:default`.
    pub(crate) fn checked(&self) -> bool {
        let Some(cb) = self.ff_data().and_then(|d| kid(d, "checkBox")) else {
            return false;
        };
        let on = |n: Node| matches!(attr(n, "val"), None | Some("1" | "true" | "on"));
        match kid(cb, "checked") {
            Some(c) => on(c),
            None => kid(cb, "default").is_some_and(on),
        }
    }
}

/// The run holding a field character (or the character itself when it stands alone).
pub(crate) fn run_of<'a, 'i>(n: Node<'a, 'i>) -> Node<'a, 'i> {
    n.parent().filter(|r| local(*r) == "r").unwrap_or(n)
}

/// The complex fields of a paragraph, and whether one of them crosses the paragraph's
/// edge (begins or ends in another paragraph).
pub(crate) fn fields<'a, 'i>(p: Node<'a, 'i>) -> (Vec<Field<'a, 'i>>, bool) {
    let mut open: Vec<(Node, Option<Node>, String)> = Vec::new();
    let mut out = Vec::new();
    let mut broken = false;
    for d in own(p) {
        match local(d) {
            "fldChar" => match attr(d, "fldCharType") {
                Some("begin") => open.push((d, None, String::new())),
                Some("separate") => match open.last_mut() {
                    Some(top) => top.1 = Some(d),
                    None => broken = true,
                },
                Some("end") => match open.pop() {
                    Some((begin, separate, instr)) => out.push(Field {
                        para: p,
                        begin,
                        separate,
                        end: d,
                        instr,
                        depth: open.len(),
                    }),
                    None => broken = true,
                },
                _ => {}
            },
            "instrText" => {
                if let Some(top) = open.last_mut() {
                    top.2.push_str(d.text().unwrap_or(""));
                } else {
                    broken = true;
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|f| f.begin.range().start);
    (out, broken || !open.is_empty())
}

/// Every legacy form field of a part, in document order.
pub(crate) fn all<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Vec<Field<'a, 'i>> {
    doc.descendants()
        .filter(|n| local(*n) == "p")
        .flat_map(|p| fields(p).0)
        .collect()
}

/// Elements that may stand among a field's result runs and stay.
pub(crate) const KEPT: [&str; 8] = [
    "proofErr",
    "bookmarkStart",
    "bookmarkEnd",
    "permStart",
    "permEnd",
    "commentRangeStart",
    "commentRangeEnd",
    "rPr",
];

/// What in a run formpack cannot replace: (element, its Korean name).
pub(crate) fn blocker(n: Node) -> Option<&'static str> {
    n.descendants()
        .filter(|d| d.is_element())
        .find_map(|d| match local(d) {
            "drawing" | "pict" | "object" => Some("그림·개체"),
            "fldChar" | "instrText" | "fldSimple" => Some("필드 코드"),
            "sdt" => Some("콘텐츠 컨트롤"),
            "tbl" => Some("표"),
            "footnoteReference" | "endnoteReference" => Some("각주"),
            _ => None,
        })
}

/// Put `value` as a text field's result: the first result run keeps its character shape
/// (else the separate run's), the other result runs go; bookmarks among them stay.
pub(crate) fn fill_text(
    src: &str,
    f: &Field,
    value: &str,
    where_: &str,
    out: &mut Splices,
    warnings: &mut Vec<String>,
) -> Result<(), Error> {
    if f.code() != "FORMTEXT" {
        return Err(unsupported(format!(
            "{where_}: 글자 입력란이 아닌 필드({})라 채울 수 없습니다. Word에서 필드를 글자로 바꾸십시오",
            f.code()
        )));
    }
    let (begin, end) = (run_of(f.begin), run_of(f.end));
    if begin.parent() != Some(f.para) || end.parent() != Some(f.para) {
        return Err(unsupported(format!(
            "{where_}: 입력란의 구조를 알 수 없습니다 (문단 바로 아래가 아닌 필드)"
        )));
    }
    let p = xml::prefix(src, f.para);
    let sep = f.separate.map(run_of);
    let from = sep.map_or(end.range().start, |s| s.range().end);
    let to = end.range().start;
    let mut runs = Vec::new();
    for c in f.para.children().filter(|c| c.is_element()) {
        let r = c.range();
        if r.start < from || r.end > to {
            continue;
        }
        match local(c) {
            "r" => {
                if let Some(what) = blocker(c) {
                    return Err(unsupported(format!(
                        "{where_}: 입력란 안에 {what}이(가) 있어 채울 수 없습니다"
                    )));
                }
                runs.push(c);
            }
            n if KEPT.contains(&n) => {}
            n => {
                return Err(unsupported(format!(
                    "{where_}: 입력란 안에 채울 수 없는 요소({n})가 있습니다"
                )))
            }
        }
    }
    let rpr = runs
        .iter()
        .chain(sep.iter())
        .chain(std::iter::once(&begin))
        .find_map(|r| kid(*r, "rPr"))
        .map(|r| super::runs::rpr_text(src, r))
        .unwrap_or_default();
    let new = super::runs::run(&p, &rpr, value);
    match (runs.first(), sep) {
        (Some(r0), _) => out.replace(r0.range(), new),
        (None, Some(_)) => out.replace(from..from, new),
        (None, None) => out.replace(
            to..to,
            format!("<{p}r>{rpr}<{p}fldChar {p}fldCharType=\"separate\"/></{p}r>{new}"),
        ),
    }
    for r in runs.iter().skip(1) {
        out.replace(r.range(), "");
    }
    let max = f
        .ff_data()
        .and_then(|d| kid(d, "textInput"))
        .and_then(|t| kid(t, "maxLength"))
        .map(|m| num(m, "val", 0))
        .unwrap_or(0);
    if max > 0 && value.chars().count() > max {
        warnings.push(format!(
            "{where_}: 값이 {}자로 입력란의 최대 길이 {max}자를 넘습니다 (Word에서 고치면 잘립니다)",
            value.chars().count()
        ));
    }
    Ok(())
}

/// Set a check box field: `w:checked` in its `w:ffData/w:checkBox`.
pub(crate) fn set_checked(src: &str, f: &Field, on: bool, out: &mut Splices) -> Result<(), Error> {
    let Some(cb) = f.ff_data().and_then(|d| kid(d, "checkBox")) else {
        return Err(unsupported("확인란 필드에 설정(w:ffData)이 없습니다"));
    };
    let val = if on { "1" } else { "0" };
    if let Some(c) = kid(cb, "checked") {
        let tag = xml::start_tag(src, c);
        let p = xml::prefix(src, c);
        out.replace(
            tag.clone(),
            xml::with_attr(&src[tag], &format!("{p}val"), val),
        );
        return Ok(());
    }
    let p = xml::prefix(src, cb);
    let new = format!("<{p}checked {p}val=\"{val}\"/>");
    // Schema order: size or sizeAuto, default, checked.
    let after = kid(cb, "default")
        .or_else(|| kid(cb, "sizeAuto"))
        .or_else(|| kid(cb, "size"));
    match (after, xml::inner(src, cb)) {
        (Some(a), _) => out.replace(a.range().end..a.range().end, new),
        (None, Some(r)) => out.replace(r.start..r.start, new),
        (None, None) => {
            let tag = xml::start_tag(src, cb);
            let open = src[tag.clone()]
                .trim_end_matches("/>")
                .trim_end()
                .to_string();
            out.replace(tag, format!("{open}>{new}</{p}checkBox>"));
        }
    }
    Ok(())
}
