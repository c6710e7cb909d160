//! DOCX backend: lays a [`formpack_doc::Document`] out as a Word file that Word, Hancom
//! Office and LibreOffice open alike.
//!
//! The document tree is built with docx-rs; `package` then re-packs the archive so the
//! output is byte-identical for the same document (fixed timestamps, ids in document order)
//! and adds what docx-rs cannot write (repeated header rows, the watermark). [`text`] reads
//! a DOCX back for `verify`.
//!
//! **The rule this crate keeps: it invents no look and no words.** Sizes, spacing, colours
//! and shading come from [`formpack_doc::style`], every printed word from the document
//! (footer label, watermark text); only what exists in Word's units alone (line spacing in
//! 240ths of a line, the VML watermark shape) is decided here. Word lays the pages out itself,
//! so this backend does not use `formpack-layout`.

#![deny(missing_docs)]

mod error;
mod footer;
mod image;
mod package;
mod read;
mod signature;
mod table;
mod text;
mod units;

use docx_rs::{BreakType, Docx, LineSpacing, LineSpacingType, PageMargin};
use formpack_doc::{Block, Document};

use crate::image::PicIds;
use crate::text::ParaContext;
use crate::units::twips;

pub use error::{Error, ErrorKind};
pub use read::text;

/// A top-level body element.
pub(crate) enum BodyPart {
    Paragraph(Box<docx_rs::Paragraph>),
    Table(Box<docx_rs::Table>),
}

impl BodyPart {
    pub(crate) fn para(p: docx_rs::Paragraph) -> Self {
        BodyPart::Paragraph(Box::new(p))
    }

    pub(crate) fn table(t: docx_rs::Table) -> Self {
        BodyPart::Table(Box::new(t))
    }
}

fn add(docx: Docx, part: BodyPart) -> Docx {
    match part {
        BodyPart::Paragraph(p) => docx.add_paragraph(*p),
        BodyPart::Table(t) => docx.add_table(*t),
    }
}

/// Empty paragraph exactly `mm` high.
fn spacer(mm: f32) -> docx_rs::Paragraph {
    let h = twips(mm.min(250.0)).max(1) as i32;
    docx_rs::Paragraph::new()
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(0)
                .line(h)
                .line_rule(LineSpacingType::Exact),
        )
        .size(2)
}

fn block_parts(
    block: &Block,
    content_twips: u32,
    ids: &mut PicIds,
) -> Result<Vec<BodyPart>, Error> {
    Ok(match block {
        Block::Heading(h) => vec![BodyPart::para(text::heading(h))],
        Block::Paragraph(p) => vec![BodyPart::para(text::paragraph(p, ParaContext::BODY))],
        Block::Table(t) => table::table(t, content_twips)
            .map(BodyPart::table)
            .into_iter()
            .collect(),
        Block::Signature(s) => signature::signature(s, content_twips, ids)?,
        Block::Image(img) => {
            let pic = image::inline(img, ids)?;
            vec![BodyPart::para(
                docx_rs::Paragraph::new()
                    .align(text::alignment(img.align))
                    .add_run(docx_rs::Run::new().add_image(pic)),
            )]
        }
        Block::Spacer(mm) => vec![BodyPart::para(spacer(*mm))],
        Block::PageBreak => vec![BodyPart::para(
            docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_break(BreakType::Page)),
        )],
    })
}

/// Render a document as DOCX bytes. The same document always gives the same bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, Error> {
    let page = &doc.page;
    let page_w = twips(page.width).max(1440);
    let page_h = twips(page.height).max(1440);
    let (left, right) = (twips(page.margin_left), twips(page.margin_right));
    let (top, bottom) = (twips(page.margin_top), twips(page.margin_bottom));
    let content_twips = page_w.saturating_sub(left + right).max(720);

    let mut docx = Docx::new()
        .page_size(page_w, page_h)
        .page_margin(
            PageMargin::new()
                .top(top as i32)
                .bottom(bottom as i32)
                .left(left as i32)
                .right(right as i32)
                .header(twips(10.0) as i32)
                .footer(twips(10.0) as i32)
                .gutter(0),
        )
        .footer(footer::footer(&doc.footer, content_twips));
    if let Some(mark) = &doc.watermark {
        docx = docx.header(footer::watermark_header(mark));
    }

    let mut ids = PicIds::default();
    for block in &doc.blocks {
        for part in block_parts(block, content_twips, &mut ids)? {
            docx = add(docx, part);
        }
    }

    package::write(
        docx.build(),
        &package::Meta {
            title: &doc.title,
            author: &doc.author,
            watermark: doc.watermark.as_deref(),
        },
    )
}
