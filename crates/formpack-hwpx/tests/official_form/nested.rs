//! The official form's table of tables (`common::official::table_of_tables`) as 한글 keeps
//! it: each nested table an `hp:tbl` held as a character in a paragraph of its cell's
//! `hp:subList`, the model's space around a table as its outer margin, `pageBreak` from
//! `split_rows`; and a table nested 20 levels deep.

use roxmltree::{Document, Node};

use super::{attrs, body_tables, by_id, first, form, own_text, parse};
use crate::common::official::deeply_nested;
use crate::common::{HH, HP};

/// The paragraph a table stands in (`hp:p` › `hp:run` › `hp:tbl`).
fn host<'a, 'i>(tbl: Node<'a, 'i>) -> Node<'a, 'i> {
    tbl.parent().and_then(|run| run.parent()).unwrap()
}

/// The paragraphs of the cells of a table's row `r`, by cell: a paragraph's own text, or
/// `[표]` for one holding a table.
fn row_paragraphs(tbl: Node, r: usize) -> Vec<Vec<String>> {
    let tr = tbl
        .children()
        .filter(|n| n.has_tag_name((HP, "tr")))
        .nth(r)
        .unwrap();
    tr.children()
        .filter(|n| n.has_tag_name((HP, "tc")))
        .map(|tc| {
            first(tc, HP, "subList")
                .children()
                .filter(|p| p.has_tag_name((HP, "p")))
                .map(|p| {
                    let holds = p
                        .children()
                        .flat_map(|r| r.children())
                        .any(|n| n.has_tag_name((HP, "tbl")));
                    if holds {
                        "[표]".to_string()
                    } else {
                        own_text(p)
                    }
                })
                .collect()
        })
        .collect()
}

/// An attribute of a table's first child element named `name`.
fn of<'a>(tbl: Node<'a, '_>, name: &str, attr: &str) -> &'a str {
    tbl.children()
        .find(|n| n.has_tag_name((HP, name)))
        .and_then(|n| n.attribute(attr))
        .unwrap_or_else(|| panic!("no {name}@{attr}"))
}

/// `hh:margin`'s `next` (space after) of the paragraph shape of the paragraph holding `tbl`.
fn space_after_host(header: &Document, tbl: Node) -> String {
    let id = host(tbl).attribute("paraPrIDRef").unwrap();
    let shape = by_id(header, HH, "paraPr", id);
    let case = first(shape, HP, "case");
    first(first(case, HH, "margin"), crate::common::HC, "next")
        .attribute("value")
        .unwrap()
        .to_string()
}

#[test]
fn nested_tables_are_held_as_characters_in_their_cells() {
    let f = form();
    let section = parse(&f.section);
    let t = body_tables(&section);
    let outer = t[3];
    assert_eq!(
        row_paragraphs(outer, 1),
        [
            vec!["바깥 칸 첫 문단", "[표]", "바깥 칸 둘째 문단", "[표]"],
            vec!["[표]"]
        ]
    );
    // Each nested table: in a run of a paragraph of a cell of the table holding it, as a
    // character.
    let holders = [outer, outer, t[5], outer];
    for (inner, holder) in t[4..].iter().zip(holders) {
        let list = host(*inner).parent().unwrap();
        assert!(list.has_tag_name((HP, "subList")));
        let tc = list.parent().unwrap();
        assert_eq!(
            tc.ancestors().find(|a| a.has_tag_name((HP, "tbl"))),
            Some(holder)
        );
        assert_eq!(of(*inner, "pos", "treatAsChar"), "1");
    }
    assert_eq!(
        row_paragraphs(t[4], 0),
        [vec!["안 표 가"], vec!["안 표 나"]]
    );
    assert_eq!(row_paragraphs(t[5], 0), [vec!["둘째 층", "[표]"]]);
    assert_eq!(row_paragraphs(t[6], 0), [vec!["셋째 층"]]);
    assert_eq!(row_paragraphs(t[7], 0), [vec!["홀로 선 표"]]);
    // The outer table is not a character; rows of cells and border fills as any table's.
    assert_eq!(of(outer, "pos", "treatAsChar"), "0");
    for inner in &t[4..] {
        assert_eq!(inner.attribute("borderFillIDRef"), Some("3"));
        assert_eq!(
            attrs(first(*inner, HP, "inMargin")),
            attrs(first(outer, HP, "inMargin"))
        );
    }
}

#[test]
fn nested_tables_take_their_cells_width_and_grow_the_row() {
    let f = form();
    let (header, section) = (parse(&f.header), parse(&f.section));
    let t = body_tables(&section);
    // 150 mm in 2 : 1 gives a 28346 cell; less 2 × 425 of margins: 27496, then 26646 one
    // level down; the lone table its own 30 mm, centred by its paragraph.
    assert_eq!(of(t[3], "sz", "width"), "42520");
    assert_eq!(of(t[4], "sz", "width"), "27496");
    assert_eq!(of(t[5], "sz", "width"), "27496");
    assert_eq!(of(t[6], "sz", "width"), "26646");
    assert_eq!(of(t[7], "sz", "width"), "8504");
    let id = host(t[7]).attribute("paraPrIDRef").unwrap();
    let align = first(by_id(&header, HH, "paraPr", id), HH, "align");
    assert_eq!(align.attribute("horizontal"), Some("CENTER"));
    // The row is at least as high as the two tables in its first cell with their margins.
    let height = |n: Node| -> i64 { of(n, "sz", "height").parse().unwrap() };
    let row: i64 = of(outer_row_cell(t[3]), "cellSz", "height")
        .parse()
        .unwrap();
    assert!(row >= height(t[4]) + 283 + 567 + height(t[5]), "{row}");
}

/// The first cell of a table's second row.
fn outer_row_cell<'a, 'i>(tbl: Node<'a, 'i>) -> Node<'a, 'i> {
    tbl.children()
        .filter(|n| n.has_tag_name((HP, "tr")))
        .nth(1)
        .and_then(|tr| tr.children().find(|n| n.has_tag_name((HP, "tc"))))
        .unwrap()
}

#[test]
fn table_space_is_the_outer_margin() {
    let f = form();
    let (header, section) = (parse(&f.header), parse(&f.section));
    let t = body_tables(&section);
    let margin = |n: Node| {
        (
            of(n, "outMargin", "top").to_string(),
            of(n, "outMargin", "bottom").to_string(),
        )
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    // 4 mm above, 6 mm below, and no space after its paragraph on top of that.
    assert_eq!(margin(t[3]), pair("1134", "1701"));
    assert_eq!(space_after_host(&header, t[3]), "0");
    // 1 mm and 2 mm around the nested grid; none around the others.
    assert_eq!(margin(t[4]), pair("283", "567"));
    for n in [t[5], t[6], t[7]] {
        assert_eq!(margin(n), pair("0", "0"));
    }
    // Tables without spacing of their own: no margin, 1 mm after their paragraph, as before.
    for n in &t[..3] {
        assert_eq!(margin(*n), pair("0", "0"));
        assert_eq!(space_after_host(&header, *n), "283");
    }
}

#[test]
fn rows_break_across_pages_as_the_form_says() {
    let f = form();
    let section = parse(&f.section);
    let t = body_tables(&section);
    let page_break = |i: usize| t[i].attribute("pageBreak").unwrap();
    // Body tables' rows break (CELL) whether the form asks (3) or not (0): the crate's
    // choice for every body table.
    assert_eq!(page_break(3), "CELL");
    assert_eq!(page_break(0), "CELL");
    // Nested: the holder's rows may break, the grid and the others are kept whole.
    assert_eq!(page_break(5), "CELL");
    for i in [4, 6, 7] {
        assert_eq!(page_break(i), "NONE", "table {i}");
    }
    assert_eq!(t[3].attribute("repeatHeader"), Some("1"));
}

#[test]
fn nested_text_reads_back_where_it_stands() {
    let bytes = formpack_hwpx::render(&super::official_form(crate::common::seal_png())).unwrap();
    let text = formpack_hwpx::text(&bytes).unwrap();
    let want = [
        "표 안의 표",
        "바깥 칸 첫 문단",
        "안 표 가",
        "안 표 나",
        "바깥 칸 둘째 문단",
        "둘째 층",
        "셋째 층",
        "홀로 선 표",
        "표 뒤",
    ]
    .join("\n");
    assert!(text.contains(&want), "{text}");
}

#[test]
fn deep_nesting_is_written_eight_tables_deep_then_as_text() {
    for levels in [20, 200] {
        let bytes = formpack_hwpx::render(&deeply_nested(levels)).expect("renders");
        let section = crate::common::part(&bytes, "Contents/section0.xml");
        let doc = parse(&section);
        let t = body_tables(&doc);
        // The body table and eight levels inside it.
        assert_eq!(t.len(), 9, "{levels} levels");
        let rest: Vec<String> = (9..levels).map(|n| format!("층 {n}")).collect();
        assert_eq!(
            row_paragraphs(t[8], 0),
            [vec!["층 8".to_string(), rest.join(" ")]]
        );
        // Its row is estimated two lines high, the text line counted (a one-line row of
        // the official form's is 1915: a 1235 line and 2 × 340 of margins).
        assert_eq!(of(t[8], "sz", "height"), "3150");
        let text = formpack_hwpx::text(&bytes).unwrap();
        assert!(text.starts_with("층 0\n층 1\n"), "{text}");
    }
}
