//! Hostile text, determinism, metadata without timestamps, draft marking, odd documents.

use crate::common;

use std::io::Cursor;
use std::sync::Arc;

use common::*;
use formpack_doc::{
    Align, Block, Cell, Document, Image, ImageFormat, Paragraph, Row, Run, Signature, Table,
};
use formpack_docx::{render, ErrorKind};

fn hostile_texts() -> Vec<String> {
    vec![
        "</w:t><w:p><w:r><w:t>injected".to_string(),
        "A & B && C &amp; &lt;tag&gt;".to_string(),
        r#"He said "hi" and 'bye' {{x}} {% if %} ${y}"#.to_string(),
        "]]> <![CDATA[ x ]]> <?pi?> <!-- c -->".to_string(),
        "가".repeat(2500) + &"x".repeat(2500),
    ]
}

#[test]
fn hostile_text_stays_literal_and_xml_well_formed() {
    let mut d = Document::new(r#"제목 </dc:title> & "q""#);
    d.author = "<b>재단법인</b> & 'x'".into();
    d.footer.left = "</w:t>&".into();
    d.footer.fingerprint = "\"{{fp}}\"".into();
    d.footer.fingerprint_label = "문서확인번호".into();
    for t in hostile_texts() {
        d.blocks.push(Block::Paragraph(Paragraph::plain(t.clone())));
    }
    d.blocks.push(Block::Table(Table {
        widths: vec![1.0, 1.0],
        rows: vec![Row {
            cells: hostile_texts()[..2]
                .iter()
                .map(|t| Cell {
                    paragraphs: vec![Paragraph::plain(t.clone())],
                    ..Cell::default()
                })
                .collect(),
            ..Default::default()
        }],
        size: 9.5,
        header_rows: 1,
        ..Default::default()
    }));
    d.blocks.push(Block::Signature(Signature {
        date: "<date>".into(),
        parties: vec![formpack_doc::Party {
            name: "\"&\"".into(),
            ..Default::default()
        }],
        addressee: "</w:p>".into(),
    }));
    // Characters XML cannot carry are dropped, never written raw.
    d.blocks
        .push(Block::Paragraph(Paragraph::plain("bell\u{7}nul\u{0}end")));

    let bytes = render(&d).unwrap();
    for (name, data) in parts(&bytes) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let s = String::from_utf8(data).unwrap();
            roxmltree::Document::parse(&s).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let ps = paragraphs(&part(&bytes, "word/document.xml"));
    for t in hostile_texts() {
        assert!(ps.contains(&t), "lost {:?}", &t[..t.len().min(40)]);
    }
    assert_eq!(ps.iter().filter(|p| p.len() == 2500 * 3 + 2500).count(), 1);
    assert!(ps.contains(&"bellnulend".to_string()));
    for want in ["<date>", "\"&\"", "</w:p>"] {
        assert!(ps.iter().any(|p| p == want), "{want}");
    }
    let core = part(&bytes, "docProps/core.xml");
    let cdoc = roxmltree::Document::parse(&core).unwrap();
    let get = |name: &str| {
        cdoc.descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(get("title"), r#"제목 </dc:title> & "q""#);
    assert_eq!(get("creator"), "<b>재단법인</b> & 'x'");
    let footer = paragraphs(&part(&bytes, "word/footer1.xml")).concat();
    assert_eq!(footer, "</w:t>&\t1 / 1\t문서확인번호 \"{{fp}}\"");
}

#[test]
fn same_document_gives_identical_bytes() {
    let d = rich();
    let a = render(&d).unwrap();
    // Something else rendered in between must not shift ids or counters.
    let mut other = rich();
    other.watermark = Some("초안".into());
    other.blocks.push(Block::Image(seal_png()));
    render(&other).unwrap();
    let b = render(&d).unwrap();
    let c = std::thread::spawn(move || render(&d).unwrap())
        .join()
        .unwrap();
    assert!(a == b, "second render differs");
    assert!(a == c, "render on another thread differs");
    assert_eq!(render(&other).unwrap(), render(&other).unwrap());
}

/// Today's date as `YYYY-MM-DD` (UTC), without a date crate.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[test]
fn no_wall_clock_time_in_the_package() {
    let bytes = render(&rich()).unwrap();
    let today = today();
    let year = &today[..4];
    for (name, data) in parts(&bytes) {
        let s = String::from_utf8_lossy(&data);
        assert!(!s.contains(&today), "{name} carries today's date");
        if name.starts_with("docProps/") {
            assert!(!s.contains(&format!("{year}-")), "{name} carries this year");
        }
    }
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>2026 지역 주도형 AI 대전환 사업신청서</dc:title>"));
    assert!(core.contains("<dc:creator>재단법인 한빛테크노파크</dc:creator>"));
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        let t = f.last_modified().expect("entry time");
        assert_eq!((t.year(), t.month(), t.day()), (2000, 1, 1), "{}", f.name());
    }
}

#[test]
fn draft_marker_only_in_drafts() {
    let mut d = rich();
    let final_bytes = render(&d).unwrap();
    for (name, data) in parts(&final_bytes) {
        assert!(
            !String::from_utf8_lossy(&data).contains("초안"),
            "{name} says 초안"
        );
        assert!(
            !name.starts_with("word/header"),
            "{name} in a final document"
        );
    }
    d.watermark = Some("초안".into());
    let bytes = render(&d).unwrap();
    let header = part(&bytes, "word/header1.xml");
    let hdoc = roxmltree::Document::parse(&header).unwrap();
    let t = hdoc
        .descendants()
        .find(|n| n.has_tag_name((W, "t")) && n.text() == Some("초안"))
        .expect("초안 in the header");
    let rpr = t
        .parent()
        .unwrap()
        .children()
        .find(|n| n.has_tag_name((W, "rPr")))
        .unwrap();
    let mark = formpack_doc::style::WATERMARK_MARK_COLOR.hex();
    assert_eq!(val(rpr, "color"), Some(mark.as_str()));
    assert!(rpr.children().any(|n| n.has_tag_name((W, "b"))));
    let wm = hdoc
        .descendants()
        .find(|n| n.tag_name().name() == "textpath" && n.attribute("string").is_some())
        .expect("watermark");
    assert_eq!(wm.attribute("string"), Some("초안"));
    assert!(
        !header.contains('\u{E001}'),
        "placeholder left in the header"
    );
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains("header1.xml"));
    let doc = part(&bytes, "word/document.xml");
    assert!(doc.contains("w:headerReference"));

    // The backend prints the model's text, whatever it is, and knows no word of its own.
    d.watermark = Some("검토용 <사본>".into());
    let bytes = render(&d).unwrap();
    let header = part(&bytes, "word/header1.xml");
    assert!(!header.contains("초안"));
    assert!(header.contains("검토용 &lt;사본&gt;"));
    assert!(part(&bytes, "docProps/core.xml")
        .contains("<cp:keywords>검토용 &lt;사본&gt;</cp:keywords>"));
}

#[test]
fn odd_documents_render_without_panicking() {
    let mut d = Document::new("");
    assert!(render(&d).is_ok(), "empty document");
    d.page.margin_left = f32::NAN;
    d.page.margin_right = 500.0;
    d.page.width = -1.0;
    d.blocks = vec![
        Block::Table(Table::default()),
        Block::Table(Table {
            rows: vec![Row::default()],
            ..Table::default()
        }),
        Block::Table(Table {
            widths: vec![0.0, -1.0, f32::INFINITY],
            header_rows: 99,
            rows: vec![
                Row {
                    cells: vec![Cell {
                        colspan: 9,
                        rowspan: 9,
                        ..Cell::default()
                    }],
                    ..Default::default()
                },
                Row {
                    cells: vec![
                        Cell::default(),
                        Cell::default(),
                        Cell::default(),
                        Cell::default(),
                    ],
                    ..Default::default()
                },
            ],
            size: f32::NAN,
            ..Default::default()
        }),
        Block::Heading(formpack_doc::Heading {
            level: 0,
            align: Align::Left,
            runs: vec![],
        }),
        Block::Heading(formpack_doc::Heading {
            level: 200,
            align: Align::Right,
            runs: vec![Run::text("h")],
        }),
        Block::Paragraph(Paragraph {
            runs: vec![Run {
                size: Some(f32::NAN),
                ..Run::text("\n\n\t")
            }],
            size: -3.0,
            indent: f32::INFINITY,
            space_after: f32::NAN,
            ..Paragraph::default()
        }),
        Block::Spacer(f32::NAN),
        Block::Spacer(1e9),
        Block::PageBreak,
        Block::Signature(Signature::default()),
        Block::Image(Image {
            width: 0.0,
            height: f32::NAN,
            ..seal_png()
        }),
    ];
    let bytes = render(&d).expect("renders");
    roxmltree::Document::parse(&part(&bytes, "word/document.xml")).unwrap();
}

#[test]
fn jpeg_is_stored_as_png_and_bad_images_are_errors() {
    let mut jpeg = Cursor::new(Vec::new());
    image::RgbImage::from_pixel(8, 8, image::Rgb([200, 10, 10]))
        .write_to(&mut jpeg, image::ImageFormat::Jpeg)
        .unwrap();
    let mut d = Document::new("t");
    d.blocks.push(Block::Image(Image {
        data: Arc::new(jpeg.into_inner()),
        format: ImageFormat::Jpeg,
        ..seal_png()
    }));
    let p = parts(&render(&d).unwrap());
    let media: Vec<_> = p
        .iter()
        .filter(|(k, _)| k.starts_with("word/media/"))
        .collect();
    assert_eq!(media.len(), 1);
    assert!(media[0].1.starts_with(b"\x89PNG"));

    d.blocks.push(Block::Image(Image {
        data: Arc::new(b"not a png".to_vec()),
        ..seal_png()
    }));
    let err = render(&d).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Image, "{err:?}");
    assert!(
        err.to_string().starts_with("image cannot be read: "),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());
    assert!(err.to_string().contains("image"));
}

#[test]
fn a_vouched_png_is_stored_as_it_is_without_decoding() {
    // Bytes no decoder accepts: refused when checked, stored untouched once vouched for.
    let bytes = Arc::new(b"\x89PNG\r\n\x1a\n vouched for, never decoded".to_vec());
    let mut d = Document::new("t");
    d.blocks.push(Block::Image(Image {
        data: bytes.clone(),
        ..seal_png()
    }));
    assert_eq!(render(&d).unwrap_err().kind(), ErrorKind::Image);
    formpack_docx::vouch_for_png(&bytes);
    let p = parts(&render(&d).expect("vouched bytes are not decoded"));
    let media: Vec<_> = p
        .iter()
        .filter(|(k, _)| k.starts_with("word/media/"))
        .collect();
    assert_eq!(media.len(), 1);
    assert_eq!(media[0].1, bytes.as_slice());
}
