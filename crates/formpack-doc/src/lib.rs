//! The format-neutral document model that every backend (DOCX, PDF) lays out.
//!
//! A [`Document`] is a list of [`Block`]s on an A4 page. Templates produce it through the small
//! XML language in [`xml`]; backends only read it. Lengths are millimetres, font sizes points.
//! How it looks (sizes, spacing, shading, the footer and watermark) is in [`style`], the one
//! place both backends read it from.
//!
//! **The rule this crate keeps: the model says what a document says, never how a format
//! writes it.** No backend type appears here, and every word a backend prints comes from the
//! model (the footer's fingerprint label, the watermark text), never from the backend.

pub mod grid;
pub mod memo;
pub mod style;
pub mod xml;

pub use grid::{Grid, Slot};
pub use memo::Memo;

/// One document: page setup, metadata, footer and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Document title (PDF/DOCX metadata and bookmark text).
    pub title: String,
    /// Author metadata (the lead institution).
    pub author: String,
    /// Page size and margins.
    pub page: PageSetup,
    /// Footer printed on every page.
    pub footer: Footer,
    /// Text printed as a watermark on every page (drafts: `Some("초안")`); `None` for none.
    /// Backends print exactly this text and write it as the file's keywords.
    pub watermark: Option<String>,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
    /// The form's own running header and footer (an official form read back); empty for
    /// formpack's own documents.
    pub running: Running,
    /// How tightly the document is set ([`style::Density`]); a one-page form is compact.
    pub density: style::Density,
}

/// A form's own header and footer, printed on every page in the top and bottom margins.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Running {
    /// Blocks printed at the top of every page.
    pub header: Vec<Block>,
    /// Blocks printed at the bottom of every page, above formpack's footer line.
    pub footer: Vec<Block>,
    /// Distance of the header's top from the page's top edge, millimetres.
    pub header_top: f32,
    /// Distance of the footer's bottom from the page's bottom edge, millimetres.
    pub footer_bottom: f32,
}

/// Page size and margins in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Top margin.
    pub margin_top: f32,
    /// Bottom margin (the footer sits in it).
    pub margin_bottom: f32,
    /// Left margin.
    pub margin_left: f32,
    /// Right margin.
    pub margin_right: f32,
}

impl Default for PageSetup {
    /// A4 portrait with 20 mm margins.
    fn default() -> Self {
        PageSetup {
            width: 210.0,
            height: 297.0,
            margin_top: 20.0,
            margin_bottom: 20.0,
            margin_left: 20.0,
            margin_right: 20.0,
        }
    }
}

impl PageSetup {
    /// A4 portrait with 15 mm margins above and below and 20 mm at the sides: a one-page
    /// form's page ([`style::Density::Compact`]).
    pub fn compact() -> Self {
        PageSetup {
            margin_top: style::COMPACT_MARGIN,
            margin_bottom: style::COMPACT_MARGIN,
            ..PageSetup::default()
        }
    }

    /// Width between the left and right margins.
    pub fn content_width(&self) -> f32 {
        self.width - self.margin_left - self.margin_right
    }
}

/// Footer printed on every page: `left` at the left, `n / N` centred, and
/// `"{fingerprint_label} {fingerprint}"` at the right (e.g. `문서확인번호 1a2b3c4d`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Footer {
    /// Optional text at the left of the footer (e.g. the form name).
    pub left: String,
    /// Short document fingerprint (8 hex digits); nothing is printed at the right when empty.
    pub fingerprint: String,
    /// The words printed before the fingerprint (e.g. `문서확인번호`). Backends print
    /// `"{fingerprint_label} {fingerprint}"` and know no word of their own.
    pub fingerprint_label: String,
    /// The document numbers its own pages (a form's page-number field, see [`Field`]):
    /// the footer line then leaves out `n / N`.
    pub pages_numbered: bool,
}

impl Footer {
    /// The text at the right of the footer: `"{fingerprint_label} {fingerprint}"`, or `None`
    /// when there is no fingerprint.
    pub fn fingerprint_text(&self) -> Option<String> {
        (!self.fingerprint.is_empty())
            .then(|| format!("{} {}", self.fingerprint_label, self.fingerprint))
    }
}

/// Horizontal alignment of a paragraph, cell or image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
    /// Both edges; the last line of a paragraph flush left.
    Justify,
}

/// Vertical alignment of a cell's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VAlign {
    /// At the top.
    Top,
    /// Centred.
    #[default]
    Middle,
    /// At the bottom.
    Bottom,
}

/// The two faces of the documents: 명조 for body text, 고딕 for titles and table labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Face {
    /// 명조 (Nanum Myeongjo).
    #[default]
    Serif,
    /// 고딕 (Nanum Gothic).
    Sans,
}

/// One element of a document's body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A title or section heading. Level 1 is the form title (18 pt, centred, 고딕 bold),
    /// level 2 a section heading (12 pt 고딕 bold), level 3 a sub-heading (11 pt 고딕 bold).
    Heading(Heading),
    /// A paragraph of text.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
    /// A signature block.
    Signature(Signature),
    /// An image on a line of its own.
    Image(Image),
    /// Vertical space in millimetres.
    Spacer(f32),
    /// Start a new page.
    PageBreak,
}

/// A heading; its look by level is [`style::heading`].
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1 the form title, 2 a section, 3 and deeper a sub-heading.
    pub level: u8,
    /// Alignment.
    pub align: Align,
    /// The text (always bold).
    pub runs: Vec<Run>,
}

impl Heading {
    /// The heading's text.
    pub fn text(&self) -> String {
        runs_text(&self.runs)
    }
}

/// A paragraph: runs of text with a paragraph style.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The text.
    pub runs: Vec<Run>,
    /// Alignment.
    pub align: Align,
    /// Default size for runs without one (points). Body text is 10.5 pt.
    pub size: f32,
    /// Default face for runs without one.
    pub face: Face,
    /// Left indent in millimetres.
    pub indent: f32,
    /// Space after the paragraph in millimetres.
    pub space_after: f32,
    /// Keep on the same page as the next block (headings before tables, etc.).
    pub keep_with_next: bool,
    /// Space before the paragraph in millimetres (dropped at the top of a page).
    pub space_before: f32,
    /// Right indent in millimetres.
    pub indent_right: f32,
    /// First-line indent in millimetres relative to `indent`; negative for a hanging indent.
    pub first_line: f32,
    /// Line spacing, or the context's default (body text 1.5, table cells 1.3).
    pub line_spacing: Option<LineSpacing>,
    /// Lines may break between any two Hangul or CJK characters (한글's 줄 나눔 기준
    /// "글자"), not only between words (어절).
    pub break_words: bool,
    /// Keep a paragraph's first two and last two lines on one page (외톨이줄 보호); a form
    /// may turn it off.
    pub widow_control: bool,
}

/// The distance between lines of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LineSpacing {
    /// A factor of the largest font size on the line (1.6 = 160 %).
    Factor(f32),
    /// Exactly this many millimetres.
    Exact(f32),
    /// At least this many millimetres.
    AtLeast(f32),
}

impl Default for Paragraph {
    fn default() -> Self {
        Paragraph {
            runs: Vec::new(),
            align: Align::Left,
            size: style::BODY_SIZE,
            face: Face::Serif,
            indent: 0.0,
            space_after: style::PARAGRAPH_SPACE_AFTER,
            keep_with_next: false,
            space_before: 0.0,
            indent_right: 0.0,
            first_line: 0.0,
            line_spacing: None,
            break_words: false,
            widow_control: true,
        }
    }
}

impl Paragraph {
    /// A body paragraph of one unstyled run.
    pub fn plain(text: impl Into<String>) -> Self {
        Paragraph {
            runs: vec![Run::text(text)],
            ..Paragraph::default()
        }
    }

    /// The paragraph's text.
    pub fn text(&self) -> String {
        runs_text(&self.runs)
    }
}

/// A run of text with one style. `size` and `face` fall back to the paragraph's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    /// The text; `\n` is a line break.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Underlined.
    pub underline: bool,
    /// Size in points, or the paragraph's.
    pub size: Option<f32>,
    /// Face, or the paragraph's.
    pub face: Option<Face>,
    /// Colour, or [`style::TEXT_COLOR`].
    pub color: Option<style::Rgb>,
    /// Horizontal scale of the glyphs (장평), 1.0 for none.
    pub scale: Option<f32>,
    /// Extra space after each character (자간), as a fraction of the size; negative tightens.
    pub tracking: Option<f32>,
    /// A number the layout fills per page in place of `text`.
    pub field: Option<Field>,
    /// Width of a space in em, or the font's own: 한글 sets a space half the size wide
    /// whatever the font, so a form read from HWPX breaks its lines where 한글 does.
    pub space_width: Option<f32>,
    /// Advance of a Hangul or CJK character in em, or the font's own: the faces 한글 forms
    /// name (함초롬바탕, 맑은 고딕 …) set them a full em wide, the bundled ones 0.95.
    pub full_width: Option<f32>,
}

/// A number known only once the document is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The page's number (1-based).
    Page,
    /// The document's page count.
    Pages,
}

impl Run {
    /// An unstyled run.
    pub fn text(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            ..Run::default()
        }
    }
}

/// The text of runs, concatenated.
pub fn runs_text(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// A table. Rows list only the cells that start at a position (HTML style): a cell with
/// `rowspan > 1` covers the same columns of the rows below, which then omit those cells.
/// Use [`Table::grid`] to resolve positions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Relative column widths; backends scale them to the content width.
    pub widths: Vec<f32>,
    /// How many leading rows are header rows, repeated on every page.
    pub header_rows: usize,
    /// The rows.
    pub rows: Vec<Row>,
    /// Default text size in cells (points). Tables use 9.5 pt.
    pub size: f32,
    /// Width in millimetres, or the content width; `widths` are then scaled to it.
    pub width: Option<f32>,
    /// Placement of a table narrower than the content width.
    pub align: Align,
    /// Space from the left margin when `align` is left, millimetres.
    pub indent: f32,
    /// Space above the table in millimetres, or the table style's.
    pub space_before: Option<f32>,
    /// Space below the table in millimetres, or the table style's.
    pub space_after: Option<f32>,
    /// A row that does not fit in the space left on a page breaks there (한글's 셀 단위로
    /// 나눔) rather than moving whole to the next page.
    pub split_rows: bool,
}

/// A table row: the cells that start in it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// The cells, left to right.
    pub cells: Vec<Cell>,
    /// Least height of the row in millimetres (content grows it).
    pub height: Option<f32>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The cell's paragraphs.
    pub paragraphs: Vec<Paragraph>,
    /// Columns the cell spans (at least 1).
    pub colspan: usize,
    /// Rows the cell spans (at least 1).
    pub rowspan: usize,
    /// Light grey label fill (and 고딕 text): the look of a form's label cells.
    pub shade: bool,
    /// Horizontal alignment of empty cells' paragraph.
    pub align: Align,
    /// Vertical alignment of the text.
    pub valign: VAlign,
    /// Background colour; overrides the label shade of `shade`.
    pub fill: Option<style::Rgb>,
    /// Each side's line; `None` for the table style's thin black line on every side.
    pub borders: Option<Borders>,
    /// Space between the border and the text, millimetres; `None` for the table style's.
    pub padding: Option<Padding>,
    /// Tables inside the cell (a form's 표 안의 표), each after some of its paragraphs.
    pub nested: Vec<Nested>,
    /// Pictures inside the cell (a form's logo or printed seal), each after some of its
    /// paragraphs, on a line of their own.
    pub images: Vec<CellImage>,
}

/// A picture inside a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellImage {
    /// How many of the cell's paragraphs come before the picture.
    pub after: usize,
    /// The picture; its `align` places it in the cell.
    pub image: Image,
}

/// A table inside a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Nested {
    /// How many of the cell's paragraphs come before the table.
    pub after: usize,
    /// The table.
    pub table: Table,
}

/// The four sides of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Borders {
    /// Left side.
    pub left: Border,
    /// Right side.
    pub right: Border,
    /// Top side.
    pub top: Border,
    /// Bottom side.
    pub bottom: Border,
}

/// One side's line: `width` 0 for none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Border {
    /// Line width, points; 0 draws nothing.
    pub width: f32,
    /// How the line is drawn.
    pub line: LineStyle,
    /// Colour.
    pub color: style::Rgb,
}

impl Default for Border {
    /// No line.
    fn default() -> Self {
        Border {
            width: 0.0,
            line: LineStyle::Solid,
            color: style::Rgb::BLACK,
        }
    }
}

/// How a border line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineStyle {
    /// A solid line.
    #[default]
    Solid,
    /// Dashes.
    Dashed,
    /// Dots.
    Dotted,
    /// Two thin lines.
    Double,
}

/// Space inside a cell's border, millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Padding {
    /// Left.
    pub left: f32,
    /// Right.
    pub right: f32,
    /// Top.
    pub top: f32,
    /// Bottom.
    pub bottom: f32,
}

impl Default for Cell {
    fn default() -> Self {
        Cell {
            paragraphs: Vec::new(),
            colspan: 1,
            rowspan: 1,
            shade: false,
            align: Align::Left,
            valign: VAlign::Middle,
            fill: None,
            borders: None,
            padding: None,
            nested: Vec::new(),
            images: Vec::new(),
        }
    }
}

impl Cell {
    /// The cell's text, one line per paragraph, and its nested tables' cells where they
    /// stand.
    pub fn text(&self) -> String {
        let mut lines = Vec::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            lines.extend(self.nested_text(i));
            lines.push(p.text());
        }
        lines.extend(self.nested_text(self.paragraphs.len()));
        lines.join("\n")
    }

    fn nested_text(&self, at: usize) -> Vec<String> {
        self.nested
            .iter()
            .filter(|n| n.after.min(self.paragraphs.len()) == at)
            .flat_map(|n| {
                n.table
                    .rows
                    .iter()
                    .flat_map(|r| r.cells.iter().map(Cell::text))
            })
            .collect()
    }
}

impl Table {
    /// Resolve spans into a rectangular grid of slots.
    pub fn grid(&self) -> Grid<'_> {
        Grid::new(self)
    }
}

/// A signature block: the date line, then the signing parties, in two columns when there
/// are many. The date stays with the first row of parties and the paragraph before it; a
/// page may break only between rows of parties, never inside one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signature {
    /// Date line, already formatted (`2026. 3. 9.`), centred above the parties.
    pub date: String,
    /// The signing parties, in order.
    pub parties: Vec<Party>,
    /// Addressee printed last, bold (`중소벤처기업부장관 귀하`); may be empty.
    pub addressee: String,
}

impl Signature {
    /// How many parties stand side by side: two from
    /// [`style::SIGNATURE_TWO_COLUMNS_FROM`] parties on, else one.
    pub fn columns(&self) -> usize {
        if self.parties.len() >= style::SIGNATURE_TWO_COLUMNS_FROM {
            2
        } else {
            1
        }
    }

    /// The parties in rows of [`Signature::columns`]: every backend keeps a row on one page.
    pub fn rows(&self) -> std::slice::Chunks<'_, Party> {
        self.parties.chunks(self.columns())
    }
}

/// One signing party of a [`Signature`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Party {
    /// Optional caption before the party, e.g. `신청기관` or `갑`.
    pub caption: String,
    /// Institution name (`기관명`), may be empty for a person signing alone.
    pub org: String,
    /// Title of the signer, e.g. `대표자` or `시장`.
    pub title: String,
    /// Name of the signer.
    pub name: String,
    /// The mark after the name: `(직인)` or `(서명 또는 인)`.
    pub mark: String,
    /// Optional seal image placed over the mark.
    pub seal: Option<Image>,
}

/// How an image's bytes are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// SVG (a chart): drawn as vectors in the PDF, rasterised to PNG for the editable
    /// formats before their backends see it.
    Svg,
}

impl ImageFormat {
    /// PNG or JPEG by their first bytes; `None` for anything else (SVG is never sniffed: a
    /// chart says it is one).
    pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else {
            None
        }
    }
}

/// An image with its encoded bytes and its printed size.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// The encoded bytes, shared between every use of the image.
    pub data: std::sync::Arc<Vec<u8>>,
    /// Their encoding.
    pub format: ImageFormat,
    /// Printed width, millimetres.
    pub width: f32,
    /// Printed height, millimetres.
    pub height: f32,
    /// Alignment on its line.
    pub align: Align,
}

impl Document {
    /// An empty A4 document with a title.
    pub fn new(title: impl Into<String>) -> Self {
        Document {
            title: title.into(),
            author: String::new(),
            page: PageSetup::default(),
            footer: Footer::default(),
            watermark: None,
            blocks: Vec::new(),
            running: Running::default(),
            density: style::Density::Regular,
        }
    }

    /// All text of the document in reading order, one line per paragraph or cell.
    /// Used by tests and by `verify` to compare what a rendered file says.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            match b {
                Block::Heading(h) => push_line(&mut out, &h.text()),
                Block::Paragraph(p) => push_line(&mut out, &p.text()),
                Block::Table(t) => {
                    for r in &t.rows {
                        for c in &r.cells {
                            push_line(&mut out, &c.text());
                        }
                    }
                }
                Block::Signature(s) => {
                    push_line(&mut out, &s.date);
                    for p in &s.parties {
                        push_line(
                            &mut out,
                            &format!("{} {} {} {} {}", p.caption, p.org, p.title, p.name, p.mark),
                        );
                    }
                    push_line(&mut out, &s.addressee);
                }
                Block::Image(_) | Block::Spacer(_) | Block::PageBreak => {}
            }
        }
        out
    }
}

fn push_line(out: &mut String, s: &str) {
    out.push_str(s);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_sniffing() {
        assert_eq!(
            ImageFormat::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(ImageFormat::Png)
        );
        assert_eq!(
            ImageFormat::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(ImageFormat::Jpeg)
        );
        assert_eq!(ImageFormat::sniff(b"GIF89a"), None);
        assert_eq!(
            ImageFormat::sniff(b"\x89PNG"),
            None,
            "a signature cut short"
        );
    }
}
