//! What the rendered file says and looks like: text read-back, determinism, the draft mark,
//! images, the footer, and the look numbers shared with the DOCX backend.

use crate::common;

use common::{entries, part, squeeze, HC, HH, HP};
use formpack_doc::{Align, Block, Cell, Document, Paragraph, Row, Run, Table};
use formpack_hwpx::{render, text, ErrorKind};

fn parse(xml: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(xml).unwrap()
}

#[test]
fn read_back_has_the_korean_text_and_figures() {
    let d = common::rich();
    let t = text(&render(&d).unwrap()).unwrap();
    for want in [
        "사업신청서",
        "1. 사업 개요",
        "지역 주도형 AI 대전환",
        "6,300,000,000",
        "2,700,000,000",
        "둘째 줄입니다.",
        "☑ 주관기관 확인 ☐ 참여기관 확인 & <태그>",
        "세 칸 병합",
        "2026. 3. 9.",
        "재단법인 한빛테크노파크",
        "(서명 또는 인)",
        "중소벤처기업부장관 귀하",
        "고딕 12pt 다음 쪽의 본문입니다.",
        "문서확인번호 1a2b3c4d",
    ] {
        assert!(t.contains(want), "{want:?} missing from\n{t}");
    }
    // The <br/> is a line break inside the paragraph, not two paragraphs' worth of text lost.
    assert!(t.contains("원입니다.\n둘째 줄입니다."));
}

#[test]
fn read_back_body_equals_plain_text_without_white_space() {
    for d in [common::rich(), common::hand_built()] {
        let t = text(&render(&d).unwrap()).unwrap();
        let plain = squeeze(&d.plain_text());
        let got = squeeze(&t);
        assert!(
            got.starts_with(&plain),
            "read-back does not start with the plain text\n{plain}\n---\n{got}"
        );
        // What follows the body is the footer only (no draft here).
        let rest = &got[plain.len()..];
        assert_eq!(
            rest,
            squeeze(&format!(
                "{} / 문서확인번호 {}",
                d.footer.left, d.footer.fingerprint
            ))
        );
    }
    for (name, d) in common::realistic() {
        let t = text(&render(&d).unwrap()).unwrap();
        assert!(
            squeeze(&t).starts_with(&squeeze(&d.plain_text())),
            "{name}: read-back differs from plain_text"
        );
    }
}

#[test]
fn read_back_is_line_for_line_for_paragraphs_and_cells() {
    let mut d = Document::new("줄");
    d.blocks.push(Block::Paragraph(Paragraph::plain("첫 줄")));
    d.blocks.push(Block::Spacer(5.0));
    d.blocks.push(Block::Table(Table {
        widths: vec![1.0, 1.0],
        rows: vec![Row {
            cells: vec![
                Cell {
                    paragraphs: vec![Paragraph::plain("가"), Paragraph::plain("나")],
                    ..Cell::default()
                },
                Cell {
                    paragraphs: vec![Paragraph::plain("다")],
                    ..Cell::default()
                },
            ],
            ..Default::default()
        }],
        ..Table::default()
    }));
    d.blocks.push(Block::PageBreak);
    d.blocks.push(Block::Paragraph(Paragraph::plain("끝")));
    let t = text(&render(&d).unwrap()).unwrap();
    assert_eq!(t, format!("{}{}\n", d.plain_text(), " / "));
}

#[test]
fn same_document_same_bytes() {
    let d = common::rich();
    let a = render(&d).unwrap();
    let b = render(&d.clone()).unwrap();
    assert_eq!(a, b);
    let h = common::hand_built();
    assert_eq!(render(&h).unwrap(), render(&h).unwrap());
    // And the zip carries no wall-clock time.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (2000, 1, 1), "{}", f.name());
    }
}

#[test]
fn draft_mark_only_in_drafts() {
    let mut d = common::rich();
    let final_ = render(&d).unwrap();
    d.watermark = Some("초안".into());
    let draft = render(&d).unwrap();
    let sec = part(&draft, "Contents/section0.xml");
    let doc = parse(&sec);
    let header = doc
        .descendants()
        .find(|n| n.has_tag_name((HP, "header")))
        .expect("a page header in the draft");
    let header_text: String = header
        .descendants()
        .filter(|n| n.has_tag_name((HP, "t")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(header_text, "초안");
    assert!(text(&draft).unwrap().contains("초안"));
    assert!(part(&draft, "Contents/content.hpf")
        .contains(r#"<opf:meta name="keyword" content="text">초안</opf:meta>"#));

    for e in entries(&final_) {
        assert!(
            !String::from_utf8_lossy(&e.data).contains("초안"),
            "{} of the final build says 초안",
            e.name
        );
    }
    assert!(!part(&final_, "Contents/section0.xml").contains("<hp:header"));
}

#[test]
fn seal_is_in_bindata_and_referenced_from_the_mark_cell() {
    let d = common::rich();
    let bytes = render(&d).unwrap();
    let es = entries(&bytes);
    let seal = common::seal_png();
    let logo = common::logo_jpeg();
    // The logo comes first in the document, then the seal.
    let img1 = es
        .iter()
        .find(|e| e.name == "BinData/image1.jpg")
        .expect("the JPEG logo");
    assert_eq!(img1.data, *logo.data);
    let img2 = es
        .iter()
        .find(|e| e.name == "BinData/image2.png")
        .expect("the PNG seal");
    assert_eq!(img2.data, *seal.data);

    let sec = part(&bytes, "Contents/section0.xml");
    let doc = parse(&sec);
    let pics: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((HP, "pic")))
        .collect();
    assert_eq!(pics.len(), 2);
    let img_ref = |p: &roxmltree::Node| {
        p.children()
            .find(|c| c.has_tag_name((HC, "img")))
            .unwrap()
            .attribute("binaryItemIDRef")
            .unwrap()
            .to_string()
    };
    assert_eq!(img_ref(&pics[0]), "image1");
    assert_eq!(img_ref(&pics[1]), "image2");
    // The seal floats over the mark `(직인)`, in the same paragraph, centred, in front.
    let seal_pic = &pics[1];
    assert_eq!(seal_pic.attribute("textWrap"), Some("IN_FRONT_OF_TEXT"));
    let p = seal_pic
        .ancestors()
        .find(|n| n.has_tag_name((HP, "p")))
        .unwrap();
    let p_text: String = p
        .descendants()
        .filter(|n| n.has_tag_name((HP, "t")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(p_text, "(직인)");
    let pos = seal_pic
        .children()
        .find(|c| c.has_tag_name((HP, "pos")))
        .unwrap();
    assert_eq!(pos.attribute("treatAsChar"), Some("0"));
    assert_eq!(pos.attribute("horzAlign"), Some("CENTER"));
    // 18 mm seal on a 5 mm line: its top 6.5 mm above the line's, as a 32-bit wrap-around.
    let dy: u32 = pos.attribute("vertOffset").unwrap().parse().unwrap();
    assert_eq!(dy as i32, (1417 - 5102) / 2);
    // 18 mm displayed, 64 px at 75 HWPUNIT each.
    let sz = seal_pic
        .children()
        .find(|c| c.has_tag_name((HP, "sz")))
        .unwrap();
    assert_eq!(sz.attribute("width"), Some("5102"));
    let dim = seal_pic
        .children()
        .find(|c| c.has_tag_name((HP, "imgDim")))
        .unwrap();
    assert_eq!(dim.attribute("dimwidth"), Some("4800"));
    // The logo sits inline, in a right-aligned paragraph.
    let logo_pos = pics[0]
        .children()
        .find(|c| c.has_tag_name((HP, "pos")))
        .unwrap();
    assert_eq!(logo_pos.attribute("treatAsChar"), Some("1"));
}

#[test]
fn the_same_image_is_stored_once() {
    let mut d = Document::new("두 번");
    let seal = common::seal_png();
    d.blocks.push(Block::Image(seal.clone()));
    d.blocks.push(Block::Image(seal));
    let bytes = render(&d).unwrap();
    let bins: Vec<_> = entries(&bytes)
        .into_iter()
        .filter(|e| e.name.starts_with("BinData/"))
        .collect();
    assert_eq!(bins.len(), 1);
}

#[test]
fn bad_image_bytes_are_an_image_error() {
    let mut d = Document::new("그림");
    let mut img = common::seal_png();
    img.data = std::sync::Arc::new(b"GIF89a not a png".to_vec());
    d.blocks.push(Block::Image(img.clone()));
    let e = render(&d).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Image);
    assert!(e.to_string().contains("PNG"), "{e}");
    img.format = formpack_doc::ImageFormat::Jpeg;
    d.blocks[0] = Block::Image(img);
    assert_eq!(render(&d).unwrap_err().kind(), ErrorKind::Image);
}

#[test]
fn footer_has_page_fields_and_the_fingerprint() {
    let d = common::rich();
    let bytes = render(&d).unwrap();
    let sec = part(&bytes, "Contents/section0.xml");
    let doc = parse(&sec);
    let footer = doc
        .descendants()
        .find(|n| n.has_tag_name((HP, "footer")))
        .expect("a footer");
    let kinds: Vec<&str> = footer
        .descendants()
        .filter(|n| n.has_tag_name((HP, "autoNum")))
        .map(|n| n.attribute("numType").unwrap())
        .collect();
    assert_eq!(kinds, ["PAGE", "TOTAL_PAGE"]);
    let texts: Vec<&str> = footer
        .descendants()
        .filter(|n| n.has_tag_name((HP, "t")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(texts, ["사업신청서", " / ", "문서확인번호 1a2b3c4d"]);
    // Real fields, no page number typed in.
    assert!(!texts.iter().any(|t| t.trim() == "1"));
    // The footer is on every page: it is defined once, in the first paragraph.
    assert_eq!(sec.matches("<hp:footer ").count(), 1);
}

#[test]
fn page_is_a4_with_the_model_margins() {
    let mut d = common::rich();
    d.page.margin_left = 25.0;
    let bytes = render(&d).unwrap();
    let sec = part(&bytes, "Contents/section0.xml");
    let doc = parse(&sec);
    let page = doc
        .descendants()
        .find(|n| n.has_tag_name((HP, "pagePr")))
        .unwrap();
    assert_eq!(page.attribute("width"), Some("59528"));
    assert_eq!(page.attribute("height"), Some("84189"));
    assert_eq!(page.attribute("landscape"), Some("WIDELY"));
    let m = page
        .children()
        .find(|n| n.has_tag_name((HP, "margin")))
        .unwrap();
    let v = |a: &str| m.attribute(a).unwrap().parse::<i64>().unwrap();
    assert_eq!(v("left"), 7087); // 25 mm
    assert_eq!(v("right"), 5669); // 20 mm
                                  // The text starts 20 mm from the top and ends 20 mm from the bottom.
    assert_eq!(v("top") + v("header"), 5669);
    assert_eq!(v("bottom") + v("footer"), 5669);
    assert_eq!(v("bottom"), 2835); // the footer line 10 mm above the edge, as in the DOCX
}

/// charPr and paraPr of the paragraph whose text is `needle`.
fn shapes_of<'a>(
    sec: &'a roxmltree::Document,
    header: &'a roxmltree::Document,
    needle: &str,
) -> (roxmltree::Node<'a, 'a>, roxmltree::Node<'a, 'a>) {
    let t = sec
        .descendants()
        .find(|n| {
            n.has_tag_name((HP, "t"))
                && n.text() == Some(needle)
                && !n
                    .ancestors()
                    .any(|a| a.has_tag_name((HP, "footer")) || a.has_tag_name((HP, "header")))
        })
        .unwrap_or_else(|| panic!("no body text {needle:?}"));
    let run = t.parent().unwrap();
    let p = run.parent().unwrap();
    let by_id = |tag: &str, id: &str| {
        header
            .descendants()
            .find(|n| n.has_tag_name((HH, tag)) && n.attribute("id") == Some(id))
            .unwrap()
    };
    (
        by_id("charPr", run.attribute("charPrIDRef").unwrap()),
        by_id("paraPr", p.attribute("paraPrIDRef").unwrap()),
    )
}

fn font_of(header: &roxmltree::Document, char_pr: roxmltree::Node) -> String {
    let id = char_pr
        .children()
        .find(|c| c.has_tag_name((HH, "fontRef")))
        .unwrap()
        .attribute("hangul")
        .unwrap()
        .to_string();
    header
        .descendants()
        .find(|n| n.has_tag_name((HH, "fontface")) && n.attribute("lang") == Some("HANGUL"))
        .unwrap()
        .children()
        .find(|n| n.has_tag_name((HH, "font")) && n.attribute("id") == Some(id.as_str()))
        .unwrap()
        .attribute("face")
        .unwrap()
        .to_string()
}

#[test]
fn look_matches_the_docx_backend() {
    let d = common::rich();
    let bytes = render(&d).unwrap();
    let sec_xml = part(&bytes, "Contents/section0.xml");
    let head_xml = part(&bytes, "Contents/header.xml");
    let (sec, head) = (parse(&sec_xml), parse(&head_xml));
    let bold = |c: roxmltree::Node| c.children().any(|x| x.has_tag_name((HH, "bold")));
    let align = |p: roxmltree::Node| {
        p.children()
            .find(|x| x.has_tag_name((HH, "align")))
            .unwrap()
            .attribute("horizontal")
            .unwrap()
            .to_string()
    };
    let case_margin = |p: roxmltree::Node, side: &str| -> i64 {
        p.descendants()
            .find(|x| x.has_tag_name((HP, "case")))
            .unwrap()
            .descendants()
            .find(|x| x.has_tag_name((HC, side)))
            .unwrap()
            .attribute("value")
            .unwrap()
            .parse()
            .unwrap()
    };

    // Headings: 18/12/11 pt, 고딕 bold; the title centred.
    let (c, p) = shapes_of(&sec, &head, "사업신청서");
    assert_eq!(c.attribute("height"), Some("1800"));
    assert!(bold(c));
    assert_eq!(font_of(&head, c), "NanumGothic");
    assert_eq!(align(p), "CENTER");
    assert_eq!(case_margin(p, "next"), 1701); // 6 mm after
    let (c, p) = shapes_of(&sec, &head, "1. 사업 개요");
    assert_eq!(c.attribute("height"), Some("1200"));
    assert_eq!(case_margin(p, "prev"), 1134); // 4 mm before
    let keep = p
        .children()
        .find(|x| x.has_tag_name((HH, "breakSetting")))
        .unwrap();
    assert_eq!(keep.attribute("keepWithNext"), Some("1"));
    let (c, _) = shapes_of(&sec, &head, "가. 참여기관");
    assert_eq!(c.attribute("height"), Some("1100"));

    // Body: 10.5 pt 명조, justified with a 3 mm indent; bold and underlined runs.
    let (c, p) = shapes_of(
        &sec,
        &head,
        "본 사업은 대전광역시와 참여기관이 공동으로 수행하는 ",
    );
    assert_eq!(c.attribute("height"), Some("1050"));
    assert_eq!(font_of(&head, c), "NanumMyeongjo");
    assert_eq!(align(p), "JUSTIFY");
    assert_eq!(case_margin(p, "left"), 850);
    assert_eq!(case_margin(p, "next"), 567); // 2 mm after
    let (c, _) = shapes_of(&sec, &head, "지역 주도형 AI 대전환");
    assert!(bold(c));
    let (c, _) = shapes_of(&sec, &head, "6,300,000,000");
    let ul = c
        .children()
        .find(|x| x.has_tag_name((HH, "underline")))
        .unwrap();
    assert_eq!(ul.attribute("type"), Some("BOTTOM"));
    let (c, _) = shapes_of(&sec, &head, "고딕 12pt");
    assert_eq!(
        (c.attribute("height"), font_of(&head, c).as_str()),
        (Some("1200"), "NanumGothic")
    );
    let (_, p) = shapes_of(&sec, &head, "(단위: 원)");
    assert_eq!(align(p), "RIGHT");

    // Shaded label cells: D9D9D9 fill, 고딕, header rows repeated.
    let t = sec
        .descendants()
        .find(|n| n.has_tag_name((HP, "t")) && n.text() == Some("구분"))
        .unwrap();
    let tc = t.ancestors().find(|n| n.has_tag_name((HP, "tc"))).unwrap();
    assert_eq!(tc.attribute("header"), Some("1"));
    let bf = tc.attribute("borderFillIDRef").unwrap();
    let fill = head
        .descendants()
        .find(|n| n.has_tag_name((HH, "borderFill")) && n.attribute("id") == Some(bf))
        .unwrap();
    let brush = fill
        .descendants()
        .find(|n| n.has_tag_name((HC, "winBrush")))
        .unwrap();
    assert_eq!(brush.attribute("faceColor"), Some("#D9D9D9"));
    let border = fill
        .children()
        .find(|n| n.has_tag_name((HH, "leftBorder")))
        .unwrap();
    assert_eq!(border.attribute("type"), Some("SOLID"));
    let (c, _) = shapes_of(&sec, &head, "구분");
    assert_eq!(font_of(&head, c), "NanumGothic");
    assert_eq!(c.attribute("height"), Some("950"));
    let tbl = tc
        .ancestors()
        .find(|n| n.has_tag_name((HP, "tbl")))
        .unwrap();
    assert_eq!(tbl.attribute("repeatHeader"), Some("1"));
    assert_eq!(tbl.attribute("pageBreak"), Some("CELL"));
    let headers = tbl
        .descendants()
        .filter(|n| n.has_tag_name((HP, "tc")) && n.attribute("header") == Some("1"))
        .count();
    assert_eq!(headers, 5, "the two header rows' cells");
    // Column widths scaled to the text width (170 mm), 20:25:25:30.
    let widths: Vec<i64> = tbl
        .children()
        .filter(|n| n.has_tag_name((HP, "tr")))
        .nth(1)
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name((HP, "cellSz")))
        .map(|n| n.attribute("width").unwrap().parse().unwrap())
        .collect();
    assert_eq!(widths, [12047, 12047]);
    // Vertical alignment per cell.
    let t = sec
        .descendants()
        .find(|n| n.has_tag_name((HP, "t")) && n.text() == Some("2차년도"))
        .unwrap();
    let list = t
        .ancestors()
        .find(|n| n.has_tag_name((HP, "subList")))
        .unwrap();
    assert_eq!(list.attribute("vertAlign"), Some("TOP"));
    let t = sec
        .descendants()
        .find(|n| n.has_tag_name((HP, "t")) && n.text() == Some("병합 아래"))
        .unwrap();
    let list = t
        .ancestors()
        .find(|n| n.has_tag_name((HP, "subList")))
        .unwrap();
    assert_eq!(list.attribute("vertAlign"), Some("BOTTOM"));

    // Signature: 11 pt, labels 고딕, addressee 14 pt bold 고딕, no visible borders.
    let (c, _) = shapes_of(&sec, &head, "시장");
    assert_eq!(
        (c.attribute("height"), font_of(&head, c).as_str()),
        (Some("1100"), "NanumGothic")
    );
    let (c, _) = shapes_of(&sec, &head, "윤도현");
    assert_eq!(font_of(&head, c), "NanumMyeongjo");
    let (c, p) = shapes_of(&sec, &head, "중소벤처기업부장관 귀하");
    assert_eq!(c.attribute("height"), Some("1400"));
    assert!(bold(c));
    assert_eq!(case_margin(p, "prev"), 2835); // 10 mm before (formpack_doc::style)
    let (_, p) = shapes_of(&sec, &head, "2026. 3. 9.");
    assert_eq!(align(p), "CENTER");
    // The block stays on one page with the paragraph before it.
    let (_, p) = shapes_of(&sec, &head, "위와 같이 신청합니다.");
    let keep = p
        .children()
        .find(|x| x.has_tag_name((HH, "breakSetting")))
        .unwrap();
    assert_eq!(keep.attribute("keepWithNext"), Some("1"));
    let t = sec
        .descendants()
        .find(|n| n.has_tag_name((HP, "t")) && n.text() == Some("윤도현"))
        .unwrap();
    let sig_table = t.ancestors().find(|n| n.has_tag_name((HP, "tbl"))).unwrap();
    assert_eq!(sig_table.attribute("pageBreak"), Some("NONE"));
    let (_, p) = shapes_of(&sec, &head, "☑ 주관기관 확인 ☐ 참여기관 확인 & <태그>");
    let keep = p
        .children()
        .find(|x| x.has_tag_name((HH, "breakSetting")))
        .unwrap();
    assert_eq!(
        keep.attribute("keepWithNext"),
        Some("1"),
        "keep=\"true\" in the model"
    );
    let (_, p) = shapes_of(&sec, &head, "(단위: 원)");
    let keep = p
        .children()
        .find(|x| x.has_tag_name((HH, "breakSetting")))
        .unwrap();
    assert_eq!(keep.attribute("keepWithNext"), Some("0"));

    // Fonts: the Nanum faces, with Hancom's own as substitutes.
    for (face, subst) in [
        ("NanumMyeongjo", "함초롬바탕"),
        ("NanumGothic", "함초롬돋움"),
    ] {
        let fonts: Vec<_> = head
            .descendants()
            .filter(|n| n.has_tag_name((HH, "font")) && n.attribute("face") == Some(face))
            .collect();
        assert_eq!(fonts.len(), 7, "{face} in every script group");
        for f in fonts {
            let s = f
                .children()
                .find(|c| c.has_tag_name((HH, "substFont")))
                .unwrap();
            assert_eq!(s.attribute("face"), Some(subst));
        }
    }

    // Spacer: a fixed 6 mm line. Page break: on the paragraph after it.
    assert!(head_xml.contains(r#"<hh:lineSpacing type="FIXED" value="1701" unit="HWPUNIT"/>"#));
    let (_, _) = shapes_of(&sec, &head, "2. 붙임");
    let p = sec
        .descendants()
        .find(|n| n.has_tag_name((HP, "t")) && n.text() == Some("2. 붙임"))
        .unwrap()
        .ancestors()
        .find(|n| n.has_tag_name((HP, "p")))
        .unwrap();
    assert_eq!(p.attribute("pageBreak"), Some("1"));
    assert_eq!(sec_xml.matches(r#"pageBreak="1""#).count(), 1);
}

#[test]
fn text_with_markup_characters_stays_well_formed() {
    let mut d = Document::new("<&> \"제목\"");
    d.author = "A & B".into();
    d.footer.left = "<왼쪽>".into();
    d.footer.fingerprint = "&&".into();
    d.footer.fingerprint_label = "문서확인번호".into();
    d.blocks.push(Block::Paragraph(Paragraph {
        runs: vec![Run::text("</hp:t><hp:t> & \u{1} 끝\t탭")],
        align: Align::Justify,
        ..Paragraph::default()
    }));
    let bytes = render(&d).unwrap();
    for e in entries(&bytes) {
        if e.name.ends_with("xml") || e.name.ends_with("hpf") {
            roxmltree::Document::parse(std::str::from_utf8(&e.data).unwrap())
                .unwrap_or_else(|err| panic!("{}: {err}", e.name));
        }
    }
    let t = text(&bytes).unwrap();
    assert!(t.contains("</hp:t><hp:t> &  끝\t탭"), "{t}");
    assert!(t.contains("<왼쪽>"));
}
