//! A paragraph's text as one string over its text nodes, so a `{{placeholder}}` split across
//! runs is found whole, and edits of that string go back into the nodes they fall in.

use std::ops::Range;

use roxmltree::Node;

use crate::splice::Splices;
use crate::xml::{escape_text, normalize};

/// Stands between two text nodes that a tab or line break separates: no placeholder spans it.
const BREAK: char = '\u{1}';

/// Check box glyphs, unchecked and checked.
pub(crate) const BOXES: [(char, char); 2] = [('☐', '☑'), ('□', '■')];

/// A paragraph's text nodes and their text joined.
pub(crate) struct Segments<'a, 'i> {
    nodes: Vec<(Node<'a, 'i>, Range<usize>)>,
    pub text: String,
}

/// The text nodes of `texts` (the paragraph's `t` elements, in order) joined into one string.
pub(crate) fn segments<'a, 'i>(texts: impl Iterator<Item = Node<'a, 'i>>) -> Segments<'a, 'i> {
    let mut s = Segments {
        nodes: Vec::new(),
        text: String::new(),
    };
    for t in texts {
        let mut after_element = false;
        for c in t.children() {
            if c.is_text() {
                if after_element {
                    s.text.push(BREAK);
                }
                let start = s.text.len();
                s.text.push_str(c.text().unwrap_or(""));
                s.nodes.push((c, start..s.text.len()));
                after_element = false;
            } else if c.is_element() {
                after_element = true;
            }
        }
    }
    s
}

impl Segments<'_, '_> {
    /// Every `{{…}}` in the text: its span and the text between the braces, trimmed.
    pub(crate) fn placeholders(&self) -> Vec<(Range<usize>, String)> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(k) = self.text[at..].find("{{") {
            let open = at + k;
            let Some(len) = self.text[open + 2..].find("}}") else {
                break;
            };
            let close = open + 2 + len + 2;
            let inner = &self.text[open + 2..open + 2 + len];
            if !inner.contains(BREAK) && !inner.contains("{{") && !inner.trim().is_empty() {
                out.push((open..close, inner.trim().to_string()));
                at = close;
            } else {
                at = open + 2;
            }
        }
        out
    }

    /// Every check box: its position, whether checked, and the text after it up to the next
    /// box (spaces removed).
    pub(crate) fn boxes(&self) -> Vec<(Range<usize>, bool, String)> {
        let glyphs: Vec<(usize, char)> = self
            .text
            .char_indices()
            .filter(|(_, c)| BOXES.iter().any(|(u, k)| c == u || c == k))
            .collect();
        glyphs
            .iter()
            .enumerate()
            .map(|(n, &(at, c))| {
                let end = glyphs.get(n + 1).map_or(self.text.len(), |g| g.0);
                let label = normalize(&self.text[at + c.len_utf8()..end].replace(BREAK, ""));
                let checked = BOXES.iter().any(|(_, k)| *k == c);
                (at..at + c.len_utf8(), checked, label)
            })
            .collect()
    }

    /// Every check box's state and the text after it as a person reads it (spaces kept,
    /// at most 40 characters): what `inspect` shows.
    pub(crate) fn boxes_shown(&self) -> Vec<(String, bool)> {
        let boxes = self.boxes();
        boxes
            .iter()
            .enumerate()
            .map(|(n, (at, on, _))| {
                let end = boxes.get(n + 1).map_or(self.text.len(), |b| b.0.start);
                let text = self.text[at.end..end].replace(BREAK, " ");
                let words: Vec<&str> = text.split_whitespace().collect();
                let shown: String = words.join(" ").chars().take(40).collect();
                (shown, *on)
            })
            .collect()
    }

    /// The glyph a box at `at` gets for `checked`, in its own family (☐/☑ or □/■).
    pub(crate) fn glyph(&self, at: &Range<usize>, checked: bool) -> String {
        let c = self.text[at.clone()].chars().next().unwrap_or('☐');
        let (u, k) = BOXES
            .iter()
            .copied()
            .find(|(u, k)| *u == c || *k == c)
            .unwrap_or(BOXES[0]);
        if checked { k } else { u }.to_string()
    }

    /// The span of the joined text that the text element `t` holds (its text nodes).
    pub(crate) fn span_of(&self, t: Node) -> Option<Range<usize>> {
        let mut spans = self
            .nodes
            .iter()
            .filter(|(n, _)| n.parent() == Some(t))
            .map(|(_, r)| r.clone());
        let first = spans.next()?;
        let end = spans.next_back().map_or(first.end, |r| r.end);
        Some(first.start..end)
    }

    /// The offset in the joined text of the first text at or after byte `pos` of the part.
    pub(crate) fn offset_at(&self, pos: usize) -> usize {
        self.nodes
            .iter()
            .find(|(n, _)| n.range().start >= pos)
            .map_or(self.text.len(), |(_, r)| r.start)
    }

    /// The text between two offsets as a label: breaks and spaces removed.
    pub(crate) fn label(&self, range: Range<usize>) -> String {
        let end = range.end.min(self.text.len());
        let start = range.start.min(end);
        normalize(&self.text[start..end].replace(BREAK, ""))
    }

    /// Splices that write `edits` (spans of the joined text → new text) into the text nodes:
    /// a span's new text goes into the node where it starts; `newline` is what a line break
    /// becomes inside a text element.
    pub(crate) fn rewrite(
        &self,
        edits: &[(Range<usize>, String)],
        newline: &str,
        out: &mut Splices,
    ) {
        let value = |v: &str| escape_text(v).replace('\n', newline);
        for (node, new) in self.edited(edits, value, escape_text) {
            out.replace(node.range(), new);
        }
    }
}

impl<'a, 'i> Segments<'a, 'i> {
    /// The text each changed node gets from `edits` (unescaped): for checks on the result,
    /// such as whether Word needs `xml:space="preserve"` on its element.
    pub(crate) fn new_texts(
        &self,
        edits: &[(Range<usize>, String)],
    ) -> Vec<(Node<'a, 'i>, String)> {
        self.edited(edits, str::to_string, str::to_string)
    }

    /// Each node the edits change, with its new text: an edit's value (through `value`)
    /// where the edit starts, the node's own text (through `own`) elsewhere.
    fn edited(
        &self,
        edits: &[(Range<usize>, String)],
        value: impl Fn(&str) -> String,
        own: impl Fn(&str) -> String,
    ) -> Vec<(Node<'a, 'i>, String)> {
        let mut out = Vec::new();
        for (node, seg) in &self.nodes {
            let mut new = String::new();
            let mut changed = false;
            let mut at = seg.start;
            while at < seg.end {
                if let Some((span, v)) = edits.iter().find(|(s, _)| s.start == at) {
                    new.push_str(&value(v));
                    changed = true;
                    at = span.end.max(at + 1);
                    continue;
                }
                if let Some((span, _)) = edits.iter().find(|(s, _)| s.start < at && at < s.end) {
                    changed = true;
                    at = span.end;
                    continue;
                }
                let c = self.text[at..].chars().next().map_or(1, char::len_utf8);
                new.push_str(&own(&self.text[at..at + c]));
                at += c;
            }
            if changed {
                out.push((*node, new));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(src: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(src).unwrap()
    }

    #[test]
    fn a_placeholder_split_across_runs_is_found_and_replaced() {
        let src = "<p><r><t>성명: {{대</t></r><r><t>표}} &amp; 끝</t></r></p>";
        let d = para(src);
        let ts = d.descendants().filter(|n| n.has_tag_name("t"));
        let s = segments(ts);
        let ph = s.placeholders();
        assert_eq!(ph.len(), 1);
        assert_eq!(ph[0].1, "대표");
        let mut out = Splices::default();
        s.rewrite(&[(ph[0].0.clone(), "홍<길>동".into())], "<br/>", &mut out);
        assert_eq!(
            out.apply(src).unwrap(),
            "<p><r><t>성명: 홍&lt;길&gt;동</t></r><r><t> &amp; 끝</t></r></p>"
        );
    }

    #[test]
    fn boxes_and_their_labels() {
        let src = "<p><t>☐ 주관기관  ■참여 기관</t></p>";
        let d = para(src);
        let s = segments(d.descendants().filter(|n| n.has_tag_name("t")));
        let b = s.boxes();
        assert_eq!(b.len(), 2);
        assert_eq!((b[0].1, b[0].2.as_str()), (false, "주관기관"));
        assert_eq!((b[1].1, b[1].2.as_str()), (true, "참여기관"));
        assert_eq!(s.glyph(&b[1].0, false), "□");
        let mut out = Splices::default();
        s.rewrite(&[(b[0].0.clone(), s.glyph(&b[0].0, true))], "", &mut out);
        assert_eq!(
            out.apply(src).unwrap(),
            "<p><t>☑ 주관기관  ■참여 기관</t></p>"
        );
    }
}
