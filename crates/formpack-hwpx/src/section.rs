//! `Contents/section0.xml`: the body, the page setup (`hp:secPr`), the footer and the draft
//! header.
//!
//! Blocks are first turned into a small tree of paragraphs ([`Paragraph`]) whose runs hold text,
//! controls or tables (a table's cells hold paragraphs again, so tables nested in cells are
//! the same tree one level down, see `nested`); [`Writer::p`] then writes that tree in
//! document order, handing out paragraph and object ids as it goes. The first paragraph's first run carries the section
//! properties and the header/footer controls, as in Hancom's files. No `hp:linesegarray` is
//! written: Hancom lays the text out itself.

use std::fmt::Write as _;

use formpack_doc::{
    self as model, Align, Block, Document, Face, Field, Heading, Image, Slot, VAlign,
};

use crate::header::{
    BorderFill, Brush, CharShape, LineSpacing, ParaShape, Shapes, Side, BF_CELL, BF_INVISIBLE,
    BF_PAGE,
};
use crate::image::{pixel_size, BinData, BinItem};
use crate::style;
use crate::units::{char_height, column_widths, fit, hwp, hwp_signed, pt};
use crate::xml::{run_text, DECLARATION, NAMESPACES};
use crate::Error;

mod nested;
mod pictures;
mod signature;

use nested::{table_space, tables_height, MIN_NESTED_WIDTH_MM};
use pictures::pictures_height;

/// What the section writer hands to the package.
pub(crate) struct Body {
    /// The section XML.
    pub xml: String,
    /// Images for `BinData/`, in order of first use.
    pub images: Vec<BinItem>,
    /// `Preview/PrvText.txt`.
    pub preview: String,
}

/// One paragraph to write.
#[derive(Debug)]
struct Paragraph {
    para_pr: usize,
    /// Character shape of the empty run written when there are no runs.
    empty_char: usize,
    runs: Vec<Run>,
}

/// One run of a paragraph.
#[derive(Debug)]
enum Run {
    /// Text (with `\n` and `\t`).
    Text { char_pr: usize, text: String },
    /// A ready-made object or control (`hp:pic`, `hp:ctrl`), followed by an empty `hp:t`
    /// when `then_empty_text`.
    Raw {
        char_pr: usize,
        xml: String,
        then_empty_text: bool,
    },
    /// A table anchored in the paragraph.
    Table { char_pr: usize, table: Box<Table> },
    /// An inline picture (`hp:pic` held as a character) `height` HWPUNIT high, followed by
    /// an empty `hp:t`.
    Picture {
        char_pr: usize,
        xml: String,
        height: i64,
    },
}

/// Where a table sits in its column: `hp:pos@horzAlign` and `@horzOffset` (HWPUNIT).
#[derive(Debug, Clone, Copy)]
struct Place {
    align: &'static str,
    offset: i64,
}

impl Place {
    const LEFT: Place = Place {
        align: "LEFT",
        offset: 0,
    };

    /// A model table's placement: the indent counts only for a table at the left.
    fn of(t: &model::Table) -> Place {
        match t.align {
            Align::Left | Align::Justify => Place {
                align: "LEFT",
                offset: hwp(t.indent),
            },
            Align::Center => Place {
                align: "CENTER",
                offset: 0,
            },
            Align::Right => Place {
                align: "RIGHT",
                offset: 0,
            },
        }
    }
}

/// One table to write: column widths, rows of cells, and how it sits.
#[derive(Debug)]
struct Table {
    widths: Vec<i64>,
    row_heights: Vec<i64>,
    rows: Vec<Vec<Cell>>,
    /// Header rows repeated on every page.
    header_rows: usize,
    border_fill: u32,
    pad_x: i64,
    pad_y: i64,
    /// Inline (`treatAsChar`), e.g. in the footer; body tables flow and split across pages.
    inline: bool,
    /// May break across pages between rows (`pageBreak="CELL"`); otherwise kept whole.
    split: bool,
    place: Place,
    /// Space above and below the table (`hp:outMargin` top and bottom), HWPUNIT.
    out_margin: [i64; 2],
}

/// One cell: its top-left grid position, spans and content.
#[derive(Debug)]
struct Cell {
    col: usize,
    colspan: usize,
    rowspan: usize,
    border_fill: u32,
    valign: VAlign,
    paragraphs: Vec<Paragraph>,
    /// The cell's own padding (left, right, top, bottom), HWPUNIT; `None` for the table's.
    margin: Option<[i64; 4]>,
}

/// The character look of a line of plain text ([`Writer::line`]).
#[derive(Debug, Clone, Copy)]
struct Look {
    size: f32,
    face: Face,
    bold: bool,
    color: style::Rgb,
}

/// Paragraph context: table cells use a tighter line and shaded cells force 고딕.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    force_face: Option<Face>,
    line: u32,
}

/// Geometry of the page in HWPUNIT.
#[derive(Debug, Clone, Copy)]
struct Page {
    /// Width and height as written (portrait numbers; see `landscape`).
    width: i64,
    height: i64,
    landscape: bool,
    left: i64,
    right: i64,
    top: i64,
    bottom: i64,
    header: i64,
    footer: i64,
    /// Text width.
    content_w: i64,
    /// Text height.
    content_h: i64,
}

impl Page {
    fn new(doc: &Document) -> Self {
        let p = &doc.page;
        let w = hwp(p.width).max(hwp(10.0));
        let h = hwp(p.height).max(hwp(10.0));
        let (left, right) = (hwp(p.margin_left), hwp(p.margin_right));
        // The header sits between the paper edge and the text; so does the footer. The
        // text starts exactly at the model's margins, the header and footer text at the
        // form's own distance from the edge (within the margin), else 10 mm from it (at
        // most half the margin), as in the DOCX.
        let edge = |margin: f32, distance: f32| {
            let m = if margin.is_finite() {
                margin.max(0.0)
            } else {
                0.0
            };
            let e = if distance.is_finite() && distance > 0.0 {
                distance.min(m)
            } else {
                style::HEADER_FOOTER_EDGE_MM.min(m / 2.0)
            };
            (hwp(e), hwp(m) - hwp(e))
        };
        let (top, header) = edge(p.margin_top, doc.running.header_top);
        let (bottom, footer) = edge(p.margin_bottom, doc.running.footer_bottom);
        let content_w = (w - left - right).max(hwp(10.0));
        let content_h = (h - top - header - bottom - footer).max(hwp(10.0));
        Page {
            // Hancom keeps portrait numbers and marks landscape with NARROWLY.
            width: w.min(h),
            height: w.max(h),
            landscape: w > h,
            left,
            right,
            top,
            bottom,
            header,
            footer,
            content_w,
            content_h,
        }
    }
}

struct Writer<'s> {
    shapes: &'s mut Shapes,
    bin: BinData,
    page: Page,
    next_para_id: u32,
    next_object_id: u32,
    next_z: u32,
    /// Section properties and header/footer controls, for the first paragraph's first run.
    prefix: Option<String>,
    /// A page break before the next body paragraph.
    pending_break: bool,
    /// How many tables deep the table being built stands (0 in the body).
    nesting: usize,
    /// The document's spacing (its density).
    spacing: formpack_doc::style::Spacing,
}

fn valign_name(v: VAlign) -> &'static str {
    match v {
        VAlign::Top => "TOP",
        VAlign::Middle => "CENTER",
        VAlign::Bottom => "BOTTOM",
    }
}

fn positive(v: f32, default: f32) -> f32 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        default
    }
}

/// HWPUNIT to millimetres.
fn hwp_to_mm(v: i64) -> f32 {
    v as f32 * 25.4 / 7200.0
}

/// A model length that is finite and above zero, in HWPUNIT; `None` otherwise.
fn usable_length(mm: Option<f32>) -> Option<i64> {
    mm.filter(|v| v.is_finite() && *v > 0.0)
        .map(hwp)
        .filter(|v| *v > 0)
}

/// A model line spacing as 한글's: a factor as a per cent (1–500, the schema's range), a
/// length as a fixed or least height; the context's per cent for none or an unusable one.
fn line_spacing(l: Option<formpack_doc::LineSpacing>, default: u32) -> LineSpacing {
    use formpack_doc::LineSpacing as Model;
    let usable = |v: f32| v.is_finite() && v > 0.0;
    match l {
        Some(Model::Factor(f)) if usable(f) => {
            LineSpacing::Percent((f * 100.0).round().clamp(1.0, 500.0) as u32)
        }
        Some(Model::Exact(mm)) if usable(mm) => LineSpacing::Fixed(hwp(mm).max(1)),
        Some(Model::AtLeast(mm)) if usable(mm) => LineSpacing::AtLeast(hwp(mm).max(1)),
        _ => LineSpacing::Percent(default),
    }
}

/// `(left, intent)` in HWPUNIT for a left indent and a first line indented from it. A
/// hanging first line is 한글's 내어쓰기, which keeps the first line at the left margin and
/// indents the lines after it: the margin moves left by the hang (not past zero).
fn indents(indent: f32, first_line: f32) -> (i64, i64) {
    let (left, first) = (hwp(indent), hwp_signed(first_line));
    if first >= 0 {
        (left, first)
    } else {
        ((left + first).max(0), first)
    }
}

/// 장평 as `hh:ratio`: a per cent within the schema's 50–200; 100 for an unusable one.
fn ratio_percent(scale: f32) -> u32 {
    if scale.is_finite() && scale > 0.0 {
        (scale * 100.0).round().clamp(50.0, 200.0) as u32
    } else {
        100
    }
}

/// 자간 as `hh:spacing`: a per cent of the size within the schema's ±50; 0 for an unusable
/// one.
fn spacing_percent(tracking: f32) -> i32 {
    if tracking.is_finite() {
        (tracking * 100.0).round().clamp(-50.0, 50.0) as i32
    } else {
        0
    }
}

/// 한글's automatic number of a kind (`PAGE`, `TOTAL_PAGE`), as a control.
fn auto_num(kind: &str) -> String {
    format!(
        concat!(
            r#"<hp:ctrl><hp:autoNum num="1" numType="{kind}">"#,
            r#"<hp:autoNumFormat type="DIGIT" userChar="" prefixChar="" suffixChar="" supscript="0"/>"#,
            "</hp:autoNum></hp:ctrl>"
        ),
        kind = kind
    )
}

/// The automatic number a model field is.
fn field_kind(f: Field) -> &'static str {
    match f {
        Field::Page => "PAGE",
        Field::Pages => "TOTAL_PAGE",
    }
}

/// A cell's border fill: each side's line (the table style's when the model gives none)
/// and its fill, else the label shade when shaded.
fn cell_border_fill(cell: &model::Cell) -> BorderFill {
    let sides = match &cell.borders {
        Some(b) => [b.left, b.right, b.top, b.bottom].map(|s| Side::of(&s)),
        None => [Side::solid(); 4],
    };
    let brush = match cell.fill.or(cell.shade.then_some(style::SHADE_FILL)) {
        Some(c) => Brush::Color(c),
        None => Brush::Nothing,
    };
    BorderFill { sides, brush }
}

/// A cell's own padding, HWPUNIT (left, right, top, bottom).
fn cell_margin(cell: &model::Cell) -> Option<[i64; 4]> {
    cell.padding
        .map(|p| [p.left, p.right, p.top, p.bottom].map(hwp))
}

impl Writer<'_> {
    fn char(&mut self, height: u32, face: Face, bold: bool, underline: bool) -> usize {
        self.char_colored(height, face, bold, underline, style::TEXT_COLOR)
    }

    fn char_colored(
        &mut self,
        height: u32,
        face: Face,
        bold: bool,
        underline: bool,
        color: style::Rgb,
    ) -> usize {
        self.shapes.char(CharShape {
            height,
            face,
            bold,
            underline,
            color,
            ratio: 100,
            spacing: 0,
        })
    }

    /// A model run of a paragraph whose size is `size`, in `face`: its text, or the
    /// automatic number its field is (the text is only a placeholder then).
    fn model_run(&mut self, r: &model::Run, size: f32, face: Face, bold: bool) -> Run {
        let char_pr = self.shapes.char(CharShape {
            height: char_height(positive(r.size.unwrap_or(size), size)),
            face,
            bold,
            underline: r.underline,
            color: r.color.unwrap_or(style::TEXT_COLOR),
            ratio: r.scale.map_or(100, ratio_percent),
            spacing: r.tracking.map_or(0, spacing_percent),
        });
        match r.field {
            Some(f) => Run::Raw {
                char_pr,
                xml: auto_num(field_kind(f)),
                then_empty_text: false,
            },
            None => Run::Text {
                char_pr,
                text: r.text.clone(),
            },
        }
    }

    fn object_id(&mut self) -> (u32, u32) {
        self.next_object_id += 1;
        self.next_z += 1;
        (self.next_object_id, self.next_z)
    }

    // ── Building paragraphs ──────────────────────────────────────────────────────────

    /// A model paragraph in a context (body or cell).
    fn paragraph(&mut self, p: &model::Paragraph, ctx: Ctx) -> Paragraph {
        let face = ctx.force_face.unwrap_or(p.face);
        let size = positive(p.size, style::BODY_SIZE);
        let (left, intent) = indents(p.indent, p.first_line);
        let para_pr = self.shapes.para(ParaShape {
            align: p.align,
            left,
            right: hwp(p.indent_right),
            intent,
            before: hwp(p.space_before),
            after: hwp(p.space_after),
            keep_next: p.keep_with_next,
            break_words: p.break_words,
            widow_orphan: p.widow_control,
            ..ParaShape::plain(line_spacing(p.line_spacing, ctx.line))
        });
        let empty_char = self.char(char_height(size), face, false, false);
        let runs = p
            .runs
            .iter()
            .filter(|r| !r.text.is_empty() || r.field.is_some())
            .map(|r| {
                let f = if ctx.force_face.is_some() {
                    face
                } else {
                    r.face.unwrap_or(face)
                };
                self.model_run(r, size, f, r.bold)
            })
            .collect();
        Paragraph {
            para_pr,
            empty_char,
            runs,
        }
    }

    /// A body paragraph's context at the document's spacing.
    fn body(&self) -> Ctx {
        Ctx {
            force_face: None,
            line: self.body_line(),
        }
    }

    /// Body line height, per cent, at the document's spacing.
    fn body_line(&self) -> u32 {
        self.spacing.body_line(style::BODY_LINE)
    }

    fn heading(&mut self, h: &Heading) -> Paragraph {
        let hs = self.spacing.heading(h.level);
        let (size, before, after) = (hs.size, hs.space_before, hs.space_after);
        let para_pr = self.shapes.para(ParaShape {
            align: h.align,
            before: hwp(before),
            after: hwp(after),
            keep_next: true,
            keep_lines: true,
            ..ParaShape::plain(LineSpacing::Percent(style::HEADING_LINE))
        });
        let empty_char = self.char(char_height(size), style::HEADING_FACE, true, false);
        let runs = h
            .runs
            .iter()
            .filter(|r| !r.text.is_empty() || r.field.is_some())
            .map(|r| self.model_run(r, size, r.face.unwrap_or(style::HEADING_FACE), true))
            .collect();
        Paragraph {
            para_pr,
            empty_char,
            runs,
        }
    }

    /// One line of plain text in `look`, aligned `align` in a paragraph of `shape`.
    fn line(&mut self, text: &str, look: Look, align: Align, shape: ParaShape) -> Paragraph {
        let para_pr = self.shapes.para(ParaShape { align, ..shape });
        let Look {
            size,
            face,
            bold,
            color,
        } = look;
        let char_pr = self.char_colored(char_height(size), face, bold, false, color);
        let runs = if text.is_empty() {
            Vec::new()
        } else {
            vec![Run::Text {
                char_pr,
                text: text.to_string(),
            }]
        };
        Paragraph {
            para_pr,
            empty_char: char_pr,
            runs,
        }
    }

    /// An empty paragraph exactly `mm` high.
    fn spacer(&mut self, mm: f32) -> Paragraph {
        let h = hwp(positive(mm, 0.0).min(style::MAX_SPACER_MM)).max(1);
        let para_pr = self.shapes.para(ParaShape::plain(LineSpacing::Fixed(h)));
        let empty_char = self.char(char_height(style::SPACER_SIZE), Face::Serif, false, false);
        Paragraph {
            para_pr,
            empty_char,
            runs: Vec::new(),
        }
    }

    /// A paragraph holding one table.
    fn table_paragraph(&mut self, t: Table) -> Paragraph {
        self.table_paragraph_after(t, hwp(style::TABLE_SPACE_AFTER_MM))
    }

    /// A paragraph holding one table, `after` HWPUNIT of space after it.
    fn table_paragraph_after(&mut self, t: Table, after: i64) -> Paragraph {
        self.table_paragraph_shaped(
            t,
            ParaShape {
                after,
                ..ParaShape::plain(LineSpacing::Percent(100))
            },
        )
    }

    /// A paragraph of the given shape holding one table.
    fn table_paragraph_shaped(&mut self, t: Table, shape: ParaShape) -> Paragraph {
        let para_pr = self.shapes.para(shape);
        let char_pr = self.char(
            char_height(style::TABLE_ANCHOR_SIZE),
            Face::Serif,
            false,
            false,
        );
        Paragraph {
            para_pr,
            empty_char: char_pr,
            runs: vec![Run::Table {
                char_pr,
                table: Box::new(t),
            }],
        }
    }

    // ── Tables ───────────────────────────────────────────────────────────────────────

    /// Lay a model table across the text width. `None` for a table with no cells.
    ///
    /// Rows whose every position is covered by a rowspan from above cannot be written
    /// (Hancom refuses a row with no cell), so they are dropped and the spans that cover
    /// them shortened; positions no cell covers get an empty cell.
    fn table(&mut self, t: &model::Table, avail: i64) -> Result<Option<Table>, Error> {
        let grid = t.grid();
        if grid.cols == 0 || grid.slots.is_empty() {
            return Ok(None);
        }
        let size = positive(t.size, style::TABLE_SIZE);
        let width = usable_length(t.width).unwrap_or(avail);
        let widths = column_widths(&t.widths, grid.cols, width);
        let keep: Vec<bool> = grid
            .slots
            .iter()
            .map(|line| {
                line.iter()
                    .any(|s| matches!(s, Slot::Origin(_) | Slot::Empty))
            })
            .collect();
        let kept_between = |from: usize, to: usize| keep[from..to].iter().filter(|k| **k).count();
        let pad_y = hwp(style::CELL_PAD_Y_MM);
        let line_h = |size: f32| pt(size) * i64::from(style::CELL_LINE) / 100;
        let mut rows = Vec::new();
        let mut row_heights = Vec::new();
        let mut header_rows = 0;
        for (r, line) in grid.slots.iter().enumerate() {
            if !keep[r] {
                continue;
            }
            if r < t.header_rows {
                header_rows += 1;
            }
            let mut cells = Vec::new();
            let mut height = line_h(size) + 2 * pad_y;
            for (c, slot) in line.iter().enumerate() {
                match slot {
                    Slot::Origin(cell) => {
                        let (w, h) = grid.span(r, c);
                        let rowspan = kept_between(r, (r + h).min(keep.len())).max(1);
                        let span = &widths[c..(c + w).min(widths.len())];
                        let built = self.cell(cell, c, w, rowspan, size, span.iter().sum())?;
                        if rowspan == 1 {
                            let lines: i64 = cell
                                .paragraphs
                                .iter()
                                .map(|p| {
                                    line_h(positive(p.size, size))
                                        * (p.text().matches('\n').count() as i64 + 1)
                                })
                                .sum();
                            let nested = tables_height(&built.paragraphs)
                                + pictures_height(&built.paragraphs)
                                + self.text_rows(cell) * line_h(size);
                            height = height.max(lines + nested + 2 * pad_y);
                        }
                        cells.push(built);
                    }
                    Slot::Empty => {
                        let empty = model::Cell::default();
                        cells.push(self.cell(&empty, c, 1, 1, size, widths[c])?);
                    }
                    Slot::Covered { .. } => {}
                }
            }
            rows.push(cells);
            // The form's own height when it gives one: 한글 grows the row to its content.
            let own = usable_length(t.rows.get(r).and_then(|row| row.height));
            row_heights.push(own.unwrap_or(height));
        }
        Ok(Some(Table {
            widths,
            row_heights,
            rows,
            header_rows,
            border_fill: BF_CELL,
            pad_x: hwp(style::CELL_PAD_X_MM),
            pad_y,
            inline: false,
            split: true,
            place: Place::of(t),
            out_margin: [t.space_before, t.space_after].map(|v| table_space(v).unwrap_or(0)),
        }))
    }

    /// A cell `width` HWPUNIT wide: its paragraphs with its nested tables and pictures
    /// where they stand.
    fn cell(
        &mut self,
        cell: &model::Cell,
        col: usize,
        colspan: usize,
        rowspan: usize,
        size: f32,
        width: i64,
    ) -> Result<Cell, Error> {
        let ctx = Ctx {
            force_face: cell.shade.then_some(style::LABEL_FACE),
            line: style::CELL_LINE,
        };
        let margin = cell_margin(cell);
        let [left, right, ..] = margin.unwrap_or([hwp(style::CELL_PAD_X_MM); 4]);
        let inner = (width - left - right).max(hwp(MIN_NESTED_WIDTH_MM));
        let mut paragraphs = self.cell_content(cell, ctx, inner, size)?;
        if paragraphs.is_empty() {
            let empty = model::Paragraph {
                size,
                align: cell.align,
                space_after: 0.0,
                ..model::Paragraph::default()
            };
            paragraphs.push(self.paragraph(&empty, ctx));
        }
        Ok(Cell {
            col,
            colspan,
            rowspan,
            border_fill: self.shapes.fill(cell_border_fill(cell)),
            valign: cell.valign,
            paragraphs,
            margin,
        })
    }

    // ── Pictures ─────────────────────────────────────────────────────────────────────

    /// An `hp:pic`. Inline pictures sit in the line like a character; a floating one (a
    /// seal) is centred on its paragraph, `offset_y` below the paragraph's top (negative:
    /// above), in front of the text.
    fn picture(
        &mut self,
        img: &Image,
        w_mm: f32,
        h_mm: f32,
        floating: Option<i64>,
    ) -> Result<String, Error> {
        let (px, py) = pixel_size(img)?;
        let item = self.bin.add(img);
        let (w, h) = (hwp(w_mm).max(1), hwp(h_mm).max(1));
        let (id, z) = self.object_id();
        let (wrap, pos) = match floating {
            None => (
                "TOP_AND_BOTTOM",
                concat!(
                    r#"<hp:pos treatAsChar="1" affectLSpacing="0" flowWithText="1" allowOverlap="0" "#,
                    r#"holdAnchorAndSO="0" vertRelTo="PARA" horzRelTo="COLUMN" vertAlign="TOP" "#,
                    r#"horzAlign="LEFT" vertOffset="0" horzOffset="0"/>"#
                )
                .to_string(),
            ),
            Some(dy) => (
                "IN_FRONT_OF_TEXT",
                format!(
                    concat!(
                        r#"<hp:pos treatAsChar="0" affectLSpacing="0" flowWithText="1" allowOverlap="1" "#,
                        r#"holdAnchorAndSO="0" vertRelTo="PARA" horzRelTo="PARA" vertAlign="TOP" "#,
                        r#"horzAlign="CENTER" vertOffset="{dy}" horzOffset="0"/>"#
                    ),
                    // Hancom stores a negative offset as its unsigned 32-bit wrap-around.
                    dy = (dy as i32) as u32
                ),
            ),
        };
        let identity = r#"e1="1" e2="0" e3="0" e4="0" e5="1" e6="0""#;
        Ok(format!(
            concat!(
                r#"<hp:pic id="{id}" zOrder="{z}" numberingType="PICTURE" textWrap="{wrap}" "#,
                r#"textFlow="BOTH_SIDES" lock="0" dropcapstyle="None" href="" groupLevel="0" "#,
                r#"instid="{inst}" reverse="0">"#,
                r#"<hp:offset x="0" y="0"/><hp:orgSz width="{w}" height="{h}"/>"#,
                r#"<hp:curSz width="{w}" height="{h}"/><hp:flip horizontal="0" vertical="0"/>"#,
                r#"<hp:rotationInfo angle="0" centerX="{cx}" centerY="{cy}" rotateimage="1"/>"#,
                "<hp:renderingInfo><hc:transMatrix {m}/><hc:scaMatrix {m}/><hc:rotMatrix {m}/></hp:renderingInfo>",
                r#"<hp:imgRect><hc:pt0 x="0" y="0"/><hc:pt1 x="{w}" y="0"/>"#,
                r#"<hc:pt2 x="{w}" y="{h}"/><hc:pt3 x="0" y="{h}"/></hp:imgRect>"#,
                r#"<hp:imgClip left="0" right="{dw}" top="0" bottom="{dh}"/>"#,
                r#"<hp:inMargin left="0" right="0" top="0" bottom="0"/>"#,
                r#"<hp:imgDim dimwidth="{dw}" dimheight="{dh}"/>"#,
                r#"<hc:img binaryItemIDRef="{item}" bright="0" contrast="0" effect="REAL_PIC" alpha="0"/>"#,
                r#"<hp:sz width="{w}" widthRelTo="ABSOLUTE" height="{h}" heightRelTo="ABSOLUTE" protect="0"/>"#,
                "{pos}",
                r#"<hp:outMargin left="0" right="0" top="0" bottom="0"/>"#,
                "<hp:shapeComment>{comment}</hp:shapeComment></hp:pic>"
            ),
            id = id,
            z = z,
            inst = id + 1_000_000,
            wrap = wrap,
            w = w,
            h = h,
            cx = w / 2,
            cy = h / 2,
            m = identity,
            // Pixel sizes at 96 dpi: 75 HWPUNIT a pixel.
            dw = u64::from(px) * 75,
            dh = u64::from(py) * 75,
            item = item,
            pos = pos,
            comment = "그림",
        ))
    }

    /// A block image: inline, in its own paragraph, aligned, fitted into the text area.
    fn image_block(&mut self, img: &Image) -> Result<Paragraph, Error> {
        let (w, h) = fit(
            img.width,
            img.height,
            hwp_to_mm(self.page.content_w),
            hwp_to_mm(self.page.content_h),
        );
        self.picture_paragraph(img, (w, h), style::BODY_SIZE)
    }

    /// A paragraph aligned as the image says holding it inline, `w` × `h` mm; an empty
    /// line in it would be `size` points.
    fn picture_paragraph(
        &mut self,
        img: &Image,
        (w, h): (f32, f32),
        size: f32,
    ) -> Result<Paragraph, Error> {
        let xml = self.picture(img, w, h, None)?;
        let align = match img.align {
            Align::Justify => Align::Left,
            a => a,
        };
        let para_pr = self.shapes.para(ParaShape {
            align,
            ..ParaShape::plain(LineSpacing::Percent(100))
        });
        let char_pr = self.char(char_height(size), Face::Serif, false, false);
        Ok(Paragraph {
            para_pr,
            empty_char: char_pr,
            runs: vec![Run::Picture {
                char_pr,
                xml,
                height: hwp(h).max(1),
            }],
        })
    }

    // ── Footer and draft header ──────────────────────────────────────────────────────

    /// `left | n / N | 문서확인번호 fp` in a borderless three-column table, the page number
    /// and count as Hancom's automatic numbers (`hp:autoNum` PAGE / TOTAL_PAGE).
    fn footer(&mut self, f: &formpack_doc::Footer) -> Paragraph {
        let size = style::FOOTER_SIZE;
        let shape = ParaShape::plain(LineSpacing::Percent(style::CELL_LINE));
        let look = Look {
            size,
            face: style::FOOTER_FACE,
            bold: false,
            color: style::FOOTER_COLOR,
        };
        let left = self.line(&f.left, look, Align::Left, shape);
        let mut middle = self.line("", look, Align::Center, shape);
        let char_pr = middle.empty_char;
        // A document that numbers its own pages gets no second number here.
        if !f.pages_numbered {
            middle.runs = page_of_pages(char_pr);
        }
        let fp = f.fingerprint_text().unwrap_or_default();
        let right = self.line(&fp, look, Align::Right, shape);
        let line_h = pt(size) * i64::from(style::CELL_LINE) / 100;
        let t = Table {
            widths: column_widths(&style::FOOTER_COLUMNS, 3, self.page.content_w),
            row_heights: vec![line_h],
            rows: vec![invisible_row(vec![
                (0, 1, left),
                (1, 1, middle),
                (2, 1, right),
            ])],
            header_rows: 0,
            border_fill: BF_INVISIBLE,
            pad_x: 0,
            pad_y: 0,
            inline: true,
            split: false,
            place: Place::LEFT,
            out_margin: [0, 0],
        };
        self.table_paragraph(t)
    }

    /// The watermark's text (`초안`) at the top right of every page, bold 고딕 in dark grey,
    /// as the other backends' corner mark.
    fn watermark_mark(&mut self, text: &str) -> Paragraph {
        let look = Look {
            size: style::WATERMARK_MARK_SIZE,
            face: Face::Sans,
            bold: true,
            color: style::WATERMARK_MARK_COLOR,
        };
        let shape = ParaShape::plain(LineSpacing::Percent(style::HEADING_LINE));
        self.line(text, look, Align::Right, shape)
    }

    // ── Writing ──────────────────────────────────────────────────────────────────────

    fn p(&mut self, out: &mut String, p: &Paragraph, body: bool) {
        let id = self.next_para_id;
        self.next_para_id += 1;
        let page_break = body && std::mem::take(&mut self.pending_break);
        let _ = write!(
            out,
            r#"<hp:p id="{id}" paraPrIDRef="{}" styleIDRef="0" pageBreak="{}" columnBreak="0" merged="0">"#,
            p.para_pr,
            u8::from(page_break)
        );
        if p.runs.is_empty() {
            self.open_run(out, p.empty_char, body);
            out.push_str("<hp:t/></hp:run>");
        }
        for r in &p.runs {
            match r {
                Run::Text { char_pr, text } => {
                    self.open_run(out, *char_pr, body);
                    let _ = write!(out, "<hp:t>{}</hp:t></hp:run>", run_text(text));
                }
                Run::Raw {
                    char_pr,
                    xml,
                    then_empty_text,
                } => {
                    self.open_run(out, *char_pr, body);
                    out.push_str(xml);
                    if *then_empty_text {
                        out.push_str("<hp:t/>");
                    }
                    out.push_str("</hp:run>");
                }
                Run::Table { char_pr, table } => {
                    self.open_run(out, *char_pr, body);
                    self.table_xml(out, table);
                    out.push_str("<hp:t/></hp:run>");
                }
                Run::Picture { char_pr, xml, .. } => {
                    self.open_run(out, *char_pr, body);
                    out.push_str(xml);
                    out.push_str("<hp:t/></hp:run>");
                }
            }
        }
        out.push_str("</hp:p>");
    }

    fn open_run(&mut self, out: &mut String, char_pr: usize, body: bool) {
        let _ = write!(out, r#"<hp:run charPrIDRef="{char_pr}">"#);
        if body {
            if let Some(prefix) = self.prefix.take() {
                out.push_str(&prefix);
            }
        }
    }

    fn table_xml(&mut self, out: &mut String, t: &Table) {
        let (id, z) = self.object_id();
        let width: i64 = t.widths.iter().sum();
        let height: i64 = t.row_heights.iter().sum();
        let inline = u8::from(t.inline);
        let _ = write!(
            out,
            concat!(
                r#"<hp:tbl id="{id}" zOrder="{z}" numberingType="TABLE" textWrap="TOP_AND_BOTTOM" "#,
                r#"textFlow="BOTH_SIDES" lock="0" dropcapstyle="None" pageBreak="{split}" "#,
                r#"repeatHeader="{repeat}" rowCnt="{rows}" colCnt="{cols}" cellSpacing="0" "#,
                r#"borderFillIDRef="{bf}" noAdjust="0">"#,
                r#"<hp:sz width="{width}" widthRelTo="ABSOLUTE" height="{height}" heightRelTo="ABSOLUTE" protect="0"/>"#,
                r#"<hp:pos treatAsChar="{inline}" affectLSpacing="0" flowWithText="1" allowOverlap="0" "#,
                r#"holdAnchorAndSO="0" vertRelTo="PARA" horzRelTo="COLUMN" vertAlign="TOP" "#,
                r#"horzAlign="{align}" vertOffset="0" horzOffset="{offset}"/>"#,
                r#"<hp:outMargin left="0" right="0" top="{mt}" bottom="{mb}"/>"#,
                r#"<hp:inMargin left="{px}" right="{px}" top="{py}" bottom="{py}"/>"#
            ),
            id = id,
            z = z,
            split = if t.split { "CELL" } else { "NONE" },
            repeat = u8::from(t.header_rows > 0),
            rows = t.rows.len(),
            cols = t.widths.len(),
            bf = t.border_fill,
            width = width,
            height = height,
            inline = inline,
            align = t.place.align,
            offset = t.place.offset,
            px = t.pad_x,
            py = t.pad_y,
            mt = t.out_margin[0],
            mb = t.out_margin[1],
        );
        for (r, row) in t.rows.iter().enumerate() {
            out.push_str("<hp:tr>");
            for c in row {
                let end_col = (c.col + c.colspan).min(t.widths.len());
                let w: i64 = t.widths[c.col..end_col].iter().sum();
                let end_row = (r + c.rowspan).min(t.row_heights.len());
                let h: i64 = t.row_heights[r..end_row].iter().sum();
                let [ml, mr, mt, mb] = c.margin.unwrap_or([t.pad_x, t.pad_x, t.pad_y, t.pad_y]);
                let _ = write!(
                    out,
                    concat!(
                        r#"<hp:tc name="" header="{header}" hasMargin="{own}" protect="0" editable="0" "#,
                        r#"dirty="0" borderFillIDRef="{bf}">"#,
                        r#"<hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="{va}" "#,
                        r#"linkListIDRef="0" linkListNextIDRef="0" textWidth="0" textHeight="0" "#,
                        r#"hasTextRef="0" hasNumRef="0">"#
                    ),
                    header = u8::from(r < t.header_rows),
                    own = u8::from(c.margin.is_some()),
                    bf = c.border_fill,
                    va = valign_name(c.valign),
                );
                for p in &c.paragraphs {
                    self.p(out, p, false);
                }
                let _ = write!(
                    out,
                    concat!(
                        "</hp:subList>",
                        r#"<hp:cellAddr colAddr="{col}" rowAddr="{row}"/>"#,
                        r#"<hp:cellSpan colSpan="{cs}" rowSpan="{rs}"/>"#,
                        r#"<hp:cellSz width="{w}" height="{h}"/>"#,
                        r#"<hp:cellMargin left="{ml}" right="{mr}" top="{mt}" bottom="{mb}"/>"#,
                        "</hp:tc>"
                    ),
                    col = c.col,
                    row = r,
                    cs = c.colspan,
                    rs = c.rowspan,
                    w = w,
                    h = h,
                    ml = ml,
                    mr = mr,
                    mt = mt,
                    mb = mb,
                );
            }
            out.push_str("</hp:tr>");
        }
        out.push_str("</hp:tbl>");
    }

    /// The paragraphs of the form's own header or footer blocks; a page break has no place
    /// there and is left out.
    fn running(&mut self, blocks: &[Block]) -> Result<Vec<Paragraph>, Error> {
        let mut out = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            if !matches!(b, Block::PageBreak) {
                out.extend(self.block(b, &blocks[i + 1..])?);
            }
        }
        Ok(out)
    }

    /// `hp:secPr`, the column control and the header/footer controls: the header holds the
    /// watermark's mark and the form's own header, the footer the form's own footer and
    /// ours.
    fn section_prefix(&mut self, doc: &Document) -> Result<String, Error> {
        let pg = self.page;
        let mut out = String::new();
        let _ = write!(
            out,
            concat!(
                r#"<hp:secPr id="" textDirection="HORIZONTAL" spaceColumns="1134" tabStop="8000" "#,
                r#"tabStopVal="4000" tabStopUnit="HWPUNIT" outlineShapeIDRef="1" memoShapeIDRef="0" "#,
                r#"textVerticalWidthHead="0" masterPageCnt="0">"#,
                r#"<hp:grid lineGrid="0" charGrid="0" wonggojiFormat="0"/>"#,
                r#"<hp:startNum pageStartsOn="BOTH" page="0" pic="0" tbl="0" equation="0"/>"#,
                r#"<hp:visibility hideFirstHeader="0" hideFirstFooter="0" hideFirstMasterPage="0" "#,
                r#"border="SHOW_ALL" fill="SHOW_ALL" hideFirstPageNum="0" hideFirstEmptyLine="0" showLineNumber="0"/>"#,
                r#"<hp:lineNumberShape restartType="0" countBy="0" distance="0" startNumber="0"/>"#,
                r#"<hp:pagePr landscape="{orient}" width="{w}" height="{h}" gutterType="LEFT_ONLY">"#,
                r#"<hp:margin header="{header}" footer="{footer}" gutter="0" left="{left}" right="{right}" "#,
                r#"top="{top}" bottom="{bottom}"/></hp:pagePr>"#,
                r#"<hp:footNotePr><hp:autoNumFormat type="DIGIT" userChar="" prefixChar="" suffixChar=")" supscript="0"/>"#,
                r##"<hp:noteLine length="-1" type="SOLID" width="0.12 mm" color="#000000"/>"##,
                r#"<hp:noteSpacing betweenNotes="283" belowLine="567" aboveLine="850"/>"#,
                r#"<hp:numbering type="CONTINUOUS" newNum="1"/><hp:placement place="EACH_COLUMN" beneathText="0"/>"#,
                "</hp:footNotePr>",
                r#"<hp:endNotePr><hp:autoNumFormat type="DIGIT" userChar="" prefixChar="" suffixChar=")" supscript="0"/>"#,
                r##"<hp:noteLine length="14692344" type="SOLID" width="0.12 mm" color="#000000"/>"##,
                r#"<hp:noteSpacing betweenNotes="0" belowLine="567" aboveLine="850"/>"#,
                r#"<hp:numbering type="CONTINUOUS" newNum="1"/><hp:placement place="END_OF_DOCUMENT" beneathText="0"/>"#,
                "</hp:endNotePr>"
            ),
            orient = if pg.landscape { "NARROWLY" } else { "WIDELY" },
            w = pg.width,
            h = pg.height,
            header = pg.header,
            footer = pg.footer,
            left = pg.left,
            right = pg.right,
            top = pg.top,
            bottom = pg.bottom,
        );
        for kind in ["BOTH", "EVEN", "ODD"] {
            let _ = write!(
                out,
                concat!(
                    r#"<hp:pageBorderFill type="{kind}" borderFillIDRef="{bf}" textBorder="PAPER" "#,
                    r#"headerInside="0" footerInside="0" fillArea="PAPER">"#,
                    r#"<hp:offset left="1417" right="1417" top="1417" bottom="1417"/></hp:pageBorderFill>"#
                ),
                kind = kind,
                bf = BF_PAGE
            );
        }
        out.push_str("</hp:secPr>");
        out.push_str(r#"<hp:ctrl><hp:colPr id="" type="NEWSPAPER" layout="LEFT" colCount="1" sameSz="1" sameGap="0"/></hp:ctrl>"#);
        let story = |out: &mut String, kind: &str, id: u32, valign: &str, height: i64| {
            let _ = write!(
                out,
                concat!(
                    r#"<hp:ctrl><hp:{kind} id="{id}" applyPageType="BOTH">"#,
                    r#"<hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="{va}" "#,
                    r#"linkListIDRef="0" linkListNextIDRef="0" textWidth="{w}" textHeight="{h}" "#,
                    r#"hasTextRef="0" hasNumRef="0">"#
                ),
                kind = kind,
                id = id,
                va = valign,
                w = pg.content_w,
                h = height,
            );
        };
        let mut header: Vec<Paragraph> = doc
            .watermark
            .as_deref()
            .map(|text| self.watermark_mark(text))
            .into_iter()
            .collect();
        header.extend(self.running(&doc.running.header)?);
        if !header.is_empty() {
            story(&mut out, "header", 1, "TOP", pg.header);
            for p in &header {
                self.p(&mut out, p, false);
            }
            out.push_str("</hp:subList></hp:header></hp:ctrl>");
        }
        let mut footer = self.running(&doc.running.footer)?;
        footer.push(self.footer(&doc.footer));
        story(&mut out, "footer", 2, "BOTTOM", pg.footer);
        for p in &footer {
            self.p(&mut out, p, false);
        }
        out.push_str("</hp:subList></hp:footer></hp:ctrl>");
        Ok(out)
    }

    /// The paragraphs of one block; `next` is the rest of the document after it.
    fn block(&mut self, b: &Block, next: &[Block]) -> Result<Vec<Paragraph>, Error> {
        Ok(match b {
            Block::Heading(h) => vec![self.heading(h)],
            // A signature stays on one page with the paragraph before it (the model's rule),
            // across any spacers in between.
            Block::Paragraph(p) if before_signature(next) => {
                let keep = model::Paragraph {
                    keep_with_next: true,
                    ..p.clone()
                };
                vec![self.paragraph(&keep, self.body())]
            }
            Block::Paragraph(p) => vec![self.paragraph(p, self.body())],
            Block::Table(t) => self.body_table(t)?,
            Block::Signature(s) => self.signature(s)?,
            Block::Image(img) => vec![self.image_block(img)?],
            Block::Spacer(mm) => {
                let mut p = self.spacer(*mm);
                if before_signature(next) {
                    let h = hwp(positive(*mm, 0.0).min(style::MAX_SPACER_MM)).max(1);
                    p.para_pr = self.shapes.para(ParaShape {
                        keep_next: true,
                        ..ParaShape::plain(LineSpacing::Fixed(h))
                    });
                }
                vec![p]
            }
            Block::PageBreak => {
                self.pending_break = true;
                Vec::new()
            }
        })
    }
}

/// Whether the next block that is not a spacer is a signature.
fn before_signature(next: &[Block]) -> bool {
    matches!(
        next.iter().find(|b| !matches!(b, Block::Spacer(_))),
        Some(Block::Signature(_))
    )
}

/// The footer's `n / N`: the page number and count as 한글's automatic numbers.
fn page_of_pages(char_pr: usize) -> Vec<Run> {
    vec![
        Run::Raw {
            char_pr,
            xml: auto_num("PAGE"),
            then_empty_text: false,
        },
        Run::Text {
            char_pr,
            text: style::PAGE_SEPARATOR.to_string(),
        },
        Run::Raw {
            char_pr,
            xml: auto_num("TOTAL_PAGE"),
            then_empty_text: false,
        },
    ]
}

/// A row of borderless cells `(col, colspan, paragraph)`.
fn invisible_row(cells: Vec<(usize, usize, Paragraph)>) -> Vec<Cell> {
    cells
        .into_iter()
        .map(|(col, colspan, p)| Cell {
            col,
            colspan,
            rowspan: 1,
            border_fill: BF_INVISIBLE,
            valign: VAlign::Middle,
            paragraphs: vec![p],
            margin: None,
        })
        .collect()
}

/// `Preview/PrvText.txt`: the text, one line per paragraph, a table row per line with each
/// cell as `<text>` (Hancom's preview format), CRLF line ends.
fn preview(doc: &Document) -> String {
    let mut lines: Vec<String> = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Heading(h) => lines.push(h.text()),
            Block::Paragraph(p) => lines.push(p.text()),
            Block::Table(t) => {
                for r in &t.rows {
                    lines.push(
                        r.cells
                            .iter()
                            .map(|c| format!("<{}>", c.text().replace('\n', " ")))
                            .collect(),
                    );
                }
            }
            Block::Signature(s) => {
                lines.push(s.date.clone());
                for p in &s.parties {
                    let words = [&p.caption, &p.org, &p.title, &p.name, &p.mark];
                    lines.push(
                        words
                            .iter()
                            .filter(|w| !w.is_empty())
                            .map(|w| w.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                }
                lines.push(s.addressee.clone());
            }
            Block::Image(_) | Block::Spacer(_) | Block::PageBreak => {}
        }
    }
    let mut out = String::new();
    for l in lines {
        out.push_str(&crate::xml::clean(&l).replace('\n', "\r\n"));
        out.push_str("\r\n");
    }
    out
}

/// Write the body of a document.
pub(crate) fn write(doc: &Document, shapes: &mut Shapes) -> Result<Body, Error> {
    let mut w = Writer {
        shapes,
        bin: BinData::default(),
        page: Page::new(doc),
        next_para_id: 0,
        next_object_id: 1_000_000_000,
        next_z: 0,
        prefix: None,
        pending_break: false,
        nesting: 0,
        spacing: formpack_doc::style::spacing(doc.density),
    };
    let prefix = w.section_prefix(doc)?;
    w.prefix = Some(prefix);
    let mut body = String::with_capacity(64 * 1024);
    for (i, b) in doc.blocks.iter().enumerate() {
        for p in w.block(b, &doc.blocks[i + 1..])? {
            w.p(&mut body, &p, true);
        }
    }
    // The section properties need a paragraph; so does a final page break.
    if w.prefix.is_some() || w.pending_break {
        let para_pr = w
            .shapes
            .para(ParaShape::plain(LineSpacing::Percent(style::BODY_LINE)));
        let empty_char = w.char(char_height(style::BODY_SIZE), Face::Serif, false, false);
        let p = Paragraph {
            para_pr,
            empty_char,
            runs: Vec::new(),
        };
        w.p(&mut body, &p, true);
    }
    let mut xml = String::with_capacity(body.len() + 1024);
    xml.push_str(DECLARATION);
    let _ = write!(xml, "<hs:sec {NAMESPACES}>");
    xml.push_str(&body);
    xml.push_str("</hs:sec>");
    Ok(Body {
        xml,
        images: w.bin.items,
        preview: preview(doc),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_margins_put_the_text_where_the_model_says() {
        let doc = Document::new("t");
        let p = Page::new(&doc);
        assert_eq!(p.width, 59528);
        assert!(!p.landscape);
        // 20 mm margins: 10 mm edge + 10 mm header/footer area.
        assert_eq!((p.top, p.header), (hwp(10.0), hwp(20.0) - hwp(10.0)));
        assert_eq!((p.bottom, p.footer), (hwp(10.0), hwp(20.0) - hwp(10.0)));
        assert_eq!(p.content_w, hwp(210.0) - 2 * hwp(20.0));
    }

    #[test]
    fn landscape_keeps_portrait_numbers() {
        let mut doc = Document::new("t");
        doc.page.width = 297.0;
        doc.page.height = 210.0;
        let p = Page::new(&doc);
        assert!(p.landscape);
        assert!(p.width < p.height);
    }

    #[test]
    fn preview_has_crlf_and_cells_in_brackets() {
        let mut doc = Document::new("t");
        doc.blocks
            .push(Block::Paragraph(model::Paragraph::plain("가\n나")));
        doc.blocks.push(Block::Table(model::Table {
            widths: vec![1.0, 1.0],
            rows: vec![formpack_doc::Row {
                cells: vec![
                    model::Cell {
                        paragraphs: vec![model::Paragraph::plain("a")],
                        ..model::Cell::default()
                    },
                    model::Cell {
                        paragraphs: vec![model::Paragraph::plain("b")],
                        ..model::Cell::default()
                    },
                ],
                ..Default::default()
            }],
            ..model::Table::default()
        }));
        assert_eq!(preview(&doc), "가\r\n나\r\n<a><b>\r\n");
    }
}
