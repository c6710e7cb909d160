//! Runs, paragraphs and headings: fonts, sizes, alignment, spacing.

use docx_rs::{AlignmentType, BreakType, LineSpacing, LineSpacingType, RunFonts};
use formpack_doc::{style, Align, Face, Heading, Paragraph, Run};

use crate::units::{half_points, twips};

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

/// The same face for Latin, Hangul and complex scripts, so every renderer picks one font.
pub(crate) fn fonts(face: Face) -> RunFonts {
    let name = font_name(face);
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .east_asia(name)
        .cs(name)
}

/// `run` in `face`. The serif face is the document default (`styles.xml`), so a serif run
/// names no font: a 60-member agreement's `document.xml` was 1.7 MB, a third of it the
/// same `w:rFonts` on every run and paragraph mark of its tables.
pub(crate) fn run_in(run: docx_rs::Run, face: Face) -> docx_rs::Run {
    match face {
        Face::Serif => run,
        Face::Sans => run.fonts(fonts(face)),
    }
}

/// A paragraph whose mark is in `face` (see [`run_in`]).
pub(crate) fn paragraph_in(p: docx_rs::Paragraph, face: Face) -> docx_rs::Paragraph {
    match face {
        Face::Serif => p,
        Face::Sans => p.fonts(fonts(face)),
    }
}

pub(crate) fn alignment(align: Align) -> AlignmentType {
    match align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        Align::Justify => AlignmentType::Both,
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

/// Style of a run after the paragraph's defaults are applied.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RunStyle {
    pub size: f32,
    pub face: Face,
    pub bold: bool,
    pub underline: bool,
}

/// One text run; `\n` becomes a line break (`<w:br/>`), `\t` a tab.
pub(crate) fn styled_run(text: &str, style: RunStyle) -> docx_rs::Run {
    let mut run = run_in(docx_rs::Run::new(), style.face).size(half_points(style.size));
    if style.bold {
        run = run.bold();
    }
    if style.underline {
        run = run.underline("single");
    }
    let text = clean(text);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                run = run.add_tab();
            }
            if !piece.is_empty() {
                run = run.add_text(piece);
            }
        }
    }
    run
}

fn model_run(r: &Run, size: f32, face: Face, force_bold: bool) -> docx_rs::Run {
    styled_run(
        &r.text,
        RunStyle {
            size: r.size.unwrap_or(size),
            face: r.face.unwrap_or(face),
            bold: r.bold || force_bold,
            underline: r.underline,
        },
    )
}

/// Spacing with a proportional line height.
pub(crate) fn spacing(before_mm: f32, after_mm: f32, line: i32) -> LineSpacing {
    LineSpacing::new()
        .before(twips(before_mm))
        .after(twips(after_mm))
        .line(line)
        .line_rule(LineSpacingType::Auto)
}

/// Context a paragraph is laid out in: body text or a table cell.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ParaContext {
    /// Face forced on every run (shaded label cells are 고딕).
    pub force_face: Option<Face>,
    pub line: i32,
}

impl ParaContext {
    pub const BODY: ParaContext = ParaContext {
        force_face: None,
        line: BODY_LINE,
    };
}

pub(crate) fn paragraph(p: &Paragraph, ctx: ParaContext) -> docx_rs::Paragraph {
    let face = ctx.force_face.unwrap_or(p.face);
    let mut out = paragraph_in(docx_rs::Paragraph::new(), face)
        .align(alignment(p.align))
        .line_spacing(spacing(0.0, p.space_after, ctx.line))
        .size(half_points(p.size));
    let indent = twips(p.indent);
    if indent > 0 {
        out = out.indent(Some(indent as i32), None, None, None);
    }
    if p.keep_with_next {
        out = out.keep_next(true);
    }
    for r in &p.runs {
        let mut run = r.clone();
        if ctx.force_face.is_some() {
            run.face = Some(face);
        }
        out = out.add_run(model_run(&run, p.size, face, false));
    }
    out
}

pub(crate) fn heading(h: &Heading) -> docx_rs::Paragraph {
    let hs = style::heading(h.level);
    let size = hs.size;
    let face = style::HEADING_FACE;
    let mut out = docx_rs::Paragraph::new()
        .align(alignment(h.align))
        .line_spacing(spacing(hs.space_before, hs.space_after, BODY_LINE))
        .keep_next(true)
        .keep_lines(true)
        .outline_lvl(usize::from(h.level.clamp(1, 9)) - 1)
        .fonts(fonts(face))
        .size(half_points(size))
        .bold();
    for r in &h.runs {
        let mut run = r.clone();
        run.face = Some(run.face.unwrap_or(face));
        out = out.add_run(model_run(&run, size, face, true));
    }
    out
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
        assert_eq!(alignment(Align::Justify).to_string(), "both");
    }
}
