//! DOCX body → document model: `word/document.xml` with its styles, lists, tables, images,
//! the last section's page setup and its default header and footer.
//!
//! What a printed page shows is kept; what the model cannot hold (nested tables, text boxes,
//! charts, drawings, equations, footnotes) is drawn as its text or left out, each listed in
//! [`Read::omitted`](super::Read::omitted).

use std::collections::HashMap;
use std::sync::Arc;

use formpack_doc::{Block, Document, Field, PageSetup, Paragraph, Running};
use roxmltree::Node;

use super::{Omitted, Read};
use crate::error::Error;
use crate::package::Package;
use crate::xml::{attr, kid, kids, local};

mod numbering;
mod objects;
mod para;
mod props;
mod styles;
mod table;

use numbering::Numbering;
use props::{mm, RunProps, Theme};
use styles::Styles;

/// The main part.
const MAIN: &str = "word/document.xml";

/// Containers (cells, text boxes, content controls) nest at most this deep; deeper content is
/// left out rather than read on a deeper stack.
const DEPTH: usize = 48;

/// A relationship of a part: its target's package path, or an external address.
#[derive(Debug, Clone)]
struct Rel {
    target: String,
    kind: String,
    external: bool,
}

/// What every part reads the same way.
struct Ctx<'p> {
    pkg: &'p Package,
    styles: Styles<'p>,
    /// The default paragraph style's run properties: the document's text size.
    normal: RunProps,
    /// Every `w:sectPr` of the body in order (paragraph-level ones, then the body's).
    sections: Vec<Node<'p, 'p>>,
    /// The last section's line grid pitch in millimetres, when lines snap to one (`w:docGrid`
    /// of type `lines` or `linesAndChars`, as Korean Word's default template has it).
    grid: Option<f32>,
}

/// What reading changes as it goes.
#[derive(Default)]
struct State<'p> {
    numbering: Numbering<'p>,
    omitted: Vec<Omitted>,
    /// Footnotes referenced in the body: (id, block it stood in).
    notes: Vec<(String, usize)>,
    images: HashMap<String, Arc<Vec<u8>>>,
}

/// One part being read: its relationships and where in the body it is.
struct Reader<'c, 'p> {
    ctx: &'c Ctx<'p>,
    st: &'c mut State<'p>,
    rels: HashMap<String, Rel>,
    /// The top-level block being read (for [`Omitted::block`]).
    block: usize,
    /// Reading the body (not a header, footer or note): section breaks and notes count.
    body: bool,
    depth: usize,
    /// Table cells around what is being read.
    cell_depth: usize,
}

/// Table-style formatting under a cell's paragraphs: `(w:pPr, w:rPr)` layers, lowest first.
type Layers<'p> = [(Option<Node<'p, 'p>>, Option<Node<'p, 'p>>)];

pub(crate) fn read(p: &Package) -> Result<Read, Error> {
    let main = p.parsed(MAIN)?.borrow_dependent();
    let rels = rels_of(p, MAIN);
    let part = |kind: &str| {
        let name = rels
            .values()
            .find(|r| r.kind == kind && !r.external)
            .map(|r| r.target.clone())
            .unwrap_or_else(|| format!("word/{kind}.xml"));
        p.parsed(&name).ok().map(|x| x.borrow_dependent())
    };
    let theme = rels
        .values()
        .find(|r| r.kind == "theme" && !r.external)
        .and_then(|r| p.parsed(&r.target).ok())
        .map_or_else(Theme::default, |t| Theme::read(t.borrow_dependent()));
    let styles = Styles::read(part("styles"), theme);
    let body = kid(main.root_element(), "body");
    let sections = body.map_or_else(Vec::new, sections);
    let ctx = Ctx {
        pkg: p,
        normal: styles.normal_run(),
        styles,
        grid: sections.last().and_then(|s| line_grid(*s)),
        sections,
    };
    let mut st = State {
        numbering: Numbering::read(part("numbering")),
        ..State::default()
    };
    let mut doc = Document::new("");
    if let Some(b) = body {
        let mut r = Reader::new(&ctx, &mut st, MAIN, true);
        r.blocks(b, &[], &mut doc.blocks, true);
    }
    notes(&ctx, &mut st, part("footnotes"), &mut doc.blocks);
    if let Some(s) = ctx.sections.last() {
        doc.page = page(*s);
        doc.running = running(&ctx, &mut st, &rels, *s);
    }
    doc.footer.pages_numbered = numbers_pages(&doc.running);
    Ok(Read {
        document: doc,
        omitted: st.omitted,
    })
}

impl<'c, 'p> Reader<'c, 'p> {
    fn new(ctx: &'c Ctx<'p>, st: &'c mut State<'p>, part: &str, body: bool) -> Self {
        Reader {
            ctx,
            st,
            rels: rels_of(ctx.pkg, part),
            block: 0,
            body,
            depth: 0,
            cell_depth: 0,
        }
    }

    /// Note an object drawn as its text or left out.
    fn omit(&mut self, what: &str, text_kept: bool) {
        self.st.omitted.push(Omitted {
            what: what.into(),
            text_kept,
            block: self.block,
        });
    }

    /// The blocks of a container of paragraphs and tables (the body, a cell, a text box, a
    /// header). `top`: its blocks are the document's (their index is [`Reader::block`]).
    fn blocks(
        &mut self,
        holder: Node<'p, 'p>,
        layers: &Layers<'p>,
        out: &mut Vec<Block>,
        top: bool,
    ) {
        if self.depth >= DEPTH {
            return;
        }
        self.depth += 1;
        for c in holder.children().filter(|c| c.is_element()) {
            if top {
                self.block = out.len();
            }
            match local(c) {
                "p" => self.paragraph(c, layers, out),
                "tbl" => {
                    let t = self.table(c);
                    out.push(Block::Table(t));
                }
                "sdt" => {
                    if let Some(content) = kid(c, "sdtContent") {
                        self.blocks(content, layers, out, top);
                    }
                }
                "customXml" | "ins" | "moveTo" => self.blocks(c, layers, out, top),
                "altChunk" => self.omit("삽입된 문서", false),
                _ => {}
            }
        }
        self.depth -= 1;
    }

    /// A cell's paragraphs, its nested tables (deeper than [`MAX_NESTING`] a table becomes a
    /// paragraph per row) and its pictures.
    fn cell_content(
        &mut self,
        holder: Node<'p, 'p>,
        layers: &Layers<'p>,
    ) -> (
        Vec<Paragraph>,
        Vec<formpack_doc::Nested>,
        Vec<formpack_doc::CellImage>,
    ) {
        let mut blocks = Vec::new();
        self.blocks(holder, layers, &mut blocks, false);
        let mut out = Vec::new();
        let mut nested = Vec::new();
        let mut images = Vec::new();
        for b in blocks {
            match b {
                Block::Paragraph(p) => out.push(p),
                Block::Table(table) if self.cell_depth <= MAX_NESTING => {
                    nested.push(formpack_doc::Nested {
                        after: out.len(),
                        table,
                    });
                }
                Block::Table(t) => {
                    self.omit("표 안의 표", true);
                    out.extend(table::rows_as_paragraphs(&t));
                }
                Block::Image(image) => images.push(formpack_doc::CellImage {
                    after: out.len(),
                    image,
                }),
                _ => {}
            }
        }
        (out, nested, images)
    }

    /// A container's blocks as paragraphs only (a text box's, a footnote's): a table
    /// becomes a paragraph per row, an image is left out.
    fn paragraphs_of(&mut self, holder: Node<'p, 'p>, layers: &Layers<'p>) -> Vec<Paragraph> {
        let mut blocks = Vec::new();
        self.blocks(holder, layers, &mut blocks, false);
        let mut out = Vec::new();
        for b in blocks {
            match b {
                Block::Paragraph(p) => out.push(p),
                Block::Table(t) => {
                    if self.cell_depth > 0 {
                        self.omit("표 안의 표", true);
                    }
                    out.extend(table::rows_as_paragraphs(&t));
                }
                Block::Image(_) => self.omit("그림", false),
                _ => {}
            }
        }
        out
    }
}

/// Tables nested deeper than this inside cells are read as text.
const MAX_NESTING: usize = 8;

/// The body's section properties in order: those ending a section inside it (in a
/// paragraph's `w:pPr`), then the last one (the body's own).
fn sections<'p>(body: Node<'p, 'p>) -> Vec<Node<'p, 'p>> {
    let mut out: Vec<Node> = body
        .descendants()
        .filter(|n| local(*n) == "sectPr")
        .filter(|n| n.parent().is_some_and(|p| local(p) == "pPr"))
        .collect();
    out.extend(kids(body, "sectPr"));
    out
}

/// A section's page size and margins (`w:pgSz`, `w:pgMar`); A4 with Word's margins where
/// they are missing or nonsense.
fn page(sect: Node) -> PageSetup {
    let sz = kid(sect, "pgSz");
    let len = |n: Option<Node>, a: &str, d: f32, lo: f32| {
        n.and_then(|n| mm(n, a))
            .map(f32::abs)
            .filter(|v| *v >= lo && *v <= 5000.0)
            .unwrap_or(d)
    };
    let mut width = len(sz, "w", 210.0, 10.0);
    let mut height = len(sz, "h", 297.0, 10.0);
    let landscape = sz.and_then(|s| attr(s, "orient")) == Some("landscape");
    if landscape != (width > height) {
        std::mem::swap(&mut width, &mut height);
    }
    let m = kid(sect, "pgMar");
    let gutter = len(m, "gutter", 0.0, 0.0);
    let mut page = PageSetup {
        width,
        height,
        margin_top: len(m, "top", 25.4, 0.0),
        margin_bottom: len(m, "bottom", 25.4, 0.0),
        margin_left: len(m, "left", 25.4, 0.0) + gutter,
        margin_right: len(m, "right", 25.4, 0.0),
    };
    // Margins that leave no room are Word's defaults instead.
    if page.margin_left + page.margin_right >= width - 10.0 {
        (page.margin_left, page.margin_right) = (25.4, 25.4);
    }
    if page.margin_top + page.margin_bottom >= height - 10.0 {
        (page.margin_top, page.margin_bottom) = (25.4, 25.4);
    }
    page
}

/// A section's line grid pitch, when its lines snap to one.
fn line_grid(sect: Node) -> Option<f32> {
    let g = kid(sect, "docGrid")?;
    if !matches!(
        attr(g, "type"),
        Some("lines" | "linesAndChars" | "snapToChars")
    ) {
        return None;
    }
    mm(g, "linePitch").filter(|v| *v >= 1.0 && *v <= 100.0)
}

/// The default header and footer of the last section (or the nearest section before it
/// that has one, as Word inherits them), and their distances from the page's edges.
fn running<'p>(
    ctx: &Ctx<'p>,
    st: &mut State<'p>,
    rels: &HashMap<String, Rel>,
    sect: Node<'p, 'p>,
) -> Running {
    let m = kid(sect, "pgMar");
    let dist = |a: &str| {
        m.and_then(|m| mm(m, a))
            .map(f32::abs)
            .filter(|v| *v <= 1000.0)
            .unwrap_or(12.5)
    };
    let mut out = Running {
        header_top: dist("header"),
        footer_bottom: dist("footer"),
        ..Running::default()
    };
    for (kind, blocks) in [
        ("headerReference", &mut out.header),
        ("footerReference", &mut out.footer),
    ] {
        let Some(target) = reference(ctx, kind, rels) else {
            continue;
        };
        let Some(doc) = ctx.pkg.parsed(&target).ok().map(|x| x.borrow_dependent()) else {
            continue;
        };
        let mut r = Reader::new(ctx, st, &target, false);
        r.blocks(doc.root_element(), &[], blocks, false);
    }
    out
}

/// The part a section's default header or footer reference names, looking back through
/// the sections when the last one has none.
fn reference(ctx: &Ctx, kind: &str, rels: &HashMap<String, Rel>) -> Option<String> {
    ctx.sections.iter().rev().find_map(|s| {
        kids(*s, kind)
            .find(|r| attr(*r, "type").unwrap_or("default") == "default")
            .and_then(|r| attr(r, "id"))
            .and_then(|id| rels.get(id))
            .filter(|r| !r.external)
            .map(|r| r.target.clone())
    })
}

/// Whether the form's header or footer prints the page number.
fn numbers_pages(r: &Running) -> bool {
    let runs_have = |blocks: &[Block]| {
        blocks.iter().any(|b| match b {
            Block::Paragraph(p) => p.runs.iter().any(|r| r.field == Some(Field::Page)),
            Block::Table(t) => t.rows.iter().any(|row| {
                row.cells.iter().any(|c| {
                    c.paragraphs
                        .iter()
                        .any(|p| p.runs.iter().any(|r| r.field == Some(Field::Page)))
                })
            }),
            _ => false,
        })
    };
    runs_have(&r.header) || runs_have(&r.footer)
}

/// The footnotes the body referenced, after the body, each numbered as Word numbers them.
fn notes<'p>(
    ctx: &Ctx<'p>,
    st: &mut State<'p>,
    part: Option<&'p roxmltree::Document<'p>>,
    out: &mut Vec<Block>,
) {
    let refs = std::mem::take(&mut st.notes);
    let Some(doc) = part else {
        for (_, block) in refs {
            st.omitted.push(Omitted {
                what: "각주".into(),
                text_kept: false,
                block,
            });
        }
        return;
    };
    let name = "word/footnotes.xml";
    for (n, (id, block)) in refs.into_iter().enumerate() {
        let Some(note) = kids(doc.root_element(), "footnote").find(|f| attr(*f, "id") == Some(&id))
        else {
            continue;
        };
        let mut r = Reader::new(ctx, st, name, false);
        let mut paras = r.paragraphs_of(note, &[]);
        if let Some(first) = paras.first_mut() {
            first
                .runs
                .insert(0, formpack_doc::Run::text(format!("{})", n + 1)));
        }
        out.extend(paras.into_iter().map(Block::Paragraph));
        st.omitted.push(Omitted {
            what: "각주".into(),
            text_kept: true,
            block,
        });
    }
}

/// A part's relationships by id, with targets as package paths.
fn rels_of(p: &Package, part: &str) -> HashMap<String, Rel> {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let name = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let Ok(parsed) = p.parsed(&name) else {
        return HashMap::new();
    };
    let doc = parsed.borrow_dependent();
    kids(doc.root_element(), "Relationship")
        .filter_map(|r| {
            let id = attr(r, "Id")?;
            let target = attr(r, "Target")?;
            let external = attr(r, "TargetMode") == Some("External");
            let kind = attr(r, "Type")
                .and_then(|t| t.rsplit('/').next())
                .unwrap_or("")
                .to_string();
            let target = if external {
                target.to_string()
            } else {
                resolve(dir, target)
            };
            Some((
                id.to_string(),
                Rel {
                    target,
                    kind,
                    external,
                },
            ))
        })
        .collect()
}

/// A relationship target relative to its part's folder, as a package path.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => dir.split('/').filter(|s| !s.is_empty()).collect(),
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_part() {
        assert_eq!(resolve("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(
            resolve("word", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("word", "/word/header1.xml"), "word/header1.xml");
    }
}
