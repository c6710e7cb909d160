//! Check boxes: ☐/☑ and □/■ typed in the text, Word's check-box content controls
//! (`w14:checkbox`: `w14:checked` and the glyph it shows), and legacy check box fields
//! (`FORMCHECKBOX`). A box's label is the text after it in its paragraph, up to the next box.

use std::ops::Range;

use roxmltree::Node;

use super::field::{self, Field};
use super::{para_of, Para, Work};
use crate::error::Error;
use crate::grid::Table;
use crate::xml::{self, attr, kid, local, normalize};

/// What kind of box.
#[derive(Debug, Clone)]
pub(crate) enum Kind<'a, 'i> {
    /// A glyph in the text: its span in the paragraph's joined text.
    Glyph(Range<usize>),
    /// A check-box content control, and the spans of its text elements.
    Control(Node<'a, 'i>, Vec<Range<usize>>),
    /// A legacy check box field.
    Legacy(Field<'a, 'i>),
}

/// One box.
#[derive(Debug, Clone)]
pub(crate) struct CheckBox<'a, 'i> {
    pub para: usize,
    pub checked: bool,
    pub label: String,
    pub kind: Kind<'a, 'i>,
}

/// The glyph a content control shows for a state: `w14:checkedState`/`w14:uncheckedState`
/// (hex code point), by default ☒/☐.
fn control_glyph(sdt: Node, on: bool) -> String {
    let state = kid(sdt, "sdtPr")
        .and_then(|pr| kid(pr, "checkbox"))
        .and_then(|cb| kid(cb, if on { "checkedState" } else { "uncheckedState" }))
        .and_then(|s| attr(s, "val"))
        .and_then(|v| u32::from_str_radix(v.trim(), 16).ok())
        .and_then(char::from_u32);
    state
        .unwrap_or(if on { '\u{2612}' } else { '\u{2610}' })
        .to_string()
}

fn control_checked(sdt: Node) -> bool {
    kid(sdt, "sdtPr")
        .and_then(|pr| kid(pr, "checkbox"))
        .and_then(|cb| kid(cb, "checked"))
        .and_then(|c| attr(c, "val"))
        .is_some_and(|v| v == "1" || v == "true")
}

/// The boxes of one paragraph, in text order.
fn in_para<'a, 'i>(pi: usize, para: &Para<'a, 'i>) -> Vec<CheckBox<'a, 'i>> {
    let segs = &para.segs;
    // (start, end of the box in the text, checked, kind)
    let mut found: Vec<(usize, usize, bool, Kind)> = Vec::new();
    let controls: Vec<Node> = para
        .node
        .descendants()
        .filter(|d| local(*d) == "sdt" && para_of(*d) == Some(para.node))
        .filter(|d| kid(*d, "sdtPr").is_some_and(|pr| kid(pr, "checkbox").is_some()))
        .collect();
    let mut taken: Vec<Range<usize>> = Vec::new();
    for sdt in controls {
        let spans: Vec<Range<usize>> = sdt
            .descendants()
            .filter(|d| local(*d) == "t")
            .filter_map(|t| segs.span_of(t))
            .collect();
        let (a, b) = match (spans.first(), spans.last()) {
            (Some(f), Some(l)) => (f.start, l.end),
            _ => {
                let at = segs.offset_at(sdt.range().end);
                (at, at)
            }
        };
        taken.push(a..b);
        found.push((a, b, control_checked(sdt), Kind::Control(sdt, spans)));
    }
    for (span, on, _) in segs.boxes() {
        if !taken
            .iter()
            .any(|t| t.start <= span.start && span.end <= t.end)
        {
            found.push((span.start, span.end, on, Kind::Glyph(span)));
        }
    }
    for f in field::fields(para.node).0 {
        if f.code() == "FORMCHECKBOX" {
            let at = segs.offset_at(field::run_of(f.end).range().end);
            found.push((at, at, f.checked(), Kind::Legacy(f)));
        }
    }
    found.sort_by_key(|(a, b, _, _)| (*a, *b));
    let starts: Vec<usize> = found.iter().map(|f| f.0).collect();
    found
        .into_iter()
        .enumerate()
        .map(|(n, (_, b, checked, kind))| {
            let next = starts
                .iter()
                .skip(n + 1)
                .copied()
                .find(|s| *s >= b)
                .unwrap_or(segs.text.len());
            CheckBox {
                para: pi,
                checked,
                label: segs.label(b..next),
                kind,
            }
        })
        .collect()
}

/// Every box of the form, in document order.
pub(crate) fn all<'a, 'i>(paras: &[Para<'a, 'i>]) -> Vec<CheckBox<'a, 'i>> {
    paras
        .iter()
        .enumerate()
        .flat_map(|(pi, p)| in_para(pi, p))
        .collect()
}

/// The box before `label` (in the row holding `row`, if given).
pub(crate) fn find<'a, 'i>(
    tables: &[Table],
    paras: &[Para<'a, 'i>],
    label: &str,
    row: Option<&str>,
    occurrence: Option<usize>,
) -> Result<CheckBox<'a, 'i>, Error> {
    let want = normalize(label);
    let in_row = |p: Node| crate::places::in_row(tables, p, row);
    let boxes = all(paras);
    let names: Vec<String> = boxes.iter().map(|b| b.label.clone()).collect();
    let found: Vec<CheckBox> = boxes
        .into_iter()
        .filter(|b| !want.is_empty() && b.label.starts_with(&want))
        .filter(|b| in_row(paras[b.para].node))
        .collect();
    crate::places::pick(found, occurrence, &format!("확인란 '{label}'"), &names)
}

/// What a box shows now.
pub(crate) fn shown(b: &CheckBox, paras: &[Para]) -> String {
    match &b.kind {
        Kind::Glyph(span) => paras[b.para].segs.text[span.clone()].to_string(),
        _ => glyph_for(b, b.checked, &paras[b.para]),
    }
}

fn glyph_for(b: &CheckBox, on: bool, para: &Para) -> String {
    match &b.kind {
        Kind::Glyph(span) => para.segs.glyph(span, on),
        Kind::Control(sdt, _) => control_glyph(*sdt, on),
        Kind::Legacy(_) => if on { "☒" } else { "☐" }.to_string(),
    }
}

/// Set a box; the glyph it shows now.
pub(crate) fn set<'a, 'i>(
    w: &mut Work<'a, 'i>,
    paras: &[Para<'a, 'i>],
    b: &CheckBox<'a, 'i>,
    on: bool,
) -> Result<String, Error> {
    let para = &paras[b.para];
    let k = para.part;
    w.refuse_taken(k, para.node, &format!("확인란 {}", b.label))?;
    let src = w.parts[k].src;
    let glyph = glyph_for(b, on, para);
    match &b.kind {
        Kind::Glyph(span) => {
            w.text_edits
                .entry(b.para)
                .or_default()
                .push((span.clone(), glyph.clone()));
        }
        Kind::Control(sdt, spans) => {
            if let Some(c) = kid(*sdt, "sdtPr")
                .and_then(|pr| kid(pr, "checkbox"))
                .and_then(|cb| kid(cb, "checked"))
            {
                let tag = xml::start_tag(src, c);
                let p = xml::prefix(src, c);
                w.edits[k].replace(
                    tag.clone(),
                    xml::with_attr(&src[tag], &format!("{p}val"), if on { "1" } else { "0" }),
                );
            }
            let edits = w.text_edits.entry(b.para).or_default();
            for (n, s) in spans.iter().enumerate() {
                edits.push((
                    s.clone(),
                    if n == 0 { glyph.clone() } else { String::new() },
                ));
            }
        }
        Kind::Legacy(f) => field::set_checked(src, f, on, &mut w.edits[k])?,
    }
    Ok(glyph)
}
