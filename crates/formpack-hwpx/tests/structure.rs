//! Structural checks on the package, for hand-built and realistic documents: entry order
//! and compression, well-formed XML, ids that resolve, counts that match, table grids
//! covered exactly once, a manifest that matches the zip, no layout caches.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::{entries, part, HC, HH, HP, OPF};
use formpack_doc::Document;

/// The part order Hancom Office writes (Hangul 13.0 `Skeleton.hwpx`, hwpxlib fixtures),
/// with the images between the header and the section.
fn expected_order(images: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ["mimetype", "version.xml", "Contents/header.xml"]
        .map(String::from)
        .to_vec();
    v.extend(images.iter().map(|s| s.to_string()));
    v.extend(
        [
            "Contents/section0.xml",
            "Preview/PrvText.txt",
            "settings.xml",
            "META-INF/container.rdf",
            "Contents/content.hpf",
            "META-INF/container.xml",
            "META-INF/manifest.xml",
        ]
        .map(String::from),
    );
    v
}

fn parse(xml: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed: {e}"))
}

/// Ids defined in header.xml, by kind.
fn header_ids(header: &roxmltree::Document) -> BTreeMap<&'static str, BTreeSet<String>> {
    let mut ids: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for (kind, tag) in [
        ("charPr", "charPr"),
        ("paraPr", "paraPr"),
        ("borderFill", "borderFill"),
        ("style", "style"),
        ("tabPr", "tabPr"),
        ("numbering", "numbering"),
    ] {
        let set = header
            .descendants()
            .filter(|n| n.has_tag_name((HH, tag)))
            .map(|n| n.attribute("id").expect("an id").to_string())
            .collect::<BTreeSet<_>>();
        let count = header
            .descendants()
            .filter(|n| n.has_tag_name((HH, tag)))
            .count();
        assert_eq!(set.len(), count, "duplicate {tag} ids");
        ids.insert(kind, set);
    }
    ids
}

/// Which kind of id an `…IDRef` attribute names. Attributes not listed here fail the test,
/// so a new reference cannot slip through unchecked.
fn ref_kind(attr: &str) -> Option<&'static str> {
    Some(match attr {
        "charPrIDRef" => "charPr",
        "paraPrIDRef" => "paraPr",
        "borderFillIDRef" => "borderFill",
        "styleIDRef" | "nextStyleIDRef" => "style",
        "tabPrIDRef" => "tabPr",
        "outlineShapeIDRef" => "numbering",
        "binaryItemIDRef" => "binary",
        // Sentinels: 0 means "none" for these (no memo shapes, no linked text lists).
        "memoShapeIDRef" | "linkListIDRef" | "linkListNextIDRef" => "zero",
        _ => return None,
    })
}

/// All the structural checks on one rendered package.
fn check(bytes: &[u8], doc: &Document) {
    let es = entries(bytes);
    let names: Vec<&str> = es.iter().map(|e| e.name.as_str()).collect();

    // ── Order and compression ──
    let images: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| n.starts_with("BinData/"))
        .collect();
    assert_eq!(names, expected_order(&images), "entry order");
    assert_eq!(es[0].name, "mimetype");
    assert_eq!(es[0].data, b"application/hwp+zip");
    for e in &es {
        let want_stored = e.name == "mimetype" || e.name.starts_with("BinData/");
        assert_eq!(e.stored, want_stored, "{} compression", e.name);
    }

    // ── Well-formed XML, Hancom's declaration and root namespaces ──
    let text = |name: &str| part(bytes, name);
    for e in &es {
        if e.name.ends_with(".xml") || e.name.ends_with(".hpf") || e.name.ends_with(".rdf") {
            let s = std::str::from_utf8(&e.data).unwrap();
            assert!(
                s.starts_with(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>"#),
                "{} declaration",
                e.name
            );
            parse(s);
        }
    }
    for name in [
        "Contents/header.xml",
        "Contents/section0.xml",
        "Contents/content.hpf",
    ] {
        let s = text(name);
        let d = parse(&s);
        let declared: Vec<_> = d.root_element().namespaces().map(|n| n.name()).collect();
        assert_eq!(declared.len(), 15, "{name} declares all 15 namespaces");
    }

    // ── No layout cache anywhere ──
    for e in &es {
        let s = String::from_utf8_lossy(&e.data);
        assert!(
            !s.contains("linesegarray"),
            "{} has a lineseg cache",
            e.name
        );
        assert!(!s.contains("lineseg "), "{} has a lineseg", e.name);
    }

    let header_xml = text("Contents/header.xml");
    let header = parse(&header_xml);
    let section_xml = text("Contents/section0.xml");
    let section = parse(&section_xml);
    let hpf_xml = text("Contents/content.hpf");
    let hpf = parse(&hpf_xml);

    // ── Manifest = zip entries (except the package's own bookkeeping) ──
    let items: BTreeMap<String, String> = hpf
        .descendants()
        .filter(|n| n.has_tag_name((OPF, "item")))
        .map(|n| {
            for a in ["id", "href", "media-type"] {
                assert!(n.attribute(a).is_some(), "manifest item without {a}");
            }
            (
                n.attribute("id").unwrap().to_string(),
                n.attribute("href").unwrap().to_string(),
            )
        })
        .collect();
    let hrefs: BTreeSet<&str> = items.values().map(String::as_str).collect();
    let listed: BTreeSet<&str> = names
        .iter()
        .copied()
        .filter(|n| {
            *n != "mimetype"
                && !n.starts_with("META-INF/")
                && !n.starts_with("Preview/")
                && *n != "Contents/content.hpf"
        })
        .collect();
    assert_eq!(hrefs, listed, "manifest hrefs vs zip entries");
    assert_eq!(hrefs.len(), items.len(), "one item per part");
    let spine: Vec<&str> = hpf
        .descendants()
        .filter(|n| n.has_tag_name((OPF, "itemref")))
        .map(|n| n.attribute("idref").unwrap())
        .collect();
    assert_eq!(spine, ["header", "section0"]);
    for img in &images {
        let item = hpf
            .descendants()
            .find(|n| n.attribute("href") == Some(img))
            .unwrap();
        assert_eq!(item.attribute("isEmbeded"), Some("1"));
        let mt = item.attribute("media-type").unwrap();
        assert!(
            (img.ends_with(".png") && mt == "image/png")
                || (img.ends_with(".jpg") && mt == "image/jpg"),
            "{img}: {mt}"
        );
    }

    // ── Ids and references ──
    let mut ids = header_ids(&header);
    ids.insert(
        "binary",
        items
            .iter()
            .filter(|(_, h)| h.starts_with("BinData/"))
            .map(|(i, _)| i.clone())
            .collect(),
    );
    let mut checked = 0;
    for d in [&header, &section] {
        for n in d.descendants().filter(|n| n.is_element()) {
            for a in n.attributes() {
                if !a.name().ends_with("IDRef") {
                    continue;
                }
                // Hancom's "no character shape" in numbering heads.
                if n.has_tag_name((HH, "paraHead")) && a.value() == "4294967295" {
                    continue;
                }
                let kind = ref_kind(a.name())
                    .unwrap_or_else(|| panic!("unexpected reference attribute {}", a.name()));
                if kind == "zero" {
                    assert_eq!(a.value(), "0", "{}", a.name());
                } else {
                    assert!(
                        ids[kind].contains(a.value()),
                        "{}=\"{}\" on <{}> names no {kind}",
                        a.name(),
                        a.value(),
                        n.tag_name().name()
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 10);
    // Font references: each value is a font id of its script group.
    let font_counts: BTreeMap<String, usize> = header
        .descendants()
        .filter(|n| n.has_tag_name((HH, "fontface")))
        .map(|n| {
            (
                n.attribute("lang").unwrap().to_lowercase(),
                n.children()
                    .filter(|c| c.has_tag_name((HH, "font")))
                    .count(),
            )
        })
        .collect();
    assert_eq!(font_counts.len(), 7);
    for fr in header
        .descendants()
        .filter(|n| n.has_tag_name((HH, "fontRef")))
    {
        for a in fr.attributes() {
            let v: usize = a.value().parse().unwrap();
            assert!(v < font_counts[a.name()], "fontRef {}={}", a.name(), v);
        }
    }

    // ── Counts ──
    for n in header.descendants().filter(|n| n.is_element()) {
        if let Some(c) = n.attribute("itemCnt") {
            let kids = n.children().filter(|c| c.is_element()).count();
            assert_eq!(
                c.parse::<usize>().unwrap(),
                kids,
                "itemCnt of {}",
                n.tag_name().name()
            );
        }
        if let Some(c) = n.attribute("fontCnt") {
            let kids = n.children().filter(|c| c.is_element()).count();
            assert_eq!(c.parse::<usize>().unwrap(), kids, "fontCnt");
        }
    }
    let sections = names
        .iter()
        .filter(|n| n.starts_with("Contents/section"))
        .count();
    assert_eq!(
        header.root_element().attribute("secCnt"),
        Some(sections.to_string().as_str())
    );

    // ── secPr: present once, with what Hancom requires, in the first paragraph's first run ──
    let first_p = section
        .root_element()
        .children()
        .find(|n| n.has_tag_name((HP, "p")))
        .unwrap();
    let first_run = first_p
        .children()
        .find(|n| n.has_tag_name((HP, "run")))
        .unwrap();
    let sec_pr = first_run.first_element_child().unwrap();
    assert!(sec_pr.has_tag_name((HP, "secPr")));
    for child in ["startNum", "visibility", "pagePr"] {
        assert!(
            sec_pr.children().any(|c| c.has_tag_name((HP, child))),
            "secPr/{child}"
        );
    }
    assert_eq!(
        section
            .descendants()
            .filter(|n| n.has_tag_name((HP, "secPr")))
            .count(),
        1
    );

    // ── Tables: counts, cell order, exact coverage, widths ──
    let mut tables = 0;
    for tbl in section
        .descendants()
        .filter(|n| n.has_tag_name((HP, "tbl")))
    {
        tables += 1;
        let rows: Vec<_> = tbl
            .children()
            .filter(|n| n.has_tag_name((HP, "tr")))
            .collect();
        let row_cnt: usize = tbl.attribute("rowCnt").unwrap().parse().unwrap();
        let col_cnt: usize = tbl.attribute("colCnt").unwrap().parse().unwrap();
        assert_eq!(rows.len(), row_cnt, "rowCnt");
        assert!(row_cnt > 0 && col_cnt > 0);
        let width: i64 = tbl
            .children()
            .find(|n| n.has_tag_name((HP, "sz")))
            .unwrap()
            .attribute("width")
            .unwrap()
            .parse()
            .unwrap();
        let mut cover = vec![vec![0u32; col_cnt]; row_cnt];
        let mut row_width = vec![0i64; row_cnt];
        for (r, tr) in rows.iter().enumerate() {
            let cells: Vec<_> = tr
                .children()
                .filter(|n| n.has_tag_name((HP, "tc")))
                .collect();
            assert!(!cells.is_empty(), "row {r} has no cell");
            let mut last_col = None;
            for tc in cells {
                let kids: Vec<&str> = tc
                    .children()
                    .filter(|c| c.is_element())
                    .map(|c| c.tag_name().name())
                    .collect();
                assert_eq!(
                    kids,
                    ["subList", "cellAddr", "cellSpan", "cellSz", "cellMargin"]
                );
                let get = |tag: &str, a: &str| -> i64 {
                    tc.children()
                        .find(|c| c.has_tag_name((HP, tag)))
                        .unwrap()
                        .attribute(a)
                        .unwrap_or_else(|| panic!("{tag}@{a}"))
                        .parse()
                        .unwrap()
                };
                let (col, row) = (
                    get("cellAddr", "colAddr") as usize,
                    get("cellAddr", "rowAddr") as usize,
                );
                let (cs, rs) = (
                    get("cellSpan", "colSpan") as usize,
                    get("cellSpan", "rowSpan") as usize,
                );
                assert_eq!(row, r, "rowAddr is the row's index");
                assert!(
                    last_col.is_none_or(|l| col > l),
                    "cells in ascending colAddr"
                );
                last_col = Some(col);
                assert!(
                    cs >= 1 && rs >= 1 && col + cs <= col_cnt && row + rs <= row_cnt,
                    "span inside the grid"
                );
                let w = get("cellSz", "width");
                assert!(w > 0);
                for line in cover.iter_mut().skip(row).take(rs) {
                    for slot in line.iter_mut().skip(col).take(cs) {
                        *slot += 1;
                    }
                }
                for rw in row_width.iter_mut().skip(row).take(rs) {
                    *rw += w;
                }
                let list = tc
                    .children()
                    .find(|c| c.has_tag_name((HP, "subList")))
                    .unwrap();
                assert!(
                    list.children().any(|c| c.has_tag_name((HP, "p"))),
                    "a cell needs a paragraph"
                );
            }
        }
        for (r, line) in cover.iter().enumerate() {
            for (c, n) in line.iter().enumerate() {
                assert_eq!(*n, 1, "slot ({r},{c}) covered {n} times");
            }
            assert_eq!(
                row_width[r], width,
                "row {r} widths add up to the table width"
            );
        }
    }
    let model_tables: usize = doc
        .blocks
        .iter()
        .map(|b| match b {
            formpack_doc::Block::Table(t) => written_tables(t, 0),
            formpack_doc::Block::Signature(s) => usize::from(!s.parties.is_empty()),
            _ => 0,
        })
        .sum();
    // One per model table (nested ones too, 8 levels deep at most) and per signature with
    // parties, plus the footer's.
    assert_eq!(tables, model_tables + 1, "tables written");

    // ── Pictures: the three matrices and the image reference Hancom needs ──
    for pic in section
        .descendants()
        .filter(|n| n.has_tag_name((HP, "pic")))
    {
        let info = pic
            .children()
            .find(|c| c.has_tag_name((HP, "renderingInfo")))
            .unwrap();
        for m in ["transMatrix", "scaMatrix", "rotMatrix"] {
            assert!(info.children().any(|c| c.has_tag_name((HC, m))), "{m}");
        }
        assert!(pic.children().any(|c| c.has_tag_name((HC, "img"))));
    }

    // ── Korean 어절 and Latin words kept whole on every paragraph shape. Hancom reads
    // breakNonLatinWord inversely to the schema's wording: BREAK_WORD is 어절 (see header.rs).
    for b in header
        .descendants()
        .filter(|n| n.has_tag_name((HH, "breakSetting")))
    {
        assert_eq!(b.attribute("breakNonLatinWord"), Some("BREAK_WORD"));
        assert_eq!(b.attribute("breakLatinWord"), Some("KEEP_WORD"));
    }
}

/// How many tables a model table is written as: itself when it has a cell, and the tables
/// nested in its cells down to 8 levels below the body (deeper ones are text).
fn written_tables(t: &formpack_doc::Table, depth: usize) -> usize {
    if depth > 8 || !t.rows.iter().any(|r| !r.cells.is_empty()) {
        return 0;
    }
    let nested: usize = t
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .flat_map(|c| &c.nested)
        .map(|n| written_tables(&n.table, depth + 1))
        .sum();
    1 + nested
}

#[test]
fn rich_sample_is_structurally_sound() {
    let d = common::rich();
    check(&formpack_hwpx::render(&d).unwrap(), &d);
    let mut draft = d.clone();
    draft.watermark = Some("초안".into());
    check(&formpack_hwpx::render(&draft).unwrap(), &draft);
}

#[test]
fn hand_built_document_is_structurally_sound() {
    let d = common::hand_built();
    check(&formpack_hwpx::render(&d).unwrap(), &d);
}

#[test]
fn empty_document_is_structurally_sound() {
    let d = Document::new("");
    let bytes = formpack_hwpx::render(&d).unwrap();
    check(&bytes, &d);
    // The section properties still need a paragraph to live in.
    let s = part(&bytes, "Contents/section0.xml");
    assert_eq!(s.matches("<hp:secPr").count(), 1);
}

#[test]
fn official_form_is_structurally_sound() {
    for d in [
        common::official::official_form(common::seal_png()),
        common::official::unusable_values(common::seal_png()),
        common::official::deeply_nested(20),
    ] {
        check(&formpack_hwpx::render(&d).unwrap(), &d);
    }
}

#[test]
fn realistic_documents_are_structurally_sound() {
    let docs = common::realistic();
    assert!(docs.len() >= 8, "the fixtures hold the composed sample");
    for (name, d) in &docs {
        let bytes = formpack_hwpx::render(d).unwrap_or_else(|e| panic!("{name}: {e}"));
        check(&bytes, d);
    }
}

#[test]
fn hand_built_table_drops_the_fully_covered_row_and_fills_the_short_one() {
    let d = common::hand_built();
    let bytes = formpack_hwpx::render(&d).unwrap();
    let s = part(&bytes, "Contents/section0.xml");
    let doc = parse(&s);
    let first = doc
        .descendants()
        .filter(|n| n.has_tag_name((HP, "tbl")))
        .find(|t| {
            t.attribute("colCnt") == Some("3")
                && t.attribute("repeatHeader") == Some("0")
                && t.attribute("rowCnt") == Some("3")
        })
        .expect("the odd-span table, 4 model rows → 3");
    let spans: Vec<(String, String)> = first
        .descendants()
        .filter(|n| n.has_tag_name((HP, "cellSpan")))
        .map(|n| {
            (
                n.attribute("colSpan").unwrap().into(),
                n.attribute("rowSpan").unwrap().into(),
            )
        })
        .collect();
    // A spans 3 columns and, after the covered row is dropped, one row; B C D; E + 2 empty.
    assert_eq!(spans[0], ("3".into(), "1".into()));
    assert_eq!(spans.len(), 1 + 3 + 3);
}
