//! `formpack_docx::text`: reading a rendered DOCX back, and its errors.

use crate::common;

use std::io::{Cursor, Write};

use common::*;
use formpack_docx::{render, text, ErrorKind};

#[test]
fn text_reads_body_header_and_footer_back() {
    let mut d = rich();
    d.watermark = Some("초안".into());
    let t = text(&render(&d).unwrap()).unwrap();
    for want in [
        "사업신청서",
        "6,300,000,000",
        "☑ 주관기관 확인 ☐ 참여기관 확인",
        "중소벤처기업부장관 귀하",
        "문서확인번호 1a2b3c4d",
        "초안",
    ] {
        assert!(t.contains(want), "{want} missing from {t}");
    }
    // One line per paragraph: the heading is a line of its own.
    assert!(t.lines().any(|l| l == "1. 사업 개요"), "{t}");
}

fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(data.as_bytes()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn text_follows_archive_order_and_skips_relationships() {
    let bytes = zip_of(&[
        ("word/_rels/document.xml.rels", "<r><t>rel</t></r>"),
        (
            "word/document.xml",
            "<d><p><t>가</t><t>나</t></p><p><t>다</t></p></d>",
        ),
        ("word/footer1.xml", "<f><p><t>꼬리</t></p></f>"),
        ("docProps/core.xml", "<c><t>meta</t></c>"),
    ]);
    assert_eq!(text(&bytes).unwrap(), "\n가나\n다\n꼬리");
}

#[test]
fn what_is_not_a_docx_is_an_error_with_its_cause() {
    let err = text(b"not a zip").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Archive);
    assert!(std::error::Error::source(&err).is_some());

    let err = text(&zip_of(&[("word/document.xml", "<a><b></a>")])).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Xml);
    assert!(err.to_string().starts_with("word/document.xml: "), "{err}");
    assert!(std::error::Error::source(&err).is_some());
}
