//! Runs, paragraphs and headings, written as WordprocessingML straight into the part's text
//! (no element tree): fonts, sizes, alignment, spacing.

use formpack_doc::{style, Align, Face, Field, Heading, LineSpacing, Paragraph, Run};

use crate::units::{half_points, signed_twips, twips};

/// 명조 for body text.
pub(crate) const SERIF: &str = "NanumMyeongjo";
/// 고딕 for titles, labels and table headers.
pub(crate) const SANS: &str = "NanumGothic";

/// Body line height: 1.3 lines (`w:line` is in 240ths of a line).
pub(crate) const BODY_LINE: i32 = 312;
/// Table cell line height: 1.15 lines.
pub(crate) const CELL_LINE: i32 = 276;

pub(crate) fn font_name(face: Face) -> &'static str {
    match face {
        Face::Serif => SERIF,
        Face::Sans => SANS,
    }
}

pub(crate) fn alignment(align: Align) -> &'static str {
    match align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        Align::Justify => "both",
    }
}

/// Drop characters that XML 1.0 cannot carry (C0 controls other than tab and newline,
/// U+FFFE/U+FFFF), so any text from the model yields a well-formed part.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
        })
        .map(|c| if c == '\r' { '\n' } else { c })
        .collect()
}

/// Append `text` escaped for element content or a double-quoted attribute.
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '"']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// Style of a run after the paragraph's defaults are applied.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RunStyle {
    pub size: f32,
    pub face: Face,
    pub bold: bool,
    pub underline: bool,
}

/// What a model run may add to its face, size and weight: its colour, 장평 and 자간. `NONE`
/// (every run formpack composes itself) writes nothing.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RunLook {
    pub color: Option<style::Rgb>,
    /// Horizontal scale, 1.0 for none.
    pub scale: Option<f32>,
    /// Extra space after each character, a fraction of the size.
    pub tracking: Option<f32>,
}

impl RunLook {
    pub const NONE: RunLook = RunLook {
        color: None,
        scale: None,
        tracking: None,
    };

    fn of(r: &Run) -> RunLook {
        RunLook {
            color: r.color,
            scale: r.scale,
            tracking: r.tracking,
        }
    }
}

/// `w:w`: a scale as a per cent, within Word's 1–600; `None` for an unusable one.
fn scale_percent(scale: f32) -> Option<u32> {
    (scale.is_finite() && scale > 0.0).then(|| (scale * 100.0).round().clamp(1.0, 600.0) as u32)
}

/// `w:spacing` of a run: the tracking of a `size`-point run in twips, within Word's
/// ±1584 pt; `None` for an unusable one.
fn tracking_twips(tracking: f32, size: f32) -> Option<i32> {
    let size = if size.is_finite() {
        size.clamp(1.0, 200.0)
    } else {
        style::BODY_SIZE
    };
    tracking
        .is_finite()
        .then(|| (tracking * size * 20.0).round().clamp(-31_680.0, 31_680.0) as i32)
}

/// `w:color`, `w:spacing` and `w:w`, in the schema's order.
fn look_properties(out: &mut String, look: RunLook, size: Option<f32>) {
    if let Some(c) = look.color {
        out.push_str(&format!(r#"<w:color w:val="{}"/>"#, c.hex()));
    }
    let size = size.unwrap_or(style::BODY_SIZE);
    if let Some(t) = look.tracking.and_then(|t| tracking_twips(t, size)) {
        out.push_str(&format!(r#"<w:spacing w:val="{t}"/>"#));
    }
    if let Some(w) = look.scale.and_then(scale_percent) {
        out.push_str(&format!(r#"<w:w w:val="{w}"/>"#));
    }
}

/// `<w:rPr>` of a run or a paragraph mark. The serif face is the document default
/// (`styles.xml`), so serif text names no font: a 60-member agreement's `document.xml` was
/// 1.7 MB with the same `w:rFonts` on every run and paragraph mark of its tables.
pub(crate) fn run_properties(
    out: &mut String,
    face: Face,
    size: Option<f32>,
    bold: bool,
    underline: bool,
    look: RunLook,
) {
    out.push_str("<w:rPr>");
    if face == Face::Sans {
        out.push_str(r#"<w:rFonts w:ascii="NanumGothic" w:hAnsi="NanumGothic" w:eastAsia="NanumGothic" w:cs="NanumGothic"/>"#);
    }
    if bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    look_properties(out, look, size);
    if let Some(size) = size {
        let hp = half_points(size);
        out.push_str(&format!(r#"<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>"#));
    }
    if underline {
        out.push_str(r#"<w:u w:val="single"/>"#);
    }
    out.push_str("</w:rPr>");
}

/// One text run; `\n` becomes a line break (`<w:br/>`), `\t` a tab.
pub(crate) fn styled_run(out: &mut String, text: &str, style: RunStyle) {
    look_run(out, text, style, RunLook::NONE)
}

/// [`styled_run`] with a model run's colour, 장평 and 자간.
fn look_run(out: &mut String, text: &str, style: RunStyle, look: RunLook) {
    out.push_str("<w:r>");
    run_properties(
        out,
        style.face,
        Some(style.size),
        style.bold,
        style.underline,
        look,
    );
    let text = clean(text);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str(r#"<w:br w:type="textWrapping"/>"#);
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                out.push_str(r#"<w:t xml:space="preserve">"#);
                push_escaped(out, piece);
                out.push_str("</w:t>");
            }
        }
    }
    out.push_str("</w:r>");
}

/// A page-number field's instruction.
fn field_instruction(f: Field) -> &'static str {
    match f {
        Field::Page => "PAGE",
        Field::Pages => "NUMPAGES",
    }
}

/// A model run; a field run is a simple field whose cached result is the run's text.
fn model_run(out: &mut String, r: &Run, size: f32, face: Face, force_bold: bool) {
    let style = RunStyle {
        size: r.size.unwrap_or(size),
        face: r.face.unwrap_or(face),
        bold: r.bold || force_bold,
        underline: r.underline,
    };
    let Some(field) = r.field else {
        return look_run(out, &r.text, style, RunLook::of(r));
    };
    out.push_str(&format!(
        r#"<w:fldSimple w:instr="{}">"#,
        field_instruction(field)
    ));
    look_run(out, &r.text, style, RunLook::of(r));
    out.push_str("</w:fldSimple>");
}

/// How `w:line` is read (`w:lineRule`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineRule {
    /// 240ths of a line.
    Auto,
    /// Exactly this many twips.
    Exact,
    /// At least this many twips.
    AtLeast,
}

impl LineRule {
    fn name(self) -> &'static str {
        match self {
            LineRule::Auto => "auto",
            LineRule::Exact => "exact",
            LineRule::AtLeast => "atLeast",
        }
    }
}

/// Space before and after (twips) and the line height.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spacing {
    pub before: u32,
    pub after: u32,
    pub line: i32,
    pub rule: LineRule,
}

/// Spacing with a proportional line height.
pub(crate) fn spacing(before_mm: f32, after_mm: f32, line: i32) -> Spacing {
    Spacing {
        before: twips(before_mm),
        after: twips(after_mm),
        line,
        rule: LineRule::Auto,
    }
}

/// `w:line` and its rule for a model line spacing: a factor in 240ths of a line (within
/// 0.1–10 lines), a length in twips; `auto` at `default` for none or an unusable one.
fn line_rule(l: Option<LineSpacing>, default: i32) -> (i32, LineRule) {
    let usable = |v: f32| v.is_finite() && v > 0.0;
    match l {
        Some(LineSpacing::Factor(f)) if usable(f) => (
            (f * 240.0).round().clamp(24.0, 2400.0) as i32,
            LineRule::Auto,
        ),
        Some(LineSpacing::Exact(mm)) if usable(mm) => (twips(mm).max(1) as i32, LineRule::Exact),
        Some(LineSpacing::AtLeast(mm)) if usable(mm) => {
            (twips(mm).max(1) as i32, LineRule::AtLeast)
        }
        _ => (default, LineRule::Auto),
    }
}

/// The paragraph mark's run properties (they set the height of an empty paragraph's line).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mark {
    pub face: Face,
    pub size: Option<f32>,
    pub bold: bool,
}

/// A paragraph's properties, written in the schema's order.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Props {
    pub keep_next: bool,
    pub keep_lines: bool,
    /// Widow and orphan control turned off (Word's default is on).
    pub no_widow_control: bool,
    pub spacing: Option<Spacing>,
    /// Left indent, twips (0: none).
    pub indent: u32,
    /// Right indent, twips (0: none).
    pub indent_right: u32,
    /// First line's indent from the left one, twips; negative hangs (0: none).
    pub first_line: i32,
    pub align: Option<Align>,
    pub outline: Option<usize>,
    pub mark: Option<Mark>,
}

/// `<w:p><w:pPr>…</w:pPr>`: the caller writes the runs and `</w:p>`.
pub(crate) fn open_paragraph(out: &mut String, p: &Props) {
    out.push_str("<w:p><w:pPr>");
    if p.keep_next {
        out.push_str("<w:keepNext/>");
    }
    if p.keep_lines {
        out.push_str("<w:keepLines/>");
    }
    if p.no_widow_control {
        out.push_str(r#"<w:widowControl w:val="0"/>"#);
    }
    if let Some(s) = p.spacing {
        out.push_str(&format!(
            r#"<w:spacing w:before="{}" w:after="{}" w:line="{}" w:lineRule="{}"/>"#,
            s.before,
            s.after,
            s.line,
            s.rule.name()
        ));
    }
    indentation(out, p);
    if let Some(a) = p.align {
        out.push_str(&format!(r#"<w:jc w:val="{}"/>"#, alignment(a)));
    }
    if let Some(l) = p.outline {
        out.push_str(&format!(r#"<w:outlineLvl w:val="{l}"/>"#));
    }
    if let Some(m) = p.mark {
        run_properties(out, m.face, m.size, m.bold, false, RunLook::NONE);
    }
    out.push_str("</w:pPr>");
}

/// `<w:ind>` with only the indents that are not zero; nothing when all are.
fn indentation(out: &mut String, p: &Props) {
    if p.indent == 0 && p.indent_right == 0 && p.first_line == 0 {
        return;
    }
    out.push_str("<w:ind");
    if p.indent > 0 {
        out.push_str(&format!(r#" w:left="{}""#, p.indent));
    }
    if p.indent_right > 0 {
        out.push_str(&format!(r#" w:right="{}""#, p.indent_right));
    }
    if p.first_line > 0 {
        out.push_str(&format!(r#" w:firstLine="{}""#, p.first_line));
    } else if p.first_line < 0 {
        out.push_str(&format!(r#" w:hanging="{}""#, p.first_line.unsigned_abs()));
    }
    out.push_str("/>");
}

/// Context a paragraph is laid out in: body text or a table cell.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ParaContext {
    /// Table label cells force the label face.
    pub force_face: Option<Face>,
    /// `w:line` in 240ths.
    pub line: i32,
}

impl ParaContext {
    /// A body paragraph's context at a document's spacing.
    pub fn body(sp: &style::Spacing) -> ParaContext {
        ParaContext {
            force_face: None,
            line: sp.body_line(BODY_LINE),
        }
    }
}

pub(crate) fn paragraph(out: &mut String, p: &Paragraph, ctx: ParaContext) {
    let face = ctx.force_face.unwrap_or(p.face);
    let (line, rule) = line_rule(p.line_spacing, ctx.line);
    open_paragraph(
        out,
        &Props {
            keep_next: p.keep_with_next,
            no_widow_control: !p.widow_control,
            spacing: Some(Spacing {
                rule,
                ..spacing(p.space_before, p.space_after, line)
            }),
            indent: twips(p.indent),
            indent_right: twips(p.indent_right),
            first_line: signed_twips(p.first_line),
            align: Some(p.align),
            mark: Some(Mark {
                face,
                size: Some(p.size),
                bold: false,
            }),
            ..Props::default()
        },
    );
    for r in &p.runs {
        let mut run = r.clone();
        if ctx.force_face.is_some() {
            run.face = Some(face);
        }
        model_run(out, &run, p.size, face, false);
    }
    out.push_str("</w:p>");
}

pub(crate) fn heading(out: &mut String, h: &Heading, sp: &style::Spacing) {
    let hs = sp.heading(h.level);
    let size = hs.size;
    let face = style::HEADING_FACE;
    open_paragraph(
        out,
        &Props {
            keep_next: true,
            keep_lines: true,
            spacing: Some(spacing(
                hs.space_before,
                hs.space_after,
                sp.body_line(BODY_LINE),
            )),
            align: Some(h.align),
            outline: Some(usize::from(h.level.clamp(1, 9)) - 1),
            mark: Some(Mark {
                face,
                size: Some(size),
                bold: true,
            }),
            ..Props::default()
        },
    );
    for r in &h.runs {
        let mut run = r.clone();
        run.face = Some(run.face.unwrap_or(face));
        model_run(out, &run, size, face, true);
    }
    out.push_str("</w:p>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_only_illegal_xml_chars() {
        assert_eq!(clean("a\u{0}b\u{1B}c\td\ne"), "abc\td\ne");
        assert_eq!(clean("가\r나"), "가\n나");
        assert_eq!(clean("☐ ☑ {{x}} </w:t>"), "☐ ☑ {{x}} </w:t>");
    }

    #[test]
    fn justify_maps_to_both() {
        assert_eq!(alignment(Align::Justify), "both");
    }

    #[test]
    fn text_is_escaped_and_split_into_breaks_and_tabs() {
        let mut out = String::new();
        let style = RunStyle {
            size: 10.5,
            face: Face::Sans,
            bold: true,
            underline: false,
        };
        styled_run(&mut out, "a<b & \"c\"\n\td", style);
        assert_eq!(
            out,
            concat!(
                r#"<w:r><w:rPr><w:rFonts w:ascii="NanumGothic" w:hAnsi="NanumGothic" w:eastAsia="NanumGothic" w:cs="NanumGothic"/>"#,
                r#"<w:b/><w:bCs/><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr>"#,
                r#"<w:t xml:space="preserve">a&lt;b &amp; &quot;c&quot;</w:t><w:br w:type="textWrapping"/><w:tab/>"#,
                r#"<w:t xml:space="preserve">d</w:t></w:r>"#
            )
        );
    }
}
