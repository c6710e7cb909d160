//! `Contents/header.xml`: fonts, character shapes (`hh:charPr`), paragraph shapes
//! (`hh:paraPr`), border fills, the one style, and Hancom's fixed defaults.
//!
//! Shapes are registered while the body is written and numbered in order of first use, so
//! the same document always gets the same ids. Every `itemCnt`/`fontCnt` is the number of
//! children actually written.

use std::fmt::Write as _;

use formpack_doc::{Align, Border, Face, LineStyle};

use crate::style;
use crate::xml::{escape, DECLARATION, HWPUNITCHAR_NS, NAMESPACES};

/// `borderFill` for the page border (none).
pub(crate) const BF_PAGE: u32 = 1;
/// `borderFill` of character and paragraph shapes: no border, no fill.
pub(crate) const BF_NONE: u32 = 2;
/// Table cell with a solid border.
pub(crate) const BF_CELL: u32 = 3;
/// Cell with no visible border (signature block, footer).
pub(crate) const BF_INVISIBLE: u32 = 5;

/// A character shape: one `hh:charPr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CharShape {
    /// Size in 1/100 pt.
    pub height: u32,
    pub face: Face,
    pub bold: bool,
    pub underline: bool,
    /// Text colour.
    pub color: style::Rgb,
    /// 장평, per cent (100: none).
    pub ratio: u32,
    /// 자간, per cent of the size (0: none).
    pub spacing: i32,
}

/// Line spacing of a paragraph shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineSpacing {
    /// Per cent of the font size.
    Percent(u32),
    /// A fixed line height in HWPUNIT.
    Fixed(i64),
    /// A least line height in HWPUNIT.
    AtLeast(i64),
}

/// A paragraph shape: one `hh:paraPr`. Lengths in HWPUNIT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParaShape {
    pub align: Align,
    /// Left indent.
    pub left: i64,
    /// Right indent.
    pub right: i64,
    /// First line's indent (`hc:intent`): positive indents it, negative indents the lines
    /// after it by as much (내어쓰기).
    pub intent: i64,
    /// Space before.
    pub before: i64,
    /// Space after.
    pub after: i64,
    pub line: LineSpacing,
    pub keep_next: bool,
    pub keep_lines: bool,
    /// Lines break between any two Hangul characters (한글's "글자"), not only at words.
    pub break_words: bool,
    /// Widow and orphan control (외톨이줄 보호).
    pub widow_orphan: bool,
}

impl ParaShape {
    /// Left-aligned, no indent or spacing, the given line spacing.
    pub fn plain(line: LineSpacing) -> Self {
        ParaShape {
            align: Align::Left,
            left: 0,
            right: 0,
            intent: 0,
            before: 0,
            after: 0,
            line,
            keep_next: false,
            keep_lines: false,
            break_words: false,
            widow_orphan: true,
        }
    }
}

/// One side of a border fill: OWPML's line type, width and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Side {
    /// `NONE`, `SOLID`, `DASH`, `DOT`, `DOUBLE_SLIM`.
    pub line: &'static str,
    /// One of OWPML's widths, `0.12 mm`.
    pub width: &'static str,
    pub color: style::Rgb,
}

impl Side {
    /// No line.
    pub const NONE: Side = Side {
        line: "NONE",
        width: "0.1 mm",
        color: style::BORDER_COLOR,
    };

    /// A model border's side: no line for width 0 or an unusable width, else the nearest
    /// OWPML width (a double line is 한글's two slim lines).
    pub fn of(b: &Border) -> Side {
        if !(b.width.is_finite() && b.width > 0.0) {
            return Side::NONE;
        }
        let line = match b.line {
            LineStyle::Solid => "SOLID",
            LineStyle::Dashed => "DASH",
            LineStyle::Dotted => "DOT",
            LineStyle::Double => "DOUBLE_SLIM",
        };
        Side {
            line,
            width: style::line_width(b.width),
            color: b.color,
        }
    }

    /// The table style's thin line.
    pub fn solid() -> Side {
        Side {
            line: "SOLID",
            width: style::border_width(),
            color: style::BORDER_COLOR,
        }
    }
}

/// What a border fill paints behind the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Brush {
    /// No `hc:fillBrush`.
    Nothing,
    /// A brush of no colour (`faceColor="none"`), as Hancom writes for text shapes.
    Clear,
    /// A colour.
    Color(style::Rgb),
}

/// A border fill: one `hh:borderFill`, its sides left, right, top, bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BorderFill {
    pub sides: [Side; 4],
    pub brush: Brush,
}

impl BorderFill {
    /// The same side all round.
    pub fn all(side: Side, brush: Brush) -> Self {
        BorderFill {
            sides: [side; 4],
            brush,
        }
    }
}

/// The shapes a document uses, in order of first use.
#[derive(Debug)]
pub(crate) struct Shapes {
    chars: Vec<CharShape>,
    paras: Vec<ParaShape>,
    fills: Vec<BorderFill>,
}

impl Shapes {
    /// Shape 0 of each kind is the body default, which the style `바탕글` names.
    pub fn new() -> Self {
        let mut s = Shapes {
            chars: Vec::new(),
            paras: Vec::new(),
            fills: fixed_fills().to_vec(),
        };
        s.char(CharShape {
            height: crate::units::char_height(style::BODY_SIZE),
            face: Face::Serif,
            bold: false,
            underline: false,
            color: style::TEXT_COLOR,
            ratio: 100,
            spacing: 0,
        });
        s.para(ParaShape::plain(LineSpacing::Percent(style::BODY_LINE)));
        s
    }

    /// The id of a character shape, adding it on first use.
    pub fn char(&mut self, c: CharShape) -> usize {
        match self.chars.iter().position(|x| *x == c) {
            Some(i) => i,
            None => {
                self.chars.push(c);
                self.chars.len() - 1
            }
        }
    }

    /// The id of a paragraph shape, adding it on first use.
    pub fn para(&mut self, p: ParaShape) -> usize {
        match self.paras.iter().position(|x| *x == p) {
            Some(i) => i,
            None => {
                self.paras.push(p);
                self.paras.len() - 1
            }
        }
    }

    /// The id of a border fill (ids start at 1), adding it on first use: the fixed ones
    /// come first, and a fill equal to one of them is that one.
    pub fn fill(&mut self, f: BorderFill) -> u32 {
        let i = match self.fills.iter().position(|x| *x == f) {
            Some(i) => i,
            None => {
                self.fills.push(f);
                self.fills.len() - 1
            }
        };
        i as u32 + 1
    }
}

/// The border fills every document has, ids 1 to 5: [`BF_PAGE`], [`BF_NONE`], [`BF_CELL`],
/// the shaded label cell (solid border, the grey fill), [`BF_INVISIBLE`]. A model cell's
/// fill takes one of them when it is equal.
fn fixed_fills() -> [BorderFill; 5] {
    [
        BorderFill::all(Side::NONE, Brush::Nothing),
        BorderFill::all(Side::NONE, Brush::Clear),
        BorderFill::all(Side::solid(), Brush::Nothing),
        BorderFill::all(Side::solid(), Brush::Color(style::SHADE_FILL)),
        BorderFill::all(Side::NONE, Brush::Nothing),
    ]
}

/// The seven script groups of `hh:fontfaces`, each with the same two fonts.
const LANGS: [&str; 7] = [
    "HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER",
];

/// Font id inside each `hh:fontface`: 0 is 명조, 1 is 고딕.
pub(crate) fn font_id(face: Face) -> u32 {
    match face {
        Face::Serif => 0,
        Face::Sans => 1,
    }
}

fn fontfaces(out: &mut String) {
    let _ = write!(out, r#"<hh:fontfaces itemCnt="{}">"#, LANGS.len());
    for lang in LANGS {
        let _ = write!(out, r#"<hh:fontface lang="{lang}" fontCnt="2">"#);
        for (face, subst, family) in [
            (Face::Serif, style::SERIF_SUBSTITUTE, "FCAT_MYUNGJO"),
            (Face::Sans, style::SANS_SUBSTITUTE, "FCAT_GOTHIC"),
        ] {
            let _ = write!(
                out,
                concat!(
                    r#"<hh:font id="{id}" face="{name}" type="TTF" isEmbedded="0">"#,
                    r#"<hh:substFont face="{subst}" type="TTF" isEmbedded="0"/>"#,
                    r#"<hh:typeInfo familyType="{family}" weight="6" proportion="4" contrast="0" "#,
                    r#"strokeVariation="1" armStyle="1" letterform="1" midline="1" xHeight="1"/>"#,
                    "</hh:font>"
                ),
                id = font_id(face),
                name = escape(style::font_name(face)),
                subst = escape(subst),
                family = family,
            );
        }
        out.push_str("</hh:fontface>");
    }
    out.push_str("</hh:fontfaces>");
}

fn border_fill(out: &mut String, id: usize, f: &BorderFill) {
    let _ = write!(
        out,
        concat!(
            r#"<hh:borderFill id="{id}" threeD="0" shadow="0" centerLine="NONE" breakCellSeparateLine="0">"#,
            r#"<hh:slash type="NONE" Crooked="0" isCounter="0"/>"#,
            r#"<hh:backSlash type="NONE" Crooked="0" isCounter="0"/>"#,
        ),
        id = id
    );
    let names = ["leftBorder", "rightBorder", "topBorder", "bottomBorder"];
    for (name, side) in names.iter().zip(&f.sides) {
        let _ = write!(
            out,
            r#"<hh:{name} type="{}" width="{}" color="{}"/>"#,
            side.line,
            side.width,
            style::color(side.color)
        );
    }
    out.push_str(r##"<hh:diagonal type="SOLID" width="0.1 mm" color="#000000"/>"##);
    let face = match f.brush {
        Brush::Nothing => None,
        Brush::Clear => Some("none".to_string()),
        Brush::Color(c) => Some(style::color(c)),
    };
    if let Some(color) = face {
        let _ = write!(
            out,
            r##"<hc:fillBrush><hc:winBrush faceColor="{color}" hatchColor="#999999" alpha="0"/></hc:fillBrush>"##
        );
    }
    out.push_str("</hh:borderFill>");
}

fn border_fills(out: &mut String, fills: &[BorderFill]) {
    let _ = write!(out, r#"<hh:borderFills itemCnt="{}">"#, fills.len());
    for (i, f) in fills.iter().enumerate() {
        border_fill(out, i + 1, f);
    }
    out.push_str("</hh:borderFills>");
}

/// `name="v"` for each of the seven script groups.
fn per_lang(v: impl std::fmt::Display) -> String {
    [
        "hangul", "latin", "hanja", "japanese", "other", "symbol", "user",
    ]
    .iter()
    .map(|l| format!(r#"{l}="{v}""#))
    .collect::<Vec<_>>()
    .join(" ")
}

fn char_properties(out: &mut String, chars: &[CharShape]) {
    let _ = write!(out, r#"<hh:charProperties itemCnt="{}">"#, chars.len());
    for (id, c) in chars.iter().enumerate() {
        let _ = write!(
            out,
            concat!(
                r#"<hh:charPr id="{id}" height="{height}" textColor="{color}" shadeColor="none" "#,
                r#"useFontSpace="0" useKerning="0" symMark="NONE" borderFillIDRef="{bf}">"#,
                "<hh:fontRef {font}/><hh:ratio {ratio}/><hh:spacing {spacing}/>",
                "<hh:relSz {hundred}/><hh:offset {zero}/>"
            ),
            id = id,
            height = c.height,
            color = style::color(c.color),
            bf = BF_NONE,
            font = per_lang(font_id(c.face)),
            ratio = per_lang(c.ratio),
            spacing = per_lang(c.spacing),
            hundred = per_lang(100),
            zero = per_lang(0),
        );
        // Child order is fixed by the schema: italic, bold, underline, strikeout, outline, shadow.
        if c.bold {
            out.push_str("<hh:bold/>");
        }
        let underline = if c.underline { "BOTTOM" } else { "NONE" };
        let _ = write!(
            out,
            concat!(
                r##"<hh:underline type="{u}" shape="SOLID" color="#000000"/>"##,
                r##"<hh:strikeout shape="NONE" color="#000000"/><hh:outline type="NONE"/>"##,
                r##"<hh:shadow type="NONE" color="#C0C0C0" offsetX="10" offsetY="10"/></hh:charPr>"##
            ),
            u = underline
        );
    }
    out.push_str("</hh:charProperties>");
}

fn tab_properties(out: &mut String) {
    // Hancom's three defaults; paragraphs use the first.
    out.push_str(concat!(
        r#"<hh:tabProperties itemCnt="3">"#,
        r#"<hh:tabPr id="0" autoTabLeft="0" autoTabRight="0"/>"#,
        r#"<hh:tabPr id="1" autoTabLeft="1" autoTabRight="0"/>"#,
        r#"<hh:tabPr id="2" autoTabLeft="0" autoTabRight="1"/>"#,
        "</hh:tabProperties>"
    ));
}

/// Hancom's default outline numbering, which `secPr@outlineShapeIDRef="1"` names.
/// `charPrIDRef="4294967295"` is Hancom's "no character shape".
fn numberings(out: &mut String) {
    const LEVELS: [(&str, &str, &str); 10] = [
        ("DIGIT", "0", "^1."),
        ("HANGUL_SYLLABLE", "0", "^2."),
        ("DIGIT", "0", "^3)"),
        ("HANGUL_SYLLABLE", "0", "^4)"),
        ("DIGIT", "0", "(^5)"),
        ("HANGUL_SYLLABLE", "0", "(^6)"),
        ("CIRCLED_DIGIT", "1", "^7"),
        ("CIRCLED_HANGUL_SYLLABLE", "1", "^8"),
        ("HANGUL_JAMO", "0", ""),
        ("ROMAN_SMALL", "1", ""),
    ];
    out.push_str(r#"<hh:numberings itemCnt="1"><hh:numbering id="1" start="0">"#);
    for (i, (format, checkable, text)) in LEVELS.iter().enumerate() {
        let _ = write!(
            out,
            concat!(
                r#"<hh:paraHead start="1" level="{level}" align="LEFT" useInstWidth="1" autoIndent="1" "#,
                r#"widthAdjust="0" textOffsetType="PERCENT" textOffset="50" numFormat="{format}" "#,
                r#"charPrIDRef="4294967295" checkable="{checkable}""#
            ),
            level = i + 1,
            format = format,
            checkable = checkable,
        );
        if text.is_empty() {
            out.push_str("/>");
        } else {
            let _ = write!(out, ">{}</hh:paraHead>", escape(text));
        }
    }
    out.push_str("</hh:numbering></hh:numberings>");
}

fn align_name(a: Align) -> &'static str {
    match a {
        Align::Left => "LEFT",
        Align::Center => "CENTER",
        Align::Right => "RIGHT",
        Align::Justify => "JUSTIFY",
    }
}

/// Margins and line spacing, scaled by `k`: Hancom writes them twice, HWPUNIT in the
/// `hp:case` branch it reads and twice that in `hp:default` for older readers.
fn margins(out: &mut String, p: &ParaShape, k: i64) {
    let unit = r#" unit="HWPUNIT""#;
    let _ = write!(
        out,
        concat!(
            r#"<hh:margin><hc:intent value="{intent}"{u}/><hc:left value="{left}"{u}/>"#,
            r#"<hc:right value="{right}"{u}/><hc:prev value="{prev}"{u}/><hc:next value="{next}"{u}/></hh:margin>"#
        ),
        u = unit,
        intent = p.intent * k,
        left = p.left * k,
        right = p.right * k,
        prev = p.before * k,
        next = p.after * k,
    );
    match p.line {
        LineSpacing::Percent(v) => {
            let _ = write!(out, r#"<hh:lineSpacing type="PERCENT" value="{v}"{unit}/>"#);
        }
        LineSpacing::Fixed(v) => {
            let _ = write!(
                out,
                r#"<hh:lineSpacing type="FIXED" value="{}"{unit}/>"#,
                v * k
            );
        }
        LineSpacing::AtLeast(v) => {
            let _ = write!(
                out,
                r#"<hh:lineSpacing type="AT_LEAST" value="{}"{unit}/>"#,
                v * k
            );
        }
    }
}

fn para_properties(out: &mut String, paras: &[ParaShape]) {
    let _ = write!(out, r#"<hh:paraProperties itemCnt="{}">"#, paras.len());
    for (id, p) in paras.iter().enumerate() {
        let flag = |b: bool| if b { "1" } else { "0" };
        // 어절 kept whole: breakNonLatinWord="BREAK_WORD". Hancom reads this attribute the
        // opposite way to the schema's wording: BREAK_WORD is HWP 5's bit 7 = 0, "어절",
        // and KEEP_WORD is bit 7 = 1, "글자" (fill by character). Evidence: Hangul 13's own
        // default shape (바탕글, Skeleton.hwpx) is BREAK_WORD, Hangul's default being 어절;
        // rhwp measured it against Hancom (edwardkim/rhwp#2185, #5560); and rhwp renders
        // KEEP_WORD paragraphs with words cut mid-어절. Latin words stay whole (KEEP_WORD).
        let _ = write!(
            out,
            concat!(
                r#"<hh:paraPr id="{id}" tabPrIDRef="0" condense="0" fontLineHeight="0" snapToGrid="1" "#,
                r#"suppressLineNumbers="0" checked="0" textDir="LTR">"#,
                r#"<hh:align horizontal="{align}" vertical="BASELINE"/>"#,
                r#"<hh:heading type="NONE" idRef="0" level="0"/>"#,
                r#"<hh:breakSetting breakLatinWord="KEEP_WORD" breakNonLatinWord="{brk}" "#,
                r#"widowOrphan="{wo}" keepWithNext="{kn}" keepLines="{kl}" pageBreakBefore="0" lineWrap="BREAK"/>"#,
                r#"<hh:autoSpacing eAsianEng="0" eAsianNum="0"/>"#,
                r#"<hp:switch><hp:case hp:required-namespace="{ns}">"#
            ),
            id = id,
            align = align_name(p.align),
            brk = if p.break_words {
                "KEEP_WORD"
            } else {
                "BREAK_WORD"
            },
            wo = flag(p.widow_orphan),
            kn = flag(p.keep_next),
            kl = flag(p.keep_lines),
            ns = HWPUNITCHAR_NS,
        );
        margins(out, p, 1);
        out.push_str("</hp:case><hp:default>");
        margins(out, p, 2);
        let _ = write!(
            out,
            concat!(
                "</hp:default></hp:switch>",
                r#"<hh:border borderFillIDRef="{bf}" offsetLeft="0" offsetRight="0" offsetTop="0" "#,
                r#"offsetBottom="0" connect="0" ignoreMargin="0"/></hh:paraPr>"#
            ),
            bf = BF_NONE
        );
    }
    out.push_str("</hh:paraProperties>");
}

/// The whole `Contents/header.xml` for one section.
pub(crate) fn write(shapes: &Shapes) -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(DECLARATION);
    let _ = write!(out, r#"<hh:head {NAMESPACES} version="1.5" secCnt="1">"#);
    out.push_str(
        r#"<hh:beginNum page="1" footnote="1" endnote="1" pic="1" tbl="1" equation="1"/>"#,
    );
    out.push_str("<hh:refList>");
    fontfaces(&mut out);
    border_fills(&mut out, &shapes.fills);
    char_properties(&mut out, &shapes.chars);
    tab_properties(&mut out);
    numberings(&mut out);
    para_properties(&mut out, &shapes.paras);
    out.push_str(concat!(
        r#"<hh:styles itemCnt="1">"#,
        r#"<hh:style id="0" type="PARA" name="바탕글" engName="Normal" paraPrIDRef="0" charPrIDRef="0" "#,
        r#"nextStyleIDRef="0" langID="1042" lockForm="0"/>"#,
        "</hh:styles>"
    ));
    out.push_str("</hh:refList>");
    out.push_str(concat!(
        r#"<hh:compatibleDocument targetProgram="HWP201X"><hh:layoutCompatibility/></hh:compatibleDocument>"#,
        r#"<hh:docOption><hh:linkinfo path="" pageInherit="0" footnoteInherit="0"/></hh:docOption>"#,
        r#"<hh:trackchageConfig flags="56"/>"#,
        "</hh:head>"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_numbered_in_order_of_first_use() {
        let mut s = Shapes::new();
        let bold = CharShape {
            height: 1800,
            face: Face::Sans,
            bold: true,
            underline: false,
            color: style::Rgb::BLACK,
            ratio: 100,
            spacing: 0,
        };
        assert_eq!(s.char(bold), 1);
        assert_eq!(s.char(bold), 1);
        assert_eq!(s.para(ParaShape::plain(LineSpacing::Fixed(10))), 1);
        assert_eq!(
            s.para(ParaShape::plain(LineSpacing::Percent(style::BODY_LINE))),
            0
        );
    }

    #[test]
    fn margins_are_written_twice_the_default_doubled() {
        let mut s = Shapes::new();
        s.para(ParaShape {
            left: 850,
            after: 567,
            ..ParaShape::plain(LineSpacing::Fixed(1417))
        });
        let xml = write(&s);
        assert!(xml.contains(r#"<hc:left value="850" unit="HWPUNIT"/>"#));
        assert!(xml.contains(r#"<hc:left value="1700" unit="HWPUNIT"/>"#));
        assert!(xml.contains(r#"<hh:lineSpacing type="FIXED" value="1417" unit="HWPUNIT"/>"#));
        assert!(xml.contains(r#"<hh:lineSpacing type="FIXED" value="2834" unit="HWPUNIT"/>"#));
        // 어절 whole (Hancom's BREAK_WORD), Latin words whole (KEEP_WORD).
        assert!(xml.contains(r#"breakLatinWord="KEEP_WORD" breakNonLatinWord="BREAK_WORD""#));
        assert!(!xml.contains(r#"breakNonLatinWord="KEEP_WORD""#));
    }
}
