//! The official form's table of pictures (`common::official::table_of_pictures`) as Word
//! keeps it: each picture an inline drawing in a paragraph of its own in its `w:tc`, at its
//! place among the cell's paragraphs, aligned and sized, its relationship resolving to the
//! image's bytes; and what a cell does with a picture it cannot hold.

use roxmltree::Node;

use super::{child, form_bytes, para};
use crate::common::{part, parts, seal_png, W};
use formpack_doc::{Block, Cell, CellImage, Document, Image, ImageFormat, Nested, Paragraph};

const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PR: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// The `w:tc` a paragraph starting with `start` stands in.
fn cell_of<'a, 'i>(doc: &'a roxmltree::Document<'i>, start: &str) -> Node<'a, 'i> {
    para(doc, start)
        .ancestors()
        .find(|n| n.has_tag_name((W, "tc")))
        .expect("in a cell")
}

/// What a cell holds after its properties: `p:text`, `pic` for a paragraph holding a
/// drawing, `tbl` for a table.
fn holds(tc: Node) -> Vec<String> {
    tc.children()
        .filter(|n| n.is_element() && !n.has_tag_name((W, "tcPr")))
        .map(|n| {
            if n.has_tag_name((W, "tbl")) {
                "tbl".to_string()
            } else if n.descendants().any(|d| d.has_tag_name((W, "drawing"))) {
                "pic".to_string()
            } else {
                let text: String = n
                    .descendants()
                    .filter(|t| t.has_tag_name((W, "t")))
                    .filter_map(|t| t.text())
                    .collect();
                format!("p:{text}")
            }
        })
        .collect()
}

/// The paragraphs of a cell that hold a drawing.
fn picture_paragraphs<'a, 'i>(tc: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    tc.children()
        .filter(|n| n.has_tag_name((W, "p")))
        .filter(|p| p.descendants().any(|d| d.has_tag_name((W, "drawing"))))
        .collect()
}

/// `(cx, cy)` of a paragraph's inline drawing, EMU.
fn extent(p: Node) -> (i64, i64) {
    let inline = p
        .descendants()
        .find(|n| n.has_tag_name((WP, "inline")))
        .expect("an inline drawing");
    let ext = child_of(inline, WP, "extent");
    let get = |a: &str| ext.attribute(a).unwrap().parse().unwrap();
    (get("cx"), get("cy"))
}

fn child_of<'a, 'i>(node: Node<'a, 'i>, ns: &str, name: &str) -> Node<'a, 'i> {
    node.children()
        .find(|n| n.has_tag_name((ns, name)))
        .unwrap_or_else(|| panic!("no {name}"))
}

/// `r:embed` of a node's picture.
fn embed<'a>(node: Node<'a, '_>) -> &'a str {
    node.descendants()
        .find(|n| n.has_tag_name((A, "blip")))
        .and_then(|b| b.attribute((R, "embed")))
        .expect("a blip")
}

/// The target of relationship `id` in a relationships part.
fn target(rels: &str, id: &str) -> String {
    let doc = roxmltree::Document::parse(rels).unwrap();
    let rel = doc
        .descendants()
        .find(|n| n.has_tag_name((PR, "Relationship")) && n.attribute("Id") == Some(id))
        .unwrap_or_else(|| panic!("no relationship {id}"));
    rel.attribute("Target").unwrap().to_string()
}

#[test]
fn pictures_stand_in_their_cell_among_its_paragraphs() {
    let bytes = form_bytes();
    let xml = part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let tc = cell_of(&doc, "그림 앞 문단");
    // After the first paragraph, the seal; after the last, the wide seal.
    assert_eq!(
        holds(tc),
        ["p:그림 앞 문단", "pic", "p:그림 뒤 문단", "pic"]
    );
    let [seal, wide] = picture_paragraphs(tc)[..] else {
        panic!("two pictures")
    };
    let jc = |p: Node| {
        let jc = child(child(p, "pPr"), "jc");
        jc.attribute((W, "val")).unwrap().to_string()
    };
    assert_eq!([jc(seal), jc(wide)], ["center", "right"]);
    // 18 mm square as the model says.
    assert_eq!(extent(seal), (648_000, 648_000));
    // 200 × 100 mm shrunk to the cell's inner width, 3402 − 2 × 85 twips (635 EMU each),
    // half as high.
    let (cx, cy) = extent(wide);
    assert!((cx - 3232 * 635).abs() <= 36, "{cx}");
    assert!((cx - 2 * cy).abs() <= 2, "{cx} × {cy}");
}

#[test]
fn a_cell_picture_resolves_to_the_image_bytes_stored_once() {
    let bytes = form_bytes();
    let xml = part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let tc = cell_of(&doc, "그림 앞 문단");
    let rid = embed(tc);
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    let path = format!("word/{}", target(&rels, rid));
    let all = parts(&bytes);
    assert_eq!(all[&path], *seal_png().data, "{path}");
    // Both cell pictures and the header's seal are the same bytes: one part.
    let media: Vec<&String> = all
        .keys()
        .filter(|k| k.starts_with("word/media/"))
        .collect();
    assert_eq!(media, [&path]);
    assert!(picture_paragraphs(tc).into_iter().all(|p| embed(p) == rid));
    let header = part(&bytes, "word/header1.xml");
    assert!(header.contains(&format!(r#"r:embed="{rid}""#)), "{header}");
}

/// A one-cell table holding paragraph `가`, then at one place a nested table and `picture`.
fn cell_with(picture: Image) -> Document {
    let cell = Cell {
        paragraphs: vec![Paragraph::plain("가")],
        nested: vec![Nested {
            after: 1,
            table: formpack_doc::Table {
                widths: vec![1.0],
                rows: vec![formpack_doc::Row {
                    cells: vec![Cell {
                        paragraphs: vec![Paragraph::plain("안")],
                        ..Cell::default()
                    }],
                    height: None,
                }],
                ..formpack_doc::Table::default()
            },
        }],
        images: vec![CellImage {
            after: 1,
            image: picture,
        }],
        ..Cell::default()
    };
    let mut d = Document::new("그림 칸");
    d.blocks.push(Block::Table(formpack_doc::Table {
        widths: vec![1.0],
        rows: vec![formpack_doc::Row {
            cells: vec![cell],
            height: None,
        }],
        ..formpack_doc::Table::default()
    }));
    d
}

#[test]
fn at_one_place_the_nested_tables_come_before_the_pictures() {
    let xml = part(
        &formpack_docx::render(&cell_with(seal_png())).unwrap(),
        "word/document.xml",
    );
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(holds(cell_of(&doc, "가")), ["p:가", "tbl", "pic"]);
}

#[test]
fn an_svg_in_a_cell_is_left_out_and_bad_bytes_are_an_image_error() {
    let svg = Image {
        data: std::sync::Arc::new(b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec()),
        format: ImageFormat::Svg,
        ..seal_png()
    };
    let bytes = formpack_docx::render(&cell_with(svg)).expect("an SVG is skipped");
    let xml = part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    // The table, then the paragraph a cell ends with.
    assert_eq!(holds(cell_of(&doc, "가")), ["p:가", "tbl", "p:"]);
    assert!(!parts(&bytes).keys().any(|k| k.starts_with("word/media/")));
    let broken = Image {
        data: std::sync::Arc::new(b"\x89PNG\r\n\x1a\nnot really".to_vec()),
        ..seal_png()
    };
    let err = formpack_docx::render(&cell_with(broken)).unwrap_err();
    assert_eq!(err.kind(), formpack_docx::ErrorKind::Image);
}
