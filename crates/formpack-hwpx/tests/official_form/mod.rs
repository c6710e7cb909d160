//! The model's fields for an official form read back (`common::official`, shared with the
//! DOCX tests), as 한글 keeps them: the exact shapes in `header.xml` and the exact table,
//! cell, page and header/footer attributes in the section. python-hwpx validates the same
//! document with every other sample (`python_validator.rs`).

use roxmltree::{Document, Node};

mod nested;
mod pictures;

use crate::common::official::{official_form, unusable_values};
use crate::common::{part, seal_png, HC, HH, HP};

struct Form {
    header: String,
    section: String,
}

fn form() -> Form {
    let bytes = formpack_hwpx::render(&official_form(seal_png())).expect("renders");
    Form {
        header: part(&bytes, "Contents/header.xml"),
        section: part(&bytes, "Contents/section0.xml"),
    }
}

fn parse(xml: &str) -> Document<'_> {
    Document::parse(xml).expect("well-formed XML")
}

/// The element of `ns` named `name` whose `id` is `id`.
fn by_id<'a, 'i>(doc: &'a Document<'i>, ns: &str, name: &str, id: &str) -> Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.has_tag_name((ns, name)) && n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no {name} {id}"))
}

/// The first descendant of `node` named `name` in `ns`.
fn first<'a, 'i>(node: Node<'a, 'i>, ns: &str, name: &str) -> Node<'a, 'i> {
    node.descendants()
        .find(|n| n.has_tag_name((ns, name)))
        .unwrap_or_else(|| panic!("no {name} in <{}>", node.tag_name().name()))
}

/// `(name, value)` of every attribute of `node`.
fn attrs<'a>(node: Node<'a, '_>) -> Vec<(&'a str, &'a str)> {
    node.attributes().map(|a| (a.name(), a.value())).collect()
}

/// The text of a paragraph's own runs (not of the header, footer or table in them).
fn own_text(p: Node) -> String {
    p.children()
        .filter(|r| r.has_tag_name((HP, "run")))
        .flat_map(|r| r.children().filter(|t| t.has_tag_name((HP, "t"))))
        .filter_map(|t| t.text())
        .collect()
}

/// The `hp:p` whose own text starts with `start`.
fn para<'a, 'i>(section: &'a Document<'i>, start: &str) -> Node<'a, 'i> {
    section
        .descendants()
        .filter(|n| n.has_tag_name((HP, "p")))
        .find(|p| own_text(*p).starts_with(start))
        .unwrap_or_else(|| panic!("no paragraph {start}"))
}

/// `(name, value)` pairs.
type Pairs = Vec<(String, String)>;

/// The `hh:margin` values and the line spacing of a paragraph shape, in one branch of its
/// switch (`case`: HWPUNIT, `default`: twice that).
fn margins(para_pr: Node, branch: &str) -> (Pairs, Pairs) {
    let b = first(para_pr, HP, branch);
    let margin = first(b, HH, "margin")
        .children()
        .filter(|n| n.is_element())
        .map(|n| {
            (
                n.tag_name().name().to_string(),
                n.attribute("value").unwrap().to_string(),
            )
        })
        .collect();
    let line = attrs(first(b, HH, "lineSpacing"))
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    (margin, line)
}

fn pairs(v: &[(&str, &str)]) -> Pairs {
    v.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The `hh:paraPr` of the body paragraph starting with `start`.
fn para_pr<'a, 'i>(f: (&'a Document<'i>, &Document), start: &str) -> Node<'a, 'i> {
    let id = para(f.1, start).attribute("paraPrIDRef").unwrap();
    by_id(f.0, HH, "paraPr", id)
}

#[test]
fn paragraph_margins_and_line_spacing() {
    let f = form();
    let (header, section) = (parse(&f.header), parse(&f.section));
    let hanging = para_pr((&header, &section), "장평과 자간");
    // 4 mm hanging from a 10 mm indent: 내어쓰기 1134 from a 6 mm margin; 5 mm right,
    // 3 mm before, 2 mm after; 160 %.
    let unit = ("unit", "HWPUNIT");
    assert_eq!(
        margins(hanging, "case"),
        (
            pairs(&[
                ("intent", "-1134"),
                ("left", "1701"),
                ("right", "1417"),
                ("prev", "850"),
                ("next", "567")
            ]),
            pairs(&[("type", "PERCENT"), ("value", "160"), unit])
        )
    );
    assert_eq!(
        margins(hanging, "default").0,
        pairs(&[
            ("intent", "-2268"),
            ("left", "3402"),
            ("right", "2834"),
            ("prev", "1700"),
            ("next", "1134")
        ])
    );
    // 3.5 mm first line, exactly 6 mm; at least 5 mm (doubled in the default branch).
    let indented = para_pr((&header, &section), "들여쓰기");
    let (m, line) = margins(indented, "case");
    assert_eq!(m[0], ("intent".into(), "992".into()));
    assert_eq!(line, pairs(&[("type", "FIXED"), ("value", "1701"), unit]));
    assert_eq!(
        margins(indented, "default").1,
        pairs(&[("type", "FIXED"), ("value", "3402"), unit])
    );
    let least = para_pr((&header, &section), "본문 쪽");
    assert_eq!(
        margins(least, "case").1,
        pairs(&[("type", "AT_LEAST"), ("value", "1417"), unit])
    );
    assert_eq!(
        margins(least, "default").1,
        pairs(&[("type", "AT_LEAST"), ("value", "2834"), unit])
    );
}

/// The `hh:charPr` of the run whose text is `text`.
fn char_pr<'a, 'i>(header: &'a Document<'i>, section: &Document, text: &str) -> Node<'a, 'i> {
    let run = section
        .descendants()
        .find(|n| n.has_tag_name((HP, "t")) && n.text() == Some(text))
        .and_then(|t| t.parent())
        .unwrap_or_else(|| panic!("no run {text}"));
    by_id(header, HH, "charPr", run.attribute("charPrIDRef").unwrap())
}

#[test]
fn run_colour_ratio_spacing_and_fields() {
    let f = form();
    let (header, section) = (parse(&f.header), parse(&f.section));
    let c = char_pr(&header, &section, "장평과 자간");
    assert_eq!(c.attribute("textColor"), Some("#123456"));
    assert!(c.children().any(|n| n.has_tag_name((HH, "bold"))));
    let every = |v: &str| {
        [
            "hangul", "latin", "hanja", "japanese", "other", "symbol", "user",
        ]
        .map(|l| (l, v.to_string()))
        .to_vec()
    };
    fn langs<'a>(n: Node<'a, '_>) -> Vec<(&'a str, String)> {
        n.attributes()
            .map(|a| (a.name(), a.value().to_string()))
            .collect()
    }
    assert_eq!(langs(first(c, HH, "ratio")), every("90"));
    assert_eq!(langs(first(c, HH, "spacing")), every("-10"));
    // The plain run beside it keeps 100 % and 0 %.
    let plain = char_pr(&header, &section, " 내어쓰기 문단");
    assert_eq!(plain.attribute("textColor"), Some("#000000"));
    assert_eq!(langs(first(plain, HH, "ratio")), every("100"));
    assert_eq!(langs(first(plain, HH, "spacing")), every("0"));
    // A page field in the body is 한글's automatic page number, its placeholder unwritten.
    let p = para(&section, "본문 쪽");
    let auto: Vec<_> = p
        .descendants()
        .filter(|n| n.has_tag_name((HP, "autoNum")))
        .map(|n| n.attribute("numType").unwrap())
        .collect();
    assert_eq!(auto, ["PAGE"]);
    assert_eq!(own_text(p), "본문 쪽 ");
}

/// The body's tables (not the footer's), in order.
fn body_tables<'a, 'i>(section: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    section
        .descendants()
        .filter(|n| n.has_tag_name((HP, "tbl")))
        .filter(|t| {
            !t.ancestors()
                .any(|a| a.has_tag_name((HP, "footer")) || a.has_tag_name((HP, "header")))
        })
        .collect()
}

#[test]
fn table_width_placement_and_row_heights() {
    let f = form();
    let section = parse(&f.section);
    let t = body_tables(&section);
    // Four in the body, four nested in the table of tables (`nested_tables_*`), the table of
    // pictures (`pictures`).
    assert_eq!(t.len(), 9);
    let sz = |t: Node| first(t, HP, "sz").attribute("width").unwrap().to_string();
    let pos = |t: Node| {
        let p = first(t, HP, "pos");
        (
            p.attribute("horzAlign").unwrap().to_string(),
            p.attribute("horzOffset").unwrap().to_string(),
        )
    };
    // 120 mm centred, 1 : 2 : 1; 100 mm at the left, 8 mm in; 60 mm at the right.
    assert_eq!(sz(t[0]), "34016");
    assert_eq!(pos(t[0]), ("CENTER".into(), "0".into()));
    assert_eq!(sz(t[1]), "28346");
    assert_eq!(pos(t[1]), ("LEFT".into(), "2268".into()));
    assert_eq!(sz(t[2]), "17008");
    assert_eq!(pos(t[2]), ("RIGHT".into(), "0".into()));
    let cells: Vec<(String, String)> = t[0]
        .descendants()
        .filter(|n| n.has_tag_name((HP, "cellSz")))
        .map(|n| {
            (
                n.attribute("width").unwrap().into(),
                n.attribute("height").unwrap().into(),
            )
        })
        .collect();
    // Row 0 is the form's 12 mm; the merged cell spans it and row 1's own estimate.
    assert_eq!(cells[0], ("8504".into(), "3402".into()));
    let row1: i64 = cells[3].1.parse().unwrap();
    assert_eq!(cells[1].0, "17008");
    assert_eq!(cells[1].1, (3402 + row1).to_string());
    assert_eq!(
        first(t[1], HP, "cellSz").attribute("height"),
        Some("2268"),
        "8 mm"
    );
}

/// `(type, width, color)` of each side of the border fill `id`, and its fill colour.
fn border_fill(header: &Document, id: &str) -> (Vec<[String; 3]>, Option<String>) {
    let bf = by_id(header, HH, "borderFill", id);
    let sides = ["leftBorder", "rightBorder", "topBorder", "bottomBorder"]
        .map(|s| {
            let n = first(bf, HH, s);
            ["type", "width", "color"].map(|a| n.attribute(a).unwrap().to_string())
        })
        .to_vec();
    let fill = bf
        .descendants()
        .find(|n| n.has_tag_name((HC, "winBrush")))
        .map(|n| n.attribute("faceColor").unwrap().to_string());
    (sides, fill)
}

fn side(t: &str, w: &str, c: &str) -> [String; 3] {
    [t.into(), w.into(), c.into()]
}

#[test]
fn cell_border_fills_and_margins() {
    let f = form();
    let (header, section) = (parse(&f.header), parse(&f.section));
    let tcs: Vec<_> = body_tables(&section)[0]
        .descendants()
        .filter(|n| n.has_tag_name((HP, "tc")))
        .collect();
    let ids: Vec<&str> = tcs
        .iter()
        .map(|tc| tc.attribute("borderFillIDRef").unwrap())
        .collect();
    // New fills after the five fixed ones, in order of first use; plain cells keep the
    // table style's (3).
    assert_eq!(ids, ["6", "7", "8", "3", "3"]);
    let four = vec![
        side("SOLID", "0.2 mm", "#000000"),
        side("DASH", "0.4 mm", "#C00000"),
        side("DOT", "0.1 mm", "#0000FF"),
        side("DOUBLE_SLIM", "0.25 mm", "#000000"),
    ];
    assert_eq!(
        border_fill(&header, "6"),
        (four.clone(), Some("#FFF2CC".into()))
    );
    assert_eq!(border_fill(&header, "7"), (four, None));
    let none = side("NONE", "0.1 mm", "#000000");
    let solid = side("SOLID", "0.2 mm", "#000000");
    assert_eq!(
        border_fill(&header, "8"),
        (vec![none.clone(), none, solid.clone(), solid], None)
    );
    let fills = first(header.root_element(), HH, "borderFills");
    assert_eq!(fills.attribute("itemCnt"), Some("8"));
    // The filled cell's own padding; the others the table's.
    assert_eq!(tcs[0].attribute("hasMargin"), Some("1"));
    assert_eq!(
        attrs(first(tcs[0], HP, "cellMargin")),
        [
            ("left", "567"),
            ("right", "850"),
            ("top", "283"),
            ("bottom", "142")
        ]
    );
    assert_eq!(tcs[1].attribute("hasMargin"), Some("0"));
    let table_margin = attrs(first(body_tables(&section)[0], HP, "inMargin"));
    assert_eq!(attrs(first(tcs[1], HP, "cellMargin")), table_margin);
}

#[test]
fn the_forms_header_and_footer_at_their_distances() {
    let f = form();
    let section = parse(&f.section);
    // 15 mm to the header's top, 12 mm to the footer's bottom, the text still at 20 mm.
    let m = first(section.root_element(), HP, "pagePr");
    let m = first(m, HP, "margin");
    assert_eq!(
        ["top", "header", "bottom", "footer"].map(|a| m.attribute(a).unwrap()),
        ["4252", "1417", "3402", "2267"]
    );
    let header = first(section.root_element(), HP, "header");
    let text: String = header
        .descendants()
        .filter(|n| n.has_tag_name((HP, "t")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(text, "■ 시험 규칙 [별지 제1호서식]");
    assert!(header.descendants().any(|n| n.has_tag_name((HP, "pic"))));
    assert!(!f.section.contains(r#"pageBreak="1""#), "no page break");
    // The footer: the form's `- n / N -` from automatic numbers, then ours without its own.
    let footer = first(section.root_element(), HP, "footer");
    let numbers: Vec<&str> = footer
        .descendants()
        .filter(|n| n.has_tag_name((HP, "autoNum")))
        .map(|n| n.attribute("numType").unwrap())
        .collect();
    assert_eq!(numbers, ["PAGE", "TOTAL_PAGE"]);
    let lines: Vec<String> = footer
        .descendants()
        .filter(|n| n.has_tag_name((HP, "p")))
        .map(own_text)
        .collect();
    assert_eq!(lines[0], "-  /  -");
    assert!(lines.iter().any(|l| l == "문서확인번호 0ff1c1a1"));
    assert!(!lines.iter().any(|l| l.contains(" / ") && l != "-  /  -"));
}

#[test]
fn same_form_same_bytes_and_ids() {
    let d = official_form(seal_png());
    let a = formpack_hwpx::render(&d).unwrap();
    assert_eq!(a, formpack_hwpx::render(&d).unwrap());
}

#[test]
fn unusable_values_stay_within_the_schema() {
    let bytes = formpack_hwpx::render(&unusable_values(seal_png())).expect("renders");
    let header = part(&bytes, "Contents/header.xml");
    let h = parse(&header);
    parse(&part(&bytes, "Contents/section0.xml"));
    for n in h.descendants().filter(|n| n.has_tag_name((HH, "ratio"))) {
        for a in n.attributes() {
            let v: i64 = a.value().parse().unwrap();
            assert!((50..=200).contains(&v), "ratio {v}");
        }
    }
    for n in h.descendants().filter(|n| n.has_tag_name((HH, "spacing"))) {
        for a in n.attributes() {
            let v: i64 = a.value().parse().unwrap();
            assert!((-50..=50).contains(&v), "spacing {v}");
        }
    }
    for n in h
        .descendants()
        .filter(|n| n.has_tag_name((HH, "lineSpacing")))
    {
        let v: i64 = n.attribute("value").unwrap().parse().unwrap();
        assert!(v > 0, "line spacing {v}");
        if n.attribute("type") == Some("PERCENT") {
            assert!(v <= 500, "line spacing {v} %");
        }
    }
    // Every line a schema value: OWPML's line types and widths (hc:LineType2, hc:LineWidth).
    let widths = [
        "0.1 mm", "0.12 mm", "0.15 mm", "0.2 mm", "0.25 mm", "0.3 mm", "0.4 mm", "0.5 mm",
        "0.6 mm", "0.7 mm", "1.0 mm", "1.5 mm", "2.0 mm", "3.0 mm", "4.0 mm", "5.0 mm",
    ];
    let sides = ["leftBorder", "rightBorder", "topBorder", "bottomBorder"];
    for n in h
        .descendants()
        .filter(|n| sides.iter().any(|s| n.has_tag_name((HH, *s))))
    {
        let t = n.attribute("type").unwrap();
        assert!(
            ["NONE", "SOLID", "DOT", "DASH", "DOUBLE_SLIM"].contains(&t),
            "{t}"
        );
        let w = n.attribute("width").unwrap();
        assert!(widths.contains(&w), "{w}");
    }
    for name in ["left", "right", "prev", "next"] {
        for n in h.descendants().filter(|n| n.has_tag_name((HC, name))) {
            let v: i64 = n.attribute("value").unwrap().parse().unwrap();
            assert!(v >= 0, "{name} {v}");
        }
    }
    assert!(["=\"NaN", "=\"inf", "=\"-inf"]
        .iter()
        .all(|bad| !header.contains(bad)));
}

/// The `breakSetting` attribute `name` of the paragraph shape each paragraph (by its start)
/// of a two-paragraph document gets, the first paragraph changed by `change`.
fn break_settings(change: fn(&mut formpack_doc::Paragraph), name: &str) -> (String, String) {
    use formpack_doc::{Block, Document, Paragraph};
    let mut doc = Document::new("줄 나눔");
    let mut changed = Paragraph::plain("바꾼 문단");
    change(&mut changed);
    doc.blocks.push(Block::Paragraph(changed));
    doc.blocks
        .push(Block::Paragraph(Paragraph::plain("그대로인 문단")));
    let bytes = formpack_hwpx::render(&doc).expect("renders");
    let (header, section) = (
        part(&bytes, "Contents/header.xml"),
        part(&bytes, "Contents/section0.xml"),
    );
    let (h, s) = (parse(&header), parse(&section));
    let setting = |start: &str| {
        let id = para(&s, start)
            .attribute("paraPrIDRef")
            .unwrap()
            .to_string();
        first(by_id(&h, HH, "paraPr", &id), HH, "breakSetting")
            .attribute(name)
            .unwrap()
            .to_string()
    };
    (setting("바꾼"), setting("그대로인"))
}

/// A paragraph that breaks Hangul by character (한글's "글자") is written as 한글 reads it:
/// `breakNonLatinWord="KEEP_WORD"`; every other keeps 어절 whole (`BREAK_WORD`).
#[test]
fn a_paragraph_that_breaks_by_character_says_so() {
    let got = break_settings(|p| p.break_words = true, "breakNonLatinWord");
    assert_eq!(got, ("KEEP_WORD".into(), "BREAK_WORD".into()));
}

/// A paragraph without widow and orphan control says so (`widowOrphan="0"`); formpack's own
/// paragraphs keep it on.
#[test]
fn widow_control_off_is_written_off() {
    let got = break_settings(|p| p.widow_control = false, "widowOrphan");
    assert_eq!(got, ("0".into(), "1".into()));
}
