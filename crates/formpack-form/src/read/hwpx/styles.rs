//! `Contents/header.xml`: the character shapes, paragraph shapes, border fills and font
//! faces that the section's `…IDRef` attributes name.

use std::collections::HashMap;

use formpack_doc::style::Rgb;
use formpack_doc::{Align, Border, Borders, Face, LineSpacing, LineStyle};
use roxmltree::Node;

use crate::read::face_of;
use crate::xml::{attr, kid, kids, local};

/// Millimetres in one HWPUNIT (1/7200 inch).
pub(crate) const MM_PER_UNIT: f32 = 25.4 / 7200.0;

/// HWPUNIT → millimetres (malformed numbers are 0).
pub(crate) fn unit_mm(n: Node, name: &str) -> f32 {
    attr(n, name)
        .and_then(|v| v.trim().parse::<f32>().ok())
        .filter(|v| v.is_finite())
        .map_or(0.0, |v| v * MM_PER_UNIT)
}

/// A character shape.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CharShape {
    pub size: f32,
    pub bold: bool,
    pub underline: bool,
    pub color: Option<Rgb>,
    pub face: Face,
    pub scale: Option<f32>,
    pub tracking: Option<f32>,
    /// Advance of a Hangul character in em, in the face the form names.
    pub full: f32,
}

impl Default for CharShape {
    fn default() -> Self {
        CharShape {
            size: 10.0,
            bold: false,
            underline: false,
            color: None,
            face: Face::Serif,
            scale: None,
            tracking: None,
            full: 1.0,
        }
    }
}

/// A paragraph shape.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ParaShape {
    pub align: Align,
    /// Left, right, first-line (relative), before, after; millimetres.
    pub left: f32,
    pub right: f32,
    pub first: f32,
    pub before: f32,
    pub after: f32,
    pub spacing: Option<LineSpacing>,
    pub keep_with_next: bool,
    pub break_before: bool,
    pub break_words: bool,
}

/// A border fill: four sides and a background.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct BorderFill {
    pub borders: Borders,
    pub fill: Option<Rgb>,
}

/// Every shape of the header, by id.
#[derive(Debug, Default)]
pub(crate) struct Styles {
    pub chars: HashMap<String, CharShape>,
    pub paras: HashMap<String, ParaShape>,
    pub fills: HashMap<String, BorderFill>,
}

impl Styles {
    /// Read the shapes of a parsed `header.xml`.
    pub(crate) fn read(root: Node) -> Styles {
        let faces = hangul_faces(root);
        let mut s = Styles::default();
        for n in root.descendants() {
            let Some(id) = attr(n, "id") else { continue };
            match local(n) {
                "charPr" => {
                    s.chars.insert(id.to_string(), char_shape(n, &faces));
                }
                "paraPr" => {
                    s.paras.insert(id.to_string(), para_shape(n));
                }
                "borderFill" => {
                    s.fills.insert(id.to_string(), border_fill(n));
                }
                _ => {}
            }
        }
        s
    }

    pub(crate) fn char(&self, id: Option<&str>) -> CharShape {
        id.and_then(|i| self.chars.get(i))
            .cloned()
            .unwrap_or_default()
    }

    pub(crate) fn para(&self, id: Option<&str>) -> ParaShape {
        id.and_then(|i| self.paras.get(i))
            .cloned()
            .unwrap_or_default()
    }

    pub(crate) fn fill(&self, id: Option<&str>) -> BorderFill {
        id.and_then(|i| self.fills.get(i))
            .copied()
            .unwrap_or_default()
    }
}

/// The Hangul advance of a face 한글 forms name, in em: 0.97 for the 함초롬 faces (한글's
/// own, as rhwp measures them), a full em for the others (맑은 고딕, 바탕, HY …).
fn full_width(face: &str) -> f32 {
    if face.contains("함초롬") || face.to_lowercase().starts_with("hcr") {
        0.97
    } else {
        1.0
    }
}

/// The 한글 font faces by id (`fontface lang="HANGUL"`): their class and Hangul advance.
fn hangul_faces(root: Node) -> HashMap<String, (Face, f32)> {
    let mut out = HashMap::new();
    for ff in root
        .descendants()
        .filter(|n| local(*n) == "fontface" && attr(*n, "lang") == Some("HANGUL"))
    {
        for f in kids(ff, "font") {
            if let (Some(id), Some(face)) = (attr(f, "id"), attr(f, "face")) {
                out.insert(id.to_string(), (face_of(face), full_width(face)));
            }
        }
    }
    out
}

fn percent(n: Option<Node>, name: &str) -> Option<f32> {
    n.and_then(|n| attr(n, name))
        .and_then(|v| v.trim().parse::<f32>().ok())
        .filter(|v| v.is_finite())
}

fn char_shape(n: Node, faces: &HashMap<String, (Face, f32)>) -> CharShape {
    let height = attr(n, "height")
        .and_then(|v| v.trim().parse::<f32>().ok())
        .filter(|v| v.is_finite() && *v > 0.0)
        .map_or(10.0, |h| h / 100.0);
    let (face, full) = kid(n, "fontRef")
        .and_then(|f| attr(f, "hangul"))
        .and_then(|id| faces.get(id).copied())
        .unwrap_or((Face::Serif, 1.0));
    let scale = percent(kid(n, "ratio"), "hangul").filter(|r| *r != 100.0);
    let tracking = percent(kid(n, "spacing"), "hangul").filter(|s| *s != 0.0);
    let underline = kid(n, "underline")
        .and_then(|u| attr(u, "type"))
        .is_some_and(|t| t != "NONE");
    CharShape {
        size: height,
        bold: kid(n, "bold").is_some(),
        underline,
        color: attr(n, "textColor")
            .and_then(colour)
            .filter(|c| *c != Rgb::BLACK),
        face,
        scale: scale.map(|r| r / 100.0),
        tracking: tracking.map(|s| s / 100.0),
        full,
    }
}

/// `#RRGGBB` (or `#AARRGGBB`) → a colour; `none` and malformed values → `None`.
pub(crate) fn colour(v: &str) -> Option<Rgb> {
    let hex = v.trim().strip_prefix('#')?;
    let hex = if hex.len() == 8 { &hex[2..] } else { hex };
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
}

/// The margin and line spacing of a paragraph shape: the `HwpUnitChar` case holds them in
/// HWPUNIT; the default branch (for older readers) holds the margins doubled, as HWP 5.0
/// stored them.
fn spacing_source<'a, 'i>(n: Node<'a, 'i>) -> (Option<Node<'a, 'i>>, f32) {
    if let Some(sw) = kid(n, "switch") {
        if let Some(case) = kid(sw, "case") {
            return (Some(case), 1.0);
        }
        if let Some(d) = kid(sw, "default") {
            return (Some(d), 0.5);
        }
    }
    (Some(n), 1.0)
}

fn para_shape(n: Node) -> ParaShape {
    let align = match kid(n, "align").and_then(|a| attr(a, "horizontal")) {
        Some("CENTER") => Align::Center,
        Some("RIGHT") => Align::Right,
        Some("JUSTIFY") | Some("DISTRIBUTE") | Some("DISTRIBUTE_SPACE") => Align::Justify,
        _ => Align::Left,
    };
    let (src, k) = spacing_source(n);
    let margin = src.and_then(|s| kid(s, "margin"));
    let m = |name: &str| {
        margin
            .and_then(|m| kid(m, name))
            .map_or(0.0, |e| unit_mm(e, "value") * k)
    };
    let spacing = src
        .and_then(|s| kid(s, "lineSpacing"))
        .and_then(line_spacing);
    let brk = kid(n, "breakSetting");
    let flag = |name: &str| brk.and_then(|b| attr(b, name)) == Some("1");
    ParaShape {
        align,
        left: m("left"),
        right: m("right"),
        first: m("intent"),
        before: m("prev"),
        after: m("next"),
        spacing,
        keep_with_next: flag("keepWithNext"),
        break_before: flag("pageBreakBefore"),
        // 한글 reads this attribute against the schema's wording: KEEP_WORD is "글자" (fill
        // by character), BREAK_WORD "어절" (see formpack-hwpx's header.rs).
        break_words: brk.and_then(|b| attr(b, "breakNonLatinWord")) == Some("KEEP_WORD"),
    }
}

fn line_spacing(n: Node) -> Option<LineSpacing> {
    let v = attr(n, "value")?.trim().parse::<f32>().ok()?;
    if !v.is_finite() || v <= 0.0 {
        return None;
    }
    Some(match attr(n, "type") {
        Some("FIXED") => LineSpacing::Exact(v * MM_PER_UNIT),
        Some("AT_LEAST") => LineSpacing::AtLeast(v * MM_PER_UNIT),
        // BETWEEN_LINES: the space between lines, added to the text's height.
        Some("BETWEEN_LINES") => LineSpacing::Factor(1.0 + v * MM_PER_UNIT / 3.5),
        _ => LineSpacing::Factor(v / 100.0),
    })
}

fn border_fill(n: Node) -> BorderFill {
    let side = |name: &str| kid(n, name).map(border).unwrap_or_default();
    let fill = kid(n, "fillBrush")
        .and_then(|f| kid(f, "winBrush"))
        .and_then(|w| attr(w, "faceColor"))
        .and_then(colour)
        .filter(|c| *c != Rgb(255, 255, 255));
    BorderFill {
        borders: Borders {
            left: side("leftBorder"),
            right: side("rightBorder"),
            top: side("topBorder"),
            bottom: side("bottomBorder"),
        },
        fill,
    }
}

/// One side: `type` (NONE, SOLID, DASH, DOT, DOUBLE_SLIM …), `width` ("0.12 mm"), `color`.
fn border(n: Node) -> Border {
    let kind = attr(n, "type").unwrap_or("NONE");
    let line = match kind {
        "NONE" => return Border::default(),
        k if k.starts_with("DASH") || k == "LONG_DASH" => LineStyle::Dashed,
        k if k.starts_with("DOT") || k == "CIRCLE" => LineStyle::Dotted,
        k if k.starts_with("DOUBLE")
            || k.contains("THICK_THIN")
            || k.contains("THIN_THICK")
            || k == "TRIPLE" =>
        {
            LineStyle::Double
        }
        _ => LineStyle::Solid,
    };
    let mm = attr(n, "width")
        .and_then(|w| w.trim().trim_end_matches("mm").trim().parse::<f32>().ok())
        .filter(|w| w.is_finite() && *w > 0.0)
        .unwrap_or(0.12);
    Border {
        width: mm * 72.0 / 25.4,
        line,
        color: attr(n, "color").and_then(colour).unwrap_or(Rgb::BLACK),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_borders() {
        assert_eq!(colour("#D6D6D6"), Some(Rgb(0xD6, 0xD6, 0xD6)));
        assert_eq!(colour("#FF102030"), Some(Rgb(0x10, 0x20, 0x30)));
        assert_eq!(colour("none"), None);
        assert_eq!(colour("#12"), None);
        let doc = roxmltree::Document::parse(
            r##"<b><l type="DOUBLE_SLIM" width="0.5 mm" color="#FF0000"/><n type="NONE" width="0.1 mm"/><d type="DASH" width="x"/></b>"##,
        )
        .unwrap();
        let kids: Vec<Node> = doc.root_element().children().collect();
        let b = border(kids[0]);
        assert_eq!(b.line, LineStyle::Double);
        assert!((b.width - 0.5 * 72.0 / 25.4).abs() < 1e-4);
        assert_eq!(b.color, Rgb(255, 0, 0));
        assert_eq!(border(kids[1]).width, 0.0);
        assert_eq!(border(kids[2]).line, LineStyle::Dashed);
    }
}
