//! Small helpers over roxmltree with the byte ranges edits need.

use std::ops::Range;

use roxmltree::{Document, Node, ParsingOptions};

use crate::error::{not_a_form, Error, ErrorKind};
use crate::plan::Limits;

/// Parse a part, within the node limit; no DTD (so no entity expansion).
pub(crate) fn parse<'a>(name: &str, text: &'a str, limits: &Limits) -> Result<Document<'a>, Error> {
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: limits.nodes,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, opts).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => Error::new(
            ErrorKind::TooLarge,
            format!(
                "서식 파일이 너무 큽니다 ({name}: XML 노드 {}개 초과)",
                limits.nodes
            ),
        ),
        e => not_a_form(format!("{name}의 XML이 올바르지 않습니다 ({e})")),
    })?;
    if depth(&doc) > limits.depth {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!(
                "서식 파일의 XML이 너무 깊게 중첩되어 있습니다 ({name}: {}단계 초과)",
                limits.depth
            ),
        ));
    }
    Ok(doc)
}

/// How deep the document's elements nest (one pass, no recursion).
fn depth(doc: &Document) -> usize {
    let mut depth = vec![0usize; doc.descendants().count() + 1];
    let mut max = 0;
    for n in doc.descendants() {
        let d = n.parent().map_or(0, |p| depth[p.id().get_usize()] + 1);
        depth[n.id().get_usize()] = d;
        max = max.max(d);
    }
    max
}

/// The element's local name (`tc` for `hp:tc`), or "" for text.
pub(crate) fn local<'a>(n: Node<'a, '_>) -> &'a str {
    if n.is_element() {
        n.tag_name().name()
    } else {
        ""
    }
}

/// Element children with this local name.
pub(crate) fn kids<'a, 'i>(n: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(move |c| local(*c) == name)
}

/// The first element child with this local name.
pub(crate) fn kid<'a, 'i>(n: Node<'a, 'i>, name: &'a str) -> Option<Node<'a, 'i>> {
    kids(n, name).next()
}

/// The closest ancestor (not `n` itself) with this local name.
pub(crate) fn ancestor<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.ancestors().skip(1).find(|a| local(*a) == name)
}

/// An attribute by local name, whatever its namespace.
pub(crate) fn attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// A numeric attribute, or `default`.
pub(crate) fn num(n: Node<'_, '_>, name: &str, default: usize) -> usize {
    attr(n, name)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// The byte range of an element's start tag (`<hp:run charPrIDRef="0">`, or the whole
/// `<hp:run …/>` when it is empty).
pub(crate) fn start_tag(src: &str, n: Node<'_, '_>) -> Range<usize> {
    let r = n.range();
    let after_attrs = n
        .attributes()
        .map(|a| a.range().end)
        .max()
        .unwrap_or(r.start + 1);
    let end = src[after_attrs..r.end]
        .find('>')
        .map_or(r.end, |k| after_attrs + k + 1);
    r.start..end
}

/// The range between the start and end tags; `None` for an empty element written `<x/>`.
pub(crate) fn inner(src: &str, n: Node<'_, '_>) -> Option<Range<usize>> {
    let tag = start_tag(src, n);
    if src[tag.clone()].ends_with("/>") {
        return None;
    }
    let r = n.range();
    let close = src[..r.end].rfind("</").filter(|&k| k >= tag.end)?;
    Some(tag.end..close)
}

/// The qualified prefix of an element as written (`hp` for `<hp:run`), with its colon, or "".
pub(crate) fn prefix(src: &str, n: Node<'_, '_>) -> String {
    let tag = &src[n.range().start + 1..];
    let name_end = tag
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(tag.len());
    match tag[..name_end].split_once(':') {
        Some((p, _)) => format!("{p}:"),
        None => String::new(),
    }
}

/// A start tag's text with an attribute set (replaced in place, or added at the end).
pub(crate) fn with_attr(tag: &str, name: &str, value: &str) -> String {
    for quote in ['"', '\''] {
        for lead in [' ', '\n', '\t', '\r'] {
            let pat = format!("{lead}{name}={quote}");
            if let Some(k) = tag.find(&pat) {
                let v0 = k + pat.len();
                let v1 = v0 + tag[v0..].find(quote).unwrap_or(0);
                return format!("{}{}{}", &tag[..v0], escape_attr(value), &tag[v1..]);
            }
        }
    }
    let close = if tag.ends_with("/>") {
        tag.len() - 2
    } else {
        tag.len() - 1
    };
    format!(
        "{} {name}=\"{}\"{}",
        &tag[..close],
        escape_attr(value),
        &tag[close..]
    )
}

/// Text escaped for element content.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Text escaped for an attribute value.
pub(crate) fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;")
}

/// A label's text for matching: every space removed (`대 표 자` is `대표자`), and a trailing
/// colon.
pub(crate) fn normalize(s: &str) -> String {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    t.trim_end_matches([':', '：']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_attributes() {
        let src = r#"<a xmlns:hp="u"><hp:run charPrIDRef="3"/><hp:run x='1'>t</hp:run></a>"#;
        let d = Document::parse(src).unwrap();
        let runs: Vec<Node> = d.root_element().children().collect();
        assert_eq!(
            &src[start_tag(src, runs[0])],
            r#"<hp:run charPrIDRef="3"/>"#
        );
        assert_eq!(inner(src, runs[0]), None);
        assert_eq!(&src[inner(src, runs[1]).unwrap()], "t");
        assert_eq!(prefix(src, runs[1]), "hp:");
        assert_eq!(
            with_attr("<x a=\"1\" b=\"2\">", "b", "9"),
            "<x a=\"1\" b=\"9\">"
        );
        assert_eq!(
            with_attr("<x a=\"1\"/>", "c", "&"),
            "<x a=\"1\" c=\"&amp;\"/>"
        );
        assert_eq!(normalize(" 대 표 자 : "), "대표자");
    }
}
