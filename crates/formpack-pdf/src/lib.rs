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
//! - [`merge()`]: the submission copy, made of the documents' own PDFs page for page (nothing
//!   drawn again), one bookmark per document.
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

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use formpack_doc::Document;
use krilla::metadata::Metadata;
use krilla::SerializeSettings;

mod draw;
mod error;
mod fonts;
mod merge;
mod outline;
mod pack;
mod packed;
mod read;
mod strip;
mod svg;

pub use fonts::Fonts;
pub use formpack_layout::FILE_NAMES as FONT_FILES;

pub use error::{Error, ErrorKind};

/// One PDF of `parts` (bookmark title, PDF bytes) in order, one bookmark each, with the first
/// part's title and author: the submission copy (see `merge`).
pub fn merge(parts: &[(String, &[u8])]) -> Result<Vec<u8>, Error> {
    guarded(|| merge::merge(parts, &merge::digests(parts)))
}

/// [`merge()`] given each part's SHA-256 (the file identifier is made of them): the same bytes,
/// without hashing parts the caller has hashed already (a bundle's merged PDF: 9 MB at 60
/// members). Wrong digests give a wrong identifier, nothing worse.
pub fn merge_with_digests(
    parts: &[(String, &[u8])],
    digests: &[[u8; 32]],
) -> Result<Vec<u8>, Error> {
    guarded(|| merge::merge(parts, digests))
}
pub use merge::{Merge, Merged, Meta, Old, Part, PartLayout};
pub use read::{actual_texts, page_count, page_texts, text};

/// [`merge()`] taking what it can from an earlier merged file: a part whose digest `old`
/// records, at the object numbers it gets now, is copied from there without being read (its
/// bytes may be left out). Gives [`Merge::Needs`] with the parts that must be given with
/// their bytes after all. The bytes are those [`merge_with_digests`] writes for the same
/// parts; [`Merged::layout`] is what to give as `old` next time.
///
/// With `meta` the merged file has its own title and author; without, the first part's.
pub fn merge_reusing(parts: &[Part], old: Option<Old>, meta: Option<Meta>) -> Result<Merge, Error> {
    catch_unwind(AssertUnwindSafe(|| merge::merge_reusing(parts, old, meta))).unwrap_or_else(|_| {
        Err(Error::new(
            ErrorKind::Internal,
            "internal error while merging the PDFs",
        ))
    })
}
pub use svg::CHART_FONT;

/// An SVG as a PNG `width_px` pixels wide, on white, with the document fonts. Deterministic:
/// the same SVG and fonts give the same bytes. The SVG is parsed once per process with these
/// fonts, and the parse is shared with every PDF that draws it.
pub fn rasterize_svg(data: &Arc<Vec<u8>>, fonts: &Fonts, width_px: u32) -> Result<Vec<u8>, Error> {
    svg::rasterize(&*fonts.svg_tree(data)?, width_px)
}

/// Render one document.
pub fn render(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, Error> {
    render_mapped(doc, fonts).map(|(pdf, _)| pdf)
}

/// Render one document, and say on which page (0-based) each of its blocks starts, from the
/// same layout.
pub fn render_mapped(doc: &Document, fonts: &Fonts) -> Result<(Vec<u8>, Vec<usize>), Error> {
    guarded(|| write(doc, fonts))
}

/// Turn a panic anywhere below (a bug, or a library's) into an error.
fn guarded<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
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

/// The document as one PDF: laid out, drawn and serialised by krilla, then packed; and the
/// page each block starts on.
fn write(doc: &Document, fonts: &Fonts) -> Result<(Vec<u8>, Vec<usize>), Error> {
    let (pdf, starts) = write_unpacked(doc, fonts)?;
    Ok((pack::pack(&pdf).unwrap_or(pdf), starts))
}

/// The file as krilla writes it, with a plain cross-reference table.
fn write_unpacked(doc: &Document, fonts: &Fonts) -> Result<(Vec<u8>, Vec<usize>), Error> {
    let settings = SerializeSettings {
        enable_tagging: false,
        // The document information dictionary carries title, author and producer, and the
        // catalog the language; an XMP packet would repeat them uncompressed (1.1 KB a file).
        xmp_metadata: false,
        ..SerializeSettings::default()
    };
    let mut out = krilla::Document::new_with(settings);
    let mut images = draw::Images::default();
    let (pages, starts) = formpack_layout::layout_mapped(doc, fonts.metrics())
        .map_err(|e| Error::caused(ErrorKind::Layout, "", e))?;
    draw::draw_pages(&mut out, &pages, fonts, &mut images)?;
    let mut meta = Metadata::new()
        .title(doc.title.clone())
        .language("ko".to_string())
        .producer("formpack".to_string());
    if !doc.author.is_empty() {
        meta = meta.authors(vec![doc.author.clone()]);
    }
    out.set_metadata(meta);
    let pdf = out.finish().map_err(|e| {
        let message = format!("krilla could not write the PDF: {e:?}");
        Error::caused(ErrorKind::Write, "", e).with_message(message)
    })?;
    Ok((pdf, starts))
}
