//! Shared helpers: sample documents (hand-built and realistic) and a small package reader.

use std::io::{Cursor, Read};
use std::sync::Arc;

use formpack_doc::{
    Align, Block, Cell, Document, Heading, Image, ImageFormat, Paragraph, Party, Row, Run,
    Signature, Table, VAlign,
};

/// The official form every backend's tests share (`formpack-docx/tests/common/official.rs`).
#[path = "../../../formpack-docx/tests/common/official.rs"]
pub mod official;

pub const HP: &str = "http://www.hancom.co.kr/hwpml/2011/paragraph";
pub const HH: &str = "http://www.hancom.co.kr/hwpml/2011/head";
pub const HC: &str = "http://www.hancom.co.kr/hwpml/2011/core";
pub const OPF: &str = "http://www.idpf.org/2007/opf/";

fn encode(img: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A 64×64 red ring on transparency, as a seal stand-in.
pub fn seal_png() -> Image {
    let mut img = image::RgbaImage::new(64, 64);
    for (x, y, px) in img.enumerate_pixels_mut() {
        let d = ((x as f32 - 31.5).powi(2) + (y as f32 - 31.5).powi(2)).sqrt();
        if (24.0..30.0).contains(&d) {
            *px = image::Rgba([220, 0, 0, 255]);
        }
    }
    Image {
        data: Arc::new(encode(img.into(), image::ImageFormat::Png)),
        format: ImageFormat::Png,
        width: 18.0,
        height: 18.0,
        align: Align::Center,
    }
}

/// A 40×20 blue-and-white JPEG, as a logo stand-in.
pub fn logo_jpeg() -> Image {
    let mut img = image::RgbImage::new(40, 20);
    for (x, _y, px) in img.enumerate_pixels_mut() {
        *px = if x < 20 {
            image::Rgb([20, 60, 160])
        } else {
            image::Rgb([250, 250, 250])
        };
    }
    Image {
        data: Arc::new(encode(img.into(), image::ImageFormat::Jpeg)),
        format: ImageFormat::Jpeg,
        width: 40.0,
        height: 20.0,
        align: Align::Center,
    }
}

pub fn images(key: &str) -> Option<Image> {
    match key {
        "seal" => Some(seal_png()),
        "logo" => Some(logo_jpeg()),
        _ => None,
    }
}

/// The DOCX backend's rich sample, plus an image: every kind of block and cell feature.
pub const RICH: &str = r#"<document title="2026 지역 주도형 AI 대전환 사업신청서" author="재단법인 한빛테크노파크">
  <image src="logo" width="30" height="15" align="right"/>
  <h1>사업신청서</h1>
  <h2>1. 사업 개요</h2>
  <p align="justify" indent="3">본 사업은 대전광역시와 참여기관이 공동으로 수행하는 <b>지역 주도형 AI 대전환</b> 사업으로, 총사업비는 <u>6,300,000,000</u>원입니다.<br/>둘째 줄입니다.</p>
  <p keep="true">☑ 주관기관 확인 ☐ 참여기관 확인 &amp; &lt;태그&gt;</p>
  <p align="right">(단위: 원)</p>
  <table widths="20,25,25,30" header="2">
    <tr><td shade="true" rowspan="2">구분</td><td shade="true" colspan="2">사업비(원)</td><td shade="true" rowspan="2">비고</td></tr>
    <tr><td shade="true">국비</td><td shade="true">지방비</td></tr>
    <tr><td align="center">1차년도</td><td align="right">6,300,000,000</td><td align="right">2,700,000,000</td><td>-</td></tr>
    <tr><td align="center" rowspan="2" valign="top">2차년도</td><td align="right">100</td><td align="right">200</td><td valign="bottom">병합 아래</td></tr>
    <tr><td colspan="3">세 칸 병합</td></tr>
  </table>
  <spacer mm="6"/>
  <h3>가. 참여기관</h3>
  <p>위와 같이 신청합니다.</p>
  <signature date="2026. 3. 9." addressee="중소벤처기업부장관 귀하">
    <party caption="신청기관" org="대전광역시" title="시장" name="윤도현" mark="(직인)" seal="seal"/>
    <party caption="주관기관" org="재단법인 한빛테크노파크" title="원장" name="김하늘" mark="(서명 또는 인)"/>
  </signature>
  <pagebreak/>
  <h2>2. 붙임</h2>
  <p><span face="sans" size="12">고딕 12pt</span> 다음 쪽의 본문입니다.</p>
</document>"#;

pub fn rich() -> Document {
    let mut d = formpack_doc::xml::parse(RICH, &images).expect("sample parses");
    d.footer.fingerprint = "1a2b3c4d".into();
    d.footer.fingerprint_label = "문서확인번호".into();
    d.footer.left = "사업신청서".into();
    d
}

fn cell(text: &str, colspan: usize, rowspan: usize) -> Cell {
    Cell {
        paragraphs: vec![Paragraph {
            space_after: 0.0,
            size: 9.5,
            ..Paragraph::plain(text)
        }],
        colspan,
        rowspan,
        ..Cell::default()
    }
}

/// Built by hand from the model, not through the XML language: odd spans (a row covered
/// entirely by a rowspan, a short row), a 40-row table with a repeated header, long
/// paragraphs, a cell with two paragraphs, an empty cell, a JPEG seal.
pub fn hand_built() -> Document {
    let mut d = Document::new("손으로 만든 문서 & <시험>");
    d.author = "시험기관".into();
    d.footer.fingerprint = "cafe0123".into();
    d.footer.fingerprint_label = "문서확인번호".into();
    d.blocks.push(Block::Heading(Heading {
        level: 1,
        align: Align::Center,
        runs: vec![Run::text("손으로 만든 시험 문서")],
    }));
    let long = "지역 주도형 인공지능 대전환 사업은 지역의 주력산업에 인공지능을 접목하여 생산성과 부가가치를 높이는 것을 목표로 합니다. ".repeat(12);
    for align in [Align::Justify, Align::Left, Align::Center, Align::Right] {
        d.blocks.push(Block::Paragraph(Paragraph {
            runs: vec![
                Run::text(long.trim_end()),
                Run {
                    text: " 굵은 끝맺음".into(),
                    bold: true,
                    size: Some(12.0),
                    ..Run::default()
                },
            ],
            align,
            indent: 5.0,
            space_after: 3.0,
            ..Paragraph::default()
        }));
    }
    // | A (rows 0-1, whole width) |
    // | (covered)                 |   <- a row no cell starts in: dropped
    // | B | C | D |
    // | E |           <- short row: two empty cells
    d.blocks.push(Block::Table(Table {
        widths: vec![1.0, 2.0, 3.0],
        header_rows: 0,
        size: 9.5,
        rows: vec![
            Row {
                cells: vec![cell("전체 병합 A", 3, 2)],
                ..Default::default()
            },
            Row {
                cells: vec![],
                ..Default::default()
            },
            Row {
                cells: vec![cell("B", 1, 1), cell("C", 1, 1), cell("D", 1, 1)],
                ..Default::default()
            },
            Row {
                cells: vec![cell("E", 1, 1)],
                ..Default::default()
            },
        ],
        ..Default::default()
    }));
    let mut two = cell("첫 문단", 1, 1);
    two.paragraphs.push(Paragraph::plain("둘째 문단"));
    two.valign = VAlign::Bottom;
    let mut rows = vec![Row {
        cells: vec![
            Cell {
                shade: true,
                ..cell("연번", 1, 1)
            },
            Cell {
                shade: true,
                ..cell("자산명", 1, 1)
            },
            Cell {
                shade: true,
                ..cell("금액(원)", 1, 1)
            },
        ],
        ..Default::default()
    }];
    for i in 1..=40 {
        rows.push(Row {
            cells: vec![
                cell(&i.to_string(), 1, 1),
                if i == 3 {
                    Cell {
                        paragraphs: vec![],
                        ..Cell::default()
                    }
                } else if i == 5 {
                    two.clone()
                } else {
                    cell(&format!("고성능 연산 서버 {i}호기"), 1, 1)
                },
                cell(&format!("{},000,000", i * 7), 1, 1),
            ],
            ..Default::default()
        });
    }
    d.blocks.push(Block::Table(Table {
        widths: vec![10.0, 60.0, 30.0],
        header_rows: 1,
        size: 9.5,
        rows,
        ..Default::default()
    }));
    let mut seal = logo_jpeg();
    seal.width = 15.0;
    seal.height = 15.0;
    d.blocks.push(Block::Signature(Signature {
        date: "2026. 3. 10.".into(),
        parties: vec![Party {
            caption: String::new(),
            org: "㈜다온에이아이".into(),
            title: "대표이사".into(),
            name: "박서준".into(),
            mark: "(직인)".into(),
            seal: Some(seal),
        }],
        addressee: String::new(),
    }));
    d
}

/// One entry of a zip: name, whether it is stored (not compressed), bytes.
pub struct Entry {
    pub name: String,
    pub stored: bool,
    pub data: Vec<u8>,
}

pub fn entries(bytes: &[u8]) -> Vec<Entry> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            Entry {
                name: f.name().to_string(),
                stored: f.compression() == zip::CompressionMethod::Stored,
                data,
            }
        })
        .collect()
}

pub fn part(bytes: &[u8], name: &str) -> String {
    let e = entries(bytes);
    let e = e
        .into_iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    String::from_utf8(e.data).expect("UTF-8 part")
}

/// Remove white space, as `verify` does before comparing.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Realistic documents: every document the main crate composes from the sample consortium,
/// written back in the XML language (tests/fixtures/*.xml).
pub fn realistic() -> Vec<(String, Document)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let xml = std::fs::read_to_string(&p).unwrap();
            let mut d = formpack_doc::xml::parse(&xml, &images)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            d.footer.fingerprint = format!("{:08x}", 0x5eed_0000u32 + i as u32);
            d.footer.fingerprint_label = "문서확인번호".into();
            d.footer.left = d.title.clone();
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, d)
        })
        .collect()
}

/// Every sample document with a file stem: the rich sample (final and draft), the
/// hand-built one, the official form and its unusable values, a table nested 20 levels
/// deep, every realistic fixture.
pub fn samples() -> Vec<(String, Document)> {
    let mut out = vec![("rich".to_string(), rich())];
    let mut draft = rich();
    draft.watermark = Some("초안".into());
    out.push(("rich-draft".into(), draft));
    out.push(("hand-built".into(), hand_built()));
    out.push(("official".into(), official::official_form(seal_png())));
    out.push(("unusable".into(), official::unusable_values(seal_png())));
    out.push(("nested-20".into(), official::deeply_nested(20)));
    out.extend(realistic());
    out
}

/// Write every sample as `<stem>.hwpx` into `dir`.
pub fn write_samples(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    samples()
        .into_iter()
        .map(|(stem, d)| {
            let path = dir.join(format!("{stem}.hwpx"));
            std::fs::write(&path, formpack_hwpx::render(&d).unwrap()).unwrap();
            path
        })
        .collect()
}
