//! Word's units, and the paragraph and character properties a `w:pPr` or `w:rPr` sets, each
//! applied over what the layers below it (defaults, styles) already set.

use formpack_doc::style::Rgb;
use formpack_doc::{Align, LineSpacing};
use roxmltree::Node;

use crate::xml::{attr, kid, kids, local};

/// Millimetres in a twip (1/1440 inch).
const MM_PER_TWIP: f32 = 25.4 / 1440.0;

/// Word's "single" line as a factor of the font size: the faces forms use (Calibri, Arial,
/// Times, Verdana, 맑은 고딕, 바탕) have a line height of 1.15 to 1.33 of their size, where the
/// model's factor is of the size itself.
pub(super) const SINGLE: f32 = 1.2;

/// Word's own defaults when `styles.xml` says nothing: 10 pt Times New Roman, no spacing.
const WORD_SIZE: f32 = 10.0;
const WORD_FONT: &str = "Times New Roman";

/// A number as Word writes measurements: plain (in the attribute's unit) or with a unit
/// (`12pt`, `2.5cm`, `1in`, `10mm`, `1pc`), converted to twips. `None` for anything else.
pub(super) fn twips(s: &str) -> Option<f32> {
    let s = s.trim();
    let units = [
        ("mm", 1440.0 / 25.4),
        ("cm", 1440.0 / 2.54),
        ("in", 1440.0),
        ("pt", 20.0),
        ("pc", 240.0),
        ("pi", 240.0),
    ];
    let (num, factor) = units
        .iter()
        .find_map(|(u, f)| s.strip_suffix(u).map(|n| (n, *f)))
        .unwrap_or((s, 1.0));
    let v: f32 = num.trim().parse().ok()?;
    let v = v * factor;
    v.is_finite().then_some(v)
}

/// A plain number attribute (half-points, eighths, percent), finite.
pub(super) fn number(n: Node, name: &str) -> Option<f32> {
    let v: f32 = attr(n, name)?.trim().trim_end_matches('%').parse().ok()?;
    v.is_finite().then_some(v)
}

/// A twips attribute in millimetres.
pub(super) fn mm(n: Node, name: &str) -> Option<f32> {
    attr(n, name).and_then(twips).map(|t| t * MM_PER_TWIP)
}

/// Twips in millimetres.
pub(super) fn twips_mm(t: f32) -> f32 {
    t * MM_PER_TWIP
}

/// A toggle such as `<w:b/>`: on unless its value says off.
pub(super) fn on(n: Node) -> bool {
    !matches!(attr(n, "val"), Some("0" | "false" | "off" | "none"))
}

/// A six-digit hex colour; `None` for `auto` or anything else.
pub(super) fn rgb(s: &str) -> Option<Rgb> {
    let s = s.trim();
    if s.len() != 6 || !s.is_ascii() {
        return None;
    }
    let v = u32::from_str_radix(s, 16).ok()?;
    Some(Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

/// The fonts a theme names (`word/theme/theme1.xml`): minor and major, Latin and East Asian.
#[derive(Debug, Clone, Default)]
pub(super) struct Theme {
    pub minor_latin: String,
    pub minor_east: String,
    pub major_latin: String,
    pub major_east: String,
}

impl Theme {
    /// The face a theme font reference (`minorHAnsi`, `majorEastAsia`, …) stands for.
    fn font(&self, reference: &str) -> Option<&str> {
        let major = reference.starts_with("major");
        let east = reference.ends_with("EastAsia");
        let name = match (major, east) {
            (true, true) => &self.major_east,
            (true, false) => &self.major_latin,
            (false, true) => &self.minor_east,
            (false, false) => &self.minor_latin,
        };
        (!name.is_empty()).then_some(name.as_str())
    }

    /// Read a theme part's font scheme; the Korean script's face stands for an empty East
    /// Asian one.
    pub(super) fn read(doc: &roxmltree::Document) -> Theme {
        let scheme = doc.descendants().find(|n| local(*n) == "fontScheme");
        let pick = |which: &str| -> (String, String) {
            let Some(f) = scheme.and_then(|s| kid(s, which)) else {
                return (String::new(), String::new());
            };
            fn face(n: Option<Node>) -> String {
                n.and_then(|n| attr(n, "typeface"))
                    .unwrap_or("")
                    .to_string()
            }
            let latin = face(kid(f, "latin"));
            let mut east = face(kid(f, "ea"));
            if east.is_empty() {
                east = face(kids(f, "font").find(|n| attr(*n, "script") == Some("Hang")));
            }
            (latin, east)
        };
        let (minor_latin, minor_east) = pick("minorFont");
        let (major_latin, major_east) = pick("majorFont");
        Theme {
            minor_latin,
            minor_east,
            major_latin,
            major_east,
        }
    }
}

/// Character properties as resolved so far.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RunProps {
    pub bold: bool,
    pub underline: bool,
    /// Points.
    pub size: f32,
    /// `None` for automatic (black).
    pub color: Option<Rgb>,
    /// The face for Latin text.
    pub latin: String,
    /// The face for Hangul and other East Asian text.
    pub east: String,
    /// Horizontal scale, 1.0 for none.
    pub scale: f32,
    /// Extra space between characters, points.
    pub spacing: f32,
    pub hidden: bool,
    /// Superscript or subscript: drawn smaller, on the line.
    pub script: bool,
    pub caps: bool,
}

impl Default for RunProps {
    fn default() -> Self {
        RunProps {
            bold: false,
            underline: false,
            size: WORD_SIZE,
            color: None,
            latin: WORD_FONT.into(),
            east: WORD_FONT.into(),
            scale: 1.0,
            spacing: 0.0,
            hidden: false,
            script: false,
            caps: false,
        }
    }
}

impl RunProps {
    /// Apply what a `w:rPr` sets.
    pub(super) fn apply(&mut self, rpr: Node, theme: &Theme) {
        for c in rpr.children().filter(|c| c.is_element()) {
            match local(c) {
                "b" => self.bold = on(c),
                "u" => self.underline = attr(c, "val").is_none_or(|v| v != "none"),
                "sz" => {
                    if let Some(v) = number(c, "val").filter(|v| *v > 0.0) {
                        self.size = (v / 2.0).clamp(1.0, 1638.0);
                    }
                }
                "color" => {
                    if let Some(v) = attr(c, "val") {
                        self.color = rgb(v);
                    }
                }
                "rFonts" => self.fonts(c, theme),
                "w" => {
                    if let Some(v) = number(c, "val").filter(|v| *v > 0.0) {
                        self.scale = (v / 100.0).clamp(0.01, 6.0);
                    }
                }
                "spacing" => {
                    if let Some(v) = attr(c, "val").and_then(twips) {
                        self.spacing = (v / 20.0).clamp(-100.0, 100.0);
                    }
                }
                "vanish" | "specVanish" => self.hidden = on(c),
                "webHidden" => {}
                "vertAlign" => {
                    self.script = matches!(attr(c, "val"), Some("superscript" | "subscript"))
                }
                "caps" => self.caps = on(c),
                _ => {}
            }
        }
    }

    /// `w:rFonts`: a theme reference wins over a name, as in Word.
    fn fonts(&mut self, f: Node, theme: &Theme) {
        let pick = |name: &str, th: &str| {
            attr(f, th)
                .and_then(|t| theme.font(t))
                .or_else(|| attr(f, name).filter(|n| !n.is_empty()))
                .map(str::to_string)
        };
        if let Some(n) = pick("ascii", "asciiTheme") {
            self.latin = n;
        }
        if let Some(n) = pick("eastAsia", "eastAsiaTheme") {
            self.east = n;
        }
    }

    /// The size text is drawn at: a superscript or subscript smaller.
    pub(super) fn drawn_size(&self) -> f32 {
        if self.script {
            self.size * 0.65
        } else {
            self.size
        }
    }
}

/// Paragraph properties as resolved so far (lengths in millimetres).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ParaProps {
    pub align: Align,
    pub before: f32,
    pub after: f32,
    pub left: f32,
    pub right: f32,
    pub first_line: f32,
    pub line: LineSpacing,
    pub keep_next: bool,
    pub break_before: bool,
    /// `w:widowControl` (Word's default: on).
    pub widow_control: bool,
    /// `w:numPr`: the list (`numId`) and level.
    pub num: Option<(String, usize)>,
    /// Lines snap to the section's document grid (when it has one).
    pub snap: bool,
}

impl Default for ParaProps {
    fn default() -> Self {
        ParaProps {
            align: Align::Left,
            before: 0.0,
            after: 0.0,
            left: 0.0,
            right: 0.0,
            first_line: 0.0,
            line: LineSpacing::Factor(SINGLE),
            keep_next: false,
            break_before: false,
            widow_control: true,
            num: None,
            snap: true,
        }
    }
}

impl ParaProps {
    /// Apply what a `w:pPr` sets.
    pub(super) fn apply(&mut self, ppr: Node) {
        for c in ppr.children().filter(|c| c.is_element()) {
            match local(c) {
                "jc" => {
                    if let Some(a) = attr(c, "val").and_then(align) {
                        self.align = a;
                    }
                }
                "spacing" => self.spacing(c),
                "ind" => self.indent(c),
                "keepNext" => self.keep_next = on(c),
                "pageBreakBefore" => self.break_before = on(c),
                "widowControl" => self.widow_control = on(c),
                "numPr" => self.numbering(c),
                "snapToGrid" => self.snap = on(c),
                // A framed paragraph (a footer's page number) placed by the frame's alignment.
                "framePr" => {
                    if let Some(a) = attr(c, "xAlign").and_then(align) {
                        self.align = a;
                    }
                }
                _ => {}
            }
        }
    }

    fn spacing(&mut self, s: Node) {
        if let Some(v) = mm(s, "before") {
            self.before = v.clamp(0.0, 500.0);
        }
        if let Some(v) = mm(s, "after") {
            self.after = v.clamp(0.0, 500.0);
        }
        let Some(line) = attr(s, "line").and_then(twips).filter(|v| *v > 0.0) else {
            return;
        };
        self.line = match attr(s, "lineRule") {
            Some("exact") => LineSpacing::Exact(twips_mm(line).min(500.0)),
            Some("atLeast") => LineSpacing::AtLeast(twips_mm(line).min(500.0)),
            _ => LineSpacing::Factor((line / 240.0 * SINGLE).min(20.0)),
        };
    }

    fn indent(&mut self, i: Node) {
        let side = |a: &str, b: &str| mm(i, a).or_else(|| mm(i, b));
        if let Some(v) = side("left", "start") {
            self.left = v.clamp(-500.0, 500.0);
        }
        if let Some(v) = side("right", "end") {
            self.right = v.clamp(-500.0, 500.0);
        }
        if let Some(v) = mm(i, "firstLine") {
            self.first_line = v.clamp(-500.0, 500.0);
        }
        if let Some(v) = mm(i, "hanging") {
            self.first_line = (-v).clamp(-500.0, 500.0);
        }
    }

    fn numbering(&mut self, n: Node) {
        let id = kid(n, "numId").and_then(|i| attr(i, "val"));
        let level = kid(n, "ilvl")
            .and_then(|l| attr(l, "val"))
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(0)
            .min(8);
        match id {
            Some(id) => self.num = Some((id.trim().to_string(), level)),
            None => {
                if let Some((_, l)) = &mut self.num {
                    *l = level;
                }
            }
        }
    }
}

/// `w:jc` values: Word's, and the strict ones (`start`, `end`).
pub(super) fn align(v: &str) -> Option<Align> {
    Some(match v {
        "left" | "start" => Align::Left,
        "center" => Align::Center,
        "right" | "end" => Align::Right,
        "both" | "distribute" | "mediumKashida" | "highKashida" | "lowKashida"
        | "thaiDistribute" => Align::Justify,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measurements_with_and_without_units() {
        assert_eq!(twips("1440"), Some(1440.0));
        assert_eq!(twips("12pt"), Some(240.0));
        assert_eq!(twips("1in"), Some(1440.0));
        assert!((twips("2.54cm").unwrap() - 1440.0).abs() < 0.01);
        assert_eq!(twips("x"), None);
        assert_eq!(twips("NaN"), None);
        assert_eq!(rgb("FF8000"), Some(Rgb(255, 128, 0)));
        assert_eq!(rgb("auto"), None);
    }
}
