//! DOCX backend: lays a [`formpack_doc::Document`] out as a Word file that Word, Hancom
//! Office and LibreOffice open alike.
//!
//! The body is written as WordprocessingML text directly (`text`, `table`, `signature`,
//! `image`); docx-rs makes the rest of the package (page settings, footer, header), and
//! `package` writes the archive so the output is byte-identical for the same document (fixed
//! timestamps, ids in document order) with our styles, fonts and the watermark. [`text`]
//! reads a DOCX back for `verify`.
//!
//! **The rule this crate keeps: it invents no look and no words.** Sizes, spacing, colours
//! and shading come from [`formpack_doc::style`], every printed word from the document
//! (footer label, watermark text); only what exists in Word's units alone (line spacing in
//! 240ths of a line, the VML watermark shape) is decided here. Word lays the pages out itself,
//! so this backend does not use `formpack-layout`.

mod embed;
mod error;
mod footer;
mod image;
mod package;
mod read;
mod signature;
mod table;
mod text;
mod units;

use docx_rs::{Docx, PageMargin};
use formpack_doc::style::{self, Density};
use formpack_doc::{Block, Document};

use crate::image::Media;
use crate::text::{LineRule, Mark, ParaContext, Props, Spacing};
use crate::units::twips;

pub use embed::EmbeddedFonts;
pub use error::{Error, ErrorKind};
pub use image::vouch_for_png;
pub use read::text;

/// Empty paragraph exactly `mm` high.
pub(crate) fn spacer(out: &mut String, mm: f32) {
    let h = twips(mm.min(250.0)).max(1) as i32;
    text::open_paragraph(
        out,
        &Props {
            spacing: Some(Spacing {
                before: 0,
                after: 0,
                line: h,
                rule: LineRule::Exact,
            }),
            mark: Some(Mark {
                face: formpack_doc::Face::Serif,
                size: Some(1.0),
                bold: false,
            }),
            ..Props::default()
        },
    );
    out.push_str("</w:p>");
}

fn block(
    out: &mut String,
    block: &Block,
    (content_twips, sp): (u32, &style::Spacing),
    media: &mut Media,
) -> Result<(), Error> {
    match block {
        Block::Heading(h) => text::heading(out, h, sp),
        Block::Paragraph(p) => text::paragraph(out, p, ParaContext::body(sp)),
        Block::Table(t) => table::table(out, t, content_twips, media)?,
        Block::Signature(s) => signature::signature(out, s, (content_twips, sp), media)?,
        Block::Image(img) => {
            text::open_paragraph(
                out,
                &Props {
                    align: Some(img.align),
                    ..Props::default()
                },
            );
            image::inline(out, img, media)?;
            out.push_str("</w:p>");
        }
        Block::Spacer(mm) => spacer(out, *mm),
        Block::PageBreak => out.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#),
    }
    Ok(())
}

/// Distance of the header or footer from the page's edge, twips: the form's own when it
/// gives a usable one, else 10 mm.
fn edge_distance(mm: f32) -> u32 {
    let mm = if mm.is_finite() && mm > 0.0 { mm } else { 10.0 };
    twips(mm)
}

/// The form's own header or footer blocks as WordprocessingML; a page break has no place
/// there and is left out.
fn running_xml(blocks: &[Block], content_twips: u32, media: &mut Media) -> Result<String, Error> {
    let mut out = String::new();
    for b in blocks.iter().filter(|b| !matches!(b, Block::PageBreak)) {
        block(
            &mut out,
            b,
            (content_twips, &style::spacing(Density::Regular)),
            media,
        )?;
    }
    Ok(out)
}

/// Render a document as DOCX bytes. The same document always gives the same bytes.
///
/// The body is written as WordprocessingML text directly — a 60-member agreement is 1.2 MB
/// of it, and building docx-rs's element tree for it, then its XML, took 35 ms — into the
/// package docx-rs makes for an empty body with the page, footer and header.
pub fn render(doc: &Document) -> Result<Vec<u8>, Error> {
    render_with_fonts(doc, None)
}

/// [`render`], with `fonts` embedded: each face the document prints, subset to the
/// characters it prints, so Word and LibreOffice show the document in the faces of its PDF
/// on a PC without them.
pub fn render_with_fonts(doc: &Document, fonts: Option<&EmbeddedFonts>) -> Result<Vec<u8>, Error> {
    let page = &doc.page;
    let page_w = twips(page.width).max(1440);
    let page_h = twips(page.height).max(1440);
    let (left, right) = (twips(page.margin_left), twips(page.margin_right));
    let (top, bottom) = (twips(page.margin_top), twips(page.margin_bottom));
    let content_twips = page_w.saturating_sub(left + right).max(720);
    let running = &doc.running;
    let (has_header, has_footer) = (!running.header.is_empty(), !running.footer.is_empty());

    let mut docx = Docx::new()
        .page_size(page_w, page_h)
        .page_margin(
            PageMargin::new()
                .top(top as i32)
                .bottom(bottom as i32)
                .left(left as i32)
                .right(right as i32)
                .header(edge_distance(running.header_top) as i32)
                .footer(edge_distance(running.footer_bottom) as i32)
                .gutter(0),
        )
        .footer(footer::footer(&doc.footer, content_twips, has_footer));
    if let Some(header) = footer::header(doc.watermark.as_deref(), has_header) {
        docx = docx.header(header);
    }

    let mut body = String::with_capacity(64 * 1024);
    let mut media = Media::default();
    let sp = style::spacing(doc.density);
    for b in &doc.blocks {
        block(&mut body, b, (content_twips, &sp), &mut media)?;
    }
    let header = running_xml(&running.header, content_twips, &mut media)?;
    let footer = running_xml(&running.footer, content_twips, &mut media)?;

    package::write(
        docx.build(),
        &body,
        media,
        &package::Meta {
            title: &doc.title,
            author: &doc.author,
            watermark: doc.watermark.as_deref(),
            header: &header,
            footer: &footer,
            fonts,
        },
    )
}
