//! The PDF backend: turns a [`Document`] into a PDF. Layout (line breaking, tables across
//! pages, signatures, pagination, footer and watermark) is done by [`formpack_layout`]; this
//! crate only draws the laid-out pages with krilla, embeds the fonts and writes the file.
//!
//! **The rule this crate keeps: it decides no position.** Everything it draws comes from a
//! [`formpack_layout::Page`]; it only turns pages into PDF objects. [`text`] reads a PDF back
//! for `verify`.
//!
//! - [`Fonts`]: the five fonts (나눔명조/고딕, regular and bold, DejaVu Sans as a per-character
//!   fallback for ☐ ☑ and other symbols), parsed once for both their metrics and embedding.
//! - `draw`: laid-out pages → krilla.
//! - `pack`: the finished file's dictionaries go into one compressed object stream.
//! - `strip`: fonts are loaded without TrueType hinting (glyph bytecode is about half of
//!   NanumMyeongjo), which halves the embedded subsets.
//!
//! Output is deterministic: no creation or modification date is written, and krilla derives
//! the file identifier from the content, so the same input gives the same bytes. No XMP
//! packet: it only repeats the information dictionary (title, author, producer) and the
//! catalog's language, uncompressed, and nothing here needs it (it matters for PDF/A).
//!
//! **PDF/A decision:** the files are plain PDF 1.7, not PDF/A-2b. krilla's PDF/A-2b validator
//! requires a document date (`MissingDocumentDate`); the only dates we could write are the
//! wall clock (breaks byte-identical output) or an invented constant (a false statement in
//! the metadata). PDF/A would also embed sRGB/sGrey ICC profiles and an XMP packet in every
//! file. The files already have what matters for archiving and checking: every font embedded
//! as a subset with a ToUnicode map, metadata with title, author and language `ko`, no
//! transparency groups and no external references. Switching later is a
//! `SerializeSettings::configuration` change plus a date (and `xmp_metadata` back on).

#![deny(missing_docs)]

use std::panic::{catch_unwind, AssertUnwindSafe};

use formpack_doc::Document;
use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::SerializeSettings;

mod draw;
mod error;
mod fonts;
mod pack;
mod read;
mod strip;
mod svg;

pub use fonts::Fonts;
pub use formpack_layout::FILE_NAMES as FONT_FILES;

pub use error::{Error, ErrorKind};
pub use read::{page_count, text};
pub use svg::{rasterize as rasterize_svg, CHART_FONT};

/// Render one document.
pub fn render(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, Error> {
    guarded(|| write(&[(None, doc)], fonts, &doc.title, &doc.author))
}

/// All documents in order in one PDF, one bookmark (outline entry) per document titled with
/// the given string; one shared font subset. Each document keeps its own `n / N` footer.
pub fn render_merged(docs: &[(String, &Document)], fonts: &Fonts) -> Result<Vec<u8>, Error> {
    let Some((_, first)) = docs.first() else {
        return Err(Error::new(ErrorKind::NoDocuments, "no documents to merge"));
    };
    let list: Vec<(Option<&str>, &Document)> =
        docs.iter().map(|(t, d)| (Some(t.as_str()), *d)).collect();
    guarded(|| write(&list, fonts, &first.title, &first.author))
}

/// Turn a panic anywhere below (a bug, or a library's) into an error.
fn guarded(f: impl FnOnce() -> Result<Vec<u8>, Error>) -> Result<Vec<u8>, Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error::new(
            ErrorKind::Internal,
            format!("internal error while writing the PDF: {msg}"),
        ))
    })
}

/// The documents as one PDF: laid out, drawn and serialised by krilla, then packed.
fn write(
    docs: &[(Option<&str>, &Document)],
    fonts: &Fonts,
    title: &str,
    author: &str,
) -> Result<Vec<u8>, Error> {
    let pdf = write_unpacked(docs, fonts, title, author)?;
    Ok(pack::pack(&pdf).unwrap_or(pdf))
}

/// The file as krilla writes it, with a plain cross-reference table.
fn write_unpacked(
    docs: &[(Option<&str>, &Document)],
    fonts: &Fonts,
    title: &str,
    author: &str,
) -> Result<Vec<u8>, Error> {
    let settings = SerializeSettings {
        enable_tagging: false,
        // The document information dictionary carries title, author and producer, and the
        // catalog the language; an XMP packet would repeat them uncompressed (1.1 KB a file).
        xmp_metadata: false,
        ..SerializeSettings::default()
    };
    let mut out = krilla::Document::new_with(settings);
    let mut images = draw::Images::default();
    let mut outline = Outline::new();
    let mut page_index = 0;
    // Layout is pure: the documents of a merged PDF are laid out in parallel, then drawn in
    // order (krilla's document is one sequence of pages).
    use rayon::prelude::*;
    let laid_out: Vec<_> = docs
        .par_iter()
        .map(|(_, doc)| formpack_layout::layout(doc, fonts.metrics()))
        .collect();
    for ((bookmark, _), pages) in docs.iter().zip(laid_out) {
        let pages = pages.map_err(|e| Error::caused(ErrorKind::Layout, "", e))?;
        if let Some(t) = bookmark {
            outline.push_child(OutlineNode::new(
                t.to_string(),
                XyzDestination::new(page_index, Point::from_xy(0.0, 0.0)),
            ));
        }
        draw::draw_pages(&mut out, &pages, fonts, &mut images)?;
        page_index += pages.len();
    }
    if docs.iter().any(|(b, _)| b.is_some()) {
        out.set_outline(outline);
    }
    let mut meta = Metadata::new()
        .title(title.to_string())
        .language("ko".to_string())
        .producer("formpack".to_string());
    if !author.is_empty() {
        meta = meta.authors(vec![author.to_string()]);
    }
    out.set_metadata(meta);
    out.finish().map_err(|e| {
        let message = format!("krilla could not write the PDF: {e:?}");
        Error::caused(ErrorKind::Write, "", e).with_message(message)
    })
}
