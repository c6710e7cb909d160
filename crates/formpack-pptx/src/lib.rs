//! A deck (발표자료) as PPTX: PresentationML written part by part into a zip (formpack-zip).
//!
//! No solid Rust PPTX writer exists, so this writes every part PowerPoint expects and nothing
//! more: `[Content_Types].xml`, the package and part relationships, `presentation.xml` (16:9),
//! one slide master, one blank layout, a theme (Nanum fonts for Korean), the slides, and the
//! pictures under `ppt/media`. Slides hold text boxes, tables (`a:tbl` in a graphic frame) and
//! PNG pictures, and a slide may carry speaker notes (a notes slide under one notes master).
//! Output is deterministic: fixed zip times, parts in a fixed order, ids counted.
//!
//! The writer places what it is given: fitting text to a slide (measuring it, continuing a
//! table on the next slide) is the caller's, who knows the fonts.

use std::fmt::Write as _;
use std::io::Cursor;
use std::sync::Arc;

/// Slide width, millimetres (16:9, PowerPoint's default widescreen: 13.333 in).
pub const SLIDE_W: f32 = 338.666_66;
/// Slide height, millimetres (7.5 in).
pub const SLIDE_H: f32 = 190.5;

/// The title band's height at the top of a titled slide, millimetres.
pub const BAND_H: f32 = 22.0;
/// The title's size, points, and its box's left edge and width, millimetres: the title stands
/// on one line in the band's left part; its right part holds the slide's tag.
pub const TITLE_PT: f32 = 24.0;
/// See [`TITLE_PT`].
pub const TITLE_X: f32 = 15.0;
/// See [`TITLE_PT`].
pub const TITLE_W: f32 = (SLIDE_W - 30.0) * 0.78;
/// The band's colour (the theme's accent 1) and the colour of text on it.
pub const BAND_FILL: &str = "2F5F9E";
/// See [`BAND_FILL`].
pub const ON_BAND: &str = "FFFFFF";
/// A tag's size, points.
const TAG_PT: f32 = 14.0;
/// How far a filled panel's text stands in from its left and right sides, millimetres.
pub const PANEL_INSET: f32 = 3.0;

/// A deck: slides in order, with the file's title and author.
#[derive(Debug, Clone, Default)]
pub struct Deck {
    /// Title in the file's properties.
    pub title: String,
    /// Author in the file's properties.
    pub author: String,
    /// The slides.
    pub slides: Vec<Slide>,
}

/// One slide: a title at the top and items placed on it.
#[derive(Debug, Clone, Default)]
pub struct Slide {
    /// The slide's title (empty for none), drawn in a band across the slide's top.
    pub title: String,
    /// A few words at the band's right, such as the region's name (empty for none).
    pub tag: String,
    /// Everything else on it.
    pub items: Vec<Item>,
    /// Speaker notes, one paragraph a line (empty for none): written as the slide's notes
    /// page, which PowerPoint shows under the slide and never projects.
    pub notes: String,
}

/// A rectangle on the slide, millimetres from the top left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

/// Horizontal alignment of a paragraph or cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Left.
    #[default]
    Left,
    /// Centre.
    Center,
    /// Right.
    Right,
}

/// A paragraph of a text box.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// The text.
    pub text: String,
    /// Size, points.
    pub size: f32,
    /// Bold.
    pub bold: bool,
    /// Alignment.
    pub align: Align,
    /// Colour as `RRGGBB` (`None`: the deck's text colour).
    pub color: Option<String>,
}

impl Para {
    /// Plain text at `size` points, left-aligned.
    pub fn new(text: impl Into<String>, size: f32) -> Para {
        Para {
            text: text.into(),
            size,
            bold: false,
            align: Align::Left,
            color: None,
        }
    }

    /// The same paragraph in a colour (`RRGGBB`).
    pub fn color(mut self, rgb: &str) -> Para {
        self.color = Some(rgb.to_string());
        self
    }

    /// The same paragraph in bold.
    pub fn bold(mut self) -> Para {
        self.bold = true;
        self
    }

    /// The same paragraph aligned.
    pub fn align(mut self, a: Align) -> Para {
        self.align = a;
        self
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The text.
    pub text: String,
    /// Alignment.
    pub align: Align,
}

/// Something on a slide.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A text box: unfilled, it grows with its text; filled (`RRGGBB`), it is a panel of its
    /// frame's size with the text centred in it, 3 mm in from its sides.
    Text {
        /// Where.
        frame: Frame,
        /// Its paragraphs.
        paras: Vec<Para>,
        /// Its fill.
        fill: Option<String>,
    },
    /// A table; the first row is its header (shaded, bold).
    Table {
        /// Where (the height is the sum of `heights`).
        frame: Frame,
        /// Column widths as parts of the frame's width (any units; they are scaled).
        widths: Vec<u32>,
        /// Rows of cells.
        rows: Vec<Vec<Cell>>,
        /// Text size, points.
        size: f32,
        /// Each row's height, millimetres (PowerPoint grows a row its text overflows; the
        /// caller measures, so the table's frame is the height it shows).
        heights: Vec<f32>,
    },
    /// A PNG picture.
    Picture {
        /// Where.
        frame: Frame,
        /// The PNG bytes.
        png: Arc<Vec<u8>>,
        /// Its description (alt text).
        name: String,
    },
}

/// Why a deck could not be written (or read back).
#[derive(Debug)]
pub struct Error(Box<dyn std::error::Error + Send + Sync>);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write the PPTX package: {}", self.0)
    }
}

impl std::error::Error for Error {}

impl From<zip::result::ZipError> for Error {
    fn from(e: zip::result::ZipError) -> Error {
        Error(Box::new(e))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error(Box::new(e))
    }
}

impl From<formpack_zip::Error> for Error {
    fn from(e: formpack_zip::Error) -> Error {
        Error(Box::new(e))
    }
}

const EMU_PER_MM: f32 = 36_000.0;

fn emu(mm: f32) -> i64 {
    (mm * EMU_PER_MM).round() as i64
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot hold are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT: &str = "application/vnd.openxmlformats-officedocument.presentationml";

/// The Korean font every run names (East Asian and Latin alike).
pub const FONT: &str = "NanumGothic";

/// Write the deck as PPTX bytes.
pub fn write(deck: &Deck) -> Result<Vec<u8>, Error> {
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let n = deck.slides.len();
    // Pictures, numbered in order of appearance: (slide index, rId) → media file.
    let mut media: Vec<Arc<Vec<u8>>> = Vec::new();
    let mut slide_xml = Vec::new();
    let mut slide_rels = Vec::new();
    let notes = deck.slides.iter().any(|s| !s.notes.is_empty());
    let mut notes_count = 0;
    for s in &deck.slides {
        let (xml, pics) = slide(s);
        let pic_count = pics.len();
        let mut rels = String::new();
        rels.push_str(XML);
        let _ = write!(rels, "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/slideLayout\" Target=\"../slideLayouts/slideLayout1.xml\"/>");
        for (i, png) in pics.into_iter().enumerate() {
            media.push(png);
            let _ = write!(
                rels,
                "<Relationship Id=\"rId{}\" Type=\"{REL}/image\" Target=\"../media/image{}.png\"/>",
                i + 2,
                media.len()
            );
        }
        if !s.notes.is_empty() {
            notes_count += 1;
            let _ = write!(
                rels,
                "<Relationship Id=\"rId{}\" Type=\"{REL}/notesSlide\" Target=\"../notesSlides/notesSlide{notes_count}.xml\"/>",
                pic_count + 2
            );
        }
        rels.push_str("</Relationships>");
        slide_xml.push(xml);
        slide_rels.push(rels);
    }

    // [Content_Types].xml
    let mut ct = String::from(XML);
    ct.push_str("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/>");
    let _ = write!(ct, "<Override PartName=\"/ppt/presentation.xml\" ContentType=\"{CT}.presentation.main+xml\"/><Override PartName=\"/ppt/slideMasters/slideMaster1.xml\" ContentType=\"{CT}.slideMaster+xml\"/><Override PartName=\"/ppt/slideLayouts/slideLayout1.xml\" ContentType=\"{CT}.slideLayout+xml\"/><Override PartName=\"/ppt/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>");
    for i in 1..=n {
        let _ = write!(
            ct,
            "<Override PartName=\"/ppt/slides/slide{i}.xml\" ContentType=\"{CT}.slide+xml\"/>"
        );
    }
    if notes {
        let _ = write!(ct, "<Override PartName=\"/ppt/notesMasters/notesMaster1.xml\" ContentType=\"{CT}.notesMaster+xml\"/><Override PartName=\"/ppt/theme/theme2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>");
        for i in 1..=notes_count {
            let _ = write!(ct, "<Override PartName=\"/ppt/notesSlides/notesSlide{i}.xml\" ContentType=\"{CT}.notesSlide+xml\"/>");
        }
    }
    ct.push_str("</Types>");
    parts.push(("[Content_Types].xml".into(), ct.into_bytes()));

    let root = format!("{XML}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"ppt/presentation.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>");
    parts.push(("_rels/.rels".into(), root.into_bytes()));

    let core = format!("{XML}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator></cp:coreProperties>", esc(&deck.title), esc(&deck.author));
    parts.push(("docProps/core.xml".into(), core.into_bytes()));
    let app = format!("{XML}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>formpack</Application><Slides>{n}</Slides></Properties>");
    parts.push(("docProps/app.xml".into(), app.into_bytes()));

    // presentation.xml and its relationships: master rId1, theme rId2, slides rId3…
    let mut pres = format!("{XML}<p:presentation xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\" saveSubsetFonts=\"1\"><p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst>");
    // The notes master follows the slides' relationships: rId(n + 3).
    if notes {
        let _ = write!(
            pres,
            "<p:notesMasterIdLst><p:notesMasterId r:id=\"rId{}\"/></p:notesMasterIdLst>",
            n + 3
        );
    }
    pres.push_str("<p:sldIdLst>");
    for i in 0..n {
        let _ = write!(pres, "<p:sldId id=\"{}\" r:id=\"rId{}\"/>", 256 + i, i + 3);
    }
    let _ = write!(pres, "</p:sldIdLst><p:sldSz cx=\"{}\" cy=\"{}\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/></p:presentation>", emu(SLIDE_W), emu(SLIDE_H));
    parts.push(("ppt/presentation.xml".into(), pres.into_bytes()));
    let mut prels = format!("{XML}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/slideMaster\" Target=\"slideMasters/slideMaster1.xml\"/><Relationship Id=\"rId2\" Type=\"{REL}/theme\" Target=\"theme/theme1.xml\"/>");
    for i in 0..n {
        let _ = write!(
            prels,
            "<Relationship Id=\"rId{}\" Type=\"{REL}/slide\" Target=\"slides/slide{}.xml\"/>",
            i + 3,
            i + 1
        );
    }
    if notes {
        let _ = write!(
            prels,
            "<Relationship Id=\"rId{}\" Type=\"{REL}/notesMaster\" Target=\"notesMasters/notesMaster1.xml\"/>",
            n + 3
        );
    }
    prels.push_str("</Relationships>");
    parts.push(("ppt/_rels/presentation.xml.rels".into(), prels.into_bytes()));

    let empty_tree = "<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld>";
    let master = format!("{XML}<p:sldMaster xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\">{empty_tree}<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/><p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst></p:sldMaster>");
    parts.push((
        "ppt/slideMasters/slideMaster1.xml".into(),
        master.into_bytes(),
    ));
    let mrels = format!("{XML}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/slideLayout\" Target=\"../slideLayouts/slideLayout1.xml\"/><Relationship Id=\"rId2\" Type=\"{REL}/theme\" Target=\"../theme/theme1.xml\"/></Relationships>");
    parts.push((
        "ppt/slideMasters/_rels/slideMaster1.xml.rels".into(),
        mrels.into_bytes(),
    ));
    let layout = format!("{XML}<p:sldLayout xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\" type=\"blank\" preserve=\"1\">{}<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>", empty_tree.replace("<p:cSld>", "<p:cSld name=\"Blank\">"));
    parts.push((
        "ppt/slideLayouts/slideLayout1.xml".into(),
        layout.into_bytes(),
    ));
    let lrels = format!("{XML}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/slideMaster\" Target=\"../slideMasters/slideMaster1.xml\"/></Relationships>");
    parts.push((
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels".into(),
        lrels.into_bytes(),
    ));
    parts.push(("ppt/theme/theme1.xml".into(), theme().into_bytes()));

    for (i, (xml, rels)) in slide_xml.into_iter().zip(slide_rels).enumerate() {
        parts.push((format!("ppt/slides/slide{}.xml", i + 1), xml.into_bytes()));
        parts.push((
            format!("ppt/slides/_rels/slide{}.xml.rels", i + 1),
            rels.into_bytes(),
        ));
    }
    if notes {
        parts.extend(notes_parts(deck));
    }
    for (i, png) in media.iter().enumerate() {
        parts.push((format!("ppt/media/image{}.png", i + 1), png.to_vec()));
    }

    let mut w = formpack_zip::Writer::new(formpack_zip::DosTime::EPOCH);
    for (name, bytes) in &parts {
        // PNG is compressed already.
        let method = if name.ends_with(".png") {
            formpack_zip::Method::Stored
        } else {
            formpack_zip::Method::Deflated(6)
        };
        w.add(name, bytes, method)?;
    }
    Ok(w.finish()?)
}

fn align_attr(a: Align) -> &'static str {
    match a {
        Align::Left => "l",
        Align::Center => "ctr",
        Align::Right => "r",
    }
}

fn run(text: &str, size: f32, bold: bool) -> String {
    coloured_run(text, size, bold, "1D2430")
}

fn coloured_run(text: &str, size: f32, bold: bool, rgb: &str) -> String {
    format!(
        "<a:r><a:rPr lang=\"ko-KR\" sz=\"{}\" b=\"{}\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:latin typeface=\"{FONT}\"/><a:ea typeface=\"{FONT}\"/></a:rPr><a:t>{}</a:t></a:r>",
        (size * 100.0).round() as i64,
        u8::from(bold),
        esc(rgb),
        esc(text)
    )
}

/// A paragraph of a text box.
fn para(p: &Para) -> String {
    let rgb = p.color.as_deref().unwrap_or("1D2430");
    format!(
        "<a:p><a:pPr algn=\"{}\"/>{}</a:p>",
        align_attr(p.align),
        coloured_run(&p.text, p.size, p.bold, rgb)
    )
}

/// A table cell's paragraphs, one a line of its text.
fn cell_paras(c: &Cell, size: f32, bold: bool) -> String {
    c.text
        .split('\n')
        .map(|line| {
            format!(
                "<a:p><a:pPr algn=\"{}\"/>{}</a:p>",
                align_attr(c.align),
                run(line, size, bold)
            )
        })
        .collect()
}

/// The band and title of a titled slide, and its tag, as items drawn before the slide's own.
fn band(s: &Slide) -> Vec<Item> {
    if s.title.is_empty() {
        return Vec::new();
    }
    let line = |pt: f32| pt * 25.4 / 72.0 * 1.2;
    let centred = |pt: f32| (BAND_H - line(pt)) / 2.0;
    let mut items = vec![
        Item::Text {
            frame: Frame {
                x: 0.0,
                y: 0.0,
                w: SLIDE_W,
                h: BAND_H,
            },
            paras: Vec::new(),
            fill: Some(BAND_FILL.into()),
        },
        Item::Text {
            frame: Frame {
                x: TITLE_X,
                y: centred(TITLE_PT),
                w: TITLE_W,
                h: line(TITLE_PT),
            },
            paras: vec![Para::new(s.title.clone(), TITLE_PT).bold().color(ON_BAND)],
            fill: None,
        },
    ];
    if !s.tag.is_empty() {
        let x = TITLE_X + TITLE_W + 4.0;
        items.push(Item::Text {
            frame: Frame {
                x,
                y: centred(TAG_PT),
                w: SLIDE_W - 15.0 - x,
                h: line(TAG_PT),
            },
            paras: vec![Para::new(s.tag.clone(), TAG_PT)
                .align(Align::Right)
                .color(ON_BAND)],
            fill: None,
        });
    }
    items
}

fn xfrm(tag: &str, f: Frame) -> String {
    format!(
        "<{tag}><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></{tag}>",
        emu(f.x),
        emu(f.y),
        emu(f.w),
        emu(f.h)
    )
}

/// A slide's XML and the pictures it uses, in order (their relationships are rId2…).
fn slide(s: &Slide) -> (String, Vec<Arc<Vec<u8>>>) {
    let mut id = 1;
    let mut next = || {
        id += 1;
        id
    };
    let mut tree = String::new();
    let mut pics = Vec::new();
    let mut items = band(s);
    items.extend(s.items.iter().cloned());
    for item in &items {
        match item {
            Item::Text { frame, paras, fill } => {
                let n = next();
                let (fill, body) = match fill {
                    Some(rgb) => (
                        format!("<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>", esc(rgb)),
                        format!("<a:bodyPr wrap=\"square\" lIns=\"{m}\" rIns=\"{m}\" tIns=\"0\" bIns=\"0\" anchor=\"ctr\"><a:noAutofit/></a:bodyPr>", m = emu(PANEL_INSET)),
                    ),
                    None => ("<a:noFill/>".to_string(), "<a:bodyPr wrap=\"square\" lIns=\"0\" rIns=\"0\" tIns=\"0\" bIns=\"0\"><a:spAutoFit/></a:bodyPr>".to_string()),
                };
                let _ = write!(tree, "<p:sp><p:nvSpPr><p:cNvPr id=\"{n}\" name=\"Text {n}\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr><p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>{fill}</p:spPr><p:txBody>{body}<a:lstStyle/>", xfrm("a:xfrm", *frame));
                for p in paras {
                    tree.push_str(&para(p));
                }
                if paras.is_empty() {
                    tree.push_str("<a:p><a:endParaRPr lang=\"ko-KR\"/></a:p>");
                }
                tree.push_str("</p:txBody></p:sp>");
            }
            Item::Table {
                frame,
                widths,
                rows,
                size,
                heights,
            } => {
                let n = next();
                let sum: u32 = widths.iter().sum::<u32>().max(1);
                let total = emu(frame.w);
                let mut cols: Vec<i64> = widths
                    .iter()
                    .map(|w| total * i64::from(*w) / i64::from(sum))
                    .collect();
                // The last column takes the rounding, so the grid is the frame's width.
                let used: i64 = cols.iter().sum();
                if let Some(last) = cols.last_mut() {
                    *last += total - used;
                }
                let row_h = |r: usize| emu(heights.get(r).copied().unwrap_or(size * 0.3528 * 2.2));
                let height: i64 = (0..rows.len()).map(row_h).sum();
                let _ = write!(tree, "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"{n}\" name=\"Table {n}\"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp=\"1\"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{total}\" cy=\"{height}\"/></p:xfrm><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\"><a:tbl><a:tblPr firstRow=\"1\" bandRow=\"0\"/><a:tblGrid>", emu(frame.x), emu(frame.y));
                for c in &cols {
                    let _ = write!(tree, "<a:gridCol w=\"{c}\"/>");
                }
                tree.push_str("</a:tblGrid>");
                for (r, row) in rows.iter().enumerate() {
                    let _ = write!(tree, "<a:tr h=\"{}\">", row_h(r));
                    for cell in row {
                        let fill = if r == 0 { "DCE3EC" } else { "FFFFFF" };
                        let _ = write!(
                            tree,
                            "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{}</a:txBody><a:tcPr marL=\"72000\" marR=\"72000\" marT=\"36000\" marB=\"36000\" anchor=\"ctr\">",
                            cell_paras(cell, *size, r == 0)
                        );
                        for side in ["lnL", "lnR", "lnT", "lnB"] {
                            let _ = write!(tree, "<a:{side} w=\"9525\"><a:solidFill><a:srgbClr val=\"9AA3AF\"/></a:solidFill></a:{side}>");
                        }
                        let _ = write!(
                            tree,
                            "<a:solidFill><a:srgbClr val=\"{fill}\"/></a:solidFill></a:tcPr></a:tc>"
                        );
                    }
                    tree.push_str("</a:tr>");
                }
                tree.push_str("</a:tbl></a:graphicData></a:graphic></p:graphicFrame>");
            }
            Item::Picture { frame, png, name } => {
                let n = next();
                pics.push(png.clone());
                let rid = pics.len() + 1;
                let _ = write!(tree, "<p:pic><p:nvPicPr><p:cNvPr id=\"{n}\" name=\"Picture {n}\" descr=\"{}\"/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed=\"rId{rid}\"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>", esc(name), xfrm("a:xfrm", *frame));
            }
        }
    }
    let xml = format!("{XML}<p:sld xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>{tree}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>");
    (xml, pics)
}

/// The notes master, its theme, and a notes slide for each slide with notes (numbered in
/// slide order), each with its relationships to the master and its slide.
fn notes_parts(deck: &Deck) -> Vec<(String, Vec<u8>)> {
    let mut parts = Vec::new();
    let master = format!("{XML}<p:notesMaster xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{}</p:spTree></p:cSld><p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/></p:notesMaster>", notes_body("<a:xfrm><a:off x=\"685800\" y=\"4400550\"/><a:ext cx=\"5486400\" cy=\"3600450\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>", "<a:p><a:endParaRPr lang=\"ko-KR\"/></a:p>"));
    parts.push((
        "ppt/notesMasters/notesMaster1.xml".into(),
        master.into_bytes(),
    ));
    let rels = format!("{XML}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/theme\" Target=\"../theme/theme2.xml\"/></Relationships>");
    parts.push((
        "ppt/notesMasters/_rels/notesMaster1.xml.rels".into(),
        rels.into_bytes(),
    ));
    parts.push(("ppt/theme/theme2.xml".into(), theme().into_bytes()));
    let with_notes = deck
        .slides
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.notes.is_empty());
    for (k, (i, s)) in with_notes.enumerate() {
        let paras: String = s
            .notes
            .lines()
            .map(|l| format!("<a:p>{}</a:p>", run(l, 12.0, false)))
            .collect();
        let xml = format!("{XML}<p:notes xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>", notes_body("", &paras));
        parts.push((
            format!("ppt/notesSlides/notesSlide{}.xml", k + 1),
            xml.into_bytes(),
        ));
        let rels = format!("{XML}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/notesMaster\" Target=\"../notesMasters/notesMaster1.xml\"/><Relationship Id=\"rId2\" Type=\"{REL}/slide\" Target=\"../slides/slide{}.xml\"/></Relationships>", i + 1);
        parts.push((
            format!("ppt/notesSlides/_rels/notesSlide{}.xml.rels", k + 1),
            rels.into_bytes(),
        ));
    }
    parts
}

/// The notes' body placeholder: where it is (the master's `spPr`) and its paragraphs.
fn notes_body(sp_pr: &str, paras: &str) -> String {
    format!("<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Notes Placeholder 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"body\" idx=\"1\"/></p:nvPr></p:nvSpPr><p:spPr>{sp_pr}</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>{paras}</p:txBody></p:sp>")
}

/// A complete Office theme: colours, the Nanum fonts for Latin and East Asian text, and the
/// three-of-each format scheme PowerPoint requires.
fn theme() -> String {
    let colours = [
        ("dk1", "1D2430"),
        ("lt1", "FFFFFF"),
        ("dk2", "2F3B4C"),
        ("lt2", "EEF1F5"),
        ("accent1", "2F5F9E"),
        ("accent2", "4E9A6B"),
        ("accent3", "D99A2B"),
        ("accent4", "B9574F"),
        ("accent5", "6B7A8F"),
        ("accent6", "8E6BB0"),
        ("hlink", "1F5FBF"),
        ("folHlink", "6B3FA0"),
    ];
    let mut s = format!("{XML}<a:theme xmlns:a=\"{NS_A}\" name=\"formpack\"><a:themeElements><a:clrScheme name=\"formpack\">");
    for (k, v) in colours {
        let _ = write!(s, "<a:{k}><a:srgbClr val=\"{v}\"/></a:{k}>");
    }
    s.push_str("</a:clrScheme>");
    let _ = write!(s, "<a:fontScheme name=\"formpack\"><a:majorFont><a:latin typeface=\"{FONT}\"/><a:ea typeface=\"{FONT}\"/><a:cs typeface=\"\"/></a:majorFont><a:minorFont><a:latin typeface=\"{FONT}\"/><a:ea typeface=\"{FONT}\"/><a:cs typeface=\"\"/></a:minorFont></a:fontScheme>");
    let fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let line = |w: u32| {
        format!("<a:ln w=\"{w}\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>")
    };
    let _ = write!(s, "<a:fmtScheme name=\"formpack\"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst><a:lnStyleLst>{}{}{}</a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme>", line(6350), line(12700), line(19050));
    s.push_str("</a:themeElements></a:theme>");
    s
}

/// All text of a PPTX, slide by slide in order, one line per paragraph or table cell: what
/// `verify` compares with the figures the deck should print.
pub fn text(bytes: &[u8]) -> Result<String, Error> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut slides: Vec<(u32, String)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i)?;
        let name = f.name().to_string();
        let Some(n) = name
            .strip_prefix("ppt/slides/slide")
            .and_then(|r| r.strip_suffix(".xml"))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        // A slide of this writer is a few kilobytes; a larger one is not read whole.
        let mut xml = String::new();
        (&mut f).take(SLIDE_XML_LIMIT).read_to_string(&mut xml)?;
        slides.push((n, xml));
    }
    slides.sort();
    let mut out = String::new();
    for (_, xml) in slides {
        let doc = roxmltree::Document::parse(&xml)
            .map_err(|e| Error(Box::new(std::io::Error::other(e.to_string()))))?;
        for p in doc.descendants().filter(|n| n.tag_name().name() == "p") {
            let line: String = p
                .descendants()
                .filter(|n| n.tag_name().name() == "t")
                .filter_map(|n| n.text())
                .collect();
            if !line.is_empty() {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    Ok(out)
}

/// The most of one slide's XML that [`text`] reads.
const SLIDE_XML_LIMIT: u64 = 16 * 1024 * 1024;

/// How many slides a PPTX has (its `ppt/slides/slideN.xml` parts).
pub fn slide_count(bytes: &[u8]) -> Result<usize, Error> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes))?;
    Ok(zip
        .file_names()
        .filter(|n| {
            n.strip_prefix("ppt/slides/slide")
                .and_then(|r| r.strip_suffix(".xml"))
                .is_some_and(|n| n.parse::<u32>().is_ok())
        })
        .count())
}
