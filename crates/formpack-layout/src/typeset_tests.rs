//! Typesetting rules of issue #31: columns sized from their words, tall rows split, a
//! table's last row never alone, a caption with its picture.

use formpack_doc::{xml, Align, Block, Document, Image, ImageFormat};

use crate::fonts::tests::fonts;
use crate::frame::Item;
use crate::{layout, Page};

fn picture(_: &str) -> Option<Image> {
    Some(Image {
        data: std::sync::Arc::new(vec![0x89, b'P', b'N', b'G']),
        format: ImageFormat::Png,
        width: 150.0,
        height: 60.0,
        align: Align::Center,
    })
}

fn doc(body: &str) -> Document {
    xml::parse(&format!("<document>{body}</document>"), &picture).unwrap()
}

fn filler(n: usize) -> String {
    "<p>본문 문단입니다.</p>".repeat(n)
}

/// Each text fragment of a page, top to bottom.
fn frags(page: &Page) -> Vec<&str> {
    let mut out: Vec<(f32, f32, &str)> = page
        .body
        .iter()
        .filter_map(|it| match it {
            Item::Text { x, top, frag, .. } => Some((*top, *x, frag.text.as_str())),
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| a.partial_cmp(b).unwrap());
    out.into_iter().map(|(.., t)| t).collect()
}

fn page_text(page: &Page) -> String {
    frags(page).concat()
}

#[test]
fn a_narrow_column_grows_to_its_longest_word() {
    let d = doc("<table widths=\"3,3,94\" size=\"9\"><tr><td>연번</td>\
         <td>hong-gildong@example.re.kr</td><td>지역혁신기관</td></tr></table>");
    let pages = layout(&d, &fonts()).unwrap();
    let got = frags(&pages[0]);
    for word in ["연번", "hong-gildong@example.re.kr", "지역혁신기관"] {
        assert!(got.contains(&word), "{word} broken: {got:?}");
    }
}

#[test]
fn a_forms_narrow_column_keeps_its_width() {
    let mut d = doc("<table widths=\"3,97\" size=\"9\"><tr><td>연번</td><td>x</td></tr></table>");
    if let Block::Table(t) = &mut d.blocks[0] {
        t.width = Some(170.0);
    }
    let pages = layout(&d, &fonts()).unwrap();
    assert!(!frags(&pages[0]).contains(&"연번"), "a form's column grew");
}

fn summary_table(filler_n: usize, form: bool) -> Vec<Page> {
    let long = format!("요약첫머리 {}", "가나다라 ".repeat(390));
    let mut d = doc(&format!(
        "{}<table widths=\"22,78\"><tr><td>사업명</td><td>x</td></tr>\
         <tr><td>사업 요약</td><td>{}</td></tr></table>",
        filler(filler_n),
        long.trim()
    ));
    if let (true, Some(Block::Table(t))) = (form, d.blocks.last_mut()) {
        t.width = Some(170.0);
    }
    layout(&d, &fonts()).unwrap()
}

#[test]
fn a_tall_row_breaks_rather_than_leave_the_page_blank() {
    let pages = summary_table(10, false);
    assert!(
        page_text(&pages[0]).contains("요약첫머리"),
        "the row moved whole"
    );
    // A form's row keeps its old rule: it moves whole when it fits on the next page.
    let pages = summary_table(10, true);
    assert!(!page_text(&pages[0]).contains("요약첫머리"));
}

#[test]
fn a_tables_last_row_never_starts_a_page_alone() {
    let rows: String = (1..=12)
        .map(|i| format!("<tr><td>{i}</td><td>기관 {i}</td></tr>"))
        .collect();
    let mut seen = 0;
    for n in 0..60 {
        let d = doc(&format!(
            "{}<table widths=\"20,80\" header=\"1\"><tr><td>연번</td><td>기관명</td></tr>\
             {rows}<tr><td>합계</td><td>전체</td></tr></table>",
            filler(n)
        ));
        let pages = layout(&d, &fonts()).unwrap();
        for p in &pages[1..] {
            let t = page_text(p);
            if let Some(rest) = t.strip_prefix("연번기관명") {
                seen += 1;
                assert!(!rest.starts_with("합계"), "{n} fillers: {t}");
            }
        }
    }
    assert!(seen > 0, "the table never crossed a page");
}

#[test]
fn a_caption_stays_on_its_pictures_page() {
    let mut crossed = 0;
    for n in 0..45 {
        let d = doc(&format!(
            "{}<image src=\"c\"/><p align=\"center\" size=\"9\">[그림 1] 재원별 사업비</p>",
            filler(n)
        ));
        let pages = layout(&d, &fonts()).unwrap();
        let image = pages
            .iter()
            .position(|p| p.body.iter().any(|it| matches!(it, Item::Image { .. })))
            .unwrap();
        let caption = pages
            .iter()
            .position(|p| page_text(p).contains("[그림 1]"))
            .unwrap();
        assert_eq!(image, caption, "{n} fillers");
        crossed += usize::from(image > 0);
    }
    assert!(crossed > 0, "the picture never reached a second page");
}

#[test]
fn a_picture_taller_than_a_page_leaves_room_for_its_caption() {
    let d = doc("<p>앞</p><image src=\"c\" width=\"150\" height=\"280\"/>\
         <p align=\"center\" size=\"9\">[그림 2] 기관별 사업비</p>");
    let pages = layout(&d, &fonts()).unwrap();
    assert_eq!(pages.len(), 2);
    assert!(page_text(&pages[1]).contains("[그림 2]"));
    assert!(pages[1]
        .body
        .iter()
        .any(|it| matches!(it, Item::Image { .. })));
}
