//! What 한글 lays out itself: the saved line layout of changed paragraphs is dropped, the
//! text preview is written again, and a value that will not fit its cell is warned about.

use std::collections::{BTreeMap, HashSet};

use roxmltree::Node;

use super::{Section, Work};
use crate::error::Error;
use crate::package::{Edit, Package};
use crate::xml::{self, attr, kid, kids, local, num};

/// Drop `hp:linesegarray` from every changed paragraph, from the paragraphs after it in the
/// same cell or section, and from the paragraphs that hold its table (and those after them):
/// 한글 trusts a saved layout and would show stale line breaks.
pub(crate) fn drop_line_layout(w: &mut Work) {
    let mut done: HashSet<(usize, usize)> = HashSet::new();
    let changed = std::mem::take(&mut w.changed);
    for (k, p) in changed {
        let mut hosts = vec![p];
        hosts.extend(p.ancestors().skip(1).filter(|a| local(*a) == "p"));
        for h in hosts {
            let mut q = Some(h);
            while let Some(para) = q {
                if local(para) == "p" {
                    if !done.insert((k, para.range().start)) {
                        break;
                    }
                    for seg in kids(para, "linesegarray") {
                        w.edits[k].remove_weak(seg.range());
                    }
                }
                q = para.next_sibling();
            }
        }
    }
}

/// Write each grown table's saved height (`hp:sz@height`) for the rows added and removed,
/// so a reader that trusts the saved size (rhwp does) does not squeeze the others.
pub(crate) fn resize_tables(w: &mut Work) {
    for ((k, _), (tbl, grown)) in std::mem::take(&mut w.taller) {
        let Some(sz) = kid(tbl, "sz") else { continue };
        let src = w.secs[k].src;
        let h = num(sz, "height", 0) as i64 + grown;
        let tag = xml::start_tag(src, sz);
        let new = xml::with_attr(&src[tag.clone()], "height", &h.max(0).to_string());
        w.edits[k].replace(tag, new);
    }
}

/// Character shape id → size (1/100 pt) from `Contents/header.xml`.
pub(crate) fn font_heights(p: &Package) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    let Ok(src) = p.text("Contents/header.xml") else {
        return out;
    };
    let Ok(doc) = xml::parse("Contents/header.xml", src, &p.limits) else {
        return out;
    };
    for c in doc.descendants().filter(|n| local(*n) == "charPr") {
        if let (Some(id), Some(h)) = (
            attr(c, "id"),
            attr(c, "height").and_then(|h| h.parse().ok()),
        ) {
            out.insert(id.to_string(), h);
        }
    }
    out
}

/// How many lines `value` needs in cell `tc`, when the form's saved cell height holds less
/// (HWPUNIT: 1/7200 inch; a Hangul character is about as wide as its size, a Latin one about
/// half; lines 160%).
pub(crate) fn overflow(fonts: &BTreeMap<String, u32>, tc: Node, value: &str) -> Option<f64> {
    let sz = kid(tc, "cellSz")?;
    let (width, height) = (num(sz, "width", 0) as f64, num(sz, "height", 0) as f64);
    let margin = kid(tc, "cellMargin");
    let (ml, mr, mt, mb) = margin.map_or((510.0, 510.0, 141.0, 141.0), |m| {
        (
            num(m, "left", 510) as f64,
            num(m, "right", 510) as f64,
            num(m, "top", 141) as f64,
            num(m, "bottom", 141) as f64,
        )
    });
    let run = tc.descendants().find(|n| local(*n) == "run")?;
    let size = attr(run, "charPrIDRef")
        .and_then(|id| fonts.get(id))
        .copied()
        .unwrap_or(1000) as f64;
    let usable = (width - ml - mr).max(size);
    let lines: f64 = value
        .split('\n')
        .map(|line| {
            let w: f64 = line
                .chars()
                .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
                .sum::<f64>()
                * size;
            (w / usable).ceil().max(1.0)
        })
        .sum();
    let needed = lines * size * 1.6 + mt + mb;
    (height > 0.0 && needed > height + size * 0.8 && lines > 1.0).then_some(lines)
}

/// The preview's length: Hancom writes about the first thousand characters.
const PREVIEW_CHARS: usize = 1024;

/// Write `Preview/PrvText.txt` from the filled sections, when the form has one: 한글 and file
/// browsers show it as the document's preview.
pub(crate) fn write_preview(
    p: &Package,
    secs: &[Section],
    out: &mut BTreeMap<String, Edit>,
) -> Result<(), Error> {
    const PREVIEW: &str = "Preview/PrvText.txt";
    if out.is_empty() || !p.has(PREVIEW) {
        return Ok(());
    }
    let mut text = String::new();
    for s in secs {
        let filled = match out.get(&s.name) {
            Some(Edit::Spliced(e)) => e.clone().apply(s.src)?,
            Some(Edit::Whole(b)) => String::from_utf8_lossy(b).into_owned(),
            None => s.src.to_string(),
        };
        preview_scan(&filled, &mut text);
        if text.chars().count() >= PREVIEW_CHARS {
            break;
        }
    }
    let cut: String = text.chars().take(PREVIEW_CHARS).collect();
    out.insert(PREVIEW.into(), Edit::Whole(cut.into_bytes()));
    Ok(())
}

/// Hancom's preview from a section's text in one pass, without a parse: each paragraph's
/// text a line, a table cell's text in `<…>`, a table row a line. Stops once it has enough.
fn preview_scan(xml: &str, out: &mut String) {
    let mut at = 0;
    let mut line = String::new();
    let mut in_t = false;
    // Open cells: a paragraph ending inside one is a space, not a line.
    let mut cells = 0usize;
    while let Some(k) = xml[at..].find('<') {
        let open = at + k;
        if in_t {
            line.push_str(&unescape(&xml[at..open]));
        }
        let Some(len) = xml[open..].find('>') else {
            break;
        };
        let tag = &xml[open + 1..open + len];
        at = open + len + 1;
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/', '\t', '\n', '\r'])
            .next()
            .unwrap_or("");
        let local = name.rsplit(':').next().unwrap_or(name);
        let closing = tag.starts_with('/');
        match (local, closing) {
            ("t", false) => in_t = !tag.ends_with('/'),
            ("t", true) => in_t = false,
            ("lineBreak", _) | ("tab", _) if in_t => line.push(' '),
            ("tc", false) => {
                cells += 1;
                line.push('<');
            }
            ("tc", true) => {
                cells = cells.saturating_sub(1);
                let trimmed = line.trim_end().len();
                line.truncate(trimmed);
                line.push('>');
            }
            ("p", true) if cells > 0 && !line.ends_with('<') && !line.ends_with(' ') => {
                line.push(' ');
            }
            ("p", true) if cells > 0 => {}
            ("p", true) if !line.ends_with('>') && !line.trim().is_empty() => {
                out.push_str(line.trim_end());
                out.push_str("\r\n");
                line.clear();
            }
            ("tr", true) => {
                out.push_str(line.trim());
                out.push_str("\r\n");
                line.clear();
            }
            _ => {}
        }
        // A Hangul character is three bytes: enough once the bytes could hold the limit.
        if out.len() >= PREVIEW_CHARS * 3 {
            return;
        }
    }
    out.push_str(&line);
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
