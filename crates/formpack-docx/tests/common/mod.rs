//! Shared helpers: sample documents and a small reader for the rendered package.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

use formpack_doc::{Document, Image, ImageFormat};

pub mod official;

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A 64×64 red ring on transparency, as a seal stand-in.
pub fn seal_png() -> Image {
    let mut img = image::RgbaImage::new(64, 64);
    for (x, y, px) in img.enumerate_pixels_mut() {
        let d = ((x as f32 - 31.5).powi(2) + (y as f32 - 31.5).powi(2)).sqrt();
        if (24.0..30.0).contains(&d) {
            *px = image::Rgba([220, 0, 0, 255]);
        }
    }
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    Image {
        data: Arc::new(out.into_inner()),
        format: ImageFormat::Png,
        width: 18.0,
        height: 18.0,
        align: formpack_doc::Align::Center,
    }
}

pub fn images(key: &str) -> Option<Image> {
    (key == "seal").then(seal_png)
}

pub const RICH: &str = r#"<document title="2026 지역 주도형 AI 대전환 사업신청서" author="재단법인 한빛테크노파크">
  <h1>사업신청서</h1>
  <h2>1. 사업 개요</h2>
  <p align="justify" indent="3">본 사업은 대전광역시와 참여기관이 공동으로 수행하는 <b>지역 주도형 AI 대전환</b> 사업으로, 총사업비는 <u>6,300,000,000</u>원입니다.<br/>둘째 줄입니다.</p>
  <p keep="true">☑ 주관기관 확인 ☐ 참여기관 확인</p>
  <table widths="20,25,25,30" header="2">
    <tr><td shade="true" rowspan="2">구분</td><td shade="true" colspan="2">사업비(원)</td><td shade="true" rowspan="2">비고</td></tr>
    <tr><td shade="true">국비</td><td shade="true">지방비</td></tr>
    <tr><td align="center">1차년도</td><td align="right">6,300,000,000</td><td align="right">2,700,000,000</td><td>-</td></tr>
    <tr><td align="center" rowspan="2" valign="top">2차년도</td><td align="right">100</td><td align="right">200</td><td>병합 아래</td></tr>
    <tr><td colspan="3">세 칸 병합</td></tr>
  </table>
  <h3>가. 참여기관</h3>
  <p>위와 같이 신청합니다.</p>
  <signature date="2026. 3. 9." addressee="중소벤처기업부장관 귀하">
    <party caption="신청기관" org="대전광역시" title="시장" name="윤도현" mark="(직인)" seal="seal"/>
    <party caption="주관기관" org="재단법인 한빛테크노파크" title="원장" name="김하늘" mark="(서명 또는 인)"/>
  </signature>
</document>"#;

pub fn rich() -> Document {
    let mut d = formpack_doc::xml::parse(RICH, &images).expect("sample parses");
    d.footer.fingerprint = "1a2b3c4d".into();
    d.footer.fingerprint_label = "문서확인번호".into();
    d.footer.left = "사업신청서".into();
    d
}

/// All parts of a DOCX, by name.
pub fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(f.name().to_string(), data);
    }
    out
}

pub fn part(bytes: &[u8], name: &str) -> String {
    let p = parts(bytes);
    String::from_utf8(
        p.get(name)
            .unwrap_or_else(|| panic!("no part {name}"))
            .clone(),
    )
    .unwrap()
}

/// Text of every `w:p` in `xml` (w:t joined, w:br as `\n`, w:tab as `\t`), in order.
pub fn paragraphs(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let mut s = String::new();
            for n in p.descendants() {
                if n.has_tag_name((W, "t")) {
                    s.push_str(n.text().unwrap_or_default());
                } else if n.has_tag_name((W, "br")) {
                    s.push('\n');
                } else if n.has_tag_name((W, "tab"))
                    && n.parent().is_some_and(|p| p.has_tag_name((W, "r")))
                {
                    s.push('\t');
                }
            }
            s
        })
        .collect()
}

/// `w:val` of a `w:` child element, if present.
pub fn val<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name((W, name)))
        .and_then(|c| c.attribute((W, "val")))
}
