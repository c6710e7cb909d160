//! Page footer (`left`, `n / N`, the fingerprint with its label) and the watermark header:
//! the two parts still built with docx-rs (small, once a document); the body is written
//! directly (`text`, `table`, `signature`).

use docx_rs::{
    AlignmentType, BreakType, FieldCharType, Footer, Header, InstrNUMPAGES, InstrPAGE, InstrText,
    RunFonts, Tab, TabValueType,
};
use formpack_doc::{style, Face};

use crate::text::{self, RunStyle};
use crate::units::half_points;

/// The same face for Latin, Hangul and complex scripts, so every renderer picks one font.
fn fonts(face: Face) -> RunFonts {
    let name = text::font_name(face);
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .east_asia(name)
        .cs(name)
}

/// One docx-rs text run; `\n` becomes a line break, `\t` a tab.
fn styled_run(text: &str, style: RunStyle) -> docx_rs::Run {
    let mut run = docx_rs::Run::new()
        .fonts(fonts(style.face))
        .size(half_points(style.size));
    if style.bold {
        run = run.bold();
    }
    if style.underline {
        run = run.underline("single");
    }
    let text = text::clean(text);
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

/// Footer text size.
const FOOTER_SIZE: f32 = style::FOOTER_SIZE;
/// Placeholder run text that `package` swaps for the VML watermark shape.
pub(crate) const WATERMARK_MARKER: &str = "\u{E001}formpack-watermark\u{E001}";

fn run_style() -> RunStyle {
    RunStyle {
        size: FOOTER_SIZE,
        face: style::FOOTER_FACE,
        bold: false,
        underline: false,
    }
}

fn plain(text: &str) -> docx_rs::Run {
    styled_run(text, run_style()).color(style::FOOTER_COLOR.hex())
}

/// A field (`PAGE`, `NUMPAGES`) with a cached result of `1`; every reader recomputes it.
fn field(instr: InstrText) -> docx_rs::Run {
    docx_rs::Run::new()
        .fonts(fonts(style::FOOTER_FACE))
        .size(half_points(FOOTER_SIZE))
        .color(style::FOOTER_COLOR.hex())
        .add_field_char(FieldCharType::Begin, true)
        .add_instr_text(instr)
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false)
}

/// `left<TAB>n / N<TAB>{label} {fingerprint}`, with a centre tab and a right tab; after the
/// marker of the form's own footer blocks when `running`.
pub(crate) fn footer(f: &formpack_doc::Footer, content_twips: u32, running: bool) -> Footer {
    let mut p = docx_rs::Paragraph::new()
        .align(AlignmentType::Left)
        .add_tab(
            Tab::new()
                .val(TabValueType::Center)
                .pos(content_twips as usize / 2),
        )
        .add_tab(
            Tab::new()
                .val(TabValueType::Right)
                .pos(content_twips as usize),
        )
        .fonts(fonts(style::FOOTER_FACE))
        .size(half_points(FOOTER_SIZE));
    if !f.left.is_empty() {
        p = p.add_run(plain(&f.left));
    }
    p = p.add_run(plain("\t"));
    // A document that numbers its own pages gets no second number here.
    if !f.pages_numbered {
        p = p
            .add_run(field(InstrText::PAGE(InstrPAGE::new())))
            .add_run(plain(" / "))
            .add_run(field(InstrText::NUMPAGES(InstrNUMPAGES::new())));
    }
    p = p.add_run(plain("\t"));
    if let Some(text) = f.fingerprint_text() {
        p = p.add_run(plain(&text));
    }
    let footer = Footer::new();
    let footer = if running {
        footer.add_paragraph(running_marker())
    } else {
        footer
    };
    footer.add_paragraph(p)
}

/// Placeholder run text of the paragraph that `package` swaps for the form's own header or
/// footer blocks.
pub(crate) const RUNNING_MARKER: &str = "\u{E002}formpack-running\u{E002}";

/// A paragraph holding only [`RUNNING_MARKER`].
pub(crate) fn running_marker() -> docx_rs::Paragraph {
    docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text(RUNNING_MARKER))
}

/// The header: the watermark's paragraph when there is a watermark, then the marker of the
/// form's own header blocks when it has some; `None` when neither.
pub(crate) fn header(watermark: Option<&str>, running: bool) -> Option<Header> {
    let mut h = match watermark {
        Some(text) => watermark_header(text),
        None if running => Header::new(),
        None => return None,
    };
    if running {
        h = h.add_paragraph(running_marker());
    }
    Some(h)
}

/// Watermark header: the watermark text as a small bold mark at the right, plus a placeholder that
/// `package` swaps for the large diagonal watermark.
fn watermark_header(text: &str) -> Header {
    let mark = RunStyle {
        size: style::WATERMARK_MARK_SIZE,
        face: style::WATERMARK_FACE,
        bold: true,
        underline: false,
    };
    let p = docx_rs::Paragraph::new()
        .align(AlignmentType::Right)
        .add_run(docx_rs::Run::new().add_text(WATERMARK_MARKER))
        .add_run(styled_run(text, mark).color(style::WATERMARK_MARK_COLOR.hex()));
    Header::new().add_paragraph(p)
}
