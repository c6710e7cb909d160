//! The render stage: one [`Document`] → the bytes of one file, in each chosen [`Format`].
//!
//! Every backend is a crate with the same kind of entry point (`render(&Document, …)`) and its
//! own read-back (`text(&[u8])`) that `verify` uses. Adding a format is one crate, one
//! [`Format`] variant and one arm in each `match` below; nothing else in the pipeline names a
//! format.

use sha2::Digest;
use std::fmt;
use std::path::{Path, PathBuf};

use formpack_doc::Document;
use serde::{Deserialize, Serialize};

use crate::world::World;

/// A file format a document is rendered to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Format {
    /// Word (docx-rs): editable, opened by Word, Hancom Office and LibreOffice.
    Docx,
    /// PDF (krilla): the printed, signed copy.
    Pdf,
    /// HWPX (OWPML, KS X 6101): the file Korean offices edit in Hancom Office 한글.
    Hwpx,
}

impl Format {
    /// Every format, in the order files of one document are listed.
    pub const ALL: [Format; 3] = [Format::Docx, Format::Pdf, Format::Hwpx];

    /// The file extension without the dot: `docx`.
    pub const fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Hwpx => "hwpx",
        }
    }

    /// The name printed to people: `DOCX`.
    pub const fn label(self) -> &'static str {
        match self {
            Format::Docx => "DOCX",
            Format::Pdf => "PDF",
            Format::Hwpx => "HWPX",
        }
    }

    /// The format a file name ends in (`…/01_사업신청서.pdf` → PDF), if any.
    pub fn of_path(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1;
        Format::ALL.into_iter().find(|f| f.extension() == ext)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// A set of formats, always iterated in [`Format::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Formats(u8);

impl Formats {
    /// No format.
    pub const EMPTY: Formats = Formats(0);

    /// Every format: DOCX, PDF and HWPX (the CLI's default).
    pub const ALL: Formats = Formats::EMPTY
        .with(Format::Docx)
        .with(Format::Pdf)
        .with(Format::Hwpx);

    /// A set with one more format.
    pub const fn with(self, f: Format) -> Formats {
        Formats(self.0 | (1 << f as u8))
    }

    /// Whether `f` is in the set.
    pub const fn contains(self, f: Format) -> bool {
        self.0 & (1 << f as u8) != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The formats in the set, in [`Format::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Format> {
        Format::ALL.into_iter().filter(move |f| self.contains(*f))
    }

    /// Parse `docx,pdf` (any order, case-insensitive, duplicates allowed).
    pub fn parse(list: &str) -> Result<Formats, FormatsError> {
        let mut set = Formats::EMPTY;
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let lower = name.to_ascii_lowercase();
            let f = Format::ALL
                .into_iter()
                .find(|f| f.extension() == lower)
                .ok_or_else(|| FormatsError::Unknown(name.to_string()))?;
            set = set.with(f);
        }
        if set.is_empty() {
            return Err(FormatsError::Empty);
        }
        Ok(set)
    }
}

/// A list of formats that [`Formats::parse`] refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatsError {
    /// A name that is no format's extension.
    Unknown(String),
    /// No format at all.
    Empty,
}

impl fmt::Display for FormatsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatsError::Unknown(name) => write!(
                f,
                "알 수 없는 형식 `{name}`: {} 중에서 고르십시오",
                Format::ALL.map(|f| f.extension()).join(", ")
            ),
            FormatsError::Empty => f.write_str("형식을 하나 이상 고르십시오"),
        }
    }
}

impl std::error::Error for FormatsError {}

impl Formats {
    /// DOCX and PDF: what every bundle held before formats could be chosen (a manifest
    /// without a `formats` field).
    pub const fn docx_and_pdf() -> Formats {
        Formats::EMPTY.with(Format::Docx).with(Format::Pdf)
    }
}

impl Default for Formats {
    /// Every format: the printed copy (PDF), the file a Korean office edits in 한글 (HWPX) and
    /// the one everyone else edits in Word or LibreOffice (DOCX).
    fn default() -> Formats {
        Format::ALL.into_iter().fold(Formats::EMPTY, Formats::with)
    }
}

impl FromIterator<Format> for Formats {
    fn from_iter<I: IntoIterator<Item = Format>>(iter: I) -> Formats {
        iter.into_iter().fold(Formats::EMPTY, Formats::with)
    }
}

impl Serialize for Formats {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Formats {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Formats, D::Error> {
        Ok(Vec::<Format>::deserialize(d)?.into_iter().collect())
    }
}

/// What the backends need besides the document: the fonts the PDF embeds.
#[derive(Clone)]
pub struct Resources {
    /// The five font files (Nanum 명조, 고딕, their bold faces, DejaVu for check boxes); the
    /// embedded ones are parsed on first use ([`Resources::fonts`]), so a rebuild that draws
    /// nothing never parses them.
    fonts: std::sync::Arc<std::sync::OnceLock<formpack_pdf::Fonts>>,
    /// What the fonts are, for the identity of a build (`embedded`, or the SHA-256 of the
    /// files read from a folder).
    pub identity: String,
    /// Charts already rasterised for DOCX and HWPX, by their SVG (both formats take the same
    /// PNG; a long-running server keeps only the last few).
    rasters: Rasters,
}

/// SVG bytes → the PNG made of them, or why it could not be made: DOCX and HWPX render in
/// parallel, and the second waits for the first's PNG instead of drawing it again.
type Rasters = std::sync::Arc<formpack_doc::Memo<Result<Png, std::sync::Arc<formpack_pdf::Error>>>>;
type Png = std::sync::Arc<Vec<u8>>;

/// Charts a [`Resources`] keeps rasterised at most.
const RASTERS_KEPT: usize = 16;

impl Resources {
    /// The fonts compiled into the binary (`assets/fonts`).
    pub fn embedded() -> Resources {
        Resources {
            fonts: Default::default(),
            // The embedded fonts are part of the binary's own identity (build.rs).
            identity: "embedded".into(),
            rasters: std::sync::Arc::new(formpack_doc::Memo::new(RASTERS_KEPT)),
        }
    }

    /// The five font files of [`formpack_pdf::FONT_FILES`] read from `dir` through `world`
    /// (`--font-dir`).
    pub fn from_font_dir(world: &dyn World, dir: &Path) -> Result<Resources, FontDirError> {
        let mut files: [Vec<u8>; 5] = Default::default();
        let mut identity = sha2::Sha256::new();
        for (slot, name) in files.iter_mut().zip(formpack_pdf::FONT_FILES) {
            let path = dir.join(name);
            let bytes = world.read(&path).map_err(|e| FontDirError {
                file: path.clone(),
                source: Box::new(e),
            })?;
            *slot = bytes.as_ref().clone();
            identity.update((slot.len() as u64).to_le_bytes());
            identity.update(&slot[..]);
        }
        let identity = format!("fonts {}", crate::hash::hex(&identity.finalize()));
        let fonts = formpack_pdf::Fonts::from_files(files).map_err(|e| FontDirError {
            file: dir.to_path_buf(),
            source: Box::new(e),
        })?;
        Ok(Resources {
            fonts: std::sync::Arc::new(std::sync::OnceLock::from(fonts)),
            identity,
            rasters: std::sync::Arc::new(formpack_doc::Memo::new(RASTERS_KEPT)),
        })
    }
}

impl Resources {
    /// The fonts (the embedded ones are parsed here the first time).
    pub fn fonts(&self) -> &formpack_pdf::Fonts {
        self.fonts.get_or_init(formpack_pdf::Fonts::embedded)
    }

    /// These resources with other fonts.
    pub fn with_fonts(mut self, fonts: formpack_pdf::Fonts) -> Resources {
        self.fonts = std::sync::Arc::new(std::sync::OnceLock::from(fonts));
        self
    }
}

/// The characters of `text` that none of the bundled fonts (`assets/fonts`) has, each once, in
/// order: the PDF prints each as a box and its text layer loses it, so `check` warns
/// (`glyph-missing`). Text of printable ASCII and Hangul syllables alone is answered without
/// parsing the fonts (the test `bundled_fonts_have_ascii_and_every_hangul_syllable` keeps
/// that true).
pub fn missing_glyphs(text: &str) -> Vec<char> {
    if text.chars().all(surely_covered) {
        return Vec::new();
    }
    formpack_pdf::Fonts::embedded().metrics().missing(text)
}

/// The width, in millimetres, of `text` set in the bundled 나눔고딕 (bold or regular) at `size`
/// points, characters it lacks measured in the font that draws them: what the deck fits its
/// slides with (its PPTX names 나눔고딕, whatever `--font-dir` gives the PDF).
pub fn gothic_width_mm(text: &str, size: f32, bold: bool) -> f32 {
    let font = formpack_layout::FontId::of(formpack_doc::Face::Sans, bold);
    let fonts = formpack_pdf::Fonts::embedded();
    formpack_layout::text::measure(fonts.metrics(), text, font, size) * 25.4 / 72.0
}

/// Printable ASCII, a line break or a Hangul syllable: in 나눔명조 and 나눔고딕.
fn surely_covered(c: char) -> bool {
    matches!(c, ' '..='~' | '\n' | '\r' | '\t' | '\u{AC00}'..='\u{D7A3}')
}

/// The fonts of `--font-dir` could not be read or parsed.
#[derive(Debug)]
pub struct FontDirError {
    /// The font file that could not be read, or the folder whose fonts did not parse.
    pub file: PathBuf,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl fmt::Display for FontDirError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: 글꼴을 읽을 수 없습니다: {}",
            self.file.display(),
            self.source
        )
    }
}

impl std::error::Error for FontDirError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Why a chart could not be drawn (the SVG reader's error).
pub use formpack_pdf::Error as ChartError;

/// A chart (an SVG) as a PNG `width_px` pixels wide, on white, drawn with `res`'s fonts: how
/// DOCX, HWPX and the deck show a chart. Deterministic, and parsed once per process.
pub fn chart_png(
    svg: &std::sync::Arc<Vec<u8>>,
    res: &Resources,
    width_px: u32,
) -> Result<Vec<u8>, ChartError> {
    formpack_pdf::rasterize_svg(svg, res.fonts(), width_px)
}

/// How many pages a PDF has, if it reads as one.
pub fn pdf_pages(bytes: &[u8]) -> Option<usize> {
    formpack_pdf::page_count(bytes).ok()
}

/// A backend failed. Keeps the backend's own error as its [`source`](std::error::Error::source).
#[derive(Debug)]
pub struct RenderError {
    format: Format,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl RenderError {
    fn new(format: Format, e: impl std::error::Error + Send + Sync + 'static) -> RenderError {
        RenderError {
            format,
            source: Box::new(e),
        }
    }

    /// The PDF backend failed (merging the documents' PDFs).
    pub fn pdf(e: formpack_pdf::Error) -> RenderError {
        RenderError::new(Format::Pdf, e)
    }

    /// The merged PDF could not be made for a reason outside the backend (a file it is
    /// made of changed while the bundle was being made).
    pub fn merging(message: String) -> RenderError {
        RenderError::new(Format::Pdf, std::io::Error::other(message))
    }

    /// The format whose backend failed.
    pub fn format(&self) -> Format {
        self.format
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.format.label(), self.source)
    }
}

impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Render one document in one format.
pub fn render(doc: &Document, format: Format, res: &Resources) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Docx => {
            let doc = rasterized(doc, format, res)?;
            formpack_docx::render_with_fonts(&doc, docx_fonts(res).as_ref())
                .map_err(|e| RenderError::new(format, e))
        }
        Format::Pdf => {
            formpack_pdf::render(doc, res.fonts()).map_err(|e| RenderError::new(format, e))
        }
        Format::Hwpx => {
            let doc = rasterized(doc, format, res)?;
            formpack_hwpx::render(&doc).map_err(|e| RenderError::new(format, e))
        }
    }
}

/// The four Nanum faces DOCX embeds (the symbol font stays out: Word has its own).
fn docx_fonts(res: &Resources) -> Option<formpack_docx::EmbeddedFonts<'_>> {
    let fonts = res.fonts();
    Some(formpack_docx::EmbeddedFonts {
        serif: fonts.file(0)?,
        serif_bold: fonts.file(1)?,
        sans: fonts.file(2)?,
        sans_bold: fonts.file(3)?,
    })
}

/// An official form's PDF, and a Korean line for each object it could not draw, naming the
/// page (`3쪽: 그리기 개체는 그리지 않았습니다`).
pub fn official_pdf(
    form: &crate::compose::official::Printable,
    res: &Resources,
) -> Result<(Vec<u8>, Vec<String>), RenderError> {
    // One layout gives the file and the page each block starts on.
    let (bytes, pages) = formpack_pdf::render_mapped(&form.document, res.fonts())
        .map_err(|e| RenderError::new(Format::Pdf, e))?;
    let mut notes: Vec<String> = Vec::new();
    for o in &form.omitted {
        let page = pages.get(o.block).or(pages.last()).map_or(1, |p| p + 1);
        let how = match o.text_kept {
            true => "글자만 옮겼습니다",
            false => "그리지 않았습니다",
        };
        let note = format!("{page}쪽: {} — {how}", o.what);
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    Ok((bytes, notes))
}

/// Resolution of a chart rasterised for DOCX and HWPX: sharp in print, about 40 KB a chart.
const CHART_DPI: f32 = 200.0;

/// The document with every SVG image (a chart) replaced by a PNG of it, for the editable
/// formats; the same document when it has none.
fn rasterized<'d>(
    doc: &'d Document,
    format: Format,
    res: &Resources,
) -> Result<std::borrow::Cow<'d, Document>, RenderError> {
    use formpack_doc::{Block, ImageFormat};
    let has_svg = doc
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Image(i) if i.format == ImageFormat::Svg));
    if !has_svg {
        return Ok(std::borrow::Cow::Borrowed(doc));
    }
    // A document's charts are rasterised in parallel (the members' chart of a large
    // consortium is a tall picture).
    use rayon::prelude::*;
    let pngs: Vec<(usize, Png)> = doc
        .blocks
        .par_iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Image(img) if img.format == ImageFormat::Svg => Some((i, img)),
            _ => None,
        })
        .map(|(i, img)| {
            let png = res.rasters.get_or_init(&img.data, || {
                let px = (img.width / 25.4 * CHART_DPI).round().max(1.0) as u32;
                let png = Png::new(chart_png(&img.data, res, px)?);
                // Encoded here: DOCX need not decode it to check it.
                formpack_docx::vouch_for_png(&png);
                Ok(png)
            });
            Ok((i, png.map_err(|e| RenderError::new(format, e))?))
        })
        .collect::<Result<_, RenderError>>()?;
    let mut out = doc.clone();
    for (i, png) in pngs {
        if let Block::Image(img) = &mut out.blocks[i] {
            img.data = png;
            img.format = ImageFormat::Png;
        }
    }
    Ok(std::borrow::Cow::Owned(out))
}

/// All text of a rendered file, for `verify`: each backend reads its own format back.
pub fn text(format: Format, bytes: &[u8]) -> Result<String, RenderError> {
    match format {
        Format::Docx => formpack_docx::text(bytes).map_err(|e| RenderError::new(format, e)),
        Format::Pdf => formpack_pdf::text(bytes).map_err(|e| RenderError::new(format, e)),
        Format::Hwpx => formpack_hwpx::text(bytes).map_err(|e| RenderError::new(format, e)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn bundled_fonts_have_ascii_and_every_hangul_syllable() {
        let fonts = formpack_pdf::Fonts::embedded();
        let all: String = (0u32..0x11_0000)
            .filter_map(char::from_u32)
            .filter(|&c| super::surely_covered(c))
            .collect();
        assert_eq!(all.chars().count(), 95 + 3 + 11_172);
        assert_eq!(fonts.metrics().missing(&all), Vec::<char>::new());
        assert_eq!(super::missing_glyphs("姜하늘"), Vec::<char>::new());
        assert_eq!(
            super::missing_glyphs("𠀀 姜 𪚥 𠀀"),
            ['\u{20000}', '\u{2A6A5}']
        );
    }

    use std::path::Path;

    use super::*;
    use crate::world::{Disk, Memory};

    #[test]
    fn formats_parse_in_any_order_and_case_and_refuse_unknown_names() {
        assert_eq!(
            Formats::parse("PDF, docx").unwrap(),
            Formats::docx_and_pdf()
        );
        assert_eq!(Formats::parse("hwpx,docx,pdf").unwrap(), Formats::default());
        assert_eq!(
            Formats::parse("pdf,pdf")
                .unwrap()
                .iter()
                .collect::<Vec<_>>(),
            [Format::Pdf]
        );
        assert_eq!(
            Formats::parse("docx,hwp").unwrap_err(),
            FormatsError::Unknown("hwp".into())
        );
        assert_eq!(Formats::parse(" , ").unwrap_err(), FormatsError::Empty);
        assert_eq!(Format::of_path("a/01_사업신청서.pdf"), Some(Format::Pdf));
        assert_eq!(Format::of_path("서명안내.txt"), None);
    }

    #[test]
    fn font_dir_is_read_through_the_world() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
        let from_disk = Resources::from_font_dir(&Disk, &dir).unwrap();
        let doc =
            formpack_doc::xml::parse("<document><p>가나다 ☑ 1,000원</p></document>", &|_| None)
                .unwrap();
        let a = render(&doc, Format::Pdf, &from_disk).unwrap();
        let b = render(&doc, Format::Pdf, &Resources::embedded()).unwrap();
        assert_eq!(
            a, b,
            "the committed fonts from disk give the embedded output"
        );

        // In memory: four of the five files, so the fifth is named in the error.
        let mut world = Memory::new();
        for name in &formpack_pdf::FONT_FILES[..4] {
            world.insert(
                Path::new("fonts").join(name),
                std::fs::read(dir.join(name)).unwrap(),
            );
        }
        let Err(e) = Resources::from_font_dir(&world, Path::new("fonts")) else {
            panic!("a missing font file must be an error");
        };
        assert_eq!(e.file, Path::new("fonts").join(formpack_pdf::FONT_FILES[4]));
        assert!(e.to_string().contains("글꼴을 읽을 수 없습니다"), "{e}");
    }
}
