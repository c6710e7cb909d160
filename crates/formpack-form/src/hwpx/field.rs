//! 누름틀 (`hp:fieldBegin type="CLICK_HERE"` … `hp:fieldEnd`): the value replaces the runs
//! between the two controls; the field is marked changed (`dirty="1"`), so 한글 prints a
//! value even when it equals the hint.

use roxmltree::Node;

use super::{Section, Work};
use crate::error::{unsupported, Error};
use crate::xml::{self, attr, escape_text, kids, local};

/// Elements that may stand between a field's two controls: text and its marks.
const TEXTUAL: [&str; 11] = [
    "run",
    "t",
    "lineBreak",
    "tab",
    "nbSpace",
    "fwSpace",
    "hyphen",
    "markpenBegin",
    "markpenEnd",
    "titleMark",
    "linesegarray",
];

fn is_click_here(n: Node) -> bool {
    local(n) == "fieldBegin" && attr(n, "type") == Some("CLICK_HERE")
}

/// Every 누름틀 named `name`: (section, its `fieldBegin`), in document order.
pub(crate) fn named<'a, 'i>(secs: &'a [Section<'i>], name: &str) -> Vec<(usize, Node<'a, 'i>)> {
    let mut out = Vec::new();
    for (k, s) in secs.iter().enumerate() {
        for fb in s.doc.descendants().filter(|n| is_click_here(*n)) {
            if attr(fb, "name") == Some(name) {
                out.push((k, fb));
            }
        }
    }
    out
}

/// Every named 누름틀: (name, hint, current text).
pub(crate) fn all(secs: &[Section]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for s in secs {
        for fb in s.doc.descendants().filter(|n| is_click_here(*n)) {
            let Some(name) = attr(fb, "name").filter(|n| !n.is_empty()) else {
                continue;
            };
            let text = text(s, fb).unwrap_or_default();
            out.push((name.to_string(), hint(fb), text));
        }
    }
    out
}

/// The hint a field shows while empty: `Direction:wstring:N:` followed by N UTF-16 units in
/// the `Command` parameter (or a `Direction` parameter of its own).
pub(crate) fn hint(fb: Node) -> String {
    let params = fb.descendants().filter(|n| local(*n) == "stringParam");
    let mut command = None;
    for p in params {
        match attr(p, "name") {
            Some("Direction") => return p.text().unwrap_or("").to_string(),
            Some("Command") => command = p.text(),
            _ => {}
        }
    }
    command.map(direction_of).unwrap_or_default()
}

fn direction_of(command: &str) -> String {
    let Some(k) = command.find("Direction:wstring:") else {
        return String::new();
    };
    let rest = &command[k + "Direction:wstring:".len()..];
    let Some((n, text)) = rest.split_once(':') else {
        return String::new();
    };
    let n: usize = n.trim().parse().unwrap_or(0);
    let units: Vec<u16> = text.encode_utf16().take(n).collect();
    String::from_utf16_lossy(&units)
}

/// The `fieldEnd` closing `fb`, in the same paragraph: by `beginIDRef`, else the next one.
fn end_of<'a, 'i>(fb: Node<'a, 'i>, name: &str) -> Result<Node<'a, 'i>, Error> {
    let para = xml::ancestor(fb, "p")
        .ok_or_else(|| unsupported(format!("누름틀 '{name}'이 문단 밖에 있습니다")))?;
    let id = attr(fb, "id");
    let after = fb.range().end;
    let ends: Vec<Node> = para
        .descendants()
        .filter(|n| local(*n) == "fieldEnd" && n.range().start >= after)
        .filter(|n| xml::ancestor(*n, "p") == Some(para))
        .collect();
    ends.iter()
        .find(|e| id.is_some() && attr(**e, "beginIDRef") == id)
        .or(ends.first())
        .copied()
        .ok_or_else(|| {
            unsupported(format!(
                "누름틀 '{name}'이 여러 문단에 걸쳐 있어 채울 수 없습니다: 한글에서 누름틀을 한 문단 안에 다시 만드십시오"
            ))
        })
}

/// The byte range between the two controls, and the runs around it.
struct Span<'a, 'i> {
    between: std::ops::Range<usize>,
    run_a: Node<'a, 'i>,
    run_b: Node<'a, 'i>,
}

fn span<'a, 'i>(fb: Node<'a, 'i>, name: &str) -> Result<Span<'a, 'i>, Error> {
    let fe = end_of(fb, name)?;
    let (ctrl_a, ctrl_b) = (fb.parent().unwrap_or(fb), fe.parent().unwrap_or(fe));
    let (run_a, run_b) = (
        ctrl_a.parent().filter(|r| local(*r) == "run"),
        ctrl_b.parent().filter(|r| local(*r) == "run"),
    );
    let (Some(run_a), Some(run_b)) = (run_a, run_b) else {
        return Err(unsupported(format!(
            "누름틀 '{name}'의 구조를 알 수 없습니다 (run 밖의 ctrl)"
        )));
    };
    Ok(Span {
        between: ctrl_a.range().end..ctrl_b.range().start,
        run_a,
        run_b,
    })
}

/// Elements between the controls: refused unless they are text.
fn check_between(s: &Span, name: &str) -> Result<(), Error> {
    let para = s.run_a.parent().unwrap_or(s.run_a);
    for n in para.descendants().filter(|n| n.is_element()) {
        let r = n.range();
        if r.start >= s.between.start && r.end <= s.between.end && !TEXTUAL.contains(&local(n)) {
            return Err(unsupported(format!(
                "누름틀 '{name}' 안에 채울 수 없는 개체({})가 있습니다: 한글에서 누름틀 안을 글자만 남기십시오",
                local(n)
            )));
        }
    }
    Ok(())
}

/// The byte ranges of every 누름틀's content in a section: text there belongs to the field,
/// not to a placeholder or check box of its own.
pub(crate) fn regions(sec: &Section) -> Vec<std::ops::Range<usize>> {
    sec.doc
        .descendants()
        .filter(|n| is_click_here(*n))
        .filter_map(|fb| span(fb, "").ok().map(|s| s.between))
        .collect()
}

/// The text between a field's controls.
pub(crate) fn text(sec: &Section, fb: Node) -> Result<String, Error> {
    let name = attr(fb, "name").unwrap_or("");
    let s = span(fb, name)?;
    let para = s.run_a.parent().unwrap_or(s.run_a);
    let _ = sec;
    let mut out = String::new();
    for t in para.descendants().filter(|n| local(*n) == "t") {
        let r = t.range();
        if r.start >= s.between.start && r.end <= s.between.end {
            out.push_str(&super::para_text_of_t(t));
        }
    }
    Ok(out)
}

/// Replace a field's content with `value`.
pub(crate) fn fill<'a, 'i>(
    w: &mut Work<'a, 'i>,
    k: usize,
    fb: Node<'a, 'i>,
    value: &str,
) -> Result<(), Error> {
    let name = attr(fb, "name").unwrap_or("");
    let src = w.secs[k].src;
    let s = span(fb, name)?;
    w.refuse_taken(k, s.run_a, &format!("누름틀 '{name}'"))?;
    check_between(&s, name)?;
    let p = xml::prefix(src, s.run_a);
    let t = if value.is_empty() {
        format!("<{p}t/>")
    } else {
        let body = escape_text(value).replace('\n', &format!("<{p}lineBreak/>"));
        format!("<{p}t>{body}</{p}t>")
    };
    let new = if s.run_a == s.run_b {
        t
    } else {
        let char_a = attr(s.run_a, "charPrIDRef").unwrap_or("0");
        let style = text_style(&s).unwrap_or(char_a);
        let tag_b = &src[xml::start_tag(src, s.run_b)];
        if style == char_a {
            format!("{t}</{p}run>{tag_b}")
        } else {
            format!("</{p}run><{p}run charPrIDRef=\"{style}\">{t}</{p}run>{tag_b}")
        }
    };
    w.edits[k].replace(s.between.clone(), new);
    let tag = xml::start_tag(src, fb);
    w.edits[k].replace(tag.clone(), xml::with_attr(&src[tag], "dirty", "1"));
    if let Some(para) = s.run_a.parent() {
        w.changed.push((k, para));
    }
    Ok(())
}

/// The character shape of the first text between the controls: what the value is set in.
fn text_style<'a>(s: &Span<'a, '_>) -> Option<&'a str> {
    let para = s.run_a.parent()?;
    kids(para, "run")
        .filter(|r| r.range().end > s.between.start && r.range().start < s.between.end)
        .find(|r| kids(*r, "t").any(|t| t.range().start >= s.between.start))
        .and_then(|r| attr(r, "charPrIDRef"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_is_read_from_the_length_prefixed_command() {
        let cmd = "Clickhere:set:66:Direction:wstring:23:이곳을 마우스로 누르고 내용을 입력하세요. HelpState:wstring:0: ";
        assert_eq!(
            direction_of(cmd),
            "이곳을 마우스로 누르고 내용을 입력하세요."
        );
        assert_eq!(direction_of("Clickhere:set:0:"), "");
    }
}
