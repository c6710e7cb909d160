//! Paged layout of a [`formpack_doc::Document`]: the one place where text is measured and
//! broken into lines, tables are spread across pages, signatures are kept together, and pages
//! get their footer and watermark. The result is a list of [`Page`]s of positioned glyph
//! runs, rectangles and images that every paged exporter (today the PDF backend) draws as is.
//!
//! **The rule this crate keeps: layout never touches an output format.** No PDF (or other
//! drawing library) type appears here; fonts are read for their metrics only, with skrifa,
//! from the same bytes an exporter embeds. Lengths are points, the origin is the top left of
//! the page and y grows downwards; the look comes from [`formpack_doc::style`].
//!
//! Split by element and by phase:
//!
//! - [`fonts`]: the five fonts' character maps and advance widths.
//! - [`text`]: measuring and line breaking (at spaces, so Korean words stay whole).
//! - `flow`: blocks → chunks (headings, paragraphs, images, spacers, page breaks);
//!   `table` and `signature` build the chunks of those two elements.
//! - `paginate`: chunks → pages, with keep-with-next, repeated table headers and splitting.
//! - `page`: the footer and the watermark of each page.
//! - [`frame`]: the laid-out output types.

mod columns;
mod error;
mod flow;
pub mod fonts;
pub mod frame;
mod pads;
mod page;
mod paginate;
mod signature;
mod table;
pub mod text;

use formpack_doc::Document;

pub use error::{Error, ErrorKind};
pub use fonts::{FontId, Fonts, FILE_NAMES};
pub use frame::{mm, Frag, Glyph, Item, Page, PT_PER_MM};

/// Lay a document out on pages: body, footer (`n / N` counts this document's pages) and,
/// when the document has one, the watermark. Fails only on a page setup that leaves no
/// room for text.
pub fn layout(doc: &Document, fonts: &Fonts) -> Result<Vec<Page>, Error> {
    layout_mapped(doc, fonts).map(|(pages, _)| pages)
}

/// [`layout`], and for each of the document's blocks the index of the page it starts on
/// (a block that prints nothing gets the page where it would have stood).
pub fn layout_mapped(doc: &Document, fonts: &Fonts) -> Result<(Vec<Page>, Vec<usize>), Error> {
    let ps = &doc.page;
    let vals = [
        ps.width,
        ps.height,
        ps.margin_top,
        ps.margin_bottom,
        ps.margin_left,
        ps.margin_right,
    ];
    if vals.iter().any(|v| !v.is_finite() || *v < 0.0) || ps.width > 5000.0 || ps.height > 5000.0 {
        return Err(Error::new(
            ErrorKind::PageSetup,
            "page size and margins must be finite, non-negative millimetres",
        ));
    }
    let width = mm(ps.content_width());
    let height = mm(ps.height - ps.margin_top - ps.margin_bottom);
    if width < mm(30.0) || height < mm(30.0) {
        return Err(Error::new(
            ErrorKind::PageSetup,
            "the page leaves less than 30 mm for the text",
        ));
    }
    let mut flow = flow::Flow::new(fonts, width, height);
    flow.spacing = formpack_doc::style::spacing(doc.density);
    flow.blocks(&doc.blocks);
    let (bodies, starts) =
        paginate::paginate(&flow.chunks, mm(ps.margin_left), mm(ps.margin_top), height);
    let map = block_pages(&starts, doc.blocks.len());
    let (pw, ph) = (mm(ps.width), mm(ps.height));
    let watermark = doc
        .watermark
        .as_deref()
        .map(|text| page::watermark(fonts, text, pw, ph))
        .unwrap_or_default();
    let total = bodies.len();
    let pages = bodies
        .into_iter()
        .enumerate()
        .map(|(n, body)| {
            let mut footer = page::running(fonts, doc, n + 1, total);
            footer.extend(page::footer(fonts, doc, n + 1, total));
            Page {
                width: pw,
                height: ph,
                watermark: watermark.clone(),
                body,
                footer,
            }
        })
        .collect();
    Ok((pages, map))
}

/// The first page of each block from the (block, page) of every placed chunk, in order.
fn block_pages(starts: &[(usize, usize)], blocks: usize) -> Vec<usize> {
    let mut map: Vec<Option<usize>> = vec![None; blocks];
    for &(b, p) in starts {
        if let Some(slot) = map.get_mut(b) {
            slot.get_or_insert(p);
        }
    }
    let mut last = 0;
    map.into_iter()
        .map(|p| {
            last = p.unwrap_or(last);
            last
        })
        .collect()
}

#[cfg(test)]
mod typeset_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::tests::fonts;
    use crate::pads::CELL_PAD_X;
    use formpack_doc::{xml, Block, Cell, Image, Paragraph, Row, Table};

    fn no_images(_: &str) -> Option<Image> {
        None
    }

    fn texts(page: &Page) -> String {
        let mut s = String::new();
        for it in &page.body {
            if let Item::Text { frag, .. } = it {
                s.push_str(&frag.text);
            }
        }
        s
    }

    /// Every item lies inside the margins.
    fn assert_inside(doc: &Document, pages: &[Page]) {
        let ps = doc.page;
        let (top, bottom) = (mm(ps.margin_top), mm(ps.height - ps.margin_bottom));
        let (left, right) = (mm(ps.margin_left), mm(ps.width - ps.margin_right));
        for (n, p) in pages.iter().enumerate() {
            for it in &p.body {
                let (t, b) = it.span_y();
                assert!(
                    t >= top - 0.01 && b <= bottom + 0.01,
                    "page {n}: {t}..{b} outside {top}..{bottom}"
                );
                if let Item::Text { x, frag, .. } = it {
                    assert!(
                        *x >= left - 0.01 && x + frag.width() <= right + 0.01,
                        "{x} {}",
                        frag.text
                    );
                }
            }
        }
    }

    #[test]
    fn a_long_paragraph_flows_onto_further_pages_inside_the_margins() {
        let text: String = "가나다라마 바사아자차 카타파하 ".repeat(300);
        assert!(text.chars().count() >= 5000);
        let mut doc = Document::new("long");
        doc.blocks
            .push(Block::Paragraph(Paragraph::plain(text.trim())));
        let pages = layout(&doc, &fonts()).unwrap();
        assert!(pages.len() >= 3, "{}", pages.len());
        assert_inside(&doc, &pages);
        let all: String = pages.iter().map(texts).collect();
        assert_eq!(all.replace(' ', ""), text.replace(' ', ""));
    }

    fn forty_rows() -> Document {
        let mut rows = String::new();
        for i in 1..=40 {
            rows.push_str(&format!(
                "<tr><td>{i}</td><td>참여기관 {i}번 주식회사 인공지능 연구소</td><td align=\"right\">{},000,000</td></tr>",
                i * 150
            ));
        }
        xml::parse(
            &format!(
                "<document title=\"t\"><h2>참여기관 목록</h2><table widths=\"10,60,30\" header=\"1\">\
                 <tr><td shade=\"true\">번호</td><td shade=\"true\">기관명칭</td><td shade=\"true\">사업비합계</td></tr>{rows}</table></document>"
            ),
            &no_images,
        )
        .unwrap()
    }

    #[test]
    fn a_forty_row_table_repeats_its_header_on_every_page() {
        let doc = forty_rows();
        let pages = layout(&doc, &fonts()).unwrap();
        assert!(pages.len() >= 2, "{}", pages.len());
        assert_inside(&doc, &pages);
        for (n, p) in pages.iter().enumerate() {
            let t = texts(p);
            assert!(t.contains("기관명칭"), "page {n} lacks the header");
            assert_eq!(t.matches("기관명칭").count(), 1);
        }
        let all: String = pages.iter().map(texts).collect();
        for i in 1..=40 {
            assert_eq!(
                all.matches(&format!("참여기관 {i}번 ")).count(),
                1,
                "row {i}"
            );
        }
        // The heading is kept with the table.
        assert!(texts(&pages[0]).starts_with("참여기관 목록"));
    }

    #[test]
    fn a_long_name_in_a_narrow_cell_wraps_and_the_row_grows() {
        let mut d = xml::parse(
            "<document><table widths=\"10,90\"><tr><td>짧음</td><td>짧음</td></tr>\
             <tr><td>한국전자통신연구원 대경권연구센터 인공지능융합연구실</td><td>x</td></tr></table></document>",
            &no_images,
        )
        .unwrap();
        // A form's saved geometry: the narrow column stays narrow.
        if let Block::Table(t) = &mut d.blocks[0] {
            t.width = Some(170.0);
        }
        let pages = layout(&d, &fonts()).unwrap();
        let rects: Vec<(f32, f32)> = pages[0]
            .body
            .iter()
            .filter_map(|it| match it {
                Item::Rect { x, h, .. } if *x < mm(21.0) => Some((*x, *h)),
                _ => None,
            })
            .collect();
        assert_eq!(rects.len(), 2);
        assert!(rects[1].1 > rects[0].1 * 3.0, "{rects:?}");
        // Every fragment stays inside its narrow column.
        let col_right = mm(20.0) + mm(170.0) * 0.1;
        let lines = pages[0]
            .body
            .iter()
            .filter(|it| matches!(it, Item::Text { x, frag, .. } if *x < col_right && frag.text != "짧음"))
            .inspect(|it| {
                if let Item::Text { x, frag, .. } = it {
                    assert!(x + frag.width() <= col_right - CELL_PAD_X + 0.01, "{}", frag.text);
                }
            })
            .count();
        assert!(lines >= 5, "{lines}");
    }

    /// Found by the fuzzer: a gap of 10⁹ mm after a paragraph in a cell made a row that the
    /// splitter cut into a million pages (20 s and counting). A gap is now at most a page.
    #[test]
    fn a_huge_gap_is_at_most_a_page() {
        let mut first = Paragraph::plain("첫 문단");
        first.space_after = 1e9;
        let mut para = Paragraph::plain("본문");
        para.space_after = 1e9;
        let t = Table {
            widths: vec![1.0],
            header_rows: 0,
            size: 9.5,
            rows: vec![Row {
                cells: vec![Cell {
                    paragraphs: vec![first, Paragraph::plain("둘째 문단")],
                    ..Cell::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        let mut doc = Document::new("t");
        doc.blocks.push(Block::Table(t));
        doc.blocks.push(Block::Paragraph(para));
        doc.blocks.push(Block::Paragraph(Paragraph::plain("끝")));
        let pages = layout(&doc, &fonts()).unwrap();
        assert!(pages.len() <= 4, "{} pages", pages.len());
        assert_inside(&doc, &pages);
        let all: String = pages.iter().map(texts).collect();
        for w in ["첫 문단", "둘째 문단", "본문", "끝"] {
            assert!(all.contains(w), "{w} missing");
        }
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_not_overflowed() {
        let long = "긴 내용의 셀 ".repeat(1000);
        let t = Table {
            widths: vec![1.0, 3.0],
            header_rows: 1,
            size: 9.5,
            rows: vec![
                Row {
                    cells: vec![
                        Cell {
                            paragraphs: vec![Paragraph::plain("항목")],
                            shade: true,
                            ..Cell::default()
                        },
                        Cell {
                            paragraphs: vec![Paragraph::plain("내용")],
                            shade: true,
                            ..Cell::default()
                        },
                    ],
                    ..Default::default()
                },
                Row {
                    cells: vec![
                        Cell {
                            paragraphs: vec![Paragraph::plain("설명")],
                            ..Cell::default()
                        },
                        Cell {
                            paragraphs: vec![Paragraph::plain(long.trim())],
                            ..Cell::default()
                        },
                    ],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let mut doc = Document::new("t");
        doc.blocks.push(Block::Table(t));
        let pages = layout(&doc, &fonts()).unwrap();
        assert!(pages.len() >= 3, "{}", pages.len());
        assert_inside(&doc, &pages);
        for p in &pages {
            assert!(texts(p).starts_with("항목내용"));
        }
    }

    #[test]
    fn a_heading_is_kept_with_the_next_block_and_a_signature_with_its_paragraph() {
        let mut body = String::new();
        for _ in 0..30 {
            body.push_str("<p>본문 문단입니다.</p>");
        }
        let d = xml::parse(
            &format!(
                "<document>{body}<h2>3. 서약</h2><p>위와 같이 신청합니다.</p>\
                 <signature date=\"2026. 3. 9.\" addressee=\"중소벤처기업부장관 귀하\">\
                 <party caption=\"신청기관\" org=\"대전광역시\" title=\"시장\" name=\"윤도현\" mark=\"(직인)\"/></signature></document>"
            ),
            &no_images,
        )
        .unwrap();
        let pages = layout(&d, &fonts()).unwrap();
        assert_eq!(pages.len(), 2);
        assert_inside(&d, &pages);
        let last = texts(&pages[1]);
        assert!(
            last.starts_with("3. 서약위와 같이 신청합니다.2026. 3. 9."),
            "{last}"
        );
        assert!(last.contains("시장  윤도현  (직인)"));
        assert!(last.ends_with("중소벤처기업부장관 귀하"));
    }

    #[test]
    fn page_breaks_and_bad_page_setups() {
        let d = xml::parse(
            "<document><p>a</p><pagebreak/><pagebreak/><p>b</p></document>",
            &no_images,
        )
        .unwrap();
        let pages = layout(&d, &fonts()).unwrap();
        assert_eq!(pages.len(), 2);
        let mut bad = d.clone();
        bad.page.margin_left = 170.0;
        assert!(layout(&bad, &fonts()).is_err());
        bad.page.margin_left = f32::NAN;
        assert!(layout(&bad, &fonts()).is_err());
    }

    fn all_text(items: &[Item]) -> String {
        let mut s = String::new();
        for it in items {
            match it {
                Item::Text { frag, .. } => s.push_str(&frag.text),
                Item::Rotated { items, .. } => s.push_str(&all_text(items)),
                _ => {}
            }
        }
        s
    }

    #[test]
    fn footer_and_watermark_print_the_text_of_the_model() {
        let mut d = xml::parse(
            "<document><p>a</p><pagebreak/><p>b</p></document>",
            &no_images,
        )
        .unwrap();
        d.footer.left = "서식".into();
        d.footer.fingerprint = "1a2b3c4d".into();
        d.footer.fingerprint_label = "확인번호".into();
        let pages = layout(&d, &fonts()).unwrap();
        assert_eq!(pages.len(), 2);
        assert!(pages.iter().all(|p| p.watermark.is_empty()));
        assert_eq!(all_text(&pages[1].footer), "2 / 2확인번호 1a2b3c4d서식");
        let bottom = mm(d.page.height - d.page.margin_bottom);
        assert!(pages[0].footer.iter().all(|it| it.span_y().0 > bottom));

        d.watermark = Some("검토용".into());
        let pages = layout(&d, &fonts()).unwrap();
        for p in &pages {
            assert!(matches!(p.watermark[0], Item::Rotated { angle, .. } if angle == 45.0));
            assert_eq!(all_text(&p.watermark), "검토용검토용");
            assert_eq!(
                p.items().count(),
                p.watermark.len() + p.body.len() + p.footer.len()
            );
        }
    }

    #[test]
    fn a_bad_page_setup_is_a_page_setup_error() {
        let mut d = Document::new("t");
        d.page.width = 40.0;
        let err = layout(&d, &fonts()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PageSetup);
        assert!(err.to_string().contains("30 mm"), "{err}");
    }

    /// A form's table: its own width and placement, a row's height, each side's line, a fill
    /// and a nested table inside a cell, all where the model puts them.
    #[test]
    fn a_forms_table_keeps_its_geometry_lines_fill_and_nested_table() {
        use formpack_doc::style::Rgb;
        use formpack_doc::{Border, Borders, Nested, Padding};
        let line = Border {
            width: 1.0,
            ..Border::default()
        };
        let inner = Table {
            widths: vec![10.0, 10.0],
            rows: vec![Row {
                cells: vec![
                    Cell {
                        paragraphs: vec![Paragraph::plain("안")],
                        ..Cell::default()
                    },
                    Cell {
                        paragraphs: vec![Paragraph::plain("표")],
                        ..Cell::default()
                    },
                ],
                ..Row::default()
            }],
            width: Some(20.0),
            ..Table::default()
        };
        let t = Table {
            widths: vec![30.0, 70.0],
            width: Some(100.0),
            align: formpack_doc::Align::Center,
            rows: vec![Row {
                cells: vec![
                    Cell {
                        paragraphs: vec![Paragraph::plain("이름")],
                        fill: Some(Rgb(0xEE, 0xDD, 0xCC)),
                        borders: Some(Borders {
                            left: line,
                            top: line,
                            ..Borders::default()
                        }),
                        padding: Some(Padding::default()),
                        ..Cell::default()
                    },
                    Cell {
                        paragraphs: vec![Paragraph::plain("앞")],
                        nested: vec![Nested {
                            after: 1,
                            table: inner,
                        }],
                        ..Cell::default()
                    },
                ],
                height: Some(40.0),
            }],
            ..Table::default()
        };
        let mut doc = Document::new("t");
        doc.blocks.push(Block::Table(t));
        let pages = layout(&doc, &fonts()).unwrap();
        let body = &pages[0].body;
        // Centred: 100 mm in 170, so 35 mm in from the left margin.
        let left = mm(20.0 + 35.0);
        let fill = body.iter().find_map(|it| match it {
            Item::Rect {
                x,
                h,
                fill: Some(f),
                stroke: None,
                ..
            } if *f == Rgb(0xEE, 0xDD, 0xCC) => Some((*x, *h)),
            _ => None,
        });
        let (x, h) = fill.expect("the filled cell");
        assert!(
            (x - left).abs() < 0.01 && (h - mm(40.0)).abs() < 0.01,
            "{x} {h}"
        );
        let lines: Vec<(f32, f32, f32, f32)> = body
            .iter()
            .filter_map(|it| match it {
                Item::Line { x1, y1, x2, y2, .. } => Some((*x1, *y1, *x2, *y2)),
                _ => None,
            })
            .collect();
        assert_eq!(lines.len(), 2, "the top and left sides only: {lines:?}");
        assert!(lines
            .iter()
            .any(|l| (l.0 - left).abs() < 0.01 && (l.2 - left).abs() < 0.01));
        // The nested table's text is inside the second cell, after its paragraph.
        let text = texts(&pages[0]);
        assert!(text.ends_with("앞안표"), "{text}");
        let at = |s: &str| {
            body.iter()
                .find_map(|it| match it {
                    Item::Text {
                        x, baseline, frag, ..
                    } if frag.text == s => Some((*x, *baseline)),
                    _ => None,
                })
                .unwrap()
        };
        assert!(at("안").0 >= left + mm(30.0) && at("안").1 > at("앞").1);
    }

    /// A paragraph that breaks by character fills its lines; one that keeps words does not
    /// break inside them.
    #[test]
    fn breaking_by_character_fills_the_line() {
        let text = "가나다라마바 ".repeat(12);
        let lines = |break_words: bool| {
            let mut p = Paragraph::plain(text.trim());
            p.break_words = break_words;
            crate::flow::paragraph_lines(&fonts(), &p, mm(40.0), 1.5, None)
        };
        let (words, chars) = (lines(false), lines(true));
        assert!(chars.len() < words.len(), "{} {}", chars.len(), words.len());
        for l in &words[..words.len() - 1] {
            assert!(
                l.text().split_whitespace().all(|w| w.chars().count() == 6),
                "{}",
                l.text()
            );
        }
    }

    /// A picture in a cell stands after its paragraph, inside the cell, and grows the row.
    #[test]
    fn a_picture_in_a_cell_stands_after_its_paragraph() {
        use formpack_doc::{Align, CellImage, ImageFormat};
        let image = Image {
            data: std::sync::Arc::new(vec![0x89, b'P', b'N', b'G']),
            format: ImageFormat::Png,
            width: 30.0,
            height: 30.0,
            align: Align::Center,
        };
        let t = Table {
            widths: vec![1.0, 1.0],
            rows: vec![Row {
                cells: vec![
                    Cell {
                        paragraphs: vec![Paragraph::plain("로고"), Paragraph::plain("아래")],
                        images: vec![CellImage { after: 1, image }],
                        ..Cell::default()
                    },
                    Cell::default(),
                ],
                ..Row::default()
            }],
            ..Table::default()
        };
        let mut doc = Document::new("t");
        doc.blocks.push(Block::Table(t));
        let pages = layout(&doc, &fonts()).unwrap();
        let body = &pages[0].body;
        let (x, y, w) = body
            .iter()
            .find_map(|it| match it {
                Item::Image { x, y, w, .. } => Some((*x, *y, *w)),
                _ => None,
            })
            .expect("the picture");
        let baseline = |s: &str| {
            body.iter()
                .find_map(|it| match it {
                    Item::Text { baseline, frag, .. } if frag.text == s => Some(*baseline),
                    _ => None,
                })
                .unwrap()
        };
        assert!(baseline("로고") < y && y + mm(30.0) < baseline("아래"));
        // Centred in the first column (85 mm wide).
        let cell_mid = mm(20.0) + mm(85.0) / 2.0;
        assert!((x + w / 2.0 - cell_mid).abs() < 0.5, "{x} {w}");
        let row_h = body
            .iter()
            .find_map(|it| match it {
                Item::Rect { h, .. } => Some(*h),
                _ => None,
            })
            .unwrap();
        assert!(row_h > mm(30.0), "{row_h}");
    }
}
