//! A `w:p`: its properties through styles and lists, its runs (text, tabs, breaks, symbols,
//! fields, legacy form fields, content controls), and the page breaks and objects in it.

use formpack_doc::style::Rgb;
use formpack_doc::{Block, Face, Field, LineSpacing, Paragraph, Run};
use roxmltree::Node;

use super::props::{on, ParaProps, RunProps, SINGLE};
use super::{Layers, Reader};
use crate::read::face_of;
use crate::xml::{attr, kid, kids, local};

/// What a paragraph holds so far: runs and page breaks, and the blocks that follow it.
pub(super) struct Walk<'p> {
    items: Vec<Item>,
    /// Images and text boxes, drawn after the paragraph.
    pub after: Vec<Block>,
    /// Complex fields open at this point, outermost first.
    fields: Vec<Open<'p>>,
    /// The paragraph's own size and face: runs state theirs only where they differ.
    size: f32,
    face: Face,
    /// The paragraph's run properties (before any run's own).
    pub base: RunProps,
    /// Inside a table cell: page breaks do nothing there.
    pub in_cell: bool,
}

enum Item {
    Run(Run),
    PageBreak,
}

/// A complex field being read.
struct Open<'p> {
    instr: String,
    /// Past its `separate`: its runs are its result.
    result: bool,
    /// The begin run's `w:ffData` (a legacy form field).
    ff: Option<Node<'p, 'p>>,
    /// The begin run's properties.
    props: RunProps,
    /// A page-number field's result, gathered to be one run.
    text: String,
}

impl Open<'_> {
    fn code(&self) -> String {
        code(&self.instr)
    }

    /// Its result is not drawn as it stands: a page number becomes one field run, a check box
    /// or drop-down its state.
    fn absorbs(&self) -> bool {
        matches!(
            self.code().as_str(),
            "PAGE" | "NUMPAGES" | "SECTIONPAGES" | "FORMCHECKBOX" | "FORMDROPDOWN"
        )
    }
}

/// A field instruction's code, upper case (`PAGE`, `FORMTEXT`, `HYPERLINK`).
fn code(instr: &str) -> String {
    instr
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_start_matches('\\')
        .to_ascii_uppercase()
}

/// Hangul, CJK ideographs, kana and full-width forms: the text a run's East Asian face draws.
fn is_east(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3000..=0x30FF | 0x3130..=0x318F | 0x3200..=0x9FFF
        | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

impl<'p> Walk<'p> {
    pub(super) fn new(base: RunProps, in_cell: bool) -> Walk<'p> {
        Walk {
            items: Vec::new(),
            after: Vec::new(),
            fields: Vec::new(),
            size: base.size,
            face: face_of(&base.east),
            base,
            in_cell,
        }
    }

    /// A field's instruction is being read: nothing shows.
    fn in_instruction(&self) -> bool {
        self.fields.iter().any(|f| !f.result)
    }

    /// Add text in `props`, unless hidden or inside a field's instruction; inside a page
    /// number, check box or drop-down field it is that field's.
    pub(super) fn text(&mut self, text: &str, props: &RunProps) {
        if text.is_empty() || props.hidden || self.in_instruction() {
            return;
        }
        if let Some(f) = self.fields.iter_mut().rev().find(|f| f.absorbs()) {
            f.text.push_str(text);
            return;
        }
        self.push(text, props, None);
    }

    /// Add a run, joined to the one before when it looks the same.
    fn push(&mut self, text: &str, props: &RunProps, field: Option<Field>) {
        let run = self.run(text, props, field);
        if let Some(Item::Run(last)) = self.items.last_mut() {
            let same = Run {
                text: last.text.clone(),
                ..run.clone()
            };
            if field.is_none() && last.field.is_none() && *last == same {
                last.text.push_str(&run.text);
                return;
            }
        }
        self.items.push(Item::Run(run));
    }

    fn run(&self, text: &str, props: &RunProps, field: Option<Field>) -> Run {
        let name = if text.chars().any(is_east) {
            &props.east
        } else {
            &props.latin
        };
        let face = face_of(name);
        let size = props.drawn_size();
        Run {
            text: if props.caps {
                text.to_uppercase()
            } else {
                text.to_string()
            },
            bold: props.bold,
            underline: props.underline,
            size: (size != self.size).then_some(size),
            face: (face != self.face).then_some(face),
            color: props.color.filter(|c| *c != Rgb::BLACK),
            scale: (props.scale != 1.0).then_some(props.scale),
            tracking: (props.spacing != 0.0).then(|| props.spacing / size.max(1.0)),
            field,
            // Word sets a space as wide as the font's own.
            space_width: None,
            full_width: None,
        }
    }

    fn page_break(&mut self) {
        if !self.in_cell && !self.in_instruction() {
            self.items.push(Item::PageBreak);
        }
    }

    /// `w:fldChar`: a field begins, reaches its result, or ends.
    fn field_char(&mut self, c: Node<'p, 'p>, props: &RunProps) {
        match attr(c, "fldCharType") {
            Some("begin") => self.fields.push(Open {
                instr: String::new(),
                result: false,
                ff: kid(c, "ffData"),
                props: props.clone(),
                text: String::new(),
            }),
            Some("separate") => {
                if let Some(f) = self.fields.last_mut() {
                    f.result = true;
                }
            }
            Some("end") => {
                if let Some(f) = self.fields.pop() {
                    self.close(f);
                }
            }
            _ => {}
        }
    }

    /// `w:instrText`.
    fn instruction(&mut self, text: &str) {
        if let Some(f) = self.fields.last_mut().filter(|f| !f.result) {
            f.instr.push_str(text);
        }
    }

    /// A field ends: a page number becomes a field run with its cached result, a legacy check
    /// box its glyph, a drop-down its chosen entry. Other fields showed their result already.
    fn close(&mut self, f: Open<'p>) {
        let (text, field) = match f.code().as_str() {
            "PAGE" => (f.text, Some(Field::Page)),
            "NUMPAGES" | "SECTIONPAGES" => (f.text, Some(Field::Pages)),
            "FORMCHECKBOX" => (check_glyph(f.ff).to_string(), None),
            "FORMDROPDOWN" => (dropdown(f.ff), None),
            _ => return,
        };
        if f.props.hidden || self.in_instruction() {
            return;
        }
        if field.is_none() {
            self.text(&text, &f.props);
            return;
        }
        if let Some(outer) = self.fields.iter_mut().rev().find(|o| o.absorbs()) {
            outer.text.push_str(&text);
            return;
        }
        self.push(&text, &f.props, field);
    }

    /// Open a `w:fldSimple` (its runs are its result).
    fn simple_begin(&mut self, instr: &str, props: &RunProps) {
        self.fields.push(Open {
            instr: instr.to_string(),
            result: true,
            ff: None,
            props: props.clone(),
            text: String::new(),
        });
    }

    fn simple_end(&mut self) {
        if let Some(f) = self.fields.pop() {
            self.close(f);
        }
    }

    /// Whether any run has text.
    fn has_text(&self) -> bool {
        self.items
            .iter()
            .any(|i| matches!(i, Item::Run(r) if !r.text.is_empty() || r.field.is_some()))
    }
}

/// A legacy check box's glyph: `w:checked` (no value: checked), else `w:default`.
fn check_glyph(ff: Option<Node>) -> char {
    let Some(cb) = ff.and_then(|d| kid(d, "checkBox")) else {
        return '☐';
    };
    let set = match kid(cb, "checked") {
        Some(c) => on(c),
        None => kid(cb, "default").is_some_and(on),
    };
    if set {
        '☑'
    } else {
        '☐'
    }
}

/// A legacy drop-down's chosen entry (`w:result`, else `w:default`, else the first).
fn dropdown(ff: Option<Node>) -> String {
    let Some(dd) = ff.and_then(|d| kid(d, "ddList")) else {
        return String::new();
    };
    let index = |name: &str| {
        kid(dd, name)
            .and_then(|n| attr(n, "val"))
            .and_then(|v| v.trim().parse::<usize>().ok())
    };
    let at = index("result").or_else(|| index("default")).unwrap_or(0);
    kids(dd, "listEntry")
        .nth(at)
        .and_then(|e| attr(e, "val"))
        .unwrap_or("")
        .to_string()
}

/// A `w:sym`'s character: itself, or for the symbol fonts' check boxes and bullets the
/// Unicode character they draw; `None` for other symbol-font characters.
fn symbol(s: Node) -> Option<char> {
    let code = u32::from_str_radix(attr(s, "char")?.trim(), 16).ok()?;
    let font = attr(s, "font").unwrap_or("").to_ascii_lowercase();
    let low = code & 0xFF;
    let private = (0xE000..=0xF8FF).contains(&code) || (font.contains("wingdings") && code < 0x100);
    if !private {
        return char::from_u32(code).filter(|c| !c.is_control());
    }
    let c = if font.contains("wingdings 2") {
        match low {
            0x52 => '☑',
            0x54 | 0x53 => '☒',
            0xA3 | 0x2A | 0xA2 => '☐',
            0x50 => '✓',
            0x4F => '✗',
            _ => return None,
        }
    } else if font.contains("wingdings") {
        match low {
            0x6F | 0xA8 | 0x71 | 0x72 => '☐',
            0xFE => '☑',
            0xFD => '☒',
            0xFC => '✓',
            0xFB => '✗',
            0x6E => '■',
            0x6C => '●',
            0xA1 => '○',
            0x9F | 0xB7 => '•',
            0xA7 => '▪',
            0xD8 => '➢',
            _ => return None,
        }
    } else {
        match low {
            0xB7 => '•',
            0xD6 => '√',
            _ => return None,
        }
    };
    Some(c)
}

impl<'c, 'p> Reader<'c, 'p> {
    /// A paragraph: its blocks (split at page breaks), then its objects.
    pub(super) fn paragraph(&mut self, p: Node<'p, 'p>, layers: &Layers<'p>, out: &mut Vec<Block>) {
        let in_cell = self.in_cell();
        let (pp, base, label) = self.para_props(p, layers);
        let mut w = Walk::new(base, in_cell);
        if let Some((text, props)) = label {
            w.text(&text, &props);
        }
        self.inline(p, &mut w);
        let mark = self.mark(p, &w.base);
        if mark.hidden && !w.has_text() && w.after.is_empty() {
            // A hidden paragraph mark with nothing visible: Word shows no line.
            return;
        }
        let pp = self.on_grid(pp);
        finish(pp, w, mark.size, out);
        if self.body && !in_cell {
            if let Some(b) = self.section_break(p) {
                out.push(b);
            }
        }
    }

    /// Whether this reader is inside a table (the cell's layers may be empty).
    fn in_cell(&self) -> bool {
        self.cell_depth > 0
    }

    /// The paragraph's properties: defaults, the table style's layers, its style, its list
    /// level's, its own; its run properties; and its list label with the label's properties.
    #[allow(clippy::type_complexity)]
    fn para_props(
        &mut self,
        p: Node<'p, 'p>,
        layers: &Layers<'p>,
    ) -> (ParaProps, RunProps, Option<(String, RunProps)>) {
        let styles = &self.ctx.styles;
        let theme = &styles.theme;
        let ppr = kid(p, "pPr");
        let (mut pp, mut rp) = styles.defaults();
        for (lp, lr) in layers {
            if let Some(n) = lp {
                pp.apply(*n);
            }
            if let Some(n) = lr {
                rp.apply(*n, theme);
            }
        }
        let style = ppr
            .and_then(|x| kid(x, "pStyle"))
            .and_then(|s| attr(s, "val"));
        styles.apply_paragraph(style, &mut pp, &mut rp);
        let mut own = pp.clone();
        if let Some(x) = ppr {
            own.apply(x);
        }
        let mut label = None;
        if let Some((id, ilvl)) = own.num.clone().filter(|(id, _)| id != "0") {
            let level = self.st.numbering.level(&id, ilvl);
            if let Some(lp) = level.and_then(|l| kid(l.node, "pPr")) {
                pp.apply(lp);
            }
            if let Some(text) = self.st.numbering.next_label(&id, ilvl) {
                let mut lr = rp.clone();
                if let Some(m) = ppr.and_then(|x| kid(x, "rPr")) {
                    lr.apply(m, theme);
                }
                if let Some(r) = level.and_then(|l| kid(l.node, "rPr")) {
                    lr.apply(r, theme);
                }
                lr.hidden = false;
                label = Some((text, lr));
            }
        }
        if let Some(x) = ppr {
            pp.apply(x);
        }
        (pp, rp, label)
    }

    /// Lines snapped to the document grid: a multiple of "single" is that many grid lines
    /// (more where the text is taller).
    fn on_grid(&self, mut pp: ParaProps) -> ParaProps {
        if let (Some(pitch), LineSpacing::Factor(f), true) = (self.ctx.grid, pp.line, pp.snap) {
            pp.line = LineSpacing::AtLeast(pitch * f / SINGLE);
        }
        pp
    }

    /// The paragraph mark's properties (`w:pPr/w:rPr`): its size is an empty paragraph's
    /// line height; hidden, an empty paragraph takes no line.
    fn mark(&self, p: Node, base: &RunProps) -> RunProps {
        let mut m = base.clone();
        if let Some(r) = kid(p, "pPr").and_then(|x| kid(x, "rPr")) {
            m.apply(r, &self.ctx.styles.theme);
        }
        m
    }

    /// A page break after a paragraph that ends a section starting on a new page.
    fn section_break(&self, p: Node<'p, 'p>) -> Option<Block> {
        let s = kid(p, "pPr").and_then(|x| kid(x, "sectPr"))?;
        let at = self.ctx.sections.iter().position(|n| *n == s)?;
        let next = self.ctx.sections.get(at + 1)?;
        let kind = kid(*next, "type").and_then(|t| attr(t, "val"));
        (kind != Some("continuous")).then_some(Block::PageBreak)
    }

    /// The inline content of a paragraph or of a container inside it.
    fn inline(&mut self, holder: Node<'p, 'p>, w: &mut Walk<'p>) {
        if self.depth >= super::DEPTH {
            return;
        }
        self.depth += 1;
        for c in holder.children().filter(|c| c.is_element()) {
            match local(c) {
                "r" => self.run(c, w),
                "hyperlink" | "smartTag" | "ins" | "moveTo" | "customXml" | "dir" | "bdo" => {
                    self.inline(c, w)
                }
                "sdt" => {
                    if let Some(content) = kid(c, "sdtContent") {
                        self.inline(content, w);
                    }
                }
                "fldSimple" => {
                    let base = w.base.clone();
                    w.simple_begin(attr(c, "instr").unwrap_or(""), &base);
                    self.inline(c, w);
                    w.simple_end();
                }
                "oMath" | "oMathPara" => self.math(c, w),
                "AlternateContent" => {
                    if let Some(choice) = alternate(c) {
                        self.inline(choice, w);
                    }
                }
                _ => {}
            }
        }
        self.depth -= 1;
    }

    /// A run's properties: the paragraph's, its character style's, its own.
    fn run_props(&self, r: Node, w: &Walk) -> RunProps {
        let mut props = w.base.clone();
        let rpr = kid(r, "rPr");
        let style = rpr
            .and_then(|x| kid(x, "rStyle"))
            .and_then(|s| attr(s, "val"));
        self.ctx.styles.apply_character(style, &mut props);
        if let Some(x) = rpr {
            props.apply(x, &self.ctx.styles.theme);
        }
        props
    }

    /// A `w:r`.
    fn run(&mut self, r: Node<'p, 'p>, w: &mut Walk<'p>) {
        let props = self.run_props(r, w);
        for c in r.children().filter(|c| c.is_element()) {
            self.run_content(c, &props, w);
        }
    }

    fn run_content(&mut self, c: Node<'p, 'p>, props: &RunProps, w: &mut Walk<'p>) {
        match local(c) {
            "t" => w.text(c.text().unwrap_or(""), props),
            "tab" | "ptab" => w.text("\t", props),
            "br" => match attr(c, "type") {
                Some("page") if !props.hidden => w.page_break(),
                Some("page") => {}
                _ => w.text("\n", props),
            },
            "cr" => w.text("\n", props),
            "noBreakHyphen" => w.text("-", props),
            "sym" => {
                if let Some(ch) = symbol(c) {
                    w.text(ch.encode_utf8(&mut [0; 4]), props);
                }
            }
            "fldChar" => w.field_char(c, props),
            "instrText" => w.instruction(c.text().unwrap_or("")),
            "pgNum" if !props.hidden && !w.in_instruction() => {
                w.push("1", props, Some(Field::Page));
            }
            "drawing" if !props.hidden => self.drawing(c, w),
            "pict" | "object" if !props.hidden => self.vml(c, w),
            "AlternateContent" => {
                if let Some(choice) = alternate(c) {
                    for k in choice.children().filter(|k| k.is_element()) {
                        self.run_content(k, props, w);
                    }
                }
            }
            "footnoteReference" if self.body => {
                if let Some(id) = attr(c, "id") {
                    self.st.notes.push((id.to_string(), self.block));
                }
            }
            _ => {}
        }
    }

    /// An equation: its text, and a note that it was not drawn as one.
    fn math(&mut self, m: Node<'p, 'p>, w: &mut Walk<'p>) {
        let text: String = m
            .descendants()
            .filter(|d| local(*d) == "t")
            .filter_map(|d| d.text())
            .collect();
        let base = w.base.clone();
        w.text(&text, &base);
        self.omit("수식", !text.is_empty());
    }
}

/// The branch of an `mc:AlternateContent` to read: the first choice (Word's own markup), else
/// the fallback.
fn alternate<'p>(ac: Node<'p, 'p>) -> Option<Node<'p, 'p>> {
    kid(ac, "Choice").or_else(|| kid(ac, "Fallback"))
}

/// The paragraph's blocks: a page break before it if asked, its runs as paragraphs split at
/// page breaks, then its objects. A paragraph that holds only objects is those objects.
fn finish(pp: ParaProps, w: Walk, mark: f32, out: &mut Vec<Block>) {
    if pp.break_before && !w.in_cell {
        out.push(Block::PageBreak);
    }
    let has_text = w.has_text();
    let size = if has_text { w.size } else { mark };
    let make = |runs: Vec<Run>, first: bool| Paragraph {
        runs,
        align: pp.align,
        size,
        face: w.face,
        indent: pp.left,
        space_after: pp.after,
        keep_with_next: pp.keep_next,
        space_before: if first { pp.before } else { 0.0 },
        indent_right: pp.right,
        first_line: pp.first_line,
        line_spacing: Some(pp.line),
        // Word keeps Korean words whole by default.
        break_words: false,
        widow_control: pp.widow_control,
    };
    let only_objects = !has_text && !w.after.is_empty();
    let mut runs = Vec::new();
    let mut first = true;
    for item in w.items {
        match item {
            Item::Run(r) => runs.push(r),
            Item::PageBreak => {
                if !only_objects {
                    out.push(Block::Paragraph(make(std::mem::take(&mut runs), first)));
                }
                out.push(Block::PageBreak);
                first = false;
            }
        }
    }
    if !only_objects {
        out.push(Block::Paragraph(make(runs, first)));
    }
    for mut b in w.after {
        if let Block::Image(i) = &mut b {
            i.align = pp.align;
        }
        out.push(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(src: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(src).unwrap()
    }

    #[test]
    fn symbols_and_legacy_boxes() {
        let d = node(r#"<s xmlns:w="w" w:font="Wingdings" w:char="F0FE"/>"#);
        assert_eq!(symbol(d.root_element()), Some('☑'));
        let d = node(r#"<s xmlns:w="w" w:font="Symbol" w:char="F041"/>"#);
        assert_eq!(symbol(d.root_element()), None);
        let d = node(r#"<s xmlns:w="w" w:font="Arial" w:char="2192"/>"#);
        assert_eq!(symbol(d.root_element()), Some('→'));
        let d = node(r#"<s xmlns:w="w" w:char="zz"/>"#);
        assert_eq!(symbol(d.root_element()), None);
        let d = node(
            r#"<f xmlns:w="w"><w:checkBox><w:default w:val="0"/><w:checked/></w:checkBox></f>"#,
        );
        assert_eq!(check_glyph(Some(d.root_element())), '☑');
        let d = node(r#"<f xmlns:w="w"><w:ddList><w:result w:val="9"/></w:ddList></f>"#);
        assert_eq!(dropdown(Some(d.root_element())), "");
    }
}
