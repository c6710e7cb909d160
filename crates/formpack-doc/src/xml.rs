//! The small XML language that templates render into, parsed into a [`Document`].
//!
//! ```xml
//! <document title="사업신청서" author="재단법인 한빛테크노파크">
//!   <h1>사업신청서</h1>
//!   <h2>1. 사업 개요</h2>
//!   <p align="justify" size="10.5" face="sans" indent="5" after="2" keep="true">text <b>bold</b> <u>line</u><br/>next line</p>
//!   <table widths="20,30,50" header="1" size="9.5">
//!     <tr><td shade="true" colspan="2" rowspan="1" align="center" valign="top">label</td><td>value</td></tr>
//!   </table>
//!   <signature date="2026. 3. 9." addressee="중소벤처기업부장관 귀하">
//!     <party caption="신청기관" org="대전광역시" title="시장" name="윤도현" mark="(직인)" seal="daejeon"/>
//!   </signature>
//!   <image src="key" width="30" height="30" align="center"/>
//!   <spacer mm="5"/>
//!   <pagebreak/>
//! </document>
//! ```
//! White space in text collapses to one space (as in HTML); `<br/>` is a hard line break,
//! kept in the run text as `\n`. A `<td>` holds either `<p>` elements or inline text.
//! Footer and draft state are set by the caller, not by templates.

use std::fmt;
use std::ops::RangeInclusive;

use crate::style::{Density, Spacing};
use crate::*;

/// A syntax or structure error, with the 1-based line and column in the XML text.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.col, self.message
        )
    }
}

impl std::error::Error for XmlError {}

/// Resolves an image key (`seal="daejeon"`, `src="logo"`) to image bytes.
pub type ImageResolver<'a> = &'a dyn Fn(&str) -> Option<Image>;

/// Parse a rendered template into a document. Unknown elements and attributes are errors, so
/// a typo in a template cannot silently drop content.
pub fn parse(text: &str, images: ImageResolver<'_>) -> Result<Document, XmlError> {
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        let p = e.pos();
        XmlError {
            line: p.row,
            col: p.col,
            message: e.to_string(),
        }
    })?;
    let mut p = Parser {
        doc: &doc,
        images,
        density: Density::Regular,
    };
    p.density = p.density(doc.root_element())?;
    p.document(doc.root_element())
}

struct Parser<'d, 'i> {
    doc: &'d roxmltree::Document<'d>,
    images: ImageResolver<'i>,
    /// The document's `density`, which sets the defaults of its paragraphs and cells.
    density: Density,
}

type Node<'a, 'b> = roxmltree::Node<'a, 'b>;

impl Parser<'_, '_> {
    fn err(&self, node: Node, message: impl Into<String>) -> XmlError {
        let p = self.doc.text_pos_at(node.range().start);
        XmlError {
            line: p.row,
            col: p.col,
            message: message.into(),
        }
    }

    fn check_attrs(&self, node: Node, allowed: &[&str]) -> Result<(), XmlError> {
        for a in node.attributes() {
            if !allowed.contains(&a.name()) {
                return Err(self.err(
                    node,
                    format!(
                        "unknown attribute `{}` on <{}>",
                        a.name(),
                        node.tag_name().name()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A number attribute within `range`: the ranges are far wider than any form needs
    /// (sizes in pt, lengths in mm) and keep a hand-edited template from asking the layout
    /// for millions of pages.
    fn num(
        &self,
        node: Node,
        name: &str,
        default: f32,
        range: RangeInclusive<f32>,
    ) -> Result<f32, XmlError> {
        match node.attribute(name) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<f32>()
                .ok()
                .filter(|x| x.is_finite() && range.contains(x))
                .ok_or_else(|| {
                    self.err(
                        node,
                        format!(
                            "`{name}` must be a number from {} to {}, not `{v}`",
                            range.start(),
                            range.end()
                        ),
                    )
                }),
        }
    }

    fn count(&self, node: Node, name: &str) -> Result<usize, XmlError> {
        match node.attribute(name) {
            None => Ok(1),
            Some(v) => v
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|x| (1..=1000).contains(x))
                .ok_or_else(|| {
                    self.err(
                        node,
                        format!("`{name}` must be a whole number from 1, not `{v}`"),
                    )
                }),
        }
    }

    fn flag(&self, node: Node, name: &str) -> Result<bool, XmlError> {
        match node.attribute(name) {
            None | Some("false") => Ok(false),
            Some("true") => Ok(true),
            Some(v) => Err(self.err(node, format!("`{name}` must be true or false, not `{v}`"))),
        }
    }

    fn align(&self, node: Node, default: Align) -> Result<Align, XmlError> {
        Ok(match node.attribute("align") {
            None => default,
            Some("left") => Align::Left,
            Some("center") => Align::Center,
            Some("right") => Align::Right,
            Some("justify") => Align::Justify,
            Some(v) => return Err(self.err(node, format!("unknown align `{v}`"))),
        })
    }

    fn face(&self, node: Node) -> Result<Option<Face>, XmlError> {
        Ok(match node.attribute("face") {
            None => None,
            Some("serif") => Some(Face::Serif),
            Some("sans") => Some(Face::Sans),
            Some(v) => return Err(self.err(node, format!("unknown face `{v}`"))),
        })
    }

    /// `density="regular"` (the default) or `"compact"` (a one-page form).
    fn density(&self, root: Node) -> Result<Density, XmlError> {
        Ok(match root.attribute("density") {
            None | Some("regular") => Density::Regular,
            Some("compact") => Density::Compact,
            Some(v) => return Err(self.err(root, format!("unknown density `{v}`"))),
        })
    }

    fn spacing(&self) -> Spacing {
        style::spacing(self.density)
    }

    fn document(&self, root: Node) -> Result<Document, XmlError> {
        if root.tag_name().name() != "document" {
            return Err(self.err(root, "the root element must be <document>"));
        }
        self.check_attrs(root, &["title", "author", "density"])?;
        let mut d = Document::new(root.attribute("title").unwrap_or_default());
        d.author = root.attribute("author").unwrap_or_default().to_string();
        d.density = self.density;
        if self.density == Density::Compact {
            d.page = PageSetup::compact();
        }
        for child in root.children() {
            if child.is_text() {
                if !child.text().unwrap_or_default().trim().is_empty() {
                    return Err(self.err(child, "text must be inside <p>, <h1>.. or <td>"));
                }
                continue;
            }
            if !child.is_element() {
                continue;
            }
            d.blocks.push(self.block(child)?);
        }
        Ok(d)
    }

    fn block(&self, n: Node) -> Result<Block, XmlError> {
        Ok(match n.tag_name().name() {
            "h1" | "h2" | "h3" => {
                self.check_attrs(n, &["align"])?;
                let level = n.tag_name().name()[1..].parse().unwrap_or(1);
                let default = if level == 1 {
                    Align::Center
                } else {
                    Align::Left
                };
                Block::Heading(Heading {
                    level,
                    align: self.align(n, default)?,
                    runs: self.runs(n)?,
                })
            }
            "p" => Block::Paragraph(self.paragraph(n, 10.5)?),
            "table" => Block::Table(self.table(n)?),
            "signature" => Block::Signature(self.signature(n)?),
            "image" => {
                self.check_attrs(n, &["src", "width", "height", "align"])?;
                let key = n.attribute("src").unwrap_or_default();
                let mut img =
                    (self.images)(key).ok_or_else(|| self.err(n, format!("no image `{key}`")))?;
                img.width = self.num(n, "width", img.width, LENGTH)?;
                img.height = self.num(n, "height", img.height, LENGTH)?;
                img.align = self.align(n, Align::Center)?;
                Block::Image(img)
            }
            "spacer" => {
                self.check_attrs(n, &["mm"])?;
                Block::Spacer(self.num(n, "mm", 5.0, LENGTH)?)
            }
            "pagebreak" => {
                self.check_attrs(n, &[])?;
                Block::PageBreak
            }
            other => return Err(self.err(n, format!("unknown element <{other}>"))),
        })
    }

    fn paragraph(&self, n: Node, default_size: f32) -> Result<Paragraph, XmlError> {
        self.check_attrs(n, &["align", "size", "face", "indent", "after", "keep"])?;
        Ok(Paragraph {
            runs: self.runs(n)?,
            align: self.align(n, Align::Left)?,
            size: self.num(n, "size", default_size, SIZE)?,
            face: self.face(n)?.unwrap_or_default(),
            indent: self.num(n, "indent", 0.0, LENGTH)?,
            space_after: self.num(n, "after", self.spacing().paragraph_after, LENGTH)?,
            keep_with_next: self.flag(n, "keep")?,
            ..Default::default()
        })
    }

    /// Inline content: text, `<b>`, `<u>`, `<span size= face=>`, `<br/>`, nested.
    fn runs(&self, n: Node) -> Result<Vec<Run>, XmlError> {
        let mut runs = Vec::new();
        self.inline(n, &Run::default(), &mut runs)?;
        // Collapse white space across run boundaries and trim the ends.
        let mut prev_space = true;
        for r in &mut runs {
            let mut s = String::with_capacity(r.text.len());
            for ch in r.text.chars() {
                if ch == BREAK_CHAR {
                    if s.ends_with(' ') {
                        s.pop();
                    }
                    s.push(ch);
                    prev_space = true;
                } else if ch.is_whitespace() {
                    if !prev_space {
                        s.push(' ');
                    }
                    prev_space = true;
                } else {
                    s.push(ch);
                    prev_space = false;
                }
            }
            r.text = s;
        }
        // Remove a trailing space.
        if let Some(last) = runs.iter_mut().rev().find(|r| !r.text.is_empty()) {
            if last.text.ends_with(' ') {
                last.text.pop();
            }
        }
        runs.retain(|r| !r.text.is_empty());
        for i in 1..runs.len() {
            if runs[i].text.starts_with(BREAK_CHAR) && runs[i - 1].text.ends_with(' ') {
                runs[i - 1].text.pop();
            }
        }
        for r in &mut runs {
            r.text = r.text.replace(BREAK, "\n");
        }
        Ok(merge(runs))
    }

    fn inline(&self, n: Node, style: &Run, out: &mut Vec<Run>) -> Result<(), XmlError> {
        for child in n.children() {
            if let Some(t) = child.text().filter(|_| child.is_text()) {
                out.push(Run {
                    text: t.to_string(),
                    ..style.clone()
                });
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let mut s = style.clone();
            match child.tag_name().name() {
                "b" => {
                    self.check_attrs(child, &[])?;
                    s.bold = true
                }
                "u" => {
                    self.check_attrs(child, &[])?;
                    s.underline = true
                }
                "span" => {
                    self.check_attrs(child, &["size", "face", "bold"])?;
                    if child.attribute("size").is_some() {
                        s.size = Some(self.num(child, "size", 10.5, SIZE)?);
                    }
                    if let Some(f) = self.face(child)? {
                        s.face = Some(f);
                    }
                    if self.flag(child, "bold")? {
                        s.bold = true;
                    }
                }
                "br" => {
                    self.check_attrs(child, &[])?;
                    out.push(Run {
                        text: BREAK.to_string(),
                        ..style.clone()
                    });
                    continue;
                }
                other => {
                    return Err(self.err(child, format!("<{other}> is not allowed inside text")))
                }
            }
            self.inline(child, &s, out)?;
        }
        Ok(())
    }

    fn table(&self, n: Node) -> Result<Table, XmlError> {
        self.check_attrs(n, &["widths", "header", "size"])?;
        let widths = match n.attribute("widths") {
            None => Vec::new(),
            Some(w) => w
                .split(',')
                .map(|x| {
                    x.trim()
                        .parse::<f32>()
                        .ok()
                        .filter(|v| *v > 0.0 && v.is_finite())
                })
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| self.err(n, format!("bad widths `{w}`")))?,
        };
        if widths.len() > MAX_COLUMNS {
            return Err(self.err(
                n,
                format!(
                    "a table may have at most {MAX_COLUMNS} columns, not {}",
                    widths.len()
                ),
            ));
        }
        let header_rows = match n.attribute("header") {
            None => 0,
            Some(v) => v
                .parse()
                .map_err(|_| self.err(n, format!("bad header `{v}`")))?,
        };
        let size = self.num(n, "size", 9.5, SIZE)?;
        let mut rows = Vec::new();
        for tr in n.children().filter(|c| c.is_element()) {
            if tr.tag_name().name() != "tr" {
                return Err(self.err(tr, "a <table> holds only <tr> rows"));
            }
            self.check_attrs(tr, &[])?;
            let mut cells = Vec::new();
            for td in tr.children().filter(|c| c.is_element()) {
                if td.tag_name().name() != "td" {
                    return Err(self.err(td, "a <tr> holds only <td> cells"));
                }
                cells.push(self.cell(td, size)?);
            }
            let spans: usize = cells.iter().map(|c| c.colspan).sum();
            if spans > MAX_COLUMNS {
                return Err(self.err(
                    tr,
                    format!("a row may span at most {MAX_COLUMNS} columns, not {spans}"),
                ));
            }
            rows.push(Row {
                cells,
                ..Default::default()
            });
        }
        let table = Table {
            widths,
            header_rows,
            rows,
            size,
            ..Default::default()
        };
        // Spans from the rows above can push a row further right: count the grid itself.
        let cols = table.grid().cols;
        if cols > MAX_COLUMNS {
            return Err(self.err(
                n,
                format!("a table may have at most {MAX_COLUMNS} columns, not {cols}"),
            ));
        }
        Ok(table)
    }

    fn cell(&self, td: Node, size: f32) -> Result<Cell, XmlError> {
        self.check_attrs(td, &["colspan", "rowspan", "shade", "align", "valign"])?;
        let shade = self.flag(td, "shade")?;
        let align = self.align(td, if shade { Align::Center } else { Align::Left })?;
        let valign = match td.attribute("valign") {
            None | Some("middle") => VAlign::Middle,
            Some("top") => VAlign::Top,
            Some("bottom") => VAlign::Bottom,
            Some(v) => return Err(self.err(td, format!("unknown valign `{v}`"))),
        };
        let has_p = td
            .children()
            .any(|c| c.is_element() && c.tag_name().name() == "p");
        let face = if shade { Face::Sans } else { Face::Serif };
        let paragraphs = if has_p {
            let mut ps = Vec::new();
            for c in td.children() {
                if c.is_element() && c.tag_name().name() == "p" {
                    let mut p = self.paragraph(c, size)?;
                    if c.attribute("align").is_none() {
                        p.align = align;
                    }
                    if c.attribute("face").is_none() {
                        p.face = face;
                    }
                    if c.attribute("after").is_none() {
                        p.space_after = 0.0;
                    }
                    ps.push(p);
                } else if c.is_element() || !c.text().unwrap_or_default().trim().is_empty() {
                    return Err(self.err(
                        c,
                        "a <td> holds either <p> paragraphs or inline text, not both",
                    ));
                }
            }
            ps
        } else {
            vec![Paragraph {
                runs: self.runs(td)?,
                align,
                size,
                face,
                space_after: 0.0,
                ..Paragraph::default()
            }]
        };
        Ok(Cell {
            paragraphs,
            colspan: self.count(td, "colspan")?,
            rowspan: self.count(td, "rowspan")?,
            shade,
            align,
            valign,
            padding: self.cell_padding(),
            ..Default::default()
        })
    }

    /// A compact document's cells set their tighter padding; a regular one's keep the table
    /// style's (`None`).
    fn cell_padding(&self) -> Option<Padding> {
        let sp = self.spacing();
        (self.density != Density::Regular).then_some(Padding {
            left: style::CELL_PADDING_X,
            right: style::CELL_PADDING_X,
            top: sp.cell_padding_y,
            bottom: sp.cell_padding_y,
        })
    }

    fn signature(&self, n: Node) -> Result<Signature, XmlError> {
        self.check_attrs(n, &["date", "addressee"])?;
        let mut parties = Vec::new();
        for c in n.children().filter(|c| c.is_element()) {
            if c.tag_name().name() != "party" {
                return Err(self.err(c, "a <signature> holds only <party> elements"));
            }
            self.check_attrs(c, &["caption", "org", "title", "name", "mark", "seal"])?;
            let a = |k: &str| c.attribute(k).unwrap_or_default().to_string();
            let seal = match c.attribute("seal").filter(|s| !s.is_empty()) {
                None => None,
                Some(key) => Some(
                    (self.images)(key)
                        .ok_or_else(|| self.err(c, format!("no seal image `{key}`")))?,
                ),
            };
            parties.push(Party {
                caption: a("caption"),
                org: a("org"),
                title: a("title"),
                name: a("name"),
                mark: a("mark"),
                seal,
            });
        }
        Ok(Signature {
            date: n.attribute("date").unwrap_or_default().to_string(),
            parties,
            addressee: n.attribute("addressee").unwrap_or_default().to_string(),
        })
    }
}

/// Columns of a table: an A4 page is 170 mm wide between its margins, so 64 columns are
/// under 3 mm each, and every form here has at most 8. Each backend writes every slot of the
/// grid, so a stray `colspan="300"` would otherwise multiply a table's size.
const MAX_COLUMNS: usize = 64;
/// Font sizes, in pt.
const SIZE: RangeInclusive<f32> = 1.0..=72.0;
/// Lengths (indents, spacing, image sides), in mm: an A4 page is 297 mm tall.
const LENGTH: RangeInclusive<f32> = 0.0..=300.0;

/// Placeholder for `<br/>` while white space is collapsed (a private-use character).
const BREAK: &str = "\u{E000}";
const BREAK_CHAR: char = '\u{E000}';

/// Merge neighbouring runs with the same style.
fn merge(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for r in runs {
        match out.last_mut() {
            Some(last)
                if last.bold == r.bold
                    && last.underline == r.underline
                    && last.size == r.size
                    && last.face == r.face =>
            {
                last.text.push_str(&r.text)
            }
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_images(_: &str) -> Option<Image> {
        None
    }

    #[test]
    fn a_compact_document_sets_its_page_paragraphs_and_cells() {
        let xml =
            r#"<document density="compact"><p>a</p><table><tr><td>b</td></tr></table></document>"#;
        let d = parse(xml, &no_images).unwrap();
        assert_eq!(d.density, Density::Compact);
        assert_eq!(d.page.margin_top, style::COMPACT_MARGIN);
        let Block::Paragraph(p) = &d.blocks[0] else {
            panic!()
        };
        assert_eq!(p.space_after, 1.5);
        let Block::Table(t) = &d.blocks[1] else {
            panic!()
        };
        assert_eq!(t.rows[0].cells[0].padding.unwrap().top, 0.5);
        let regular = parse("<document><p>a</p></document>", &no_images).unwrap();
        assert_eq!(regular.page, PageSetup::default());
        let bad = parse(r#"<document density="tight"/>"#, &no_images).unwrap_err();
        assert!(bad.message.contains("unknown density `tight`"), "{bad}");
    }

    #[test]
    fn parses_blocks_and_collapses_space() {
        let d = parse(
            r#"<document title="T" author="A">
  <h1>사업  신청서</h1>
  <p align="justify">첫 줄
     <b>굵게</b> 끝 <br/> 둘째 줄 </p>
  <table widths="1,2" header="1">
    <tr><td shade="true" colspan="2">구분</td></tr>
    <tr><td>국비</td><td align="right">6,300,000,000</td></tr>
  </table>
  <signature date="2026. 3. 9." addressee="중소벤처기업부장관 귀하">
    <party org="대전광역시" title="시장" name="윤도현" mark="(직인)"/>
  </signature>
  <pagebreak/>
</document>"#,
            &no_images,
        )
        .unwrap();
        assert_eq!(d.title, "T");
        assert_eq!(d.blocks.len(), 5);
        match &d.blocks[0] {
            Block::Heading(h) => {
                assert_eq!(h.text(), "사업 신청서");
                assert_eq!(h.align, Align::Center);
            }
            b => panic!("{b:?}"),
        }
        match &d.blocks[1] {
            Block::Paragraph(p) => {
                assert_eq!(p.text(), "첫 줄 굵게 끝\n둘째 줄");
                assert_eq!(p.runs.len(), 3);
                assert!(p.runs[1].bold);
                assert_eq!(p.align, Align::Justify);
            }
            b => panic!("{b:?}"),
        }
        match &d.blocks[2] {
            Block::Table(t) => {
                assert_eq!(t.header_rows, 1);
                assert_eq!(t.rows[0].cells[0].colspan, 2);
                assert!(t.rows[0].cells[0].shade);
                assert_eq!(t.rows[0].cells[0].paragraphs[0].face, Face::Sans);
                assert_eq!(t.rows[1].cells[1].align, Align::Right);
                assert_eq!(t.rows[1].cells[1].text(), "6,300,000,000");
            }
            b => panic!("{b:?}"),
        }
        match &d.blocks[3] {
            Block::Signature(s) => {
                assert_eq!(s.parties[0].name, "윤도현");
                assert_eq!(s.addressee, "중소벤처기업부장관 귀하");
            }
            b => panic!("{b:?}"),
        }
    }

    #[test]
    fn escaped_markup_stays_literal() {
        let d = parse(
            "<document><p>&lt;/p&gt;&lt;table&gt; {{x}} &amp; &quot;q&quot;</p></document>",
            &no_images,
        )
        .unwrap();
        assert_eq!(d.plain_text(), "</p><table> {{x}} & \"q\"\n");
    }

    #[test]
    fn errors_have_positions() {
        let e = parse("<document>\n  <para>x</para>\n</document>", &no_images).unwrap_err();
        assert_eq!((e.line, e.col), (2, 3));
        assert!(e.message.contains("<para>"));
        let e = parse("<document>\n<p>x</document>", &no_images).unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("<document><p bogus=\"1\">x</p></document>", &no_images).unwrap_err();
        assert!(e.message.contains("bogus"));
    }

    /// Found by the fuzzer: 147 tables of a 3.5 MB document each with a `colspan="300"` made
    /// grids of 300 columns, which every backend filled slot by slot (over 20 s).
    #[test]
    fn a_table_has_at_most_64_columns() {
        let row = |span: usize| format!("<tr><td colspan=\"{span}\">x</td><td>y</td></tr>");
        let table = |rows: &str| format!("<document><table>{rows}</table></document>");
        assert!(parse(&table(&row(63)), &no_images).is_ok());
        let e = parse(&table(&row(64)), &no_images).unwrap_err();
        assert!(
            e.message.contains("at most 64 columns, not 65"),
            "{}",
            e.message
        );
        // A span from the row above pushes the next row past the limit.
        let rows = "<tr><td rowspan=\"2\">a</td><td colspan=\"63\">b</td></tr>\
                    <tr><td colspan=\"63\">c</td><td>d</td></tr>";
        let e = parse(&table(rows), &no_images).unwrap_err();
        assert!(
            e.message.contains("at most 64 columns, not 65"),
            "{}",
            e.message
        );
        let widths = vec!["1"; 65].join(",");
        let e = parse(
            &format!("<document><table widths=\"{widths}\"></table></document>"),
            &no_images,
        )
        .unwrap_err();
        assert!(e.message.contains("not 65"), "{}", e.message);
    }

    #[test]
    fn numbers_out_of_their_range_are_errors() {
        for (xml, what) in [
            (
                "<p after=\"1e9\">x</p>",
                "`after` must be a number from 0 to 300, not `1e9`",
            ),
            (
                "<p size=\"0\">x</p>",
                "`size` must be a number from 1 to 72, not `0`",
            ),
            ("<spacer mm=\"-1\"/>", "`mm` must be a number from 0 to 300"),
            (
                "<table size=\"100\"><tr><td>x</td></tr></table>",
                "`size` must be",
            ),
        ] {
            let e = parse(&format!("<document>{xml}</document>"), &no_images).unwrap_err();
            assert!(e.message.contains(what), "{xml}: {}", e.message);
        }
        // The ends of each range are allowed.
        parse(
            "<document><p after=\"300\" size=\"72\" indent=\"0\">x</p><spacer mm=\"0\"/></document>",
            &no_images,
        )
        .unwrap();
    }
}
