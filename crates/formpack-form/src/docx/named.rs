//! Named places: content controls (`w:sdt`, by tag or alias), bookmarks
//! (`w:bookmarkStart` … `w:bookmarkEnd` in one paragraph) and legacy text fields named in
//! their `w:ffData` (when no bookmark of that name marks them).

use roxmltree::Node;

use super::cell;
use super::field::{self, blocker, Field, KEPT};
use super::runs::{rpr_text, run};
use super::{block_text, para_of, text_in, Part, Work};
use crate::error::{unsupported, Error};
use crate::plan::NamedKind;
use crate::xml::{self, attr, kid, local};

/// A named place: (part, what).
#[derive(Debug, Clone)]
pub(crate) enum Named<'a, 'i> {
    /// A content control.
    Control(usize, Node<'a, 'i>),
    /// A bookmark, by its `w:bookmarkStart`.
    Bookmark(usize, Node<'a, 'i>),
    /// A legacy form text field without a bookmark of its name.
    Field(usize, Field<'a, 'i>),
}

/// A content control's name: its tag, else its alias.
fn control_names<'a>(sdt: Node<'a, '_>) -> Vec<&'a str> {
    let Some(pr) = kid(sdt, "sdtPr") else {
        return Vec::new();
    };
    ["tag", "alias"]
        .iter()
        .filter_map(|k| kid(pr, k).and_then(|n| attr(n, "val")))
        .filter(|n| !n.is_empty())
        .collect()
}

fn is_checkbox(sdt: Node) -> bool {
    kid(sdt, "sdtPr").is_some_and(|pr| kid(pr, "checkbox").is_some())
}

/// Word's hidden bookmarks (`_GoBack`, `_Toc…`, `_Hlk…`, `_Ref…`): not a form's names.
fn hidden(name: &str) -> bool {
    name.starts_with('_')
}

/// Every place named `name`, in document order per kind.
pub(crate) fn find<'a, 'i>(parts: &'a [Part<'i>], name: &str) -> Vec<Named<'a, 'i>> {
    let mut controls = Vec::new();
    let mut marks = Vec::new();
    let mut fields = Vec::new();
    let marked = |n: &str| {
        parts.iter().any(|s| {
            s.doc
                .descendants()
                .any(|d| local(d) == "bookmarkStart" && attr(d, "name") == Some(n))
        })
    };
    for (k, s) in parts.iter().enumerate() {
        for d in s.doc.descendants() {
            match local(d) {
                "sdt" if control_names(d).contains(&name) => controls.push(Named::Control(k, d)),
                "bookmarkStart" if attr(d, "name") == Some(name) => {
                    marks.push(Named::Bookmark(k, d))
                }
                _ => {}
            }
        }
        if !marked(name) {
            for f in field::all(&s.doc) {
                if f.code() == "FORMTEXT" && f.name() == Some(name) {
                    fields.push(Named::Field(k, f));
                }
            }
        }
    }
    controls.extend(marks);
    controls.extend(fields);
    controls
}

/// Every named place: (kind, name, hint, current text).
pub(crate) fn all(parts: &[Part]) -> Vec<(NamedKind, String, String, String)> {
    let mut out = Vec::new();
    let mut marks: Vec<String> = Vec::new();
    for s in parts {
        for d in s.doc.descendants() {
            match local(d) {
                "sdt" => {
                    if let Some(n) = control_names(d).first() {
                        let text = control_text(d);
                        let showing =
                            kid(d, "sdtPr").is_some_and(|pr| kid(pr, "showingPlcHdr").is_some());
                        let hint = if showing { text.clone() } else { String::new() };
                        let text = if showing { String::new() } else { text };
                        out.push((NamedKind::ContentControl, n.to_string(), hint, text));
                    }
                }
                "bookmarkStart" => {
                    let Some(n) = attr(d, "name").filter(|n| !n.is_empty() && !hidden(n)) else {
                        continue;
                    };
                    marks.push(n.to_string());
                    // A legacy check box's or drop-down's bookmark is not a text place.
                    if let Ok((p, be)) = bookmark_span(&s.doc, d) {
                        if let [f] = marked_field(p, d, be).as_slice() {
                            if f.code() != "FORMTEXT" {
                                continue;
                            }
                        }
                    }
                    let text = bookmark_text(&s.doc, d).unwrap_or_default();
                    out.push((NamedKind::Bookmark, n.to_string(), String::new(), text));
                }
                _ => {}
            }
        }
    }
    for s in parts {
        for f in field::all(&s.doc) {
            if let (true, Some(n)) = (f.code() == "FORMTEXT", f.name()) {
                if !marks.iter().any(|m| m == n) && !hidden(n) {
                    out.push((NamedKind::Bookmark, n.to_string(), String::new(), f.text()));
                }
            }
        }
    }
    out
}

/// The place in words, as `fill` and `read` report it.
pub(crate) fn place_name(n: &Named, name: &str) -> String {
    match n {
        Named::Control(..) => format!("콘텐츠 컨트롤 {name}"),
        Named::Bookmark(..) => format!("책갈피 {name}"),
        Named::Field(..) => format!("입력란 {name}"),
    }
}

/// A content control's text: its paragraphs (one line each), its cell's, or its runs'.
fn control_text(sdt: Node) -> String {
    let Some(content) = kid(sdt, "sdtContent") else {
        return String::new();
    };
    if let Some(tc) = kid(content, "tc") {
        return block_text(tc);
    }
    if kid(content, "p").is_some() {
        return block_text(content);
    }
    match para_of(sdt) {
        Some(p) => text_in(p, content.range()),
        None => String::new(),
    }
}

/// A bookmark's end (same `w:id`) and its paragraph, when both ends are in one paragraph.
fn bookmark_span<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    bs: Node<'a, 'i>,
) -> Result<(Node<'a, 'i>, Node<'a, 'i>), Error> {
    let name = attr(bs, "name").unwrap_or("");
    let id = attr(bs, "id");
    let end = doc.descendants().find(|d| {
        local(*d) == "bookmarkEnd" && attr(*d, "id") == id && d.range().start >= bs.range().end
    });
    let across = || {
        unsupported(format!(
            "책갈피 '{name}'이(가) 여러 문단에 걸쳐 있어 채울 수 없습니다: Word에서 책갈피를 한 문단 안에 다시 만드십시오"
        ))
    };
    let end = end.ok_or_else(across)?;
    let p = bs
        .parent()
        .filter(|p| local(*p) == "p")
        .ok_or_else(across)?;
    if end.parent() != Some(p) {
        return Err(across());
    }
    Ok((p, end))
}

/// The text field a bookmark marks (Word puts a legacy field's bookmark around or inside it).
fn marked_field<'a, 'i>(p: Node<'a, 'i>, bs: Node<'a, 'i>, be: Node<'a, 'i>) -> Vec<Field<'a, 'i>> {
    let (a, b) = (bs.range().end, be.range().start);
    field::fields(p)
        .0
        .into_iter()
        .filter(|f| f.depth == 0)
        .filter(|f| {
            let r = f.range();
            r.start < b && r.end > a
        })
        .collect()
}

fn bookmark_text(doc: &roxmltree::Document, bs: Node) -> Result<String, Error> {
    let (p, be) = bookmark_span(doc, bs)?;
    let fs = marked_field(p, bs, be);
    if let [f] = fs.as_slice() {
        return Ok(f.text());
    }
    Ok(text_in(p, bs.range().end..be.range().start))
}

/// What a named place holds now.
pub(crate) fn text(parts: &[Part], n: &Named) -> Result<String, Error> {
    match n {
        Named::Control(_, sdt) => Ok(control_text(*sdt)),
        Named::Bookmark(k, bs) => bookmark_text(&parts[*k].doc, *bs),
        Named::Field(_, f) => Ok(f.text()),
    }
}

/// Fill one named place with `value`.
pub(crate) fn fill<'a, 'i>(
    w: &mut Work<'a, 'i>,
    n: &Named<'a, 'i>,
    name: &str,
    value: &str,
) -> Result<(), Error> {
    let place = place_name(n, name);
    match n {
        Named::Control(k, sdt) => {
            w.refuse_taken(*k, *sdt, &place)?;
            fill_control(w, *k, *sdt, value, &place)
        }
        Named::Field(k, f) => {
            w.refuse_taken(*k, f.para, &place)?;
            let src = w.parts[*k].src;
            field::fill_text(src, f, value, &place, &mut w.edits[*k], &mut w.warnings)
        }
        Named::Bookmark(k, bs) => {
            w.refuse_taken(*k, *bs, &place)?;
            fill_bookmark(w, *k, *bs, value, &place)
        }
    }
}

fn fill_control<'a, 'i>(
    w: &mut Work<'a, 'i>,
    k: usize,
    sdt: Node<'a, 'i>,
    value: &str,
    place: &str,
) -> Result<(), Error> {
    let src = w.parts[k].src;
    let pr = kid(sdt, "sdtPr");
    if is_checkbox(sdt) {
        return Err(unsupported(format!(
            "{place}은(는) 확인란입니다: checks에 참/거짓으로 적으십시오"
        )));
    }
    if pr.is_some_and(|pr| kid(pr, "picture").is_some()) {
        return Err(unsupported(format!(
            "{place}은(는) 그림 콘텐츠 컨트롤이라 글을 채울 수 없습니다"
        )));
    }
    let Some(content) = kid(sdt, "sdtContent") else {
        return Err(unsupported(format!(
            "{place}에 내용(w:sdtContent)이 없습니다"
        )));
    };
    let fallback = pr.and_then(|pr| kid(pr, "rPr"));
    let out = &mut w.edits[k];
    if let Some(tc) = kid(content, "tc") {
        cell::set_text(src, tc, value, place, fallback, out, &mut w.warnings)?;
    } else if kid(content, "tr").is_some() {
        return Err(unsupported(format!(
            "{place}은(는) 표의 행을 감싼 콘텐츠 컨트롤이라 글을 채울 수 없습니다"
        )));
    } else if kid(content, "p").is_some() || kid(content, "tbl").is_some() {
        cell::set_text(src, content, value, place, fallback, out, &mut w.warnings)?;
    } else {
        if let Some(what) = blocker(content) {
            return Err(unsupported(format!(
                "{place} 안에 {what}이(가) 있어 채울 수 없습니다"
            )));
        }
        let rpr = content
            .descendants()
            .find(|d| local(*d) == "r")
            .and_then(|r| kid(r, "rPr"))
            .or(fallback)
            .map(|r| rpr_text(src, r))
            .unwrap_or_default();
        let p = xml::prefix(src, sdt);
        let new = run(&p, &rpr, value);
        match xml::inner(src, content) {
            Some(r) => out.replace(r, new),
            None => {
                let tag = xml::start_tag(src, content);
                let open = src[tag.clone()]
                    .trim_end_matches("/>")
                    .trim_end()
                    .to_string();
                out.replace(tag, format!("{open}>{new}</{p}sdtContent>"));
            }
        }
    }
    if let Some(s) = pr.and_then(|pr| kid(pr, "showingPlcHdr")) {
        out.replace(s.range(), "");
    }
    Ok(())
}

fn fill_bookmark<'a, 'i>(
    w: &mut Work<'a, 'i>,
    k: usize,
    bs: Node<'a, 'i>,
    value: &str,
    place: &str,
) -> Result<(), Error> {
    let part = &w.parts[k];
    let src = part.src;
    let (p, be) = bookmark_span(&part.doc, bs)?;
    let fs = marked_field(p, bs, be);
    match fs.as_slice() {
        [] => {}
        [f] => return field::fill_text(src, f, value, place, &mut w.edits[k], &mut w.warnings),
        _ => {
            return Err(unsupported(format!(
                "{place}: 책갈피 안에 필드가 여러 개 있어 채울 수 없습니다"
            )))
        }
    }
    let (a, b) = (bs.range().end, be.range().start);
    let mut runs = Vec::new();
    for c in p.children().filter(|c| c.is_element()) {
        let r = c.range();
        if r.start < a || r.end > b {
            continue;
        }
        match local(c) {
            "r" => {
                if let Some(what) = blocker(c) {
                    return Err(unsupported(format!(
                        "{place}: 책갈피 안에 {what}이(가) 있어 채울 수 없습니다"
                    )));
                }
                runs.push(c);
            }
            n if KEPT.contains(&n) => {}
            n => {
                return Err(unsupported(format!(
                    "{place}: 책갈피 안에 채울 수 없는 요소({n})가 있습니다. Word에서 책갈피 안을 글자만 남기십시오"
                )))
            }
        }
    }
    let before = bs.prev_siblings().skip(1).find(|s| local(*s) == "r");
    let rpr = runs
        .first()
        .copied()
        .or(before)
        .and_then(|r| kid(r, "rPr"))
        .map(|r| rpr_text(src, r))
        .unwrap_or_default();
    let new = run(&xml::prefix(src, p), &rpr, value);
    let out = &mut w.edits[k];
    match runs.first() {
        Some(r0) => out.replace(r0.range(), new),
        None => out.replace(a..a, new),
    }
    for r in runs.iter().skip(1) {
        out.replace(r.range(), "");
    }
    Ok(())
}
