//! What a run holds besides text: controls (header, footer, page number, page-number
//! fields), pictures, drawings and their text, form objects and the rest.

use formpack_doc::{Align, Block, Field, Paragraph, Run};
use roxmltree::Node;

use super::styles::{unit_mm, ParaShape};
use super::{picture, Object, Reader};
use crate::xml::{attr, kid, kids, local};

/// A control's contribution to the paragraph's text.
pub(super) struct ControlRun {
    pub text: String,
    pub field: Option<Field>,
}

impl Reader<'_> {
    /// A `hp:ctrl` child: the header and footer are kept for every page, the page-number
    /// position becomes a footer (or header) line, a page-number field a field run.
    pub(super) fn control(&mut self, k: Node) -> Option<ControlRun> {
        match local(k) {
            "header" | "footer" => {
                self.running_part(k);
                None
            }
            "pageNum" => {
                self.page_number(k);
                None
            }
            "autoNum" => {
                let field = match attr(k, "numType") {
                    Some("PAGE") => Field::Page,
                    Some("TOTAL_PAGE") => Field::Pages,
                    _ => return None,
                };
                Some(ControlRun {
                    text: "1".into(),
                    field: Some(field),
                })
            }
            _ => None,
        }
    }

    /// A header or footer applied to both or odd pages (the first one read of each).
    fn running_part(&mut self, k: Node) {
        if attr(k, "applyPageType") == Some("EVEN") {
            return;
        }
        let header = local(k) == "header";
        let taken = if header { &self.header } else { &self.footer };
        if !taken.is_empty() {
            return;
        }
        let Some(sub) = kid(k, "subList") else { return };
        let blocks = self.sub_blocks(sub);
        if header {
            self.header = blocks;
        } else {
            self.footer = blocks;
        }
    }

    /// The blocks of a sub-list's paragraphs (a header, a footer).
    fn sub_blocks(&mut self, sub: Node) -> Vec<Block> {
        let mut out = Vec::new();
        for p in kids(sub, "p") {
            let shape = self.styles.para(attr(p, "paraPrIDRef"));
            let (para, objects) = self.paragraph(p, &shape);
            out.extend(self.placed(para, objects, &shape));
        }
        out
    }

    /// `hp:pageNum`: the page number at a position of the page, with its side characters
    /// (`- 1 -`).
    fn page_number(&mut self, k: Node) {
        let pos = attr(k, "pos").unwrap_or("NONE");
        if pos == "NONE" {
            return;
        }
        let side = attr(k, "sideChar").unwrap_or("").trim();
        let align = if pos.contains("LEFT") {
            Align::Left
        } else if pos.contains("RIGHT") || pos.contains("SIDE") {
            Align::Right
        } else {
            Align::Center
        };
        let mut runs = vec![Run {
            text: "1".into(),
            field: Some(Field::Page),
            ..Run::default()
        }];
        if !side.is_empty() {
            runs.insert(0, Run::text(format!("{side} ")));
            runs.push(Run::text(format!(" {side}")));
        }
        let para = Block::Paragraph(Paragraph {
            runs,
            align,
            size: 10.0,
            space_after: 0.0,
            ..Paragraph::default()
        });
        // One page number: a later section's own position control repeats the first.
        if self.numbered {
            return;
        }
        if pos.starts_with("TOP") {
            self.header.push(para);
        } else {
            self.footer.push(para);
        }
        self.numbered = true;
    }

    /// An object in a run. Text an object shows in the line (a check box's caption) goes to
    /// `line`.
    pub(super) fn object(
        &mut self,
        c: Node,
        shape: &ParaShape,
        line: &mut dyn FnMut(String),
    ) -> Vec<Object> {
        match local(c) {
            "tbl" => vec![Object::Block(Block::Table(self.table(c, shape)))],
            "pic" => vec![self.pic(c, shape)],
            "rect" | "ellipse" | "arc" | "polygon" | "curve" | "line" | "connectLine" => {
                vec![drawing(c)]
            }
            "container" => c
                .children()
                .filter(|k| k.is_element())
                .flat_map(|k| self.object(k, shape, line))
                .collect(),
            "textart" => vec![match attr(c, "text").filter(|t| !t.trim().is_empty()) {
                Some(t) => Object::Text(t.to_string(), "글맵시"),
                None => Object::Left("글맵시"),
            }],
            "equation" => vec![Object::Left("수식")],
            "ole" => vec![Object::Left("OLE 개체(차트 등)")],
            "chart" => vec![Object::Left("차트")],
            "video" => vec![Object::Left("동영상")],
            "compose" => vec![Object::Left("글자 겹치기")],
            "checkBtn" | "radioBtn" => {
                let on = attr(c, "value") == Some("CHECKED");
                let mark = if on { "☑" } else { "☐" };
                let caption = attr(c, "caption").unwrap_or("");
                line(format!("{mark}{caption}"));
                Vec::new()
            }
            "dutmal" => {
                if let Some(t) = kid(c, "mainText").and_then(|m| m.text()) {
                    line(t.to_string());
                }
                Vec::new()
            }
            "btn" | "comboBox" | "listBox" | "edit" | "scrollBar" => {
                vec![Object::Left("양식 개체")]
            }
            _ => Vec::new(),
        }
    }

    /// A picture: a block of its own when the package holds it as PNG or JPEG.
    fn pic(&mut self, c: Node, shape: &ParaShape) -> Object {
        let id = c
            .descendants()
            .find(|n| local(*n) == "img")
            .and_then(|i| attr(i, "binaryItemIDRef"));
        let size = kid(c, "curSz").or_else(|| kid(c, "sz"));
        let (w, h) = size.map_or((0.0, 0.0), |s| (unit_mm(s, "width"), unit_mm(s, "height")));
        match id.and_then(|id| picture(&self.images, id, w, h)) {
            Some(mut img) if w > 0.5 && h > 0.5 => {
                img.align = shape.align;
                Object::Block(Block::Image(img))
            }
            _ => Object::Left("그림"),
        }
    }
}

/// A drawing: the text of its text box, or nothing.
fn drawing(c: Node) -> Object {
    let text: Vec<String> = c
        .descendants()
        .filter(|n| local(*n) == "drawText")
        .filter_map(|d| kid(d, "subList"))
        .flat_map(|s| kids(s, "p"))
        .map(crate::hwpx::para_text)
        .filter(|t| !t.trim().is_empty())
        .collect();
    if text.is_empty() {
        Object::Left("그리기 개체")
    } else {
        Object::Text(text.join("\n"), "글상자")
    }
}
