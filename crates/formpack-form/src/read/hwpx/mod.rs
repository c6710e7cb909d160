//! HWPX (OWPML) → document model: each section's paragraphs in order, with the shapes
//! `header.xml` gives them; tables with their geometry; the form's header, footer and page
//! number; pictures; 한글's check boxes. A new section starts a new page.

mod objects;
mod styles;
mod table;

use std::collections::HashMap;
use std::sync::Arc;

use formpack_doc::{Block, Document, Image, ImageFormat, PageSetup, Paragraph, Run};
use roxmltree::Node;

use super::symbols::unprivate;
use super::{Omitted, Read};
use crate::hwpx::sections;
use crate::package::Package;
use crate::xml::{attr, kid, kids, local};
use crate::Error;
use styles::{unit_mm, ParaShape, Styles};

/// What a paragraph holds besides its text.
pub(super) enum Object {
    /// A block of its own after the paragraph's text (a table, a picture).
    Block(Block),
    /// Text of an object drawn as text, with what the object was.
    Text(String, &'static str),
    /// An object left out.
    Left(&'static str),
}

/// The reading state: shapes, pictures, and what has been read so far.
pub(super) struct Reader<'p> {
    styles: Styles,
    images: HashMap<String, (Arc<Vec<u8>>, Option<ImageFormat>)>,
    blocks: Vec<Block>,
    omitted: Vec<Omitted>,
    page: Option<(PageSetup, f32, f32)>,
    header: Vec<Block>,
    footer: Vec<Block>,
    numbered: bool,
    package: &'p Package,
}

pub(crate) fn read(p: &Package) -> Result<Read, Error> {
    let styles = match p.has("Contents/header.xml") {
        true => Styles::read(
            p.parsed("Contents/header.xml")?
                .borrow_dependent()
                .root_element(),
        ),
        false => Styles::default(),
    };
    let mut r = Reader {
        styles,
        images: HashMap::new(),
        blocks: Vec::new(),
        omitted: Vec::new(),
        page: None,
        header: Vec::new(),
        footer: Vec::new(),
        numbered: false,
        package: p,
    };
    r.images = r.bin_items();
    for (k, s) in sections(p)?.iter().enumerate() {
        if k > 0 && !r.blocks.is_empty() {
            r.blocks.push(Block::PageBreak);
        }
        for para in kids(s.doc.root_element(), "p") {
            r.body_paragraph(para);
        }
    }
    Ok(r.finish())
}

impl Reader<'_> {
    fn finish(self) -> Read {
        let mut document = Document::new("");
        if let Some((page, top, bottom)) = self.page {
            document.page = page;
            document.running.header_top = top;
            document.running.footer_bottom = bottom;
        }
        document.blocks = self.blocks;
        document.running.header = self.header;
        document.running.footer = self.footer;
        document.footer.pages_numbered = self.numbered;
        Read {
            document,
            omitted: self.omitted,
        }
    }

    /// The pictures the package lists (`content.hpf`): id → bytes and format.
    fn bin_items(&self) -> HashMap<String, (Arc<Vec<u8>>, Option<ImageFormat>)> {
        let mut out = HashMap::new();
        let Ok(hpf) = self.package.parsed("Contents/content.hpf") else {
            return out;
        };
        for item in hpf
            .borrow_dependent()
            .descendants()
            .filter(|n| local(*n) == "item")
        {
            let (Some(id), Some(href)) = (attr(item, "id"), attr(item, "href")) else {
                continue;
            };
            // Only pictures the model can draw are inflated (an OLE object may be large).
            let lower = href.to_ascii_lowercase();
            if ![".png", ".jpg", ".jpeg"].iter().any(|e| lower.ends_with(e)) {
                continue;
            }
            if let Some(bytes) = self.package.entry_bytes(href) {
                let format = ImageFormat::sniff(&bytes);
                out.insert(id.to_string(), (Arc::new(bytes), format));
            }
        }
        out
    }

    /// A paragraph of a section: a page break before it when it asks, its text, then its
    /// tables and pictures.
    fn body_paragraph(&mut self, p: Node) {
        let shape = self.styles.para(attr(p, "paraPrIDRef"));
        if (attr(p, "pageBreak") == Some("1") || shape.break_before) && !self.blocks.is_empty() {
            self.blocks.push(Block::PageBreak);
        }
        let (para, objects) = self.paragraph(p, &shape);
        let blocks = self.placed(para, objects, &shape);
        self.blocks.extend(blocks);
    }

    /// A paragraph's blocks: its text (unless only objects stand in it), then each object.
    /// Objects drawn as text or left out are noted at the block they stood in.
    fn placed(&mut self, para: Paragraph, objects: Vec<Object>, shape: &ParaShape) -> Vec<Block> {
        let mut out = Vec::new();
        let has_blocks = objects.iter().any(|o| matches!(o, Object::Block(_)));
        let empty = para.text().trim().is_empty();
        if !(has_blocks && empty) {
            // Text and a table in one paragraph stand together in 한글: never apart.
            out.push(Block::Paragraph(Paragraph {
                keep_with_next: para.keep_with_next || has_blocks,
                ..para.clone()
            }));
        }
        for o in objects {
            let block = self.blocks.len() + out.len().saturating_sub(1);
            match o {
                Object::Block(Block::Table(mut t)) => {
                    t.space_before = Some(t.space_before.unwrap_or(0.0) + shape.before);
                    t.space_after = Some(t.space_after.unwrap_or(0.0) + shape.after);
                    out.push(Block::Table(t));
                }
                Object::Block(b) => out.push(b),
                Object::Text(text, what) => {
                    self.omit(what, true, block);
                    out.push(Block::Paragraph(Paragraph {
                        runs: vec![Run::text(text)],
                        ..para.clone()
                    }));
                }
                Object::Left(what) => self.omit(what, false, block),
            }
        }
        out
    }

    fn omit(&mut self, what: &str, text_kept: bool, block: usize) {
        self.omitted.push(Omitted {
            what: what.to_string(),
            text_kept,
            block,
        });
    }

    /// A paragraph's text as runs with their shapes, and the objects in it.
    pub(super) fn paragraph(&mut self, p: Node, shape: &ParaShape) -> (Paragraph, Vec<Object>) {
        let mut runs = Vec::new();
        let mut objects = Vec::new();
        let first = self
            .styles
            .char(kids(p, "run").next().and_then(|r| attr(r, "charPrIDRef")));
        for run in kids(p, "run") {
            let cs = self.styles.char(attr(run, "charPrIDRef"));
            let styled = |text: String| Run {
                text,
                bold: cs.bold,
                underline: cs.underline,
                size: Some(cs.size),
                face: Some(cs.face),
                color: cs.color,
                scale: cs.scale,
                tracking: cs.tracking,
                field: None,
                space_width: Some(HANGUL_SPACE),
                full_width: Some(cs.full),
            };
            for c in run.children().filter(|c| c.is_element()) {
                match local(c) {
                    "t" => runs.push(styled(t_text(c))),
                    "secPr" => self.page_setup(c),
                    "ctrl" => {
                        for k in c.children().filter(|k| k.is_element()) {
                            if let Some(r) = self.control(k) {
                                runs.push(Run {
                                    field: r.field,
                                    ..styled(r.text)
                                });
                            }
                        }
                    }
                    _ => objects.extend(self.object(c, shape, &mut |t| runs.push(styled(t)))),
                }
            }
        }
        let (size, face) = (first.size, first.face);
        runs.retain(|r| !r.text.is_empty() || r.field.is_some());
        let (indent, first_line) = if shape.first < 0.0 {
            (shape.left - shape.first, shape.first)
        } else {
            (shape.left, shape.first)
        };
        let para = Paragraph {
            runs,
            align: shape.align,
            size,
            face,
            indent,
            first_line,
            indent_right: shape.right,
            space_before: shape.before,
            space_after: shape.after,
            line_spacing: shape.spacing,
            keep_with_next: shape.keep_with_next,
            break_words: shape.break_words,
            // formpack's rule (a paragraph's first and last two lines kept together) whatever
            // the form's widowOrphan says: with it the ten real forms break onto the same
            // pages as rhwp lays them out; following widowOrphan="0" put the 39-page form on
            // 38 (tests/official.rs).
            widow_control: true,
        };
        (para, objects)
    }

    /// The page setup of the first section (`hp:pagePr`): size, orientation, margins; the
    /// header's and footer's distances from the edges.
    fn page_setup(&mut self, sec: Node) {
        let Some(pp) = kid(sec, "pagePr") else { return };
        if self.page.is_some() {
            return;
        }
        let (mut w, mut h) = (unit_mm(pp, "width"), unit_mm(pp, "height"));
        if attr(pp, "landscape") == Some("NARROWLY") && w < h {
            std::mem::swap(&mut w, &mut h);
        }
        if w < 50.0 || h < 50.0 {
            return;
        }
        let m = kid(pp, "margin");
        let get = |name: &str| m.map_or(15.0, |m| unit_mm(m, name));
        let gutter = m.map_or(0.0, |m| unit_mm(m, "gutter"));
        let page = PageSetup {
            width: w,
            height: h,
            margin_top: get("top") + get("header"),
            margin_bottom: get("bottom") + get("footer"),
            margin_left: get("left") + gutter,
            margin_right: get("right"),
        };
        self.page = Some((page, get("top"), get("bottom")));
    }
}

/// 한글 sets a space half the font size wide, whatever the font (rhwp measures it so against
/// Hancom; the bundled 명조's own space is 0.3 em), and Hangul a full em (the bundled fonts'
/// are 0.94–0.95 em).
const HANGUL_SPACE: f32 = 0.5;

/// The text of one `hp:t`: its characters, tabs, line breaks and special spaces.
fn t_text(t: Node) -> String {
    let mut s = String::new();
    for c in t.children() {
        match local(c) {
            "" => s.extend(c.text().unwrap_or("").chars().map(unprivate)),
            "tab" => s.push('\t'),
            "lineBreak" => s.push('\n'),
            "fwSpace" => s.push('\u{3000}'),
            "nbSpace" => s.push('\u{a0}'),
            "hyphen" => s.push('-'),
            _ => {}
        }
    }
    s
}

/// A picture of the package by its id, sized in millimetres.
pub(super) fn picture(
    images: &HashMap<String, (Arc<Vec<u8>>, Option<ImageFormat>)>,
    id: &str,
    width: f32,
    height: f32,
) -> Option<Image> {
    let (data, format) = images.get(id)?;
    Some(Image {
        data: data.clone(),
        format: (*format)?,
        width,
        height,
        align: formpack_doc::Align::Left,
    })
}
