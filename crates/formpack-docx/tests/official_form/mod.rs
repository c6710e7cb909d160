//! The model's fields for an official form read back (`common::official`), as Word writes
//! them: each attribute and value, then python-docx reading the file back.

use std::process::Command;

use roxmltree::Node;

mod pictures;

use crate::common::official::{deeply_nested, official_form, unusable_values};
use crate::common::{part, parts, rich, seal_png, W};

fn form_bytes() -> Vec<u8> {
    formpack_docx::render(&official_form(seal_png())).expect("renders")
}

/// The first `w:p` whose text starts with `start`.
fn para<'a, 'i>(doc: &'a roxmltree::Document<'i>, start: &str) -> Node<'a, 'i> {
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .find(|p| {
            let text: String = p
                .descendants()
                .filter(|n| n.has_tag_name((W, "t")))
                .filter_map(|n| n.text())
                .collect();
            text.starts_with(start)
        })
        .unwrap_or_else(|| panic!("no paragraph {start}"))
}

/// The `w:`-named child of `node`.
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Node<'a, 'i> {
    node.children()
        .find(|n| n.has_tag_name((W, name)))
        .unwrap_or_else(|| panic!("no w:{name} in <{}>", node.tag_name().name()))
}

/// `(name, value)` of every `w:` attribute of `node`, in order.
fn attrs<'a>(node: Node<'a, '_>) -> Vec<(&'a str, &'a str)> {
    node.attributes()
        .filter(|a| a.namespace() == Some(W))
        .map(|a| (a.name(), a.value()))
        .collect()
}

/// `w:val` of each child of `node`, by tag name.
fn vals<'a>(node: Node<'a, '_>) -> Vec<(&'a str, &'a str)> {
    node.children()
        .filter(|n| n.is_element())
        .map(|n| (n.tag_name().name(), n.attribute((W, "val")).unwrap_or("")))
        .collect()
}

#[test]
fn paragraph_spacing_indents_and_line_rules() {
    let xml = part(&form_bytes(), "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let ppr = |start: &str| child(para(&doc, start), "pPr");
    // 3 mm before, 2 mm after, 1.6 lines; 10 mm left, 5 mm right, a 4 mm hanging first line.
    let first = ppr("장평과 자간");
    assert_eq!(
        attrs(child(first, "spacing")),
        [
            ("before", "170"),
            ("after", "113"),
            ("line", "384"),
            ("lineRule", "auto")
        ]
    );
    assert_eq!(
        attrs(child(first, "ind")),
        [("left", "567"), ("right", "283"), ("hanging", "227")]
    );
    // A 3.5 mm first line; exactly 6 mm lines.
    let second = ppr("들여쓰기");
    assert_eq!(attrs(child(second, "ind")), [("firstLine", "198")]);
    assert_eq!(
        attrs(child(second, "spacing")),
        [
            ("before", "0"),
            ("after", "113"),
            ("line", "340"),
            ("lineRule", "exact")
        ]
    );
    // At least 5 mm.
    let third = child(ppr("본문 쪽"), "spacing");
    assert_eq!(third.attribute((W, "line")), Some("283"));
    assert_eq!(third.attribute((W, "lineRule")), Some("atLeast"));
}

#[test]
fn run_colour_scale_tracking_and_fields() {
    let xml = part(&form_bytes(), "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let run = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "t")) && n.text() == Some("장평과 자간"))
        .unwrap()
        .parent()
        .unwrap();
    // Colour, 자간 (-0.1 × 10.5 pt = -21 twips), 장평 90 %, in the schema's order.
    assert_eq!(
        vals(child(run, "rPr")),
        [
            ("b", ""),
            ("bCs", ""),
            ("color", "123456"),
            ("spacing", "-21"),
            ("w", "90"),
            ("sz", "21"),
            ("szCs", "21")
        ]
    );
    // The plain run next to it has none of them.
    let plain = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "t")) && n.text() == Some(" 내어쓰기 문단"))
        .unwrap()
        .parent()
        .unwrap();
    assert_eq!(vals(child(plain, "rPr")), [("sz", "21"), ("szCs", "21")]);
    // A page field in the body: a simple field around the placeholder run.
    let field = child(para(&doc, "본문 쪽"), "fldSimple");
    assert_eq!(field.attribute((W, "instr")), Some("PAGE"));
    assert_eq!(
        field
            .descendants()
            .find(|n| n.has_tag_name((W, "t")))
            .and_then(|t| t.text()),
        Some("1")
    );
}

/// The `w:tbl`s of the body.
fn tables<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .collect()
}

#[test]
fn table_width_placement_and_row_heights() {
    let xml = part(&form_bytes(), "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let t = tables(&doc);
    let pr = |i: usize| child(t[i], "tblPr");
    // 120 mm centred, its columns 1 : 2 : 1 of it.
    assert_eq!(
        attrs(child(pr(0), "tblW")),
        [("w", "6803"), ("type", "dxa")]
    );
    assert_eq!(child(pr(0), "jc").attribute((W, "val")), Some("center"));
    assert!(!pr(0).children().any(|n| n.has_tag_name((W, "tblInd"))));
    let grid: Vec<&str> = child(t[0], "tblGrid")
        .children()
        .filter_map(|n| n.attribute((W, "w")))
        .collect();
    assert_eq!(grid, ["1700", "3401", "1702"]);
    let rows: Vec<_> = t[0]
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .collect();
    assert_eq!(
        attrs(child(child(rows[0], "trPr"), "trHeight")),
        [("val", "680"), ("hRule", "atLeast")]
    );
    // A data row without a height moves whole to the next page, as in the PDF.
    let tr_pr: Vec<_> = child(rows[1], "trPr")
        .children()
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(tr_pr, ["cantSplit"]);
    // 100 mm at the left, 8 mm in; its one row at least 8 mm.
    assert_eq!(child(pr(1), "jc").attribute((W, "val")), Some("left"));
    assert_eq!(
        attrs(child(pr(1), "tblInd")),
        [("w", "454"), ("type", "dxa")]
    );
    assert!(xml.contains(r#"<w:trHeight w:val="454" w:hRule="atLeast"/>"#));
    // 60 mm at the right.
    assert_eq!(child(pr(2), "tblW").attribute((W, "w")), Some("3402"));
    assert_eq!(child(pr(2), "jc").attribute((W, "val")), Some("right"));
}

/// `(tag, [attributes])` of each side in a cell's `w:tcBorders`.
fn sides<'a>(tc_pr: Node<'a, '_>) -> Vec<(&'a str, Vec<(&'a str, &'a str)>)> {
    child(tc_pr, "tcBorders")
        .children()
        .filter(|n| n.is_element())
        .map(|n| (n.tag_name().name(), attrs(n)))
        .collect()
}

#[test]
fn cell_fill_borders_and_padding() {
    let xml = part(&form_bytes(), "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let cells: Vec<_> = tables(&doc)[0]
        .descendants()
        .filter(|n| n.has_tag_name((W, "tcPr")))
        .collect();
    let filled = cells[0];
    // The schema's order: width, borders, shading, margins, alignment.
    let order: Vec<&str> = filled
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(order, ["tcW", "tcBorders", "shd", "tcMar", "vAlign"]);
    // The fill wins over the label shade; the label face stays.
    assert_eq!(child(filled, "shd").attribute((W, "fill")), Some("FFF2CC"));
    assert!(!xml.contains("D9D9D9"));
    let s = |v, sz, c| vec![("val", v), ("sz", sz), ("space", "0"), ("color", c)];
    assert_eq!(
        sides(filled),
        [
            ("top", s("dotted", "2", "0000FF")),
            ("left", s("single", "4", "000000")),
            ("bottom", s("double", "6", "000000")),
            ("right", s("dashed", "8", "C00000")),
        ]
    );
    let margins: Vec<(&str, &str)> = child(filled, "tcMar")
        .children()
        .map(|n| (n.tag_name().name(), n.attribute((W, "w")).unwrap()))
        .collect();
    assert_eq!(
        margins,
        [
            ("top", "57"),
            ("left", "113"),
            ("bottom", "28"),
            ("right", "170")
        ]
    );
    // No line where a side has width 0.
    let rules = sides(cells[2]);
    assert_eq!(rules[1], ("left", vec![("val", "nil")]));
    assert_eq!(rules[0].1[0], ("val", "single"));
    // The merged cell: its top on the first part, its bottom on the last, none between.
    let (restart, cont) = (sides(cells[1]), sides(cells[4]));
    assert_eq!(restart[0].1[0], ("val", "dotted"));
    assert_eq!(restart[2], ("bottom", vec![("val", "nil")]));
    assert_eq!(cont[0], ("top", vec![("val", "nil")]));
    assert_eq!(cont[2].1[0], ("val", "double"));
    assert_eq!(
        child(cells[4], "vMerge").attribute((W, "val")),
        Some("continue")
    );
    // Cells without borders or padding of their own keep the table's.
    assert!(
        !cells[3].children().any(|n| n.has_tag_name((W, "tcBorders"))
            || n.has_tag_name((W, "tcMar"))
            || n.has_tag_name((W, "shd")))
    );
}

#[test]
fn the_forms_header_and_footer_with_their_distances() {
    let bytes = form_bytes();
    let xml = part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let sect = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "sectPr")))
        .unwrap();
    let mar = child(sect, "pgMar");
    assert_eq!(mar.attribute((W, "header")), Some("850"));
    assert_eq!(mar.attribute((W, "footer")), Some("680"));
    assert!(sect
        .children()
        .any(|n| n.has_tag_name((W, "headerReference"))));
    assert!(part(&bytes, "[Content_Types].xml").contains("/word/header1.xml"));

    // The header: the grey line and the picture, whose relationship is the header's own.
    let header = part(&bytes, "word/header1.xml");
    let hdoc = roxmltree::Document::parse(&header).unwrap();
    let line = para(&hdoc, "■ 시험 규칙");
    let rpr = child(
        line.children().find(|n| n.has_tag_name((W, "r"))).unwrap(),
        "rPr",
    );
    assert_eq!(child(rpr, "color").attribute((W, "val")), Some("606060"));
    assert!(header.contains(r#"r:embed="rIdImage1""#));
    assert!(!header.contains(r#"w:type="page""#), "no page break");
    assert!(part(&bytes, "word/_rels/header1.xml.rels").contains(r#"Id="rIdImage1""#));
    assert!(parts(&bytes).contains_key("word/media/rIdImage1.png"));

    // The footer: the form's `- n / N -` from fields, then ours without a page number.
    let footer = part(&bytes, "word/footer1.xml");
    let fdoc = roxmltree::Document::parse(&footer).unwrap();
    let instr: Vec<&str> = fdoc
        .descendants()
        .filter_map(|n| n.attribute((W, "instr")))
        .collect();
    assert_eq!(instr, ["PAGE", "NUMPAGES"]);
    assert!(!footer.contains("instrText"), "{footer}");
    assert_eq!(
        crate::common::paragraphs(&footer),
        ["- 1 / 1 -", "시험 서식\t\t문서확인번호 0ff1c1a1"]
    );
}

/// The text of a node's `w:t`s.
fn text_of(node: Node) -> String {
    node.descendants()
        .filter(|n| n.has_tag_name((W, "t")))
        .filter_map(|n| n.text())
        .collect()
}

/// `tag:text` of each element child of `node` after its properties: a table as `tbl:` and
/// its first cell's text.
fn contents(node: Node) -> Vec<String> {
    node.children()
        .filter(|n| n.is_element() && !n.has_tag_name((W, "tcPr")))
        .map(|n| match n.tag_name().name() {
            "tbl" => format!(
                "tbl:{}",
                text_of(n.descendants().find(|c| c.has_tag_name((W, "tc"))).unwrap())
            ),
            name => format!("{name}:{}", text_of(n)),
        })
        .collect()
}

/// The `w:tc`s of a table's row `r` (not of the tables inside them).
fn row_cells<'a, 'i>(tbl: Node<'a, 'i>, r: usize) -> Vec<Node<'a, 'i>> {
    let tr = tbl
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .nth(r)
        .unwrap();
    tr.children()
        .filter(|n| n.has_tag_name((W, "tc")))
        .collect()
}

/// `w:w` of a table's `w:tblW`.
fn table_width<'a>(tbl: Node<'a, '_>) -> &'a str {
    child(child(tbl, "tblPr"), "tblW")
        .attribute((W, "w"))
        .unwrap()
}

#[test]
fn nested_tables_stand_in_their_cells_among_its_paragraphs() {
    let xml = part(&form_bytes(), "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let outer = tables(&doc)[3];
    let [first, lone] = row_cells(outer, 1)[..] else {
        panic!("two cells")
    };
    // Paragraph, 1 mm, the grid, 2 mm, paragraph, the holder, and the paragraph a cell ends
    // with.
    assert_eq!(
        contents(first),
        [
            "p:바깥 칸 첫 문단",
            "p:",
            "tbl:안 표 가",
            "p:",
            "p:바깥 칸 둘째 문단",
            "tbl:둘째 층셋째 층",
            "p:"
        ]
    );
    let kids: Vec<Node> = first
        .children()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .collect();
    let (grid, holder) = (kids[0], kids[1]);
    let texts: Vec<String> = row_cells(grid, 0).into_iter().map(text_of).collect();
    assert_eq!(texts, ["안 표 가", "안 표 나"]);
    // The holder's one cell: its paragraph, the third table, the closing paragraph.
    let inner = row_cells(holder, 0)[0];
    assert_eq!(contents(inner), ["p:둘째 층", "tbl:셋째 층", "p:"]);
    // Without a width of their own, the cell's width less its padding: 5669 − 2 × 85, then
    // 5499 − 2 × 85 one level down.
    assert_eq!(table_width(grid), "5499");
    assert_eq!(table_width(holder), "5499");
    let third = inner
        .children()
        .find(|n| n.has_tag_name((W, "tbl")))
        .unwrap();
    assert_eq!(table_width(third), "5329");
    // A cell holding only a 30 mm table, centred: the table, then the closing paragraph.
    assert_eq!(contents(lone), ["tbl:홀로 선 표", "p:"]);
    let table = lone
        .children()
        .find(|n| n.has_tag_name((W, "tbl")))
        .unwrap();
    assert_eq!(table_width(table), "1701");
    assert_eq!(
        child(child(table, "tblPr"), "jc").attribute((W, "val")),
        Some("center")
    );
    // Every cell of the document ends with a paragraph, as Word requires.
    for tc in doc.descendants().filter(|n| n.has_tag_name((W, "tc"))) {
        let last = tc.children().rfind(|n| n.is_element()).unwrap();
        assert!(last.has_tag_name((W, "p")), "{}", contents(tc).join(" "));
    }
}

/// `(line, lineRule)` of an empty spacer paragraph, `None` for any other node.
fn spacer_height<'a>(node: Option<Node<'a, '_>>) -> Option<(&'a str, &'a str)> {
    let p = node.filter(|n| n.has_tag_name((W, "p")) && text_of(*n).is_empty())?;
    let spacing = child(child(p, "pPr"), "spacing");
    Some((
        spacing.attribute((W, "line"))?,
        spacing.attribute((W, "lineRule"))?,
    ))
}

#[test]
fn table_space_is_an_empty_paragraph_that_high() {
    let xml = part(&form_bytes(), "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let t = tables(&doc);
    let before = |i: usize| spacer_height(t[i].prev_sibling_element());
    let after = |i: usize| spacer_height(t[i].next_sibling_element());
    // 4 mm above the table of tables, 6 mm below; 1 mm and 2 mm around its grid.
    assert_eq!(before(3), Some(("227", "exact")));
    assert_eq!(after(3), Some(("340", "exact")));
    assert_eq!(before(4), Some(("57", "exact")));
    assert_eq!(after(4), Some(("113", "exact")));
    // Tables without spacing of their own have nothing around them, as before.
    for i in [0, 1, 2] {
        assert_eq!((before(i), after(i)), (None, None), "table {i}");
    }
    assert_eq!(before(5), None, "the holder");
    assert_eq!(text_of(t[1].prev_sibling_element().unwrap()), "표 사이");
    assert_eq!(text_of(t[2].next_sibling_element().unwrap()), "표 사이");
}

/// Whether a row is kept on one page and whether it repeats, by its `w:trPr`.
fn row_flags(tr: Node) -> (bool, bool) {
    let has = |name| tr.descendants().any(|n| n.has_tag_name((W, name)));
    (has("cantSplit"), has("tblHeader"))
}

#[test]
fn rows_may_break_when_the_form_says_so() {
    let xml = part(&form_bytes(), "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let outer = tables(&doc)[3];
    let rows: Vec<Node> = outer
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .collect();
    // split_rows: the header row repeats and may break like the others.
    assert_eq!(row_flags(rows[0]), (false, true));
    assert_eq!(row_flags(rows[1]), (false, false));
    assert!(rows.iter().all(|r| !row_flags(*r).0));
    // formpack's own tables (split_rows false) keep their header rows whole, as before.
    let rich_xml = part(
        &formpack_docx::render(&rich()).unwrap(),
        "word/document.xml",
    );
    let rdoc = roxmltree::Document::parse(&rich_xml).unwrap();
    let header = rdoc
        .descendants()
        .find(|n| n.has_tag_name((W, "tr")))
        .unwrap();
    assert_eq!(row_flags(header), (true, true));
}

#[test]
fn deep_nesting_is_written_eight_tables_deep_then_as_text() {
    for levels in [20, 200] {
        let bytes = formpack_docx::render(&deeply_nested(levels)).expect("renders");
        let xml = part(&bytes, "word/document.xml");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        // The body table and eight levels inside it.
        assert_eq!(tables(&doc).len(), 9, "{levels} levels");
        let deepest = tables(&doc)[8];
        assert_eq!(
            text_of(row_cells(deepest, 0)[0]).split("층").count(),
            levels - 8 + 1
        );
        // Level 9 and below: one paragraph holding the rest, in order.
        let rest: Vec<String> = (9..levels).map(|n| format!("층 {n}")).collect();
        let paragraphs = crate::common::paragraphs(&xml);
        assert!(
            paragraphs.contains(&rest.join(" ")),
            "{levels}: {paragraphs:?}"
        );
        for n in 0..9 {
            assert!(paragraphs.contains(&format!("층 {n}")), "층 {n}");
        }
    }
}

#[test]
fn unusable_values_are_clamped_or_ignored() {
    let bytes = formpack_docx::render(&unusable_values(seal_png())).expect("renders");
    let xml = part(&bytes, "word/document.xml");
    roxmltree::Document::parse(&xml).unwrap();
    for name in ["word/header1.xml", "word/footer1.xml"] {
        roxmltree::Document::parse(&part(&bytes, name)).unwrap();
    }
    // Nothing negative where Word wants a length, no NaN anywhere.
    assert!(["=\"NaN", "=\"inf", "=\"-inf"]
        .iter()
        .all(|bad| !xml.contains(bad)));
    for attr in [
        "w:before=\"-",
        "w:left=\"-",
        "w:right=\"-",
        "w:line=\"-",
        "w:w=\"-",
    ] {
        assert!(!xml.contains(attr), "{attr}");
    }
    // The empty footer table left a paragraph for the footer's marker to become.
    let footer = part(&bytes, "word/footer1.xml");
    assert!(!footer.contains("formpack-running"));
    assert_eq!(
        footer.matches("<w:p").count() - footer.matches("<w:pPr").count(),
        2
    );
}

/// CI sets `FORMPACK_REQUIRE_OFFICE=1`: there a missing reader fails instead of skipping.
fn required() -> bool {
    std::env::var_os("FORMPACK_REQUIRE_OFFICE").is_some_and(|v| v == "1")
}

/// What python-docx reads from the form, one `key=value` a line.
const READ_BACK: &str = r#"
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
# paragraph.text skips the runs inside a simple field: read every run's w:t and w:tab.
def text(p):
    runs = [e for e in p._p.iter(qn("w:t"), qn("w:tab")) if e.getparent().tag == qn("w:r")]
    return "".join(e.text or "" if e.tag == qn("w:t") else "\t" for e in runs)
# An enum by its name, which does not change with python-docx's enum printing.
def out(k, v): print(f"{k}={getattr(v, 'name', v)}")
ps = d.paragraphs
f = ps[0].paragraph_format
out("p0.before", f.space_before); out("p0.left", f.left_indent)
out("p0.right", f.right_indent); out("p0.first", f.first_line_indent)
out("p0.line", f.line_spacing); out("p0.rule", f.line_spacing_rule)
r = ps[0].runs[0]
out("r0.color", r.font.color.rgb); out("r0.bold", r.font.bold)
out("p1.first", ps[1].paragraph_format.first_line_indent)
out("p1.line", ps[1].paragraph_format.line_spacing)
out("p1.rule", ps[1].paragraph_format.line_spacing_rule)
out("p2.rule", ps[2].paragraph_format.line_spacing_rule)
o = d.tables[3]
a = o.rows[1].cells[0]
out("n.count", len(a.tables))
out("n.grid", "|".join(c.text for c in a.tables[0].rows[0].cells))
out("n.paras", "|".join(p.text for p in a.paragraphs))
out("n.third", a.tables[1].cell(0, 0).tables[0].cell(0, 0).text)
out("n.lone", o.rows[1].cells[1].tables[0].cell(0, 0).text)
out("n.header", o.rows[0].cells[0].text)
pc = d.tables[4].rows[0].cells[1]
out("pic.paras", "|".join(p.text for p in pc.paragraphs))
sh = d.inline_shapes
out("pic.count", len(sh)); out("pic.w0", sh[0].width); out("pic.h0", sh[0].height)
rid = sh[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
out("pic.bytes", len(d.part.related_parts[rid].blob))
t = d.tables[0]
out("t0.align", t.alignment); out("t0.row0", t.rows[0].height); out("t0.rule0", t.rows[0].height_rule)
out("t0.cells", "|".join(c.text for c in t.rows[1].cells))
out("t1.align", d.tables[1].alignment); out("t2.align", d.tables[2].alignment)
s = d.sections[0]
out("header_distance", s.header_distance); out("footer_distance", s.footer_distance)
out("header", "|".join(p.text for p in s.header.paragraphs))
out("footer", "|".join(text(p) for p in s.footer.paragraphs))
"#;

#[test]
fn python_docx_reads_the_fields_back() {
    let Ok(py) = std::env::var("DOCX_PYTHON") else {
        assert!(
            !required(),
            "DOCX_PYTHON is not set and FORMPACK_REQUIRE_OFFICE=1"
        );
        println!("python-docx check skipped (DOCX_PYTHON not set)");
        return;
    };
    let path = std::env::temp_dir().join(format!("formpack-official-{}.docx", std::process::id()));
    std::fs::write(&path, form_bytes()).unwrap();
    let out = Command::new(py)
        .args(["-c", READ_BACK])
        .arg(&path)
        .output()
        .expect("run python-docx");
    let _ = std::fs::remove_file(&path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let emu = |twips: i64| (twips * 635).to_string();
    let p1_line = emu(340);
    let (t0_row0, header_distance, footer_distance) = (emu(680), emu(850), emu(680));
    let want = [
        ("p0.before", emu(170)),
        ("p0.left", emu(567)),
        ("p0.right", emu(283)),
        ("p0.first", emu(-227)),
        ("p0.line", "1.6".into()),
        ("p0.rule", "MULTIPLE".into()),
        ("r0.color", "123456".into()),
        ("r0.bold", "True".into()),
        ("p1.first", emu(198)),
        ("p1.line", p1_line),
        ("p1.rule", "EXACTLY".into()),
        ("p2.rule", "AT_LEAST".into()),
        ("t0.align", "CENTER".into()),
        ("t0.row0", t0_row0),
        ("t0.rule0", "AT_LEAST".into()),
        ("t0.cells", "둘째 줄|두 줄 병합|끝".into()),
        ("t1.align", "LEFT".into()),
        ("t2.align", "RIGHT".into()),
        ("header_distance", header_distance),
        ("footer_distance", footer_distance),
        ("header", "■ 시험 규칙 [별지 제1호서식]|".into()),
        ("n.count", "2".into()),
        ("n.grid", "안 표 가|안 표 나".into()),
        ("n.paras", "바깥 칸 첫 문단|||바깥 칸 둘째 문단|".into()),
        ("n.third", "셋째 층".into()),
        ("n.lone", "홀로 선 표".into()),
        ("n.header", "표 안의 표".into()),
        ("pic.paras", "그림 앞 문단||그림 뒤 문단|".into()),
        ("pic.count", "2".into()),
        ("pic.w0", "648000".into()),
        ("pic.h0", "648000".into()),
        ("pic.bytes", seal_png().data.len().to_string()),
        (
            "footer",
            "- 1 / 1 -|시험 서식\t\t문서확인번호 0ff1c1a1".into(),
        ),
    ];
    for (key, value) in want {
        let line = format!("{key}={value}");
        assert!(
            stdout.lines().any(|l| l == line),
            "python-docx: want {line}, read:\n{stdout}"
        );
    }
}

/// A paragraph without widow and orphan control says so (`w:widowControl w:val="0"`); one
/// with it (Word's default) writes nothing.
#[test]
fn widow_control_off_is_written_off() {
    use formpack_doc::{Block, Document, Paragraph};
    let mut doc = Document::new("외톨이줄");
    let mut free = Paragraph::plain("외톨이줄 보호 없음");
    free.widow_control = false;
    doc.blocks.push(Block::Paragraph(free));
    doc.blocks
        .push(Block::Paragraph(Paragraph::plain("보호하는 문단")));
    let bytes = formpack_docx::render(&doc).expect("renders");
    let xml = part(&bytes, "word/document.xml");
    let d = roxmltree::Document::parse(&xml).unwrap();
    let widow = |start: &str| {
        child(para(&d, start), "pPr")
            .children()
            .find(|n| n.has_tag_name((W, "widowControl")))
            .map(|n| n.attribute((W, "val")).unwrap_or("").to_string())
    };
    assert_eq!(widow("외톨이줄").as_deref(), Some("0"));
    assert_eq!(widow("보호하는"), None);
}
