//! The official form's table of pictures (`common::official::table_of_pictures`) as 한글
//! keeps it: each picture an `hp:pic` held as a character in a paragraph of its own in its
//! cell's `hp:subList`, aligned by that paragraph, sized to the cell, its `BinData` item the
//! image's bytes; the row as high as its pictures.

use roxmltree::{Document, Node};

use super::{by_id, first, own_text, para, parse};
use crate::common::official::official_form;
use crate::common::{entries, part, seal_png, HC, HH, HP, OPF};

/// The `hp:tc` a paragraph starting with `start` stands in.
fn cell_of<'a, 'i>(section: &'a Document<'i>, start: &str) -> Node<'a, 'i> {
    para(section, start)
        .ancestors()
        .find(|n| n.has_tag_name((HP, "tc")))
        .expect("in a cell")
}

/// The paragraphs of a cell's `hp:subList`.
fn cell_paragraphs<'a, 'i>(tc: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    first(tc, HP, "subList")
        .children()
        .filter(|p| p.has_tag_name((HP, "p")))
        .collect()
}

/// The picture a paragraph holds in one of its runs.
fn held_picture<'a, 'i>(p: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    p.children()
        .flat_map(|r| r.children())
        .find(|n| n.has_tag_name((HP, "pic")))
}

/// An attribute of a node's first descendant `name` as a number.
fn number(node: Node, name: &str, attr: &str) -> i64 {
    first(node, HP, name)
        .attribute(attr)
        .unwrap()
        .parse()
        .unwrap()
}

/// `hh:align@horizontal` of a paragraph's shape.
fn alignment(header: &Document, p: Node) -> String {
    let shape = by_id(header, HH, "paraPr", p.attribute("paraPrIDRef").unwrap());
    first(shape, HH, "align")
        .attribute("horizontal")
        .unwrap()
        .to_string()
}

#[test]
fn pictures_are_held_as_characters_in_their_cells_paragraphs() {
    let bytes = formpack_hwpx::render(&official_form(seal_png())).expect("renders");
    let (section, header) = (
        part(&bytes, "Contents/section0.xml"),
        part(&bytes, "Contents/header.xml"),
    );
    let (section, header) = (parse(&section), parse(&header));
    let tc = cell_of(&section, "그림 앞 문단");
    let paragraphs = cell_paragraphs(tc);
    let shown: Vec<String> = paragraphs
        .iter()
        .map(|p| match held_picture(*p) {
            Some(_) => "[그림]".to_string(),
            None => own_text(*p),
        })
        .collect();
    assert_eq!(shown, ["그림 앞 문단", "[그림]", "그림 뒤 문단", "[그림]"]);
    let (seal_p, wide_p) = (paragraphs[1], paragraphs[3]);
    assert_eq!(alignment(&header, seal_p), "CENTER");
    assert_eq!(alignment(&header, wide_p), "RIGHT");
    let (seal, wide) = (held_picture(seal_p).unwrap(), held_picture(wide_p).unwrap());
    for pic in [seal, wide] {
        assert_eq!(first(pic, HP, "pos").attribute("treatAsChar"), Some("1"));
    }
    // 18 mm square.
    assert_eq!(number(seal, "curSz", "width"), 5102);
    assert_eq!(number(seal, "curSz", "height"), 5102);
    // 200 × 100 mm shrunk to the cell's width between its margins, half as high.
    let inner = number(tc, "cellSz", "width")
        - number(tc, "cellMargin", "left")
        - number(tc, "cellMargin", "right");
    let (w, h) = (
        number(wide, "curSz", "width"),
        number(wide, "curSz", "height"),
    );
    assert!((w - inner).abs() <= 1, "{w} for {inner}");
    assert!((w - 2 * h).abs() <= 2, "{w} × {h}");
    // The row is at least as high as its pictures and two lines.
    let row = number(tc, "cellSz", "height");
    assert!(row > 5102 + h, "row {row}");
}

#[test]
fn a_cell_picture_is_the_one_bindata_item_of_the_seal() {
    let bytes = formpack_hwpx::render(&official_form(seal_png())).expect("renders");
    let section = part(&bytes, "Contents/section0.xml");
    let section = parse(&section);
    let tc = cell_of(&section, "그림 앞 문단");
    let refs: Vec<&str> = tc
        .descendants()
        .filter(|n| n.has_tag_name((HC, "img")))
        .map(|n| n.attribute("binaryItemIDRef").unwrap())
        .collect();
    assert_eq!(refs.len(), 2);
    assert!(refs.iter().all(|r| *r == refs[0]), "{refs:?}");
    let hpf = part(&bytes, "Contents/content.hpf");
    let manifest = parse(&hpf);
    let item = manifest
        .descendants()
        .find(|n| n.has_tag_name((OPF, "item")) && n.attribute("id") == Some(refs[0]))
        .expect("a manifest item");
    let href = item.attribute("href").unwrap();
    let es = entries(&bytes);
    let stored = es
        .iter()
        .find(|e| e.name == href)
        .expect("the BinData part");
    assert_eq!(stored.data, *seal_png().data);
    // The header's seal is the same bytes: one item for all three pictures.
    assert_eq!(
        es.iter().filter(|e| e.name.starts_with("BinData/")).count(),
        1
    );
}

#[test]
fn hwpforge_decodes_the_pictures_cell() {
    use hwpforge_smithy_hwpx::{HwpxDecoder, HwpxReader};
    let bytes = formpack_hwpx::render(&official_form(seal_png())).expect("renders");
    HwpxDecoder::decode(&bytes).expect("HwpForge decodes the file");
    let outline = HwpxReader::outline(&bytes).expect("outline");
    let last = outline.tables.last().expect("tables");
    let view = HwpxReader::read_table(&bytes, last.ordinal).expect("table");
    let texts: Vec<String> = view.cells.iter().map(|c| c.text.clone()).collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert_eq!(texts[0].trim(), "도장 칸");
    assert!(texts[1].contains("그림 앞 문단"), "{texts:?}");
    assert!(texts[1].contains("그림 뒤 문단"), "{texts:?}");
}

/// A one-row table whose cell holds paragraph `가`, then `picture`.
fn cell_with(picture: formpack_doc::Image) -> formpack_doc::Document {
    use formpack_doc::{Block, Cell, CellImage, Paragraph, Row, Table};
    let cell = Cell {
        paragraphs: vec![Paragraph::plain("가")],
        images: vec![CellImage {
            after: 1,
            image: picture,
        }],
        ..Cell::default()
    };
    let mut d = formpack_doc::Document::new("그림 칸");
    d.blocks.push(Block::Table(Table {
        widths: vec![1.0],
        rows: vec![Row {
            cells: vec![cell],
            height: None,
        }],
        ..Table::default()
    }));
    d
}

#[test]
fn an_svg_in_a_cell_is_left_out_and_bad_bytes_are_an_image_error() {
    use formpack_doc::{Image, ImageFormat};
    let svg = Image {
        data: std::sync::Arc::new(b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec()),
        format: ImageFormat::Svg,
        ..seal_png()
    };
    let bytes = formpack_hwpx::render(&cell_with(svg)).expect("an SVG is skipped");
    let section = part(&bytes, "Contents/section0.xml");
    let section = parse(&section);
    assert_eq!(cell_paragraphs(cell_of(&section, "가")).len(), 1);
    assert!(!entries(&bytes)
        .iter()
        .any(|e| e.name.starts_with("BinData/")));
    let broken = Image {
        data: std::sync::Arc::new(b"\x89PNG\r\n\x1a\nnot really".to_vec()),
        ..seal_png()
    };
    let err = formpack_hwpx::render(&cell_with(broken)).unwrap_err();
    assert_eq!(err.kind(), formpack_hwpx::ErrorKind::Image);
}
