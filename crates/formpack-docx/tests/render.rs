//! Renders sample documents and reads the package back.

use crate::common;

use common::*;
use formpack_doc::Document;
use formpack_docx::render;

fn doc_xml(d: &Document) -> String {
    part(&render(d).expect("renders"), "word/document.xml")
}

fn tables<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Vec<roxmltree::Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .collect()
}

#[test]
fn text_of_headings_paragraphs_and_cells_is_there() {
    let ps = paragraphs(&doc_xml(&rich()));
    for want in [
        "사업신청서",
        "1. 사업 개요",
        "본 사업은 대전광역시와 참여기관이 공동으로 수행하는 지역 주도형 AI 대전환 사업으로, 총사업비는 6,300,000,000원입니다.\n둘째 줄입니다.",
        "☑ 주관기관 확인 ☐ 참여기관 확인",
        "사업비(원)",
        "6,300,000,000",
        "2,700,000,000",
        "세 칸 병합",
        "가. 참여기관",
        "2026. 3. 9.",
        "대전광역시",
        "윤도현",
        "(직인)",
        "(서명 또는 인)",
        "중소벤처기업부장관 귀하",
    ] {
        assert!(ps.iter().any(|p| p == want), "missing paragraph {want:?} in {ps:#?}");
    }
}

/// (text, gridSpan, vMerge) of every cell of a table, row by row.
fn cells(tbl: roxmltree::Node) -> Vec<Vec<(String, usize, Option<String>)>> {
    tbl.children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .map(|tr| {
            tr.children()
                .filter(|n| n.has_tag_name((W, "tc")))
                .map(|tc| {
                    let pr = tc.children().find(|n| n.has_tag_name((W, "tcPr"))).unwrap();
                    let span = val(pr, "gridSpan").map_or(1, |v| v.parse().unwrap());
                    let vmerge = pr
                        .children()
                        .find(|n| n.has_tag_name((W, "vMerge")))
                        .map(|n| n.attribute((W, "val")).unwrap_or("continue").to_string());
                    let text: String = tc
                        .descendants()
                        .filter(|n| n.has_tag_name((W, "t")))
                        .filter_map(|n| n.text())
                        .collect();
                    (text, span, vmerge)
                })
                .collect()
        })
        .collect()
}

#[test]
fn colspan_and_rowspan_become_grid_span_and_vmerge() {
    let xml = doc_xml(&rich());
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let tbl = tables(&doc)[0];
    let c = cells(tbl);
    let r = |s: &str| Some(s.to_string());
    let t = |s: &str| s.to_string();
    assert_eq!(
        c[0],
        vec![
            (t("구분"), 1, r("restart")),
            (t("사업비(원)"), 2, None),
            (t("비고"), 1, r("restart"))
        ]
    );
    assert_eq!(
        c[1],
        vec![
            (t(""), 1, r("continue")),
            (t("국비"), 1, None),
            (t("지방비"), 1, None),
            (t(""), 1, r("continue"))
        ]
    );
    assert_eq!(c[2].len(), 4);
    assert_eq!(c[3][0], (t("2차년도"), 1, r("restart")));
    assert_eq!(
        c[4],
        vec![(t(""), 1, r("continue")), (t("세 칸 병합"), 3, None)]
    );
}

#[test]
fn header_rows_repeat_and_widths_are_fixed() {
    let xml = doc_xml(&rich());
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let tbl = tables(&doc)[0];
    let rows: Vec<_> = tbl
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .collect();
    let is_header =
        |tr: roxmltree::Node| tr.descendants().any(|n| n.has_tag_name((W, "tblHeader")));
    assert!(is_header(rows[0]) && is_header(rows[1]));
    assert!(rows[2..].iter().all(|r| !is_header(*r)));

    // 210 - 20 - 20 = 170 mm = 9638 twips, split 20:25:25:30.
    let grid: Vec<u32> = tbl
        .descendants()
        .filter(|n| n.has_tag_name((W, "gridCol")))
        .map(|n| n.attribute((W, "w")).unwrap().parse().unwrap())
        .collect();
    assert_eq!(grid.iter().sum::<u32>(), 9638);
    assert_eq!(grid[0], 1927);
    let layout = tbl
        .descendants()
        .find(|n| n.has_tag_name((W, "tblLayout")))
        .unwrap();
    assert_eq!(layout.attribute((W, "type")), Some("fixed"));
    // The colspan-2 cell is as wide as its two columns.
    let tcw: Vec<u32> = rows[0]
        .descendants()
        .filter(|n| n.has_tag_name((W, "tcW")))
        .map(|n| n.attribute((W, "w")).unwrap().parse().unwrap())
        .collect();
    assert_eq!(tcw, vec![grid[0], grid[1] + grid[2], grid[3]]);
    // Shaded label cells, 0.5 pt borders.
    assert!(xml.contains(r#"w:fill="D9D9D9""#));
    let top = tbl
        .descendants()
        .find(|n| n.has_tag_name((W, "top")))
        .unwrap();
    assert_eq!(top.attribute((W, "sz")), Some("4"));
}

#[test]
fn fonts_are_nanum_for_east_asian_and_latin_text() {
    let bytes = render(&rich()).unwrap();
    let styles = part(&bytes, "word/styles.xml");
    let sdoc = roxmltree::Document::parse(&styles).unwrap();
    let defaults = sdoc
        .descendants()
        .find(|n| n.has_tag_name((W, "rPrDefault")))
        .unwrap();
    let rf = defaults
        .descendants()
        .find(|n| n.has_tag_name((W, "rFonts")))
        .unwrap();
    for a in ["eastAsia", "ascii", "hAnsi"] {
        assert_eq!(rf.attribute((W, a)), Some("NanumMyeongjo"), "{a}");
    }
    let lang = defaults
        .descendants()
        .find(|n| n.has_tag_name((W, "lang")))
        .unwrap();
    assert_eq!(lang.attribute((W, "eastAsia")), Some("ko-KR"));
    assert_eq!(
        val(
            defaults
                .descendants()
                .find(|n| n.has_tag_name((W, "rPr")))
                .unwrap(),
            "sz"
        ),
        Some("21")
    );

    let xml = part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let run_font = |text: &str| {
        let t = doc
            .descendants()
            .find(|n| n.has_tag_name((W, "t")) && n.text() == Some(text))
            .unwrap_or_else(|| panic!("no run {text}"));
        let rpr = t
            .parent()
            .unwrap()
            .children()
            .find(|n| n.has_tag_name((W, "rPr")))
            .unwrap();
        // A run in the default face (명조) names no font and takes the defaults' above.
        let font = match rpr.children().find(|n| n.has_tag_name((W, "rFonts"))) {
            Some(rf) => {
                assert_eq!(rf.attribute((W, "eastAsia")), rf.attribute((W, "ascii")));
                rf.attribute((W, "eastAsia")).unwrap().to_string()
            }
            None => "NanumMyeongjo (default)".to_string(),
        };
        (font, val(rpr, "sz").map(str::to_string))
    };
    assert_eq!(
        run_font("사업신청서"),
        ("NanumGothic".into(), Some("36".into()))
    );
    assert_eq!(
        run_font("1. 사업 개요"),
        ("NanumGothic".into(), Some("24".into()))
    );
    assert_eq!(
        run_font("가. 참여기관"),
        ("NanumGothic".into(), Some("22".into()))
    );
    assert_eq!(run_font("국비"), ("NanumGothic".into(), Some("19".into())));
    assert_eq!(
        run_font("2,700,000,000"),
        ("NanumMyeongjo (default)".into(), Some("19".into()))
    );
    assert_eq!(
        run_font("위와 같이 신청합니다."),
        ("NanumMyeongjo (default)".into(), Some("21".into()))
    );
    assert_eq!(
        run_font("중소벤처기업부장관 귀하"),
        ("NanumGothic".into(), Some("28".into()))
    );
}

#[test]
fn paragraph_properties_follow_the_model() {
    let xml = doc_xml(&rich());
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let para = |start: &str| {
        doc.descendants()
            .filter(|n| n.has_tag_name((W, "p")))
            .find(|p| {
                p.descendants()
                    .find(|n| n.has_tag_name((W, "t")))
                    .and_then(|t| t.text())
                    .is_some_and(|t| t.starts_with(start))
            })
            .unwrap_or_else(|| panic!("no paragraph {start}"))
    };
    let ppr = |start: &str| {
        para(start)
            .children()
            .find(|n| n.has_tag_name((W, "pPr")))
            .unwrap()
    };
    let has = |start: &str, name: &str| ppr(start).children().any(|n| n.has_tag_name((W, name)));
    assert_eq!(val(ppr("사업신청서"), "jc"), Some("center"));
    assert!(has("사업신청서", "keepNext"));
    assert!(has("1. 사업 개요", "keepNext"));
    assert_eq!(val(ppr("본 사업은"), "jc"), Some("both"));
    let ind = ppr("본 사업은")
        .children()
        .find(|n| n.has_tag_name((W, "ind")))
        .unwrap();
    assert_eq!(ind.attribute((W, "left")), Some("170"));
    assert!(!has("본 사업은", "keepNext"));
    assert!(has("☑", "keepNext"));
    let sp = ppr("본 사업은")
        .children()
        .find(|n| n.has_tag_name((W, "spacing")))
        .unwrap();
    assert_eq!(sp.attribute((W, "after")), Some("113")); // 2 mm
                                                         // Signature block: the date keeps with the first party, a party's caption with its
                                                         // title line, the last party with the addressee; between parties a page may break.
    for p in [
        "2026. 3. 9.",
        "신청기관",
        "주관기관",
        "원장",
        "(서명 또는 인)",
    ] {
        assert!(has(p, "keepNext"), "{p} keeps with next");
    }
    for p in ["윤도현", "(직인)"] {
        assert!(!has(p, "keepNext"), "{p} does not keep with the next party");
    }
    assert!(!has("중소벤처기업부장관", "keepNext"));
    assert_eq!(val(ppr("2026. 3. 9."), "jc"), Some("center"));
    // A hard line break, not a new paragraph.
    assert!(para("본 사업은")
        .descendants()
        .any(|n| n.has_tag_name((W, "br"))));
}

#[test]
fn page_is_a4_with_the_model_margins() {
    let mut d = rich();
    d.page.margin_left = 25.0;
    let xml = doc_xml(&d);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let sz = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "pgSz")))
        .unwrap();
    assert_eq!(sz.attribute((W, "w")), Some("11906"));
    assert_eq!(sz.attribute((W, "h")), Some("16838"));
    let mar = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "pgMar")))
        .unwrap();
    assert_eq!(mar.attribute((W, "left")), Some("1417"));
    assert_eq!(mar.attribute((W, "right")), Some("1134"));
    // Content width shrinks with the margin: 165 mm.
    let grid: u32 = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "gridCol")))
        .take(4)
        .map(|n| n.attribute((W, "w")).unwrap().parse::<u32>().unwrap())
        .sum();
    assert_eq!(grid, 9355);
}

#[test]
fn footer_has_page_fields_and_fingerprint() {
    let bytes = render(&rich()).unwrap();
    let footer = part(&bytes, "word/footer1.xml");
    let doc = roxmltree::Document::parse(&footer).unwrap();
    let instr: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "instrText")))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert_eq!(instr, vec!["PAGE", "NUMPAGES"]);
    let text = paragraphs(&footer).join("");
    assert_eq!(text, "사업신청서\t1 / 1\t문서확인번호 1a2b3c4d");
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains("footer1.xml"));

    let mut d = rich();
    d.footer.fingerprint.clear();
    d.footer.left.clear();
    let footer = part(&render(&d).unwrap(), "word/footer1.xml");
    assert_eq!(paragraphs(&footer).join(""), "\t1 / 1\t");
}

#[test]
fn signature_seal_is_a_floating_png_over_the_mark() {
    let bytes = render(&rich()).unwrap();
    let p = parts(&bytes);
    let media: Vec<_> = p.keys().filter(|k| k.starts_with("word/media/")).collect();
    assert_eq!(media.len(), 1, "{media:?}");
    assert!(p[media[0].as_str()].starts_with(b"\x89PNG"));
    let xml = part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let anchor = doc
        .descendants()
        .find(|n| n.tag_name().name() == "anchor")
        .expect("a floating seal");
    assert!(anchor.children().any(|n| n.tag_name().name() == "wrapNone"));
    // The anchor sits in the same paragraph as the mark.
    let para = anchor
        .ancestors()
        .find(|n| n.has_tag_name((W, "p")))
        .unwrap();
    let text: String = para
        .descendants()
        .filter(|n| n.has_tag_name((W, "t")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(text, "(직인)");
}

#[test]
fn checkboxes_and_figures_survive_as_is() {
    let d = formpack_doc::xml::parse(
        r#"<document><p>☐ 해당 없음 ☑ 해당 6,300,000,000원</p></document>"#,
        &images,
    )
    .unwrap();
    let ps = paragraphs(&doc_xml(&d));
    assert_eq!(ps[0], "☐ 해당 없음 ☑ 해당 6,300,000,000원");
}
