//! Render documents and read the PDFs back with lopdf.

use std::sync::Arc;

use formpack_doc::{xml, Block, Document, Image, ImageFormat, Paragraph};
use formpack_pdf::{merge, render, Fonts};
use lopdf::{Dictionary, Object};

/// A small red seal, as a PNG.
fn seal_png() -> Arc<Vec<u8>> {
    let (w, h) = (48u32, 48u32);
    let mut px = Vec::with_capacity((w * h * 4) as usize);
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (x as f32 - 23.5, y as f32 - 23.5);
            let r = (dx * dx + dy * dy).sqrt();
            let ring = (18.0..22.0).contains(&r) || (r < 14.0 && (x + y) % 7 < 2);
            px.extend_from_slice(if ring {
                &[200, 30, 30, 230]
            } else {
                &[0, 0, 0, 0]
            });
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut wr = enc.write_header().unwrap();
        wr.write_image_data(&px).unwrap();
    }
    Arc::new(out)
}

fn images(key: &str) -> Option<Image> {
    (key == "seal").then(|| Image {
        data: seal_png(),
        format: ImageFormat::Png,
        width: 15.0,
        height: 15.0,
        align: formpack_doc::Align::Center,
    })
}

/// A one-page, table-heavy application form.
pub fn sample_form() -> Document {
    let mut d = xml::parse(
        r#"<document title="사업신청서" author="재단법인 한빛테크노파크">
  <h1>2026년 지역 주도형 AI 대전환 사업 신청서</h1>
  <h2>1. 신청 개요</h2>
  <table widths="18,32,18,32" header="0">
    <tr><td shade="true">사업명</td><td colspan="3">제조 현장 데이터 기반 인공지능 품질검사 실증</td></tr>
    <tr><td shade="true" rowspan="2">주관기관</td><td rowspan="2">재단법인 한빛테크노파크</td><td shade="true">대표자</td><td>김 한 빛</td></tr>
    <tr><td shade="true">사업자번호</td><td>314-82-01234</td></tr>
    <tr><td shade="true">지원분야</td><td colspan="3">☑ 제조 AI   ☐ 의료 AI   ☐ 공공 AI</td></tr>
  </table>
  <h2>2. 사업비 총괄 (단위: 원)</h2>
  <table widths="25,25,25,25" header="1">
    <tr><td shade="true">구분</td><td shade="true">국비</td><td shade="true">지방비</td><td shade="true">합계</td></tr>
    <tr><td align="center">1차년도</td><td align="right">6,300,000,000</td><td align="right">2,700,000,000</td><td align="right">9,000,000,000</td></tr>
    <tr><td align="center">2차년도</td><td align="right">4,200,000,000</td><td align="right">1,800,000,000</td><td align="right">6,000,000,000</td></tr>
  </table>
  <p align="justify">위 기관은 「지역 주도형 AI 대전환 사업」 공고에 따라 위와 같이 사업을 신청하며, 제출한 서류의 내용이 사실과 다름이 없음을 확인합니다. 허위 사실이 확인될 경우 선정 취소 등 어떠한 불이익도 감수하겠습니다.</p>
  <signature date="2026. 3. 9." addressee="중소벤처기업부장관 귀하">
    <party caption="신청기관" org="대전광역시" title="시장" name="윤도현" mark="(직인)" seal="seal"/>
  </signature>
</document>"#,
        &images,
    )
    .unwrap();
    d.footer.fingerprint = "1a2b3c4d".into();
    d.footer.fingerprint_label = "문서확인번호".into();
    d.footer.left = "[별지 제1호 서식] 사업신청서".into();
    d
}

fn load(pdf: &[u8]) -> lopdf::Document {
    lopdf::Document::load_mem(pdf).expect("the PDF parses")
}

fn page_texts(pdf: &[u8]) -> Vec<String> {
    let d = load(pdf);
    let n = d.get_pages().len() as u32;
    (1..=n).map(|p| d.extract_text(&[p]).unwrap()).collect()
}

/// Text without the line breaks lopdf puts between text objects.
fn flat(s: &str) -> String {
    s.replace('\n', "")
}

#[test]
fn a_korean_form_reads_back_with_its_figures_boxes_and_footer() {
    let pdf = render(&sample_form(), &Fonts::embedded()).unwrap();
    let pages = page_texts(&pdf);
    assert_eq!(pages.len(), 1, "{pages:?}");
    let t = flat(&pages[0]);
    for want in [
        "2026년 지역 주도형 AI 대전환 사업 신청서",
        "재단법인 한빛테크노파크",
        "6,300,000,000",
        "9,000,000,000",
        "☑ 제조 AI",
        "☐ 의료 AI",
        "시장  윤도현  (직인)",
        "중소벤처기업부장관 귀하",
        "1 / 1",
        "문서확인번호 1a2b3c4d",
        "[별지 제1호 서식] 사업신청서",
    ] {
        assert!(t.contains(want), "{want:?} missing from {t}");
    }
    assert!(pdf.len() <= 40 * 1024, "{} bytes", pdf.len());
}

#[test]
fn output_is_byte_identical_and_has_no_dates() {
    let f = Fonts::embedded();
    let d = sample_form();
    let a = render(&d, &f).unwrap();
    let b = render(&d, &f).unwrap();
    assert!(a == b, "two renders differ");
    let m1 = merge(&[("가".into(), &a), ("나".into(), &b)]).unwrap();
    let m2 = merge(&[("가".into(), &a), ("나".into(), &b)]).unwrap();
    assert!(m1 == m2, "two merges differ");
    // Given the parts' SHA-256, the merge is the same bytes; the identifier is made of them.
    use sha2::Digest;
    let digest = |b: &[u8]| -> [u8; 32] { sha2::Sha256::digest(b).into() };
    let parts = [("가".to_string(), &a[..]), ("나".to_string(), &b[..])];
    let given = formpack_pdf::merge_with_digests(&parts, &[digest(&a), digest(&b)]).unwrap();
    assert!(given == m1, "merge_with_digests differs from merge");
    let wrong = formpack_pdf::merge_with_digests(&parts, &[digest(b"x"), digest(&b)]).unwrap();
    assert!(wrong != m1, "the identifier is made of the digests");
    assert!(formpack_pdf::merge_with_digests(&parts, &[digest(&a)]).is_err());
    let raw = String::from_utf8_lossy(&a);
    assert!(!raw.contains("CreationDate") && !raw.contains("ModDate"));
    assert!(!raw.contains("CreateDate") && !raw.contains("ModifyDate"));
    // A different document gives different bytes.
    let mut other = d.clone();
    other.footer.fingerprint = "ffffffff".into();
    other.footer.fingerprint_label = "문서확인번호".into();
    assert!(render(&other, &f).unwrap() != a);
}

fn decode_text(o: &Object) -> String {
    let Ok(b) = o.as_str() else {
        return String::new();
    };
    if b.starts_with(&[0xFE, 0xFF]) {
        let u: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&u)
    } else {
        String::from_utf8_lossy(b).into_owned()
    }
}

fn deref<'a>(d: &'a lopdf::Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => d.get_object(*id).unwrap(),
        o => o,
    }
}

fn dict<'a>(d: &'a lopdf::Document, o: &'a Object) -> &'a Dictionary {
    deref(d, o).as_dict().unwrap()
}

#[test]
fn metadata_has_title_author_and_language() {
    let pdf = render(&sample_form(), &Fonts::embedded()).unwrap();
    let d = load(&pdf);
    let info = dict(&d, d.trailer.get(b"Info").unwrap());
    assert_eq!(decode_text(info.get(b"Title").unwrap()), "사업신청서");
    assert_eq!(
        decode_text(info.get(b"Author").unwrap()),
        "재단법인 한빛테크노파크"
    );
    let catalog = d.catalog().unwrap();
    assert_eq!(decode_text(catalog.get(b"Lang").unwrap()), "ko");
    // No XMP packet repeating the same facts uncompressed.
    assert!(catalog.get(b"Metadata").is_err(), "{catalog:?}");
    assert!(!pdf.windows(9).any(|w| w == b"<?xpacket"));
}

#[test]
fn every_font_is_an_embedded_subset() {
    let pdf = render(&sample_form(), &Fonts::embedded()).unwrap();
    let d = load(&pdf);
    let mut fonts = 0;
    for obj in d.objects.values() {
        let Ok(f) = obj.as_dict() else { continue };
        if f.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font".as_slice()) {
            continue;
        }
        let Ok(desc) = f.get(b"FontDescriptor") else {
            continue;
        };
        fonts += 1;
        let desc = dict(&d, desc);
        assert!(
            desc.get(b"FontFile2").is_ok() || desc.get(b"FontFile3").is_ok(),
            "{desc:?}"
        );
        let name =
            String::from_utf8_lossy(f.get(b"BaseFont").unwrap().as_name().unwrap()).into_owned();
        let (tag, _) = name.split_once('+').expect("a subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
    }
    // 명조, 고딕, 고딕 bold, and DejaVu for the check boxes.
    assert!(fonts >= 4, "{fonts}");
    // Every Type0 font has a ToUnicode map.
    for obj in d.objects.values() {
        let Ok(f) = obj.as_dict() else { continue };
        if f.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0".as_slice()) {
            assert!(f.get(b"ToUnicode").is_ok());
        }
    }
}

#[test]
fn pdffonts_shows_only_embedded_subsets() {
    let pdf = render(&sample_form(), &Fonts::embedded()).unwrap();
    let path = std::env::temp_dir().join(format!("formpack-pdf-fonts-{}.pdf", std::process::id()));
    std::fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdffonts").arg(&path).output();
    let _ = std::fs::remove_file(&path);
    let Ok(out) = out else {
        eprintln!("pdffonts is not installed; skipped");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert!(rows.len() >= 4, "{text}");
    for r in rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        // name type encoding emb sub uni object ID: emb, sub, uni are the 3 yes/no columns.
        let n = cols.len();
        assert!(n >= 7, "{r}");
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{r}");
    }
}

fn long_paragraph_doc() -> Document {
    let mut d = Document::new("긴 문서");
    let text =
        "지역 주도형 인공지능 대전환 사업은 지역의 산업 현장에 인공지능을 적용한다. ".repeat(160);
    assert!(text.chars().count() >= 5000);
    d.blocks.push(Block::Paragraph(Paragraph {
        align: formpack_doc::Align::Justify,
        ..Paragraph::plain(text.trim())
    }));
    d
}

fn forty_row_table() -> Document {
    let mut rows = String::new();
    for i in 1..=40 {
        rows.push_str(&format!(
            "<tr><td align=\"center\">{i}</td><td>참여기관{i:02} 주식회사 한빛인공지능연구소</td><td align=\"right\">{},000,000</td></tr>",
            100 + i
        ));
    }
    xml::parse(
        &format!(
            "<document title=\"참여기관\"><h1>참여기관 현황</h1><table widths=\"10,60,30\" header=\"1\">\
             <tr><td shade=\"true\">연번</td><td shade=\"true\">참여기관명</td><td shade=\"true\">사업비(원)</td></tr>{rows}</table></document>"
        ),
        &|_| None,
    )
    .unwrap()
}

#[test]
fn long_content_flows_onto_further_pages_with_page_numbers() {
    let f = Fonts::embedded();
    let pages = page_texts(&render(&long_paragraph_doc(), &f).unwrap());
    assert!(pages.len() >= 3, "{}", pages.len());
    let n = pages.len();
    for (i, p) in pages.iter().enumerate() {
        assert!(flat(p).contains(&format!("{} / {n}", i + 1)), "{p}");
    }

    let pages = page_texts(&render(&forty_row_table(), &f).unwrap());
    assert!(pages.len() >= 2, "{}", pages.len());
    for p in &pages {
        assert!(flat(p).contains("참여기관명"), "header missing: {p}");
    }
    let all: String = pages.iter().map(|p| flat(p)).collect();
    for i in 1..=40 {
        assert!(all.contains(&format!("참여기관{i:02} 주식회사")), "row {i}");
    }
    assert!(all.contains("140,000,000"));
}

fn outline_titles(d: &lopdf::Document) -> Vec<String> {
    let catalog = d.catalog().unwrap();
    let outlines = dict(d, catalog.get(b"Outlines").unwrap());
    let mut out = Vec::new();
    let mut cur = outlines.get(b"First").ok();
    while let Some(o) = cur {
        let item = dict(d, o);
        out.push(decode_text(item.get(b"Title").unwrap()));
        cur = item.get(b"Next").ok();
    }
    out
}

#[test]
fn merged_pdf_has_every_page_and_one_bookmark_per_document() {
    let f = Fonts::embedded();
    let a = sample_form();
    let b = forty_row_table();
    let c = long_paragraph_doc();
    let parts: Vec<Vec<u8>> = [&a, &b, &c]
        .iter()
        .map(|d| render(d, &f).unwrap())
        .collect();
    let counts: Vec<usize> = parts.iter().map(|p| load(p).get_pages().len()).collect();
    let merged = merge(&[
        ("1. 사업신청서".into(), &parts[0]),
        ("2. 참여기관".into(), &parts[1]),
        ("3. 사업계획".into(), &parts[2]),
    ])
    .unwrap();
    let d = load(&merged);
    assert_eq!(d.get_pages().len(), counts.iter().sum::<usize>());
    assert_eq!(
        outline_titles(&d),
        ["1. 사업신청서", "2. 참여기관", "3. 사업계획"]
    );
    // Each bookmark opens its document's first page.
    let page_ids: Vec<_> = d.get_pages().into_values().collect();
    let outlines = d
        .get_dictionary(
            d.catalog()
                .unwrap()
                .get(b"Outlines")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let mut item = outlines.get(b"First").unwrap().as_reference().unwrap();
    let mut first_pages = Vec::new();
    loop {
        let it = d.get_dictionary(item).unwrap();
        let dest = it.get(b"Dest").unwrap().as_array().unwrap();
        first_pages.push(
            page_ids
                .iter()
                .position(|p| *p == dest[0].as_reference().unwrap()),
        );
        match it.get(b"Next") {
            Ok(n) => item = n.as_reference().unwrap(),
            Err(_) => break,
        }
    }
    assert_eq!(
        first_pages,
        [Some(0), Some(counts[0]), Some(counts[0] + counts[1])]
    );
    // Each document keeps its own n / N.
    let texts = page_texts(&merged);
    assert!(flat(&texts[0]).contains("1 / 1"));
    assert!(flat(&texts[1]).contains(&format!("1 / {}", counts[1])));
    assert!(flat(&texts[counts[0] + counts[1]]).contains(&format!("1 / {}", counts[2])));
    // The first document's title and author are the file's.
    let info = d
        .get_dictionary(d.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(decode_text(info.get(b"Title").unwrap()), a.title);
    // Each part keeps its own font subsets (the price of not drawing them again): the merged
    // file has exactly the parts' fonts, and is about the size of the parts.
    let font_count = |d: &lopdf::Document| {
        d.objects
            .values()
            .filter(|o| {
                o.as_dict().is_ok_and(|f| {
                    f.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0".as_slice())
                })
            })
            .count()
    };
    let in_parts: usize = parts.iter().map(|p| font_count(&load(p))).sum();
    assert_eq!(font_count(&d), in_parts);
    let sum: usize = parts.iter().map(Vec::len).sum();
    assert!(merged.len() < sum + sum / 10, "{} vs {sum}", merged.len());
    assert!(merge(&[]).is_err());
}

#[test]
fn drafts_carry_the_watermark_on_every_page() {
    let mut d = forty_row_table();
    d.watermark = Some("초안".into());
    let pages = page_texts(&render(&d, &Fonts::embedded()).unwrap());
    assert!(pages.len() >= 2);
    for p in &pages {
        assert!(flat(p).matches("초안").count() >= 2, "{p}");
    }
    let final_ = page_texts(&render(&forty_row_table(), &Fonts::embedded()).unwrap());
    assert!(final_.iter().all(|p| !p.contains("초안")));
}

#[test]
fn odd_documents_give_a_pdf_or_an_error_never_a_panic() {
    let f = Fonts::embedded();
    // Empty document: one page with its footer.
    let pages = page_texts(&render(&Document::new(""), &f).unwrap());
    assert_eq!(pages.len(), 1);
    assert!(flat(&pages[0]).contains("1 / 1"));

    let mut weird = xml::parse(
        r#"<document>
  <table widths="0.0001,1000"><tr><td colspan="50" rowspan="9">넓은 셀</td></tr><tr></tr></table>
  <table></table>
  <table widths="1"><tr><td><p size="1">크기 없음</p><p size="72">아주 큰 글씨</p></td></tr></table>
  <p size="1" indent="300">작은 글씨</p>
  <p>제어문자	탭과 ☃ 눈사람 🙂 이모지 𝕏</p>
  <spacer mm="300"/>
  <image src="seal" width="300" height="0"/>
  <pagebreak/>
</document>"#,
        &images,
    )
    .unwrap();
    // The XML language holds sizes and lengths to ranges; a document made in code need not,
    // and the renderer must cope with whatever it is given.
    for b in &mut weird.blocks {
        match b {
            Block::Table(t) if t.widths == [1.0] => {
                let ps = &mut t.rows[0].cells[0].paragraphs;
                ps[0].size = 0.0;
                ps[1].size = 500.0;
            }
            Block::Paragraph(p) if p.indent > 0.0 => {
                p.size = 0.1;
                p.indent = 9999.0;
                p.space_after = 1e9;
            }
            Block::Spacer(mm) => *mm = 100_000.0,
            Block::Image(img) => img.width = 10_000.0,
            _ => {}
        }
    }
    let pdf = render(&weird, &f).unwrap();
    assert!(load(&pdf).get_pages().len() >= 2);

    let mut bad = Document::new("bad");
    bad.blocks.push(Block::Image(Image {
        data: Arc::new(b"not a png".to_vec()),
        format: ImageFormat::Png,
        width: 10.0,
        height: 10.0,
        align: formpack_doc::Align::Left,
    }));
    assert!(render(&bad, &f).is_err());

    let mut tiny = Document::new("tiny");
    tiny.page.width = 10.0;
    assert!(render(&tiny, &f).is_err());
}

/// `FORMPACK_PDF_SAMPLE=/tmp/x.pdf cargo test -p formpack-pdf --test render write_sample`
/// writes the sample form for a look.
#[test]
fn write_sample() {
    if let Ok(path) = std::env::var("FORMPACK_PDF_SAMPLE") {
        let f = Fonts::embedded();
        let mut draft = forty_row_table();
        draft.watermark = Some("초안".into());
        draft.footer.left = "[별지 제2호 서식] 참여기관 현황".into();
        let form = sample_form();
        let (form, draft) = (render(&form, &f).unwrap(), render(&draft, &f).unwrap());
        let pdf = merge(&[("사업신청서".into(), &form), ("참여기관".into(), &draft)]).unwrap();
        std::fs::write(path, pdf).unwrap();
    }
}

/// Timings: `cargo test --release -p formpack-pdf --test render timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing() {
    let t0 = std::time::Instant::now();
    let f = Fonts::embedded();
    eprintln!("fonts: {:?}", t0.elapsed());
    for (name, d) in [
        ("form", sample_form()),
        ("table", forty_row_table()),
        ("long", long_paragraph_doc()),
    ] {
        let _ = render(&d, &f).unwrap();
        let t = std::time::Instant::now();
        let runs = 20;
        let mut pages = 0;
        let mut size = 0;
        for _ in 0..runs {
            let pdf = render(&d, &f).unwrap();
            size = pdf.len();
            pages = load(&pdf).get_pages().len();
        }
        let per = t.elapsed() / runs;
        eprintln!(
            "{name}: {pages} pages, {size} bytes, {per:?} a render, {:?} a page",
            per / pages as u32
        );
    }
}

#[test]
fn text_reads_every_page_back_as_lopdf_does_and_rejects_what_is_not_a_pdf() {
    let mut d = sample_form();
    d.watermark = Some("초안".into());
    let pdf = render(&d, &Fonts::embedded()).unwrap();
    let t = formpack_pdf::text(&pdf).unwrap();
    let doc = load(&pdf);
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert_eq!(t, doc.extract_text(&pages).unwrap());
    assert!(flat(&t).contains("문서확인번호 1a2b3c4d"), "{t}");
    assert!(flat(&t).contains("초안"), "{t}");

    let err = formpack_pdf::text(b"%PDF-1.7 but nothing else").unwrap_err();
    assert_eq!(err.kind(), formpack_pdf::ErrorKind::Read);
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn errors_have_a_kind_and_keep_their_cause() {
    let err = merge(&[]).unwrap_err();
    assert_eq!(err.kind(), formpack_pdf::ErrorKind::NoDocuments);
    let mut d = sample_form();
    d.page.margin_left = 200.0;
    let err = render(&d, &Fonts::embedded()).unwrap_err();
    assert_eq!(err.kind(), formpack_pdf::ErrorKind::Layout);
    let cause = std::error::Error::source(&err).expect("the layout error");
    let layout = cause
        .downcast_ref::<formpack_layout::Error>()
        .expect("a formpack_layout::Error");
    assert_eq!(layout.kind(), formpack_layout::ErrorKind::PageSetup);
    assert_eq!(err.to_string(), layout.to_string());
    let err = Fonts::from_files([(); 5].map(|_| b"not a font".to_vec())).unwrap_err();
    assert_eq!(err.kind(), formpack_pdf::ErrorKind::Font);
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn merge_takes_pdfs_it_did_not_write_through_lopdf() {
    let f = Fonts::embedded();
    let ours = render(&sample_form(), &f).unwrap();
    // The same document saved by lopdf: no object stream, so not read at the byte level.
    let mut other = Vec::new();
    load(&ours).save_to(&mut other).unwrap();
    assert!(!other.windows(12).any(|w| w == b"/Type/ObjStm"));
    let merged = merge(&[("가".into(), &ours), ("나".into(), &other)]).unwrap();
    let d = load(&merged);
    assert_eq!(d.get_pages().len(), 2);
    assert_eq!(outline_titles(&d), ["가", "나"]);
    let texts = page_texts(&merged);
    assert!(
        flat(&texts[1]).contains("[별지 제1호 서식] 사업신청서"),
        "{}",
        texts[1]
    );
}

/// An earlier merged file lends the parts it holds at the numbers they get now: the result is
/// the fresh merge's bytes and layout, parts it cannot lend are asked for, and a layout that
/// does not match the file is not used.
#[test]
fn merge_reusing_copies_unchanged_parts_and_equals_a_fresh_merge() {
    use formpack_pdf::{merge_reusing, Merge, Merged, Old, Part};
    use sha2::Digest;
    let f = Fonts::embedded();
    let a = render(&sample_form(), &f).unwrap();
    let b = render(&long_paragraph_doc(), &f).unwrap();
    let c = render(&forty_row_table(), &f).unwrap();
    // The same form with other words: other bytes, the same objects.
    let mut changed = sample_form();
    changed.footer.fingerprint = "5e5e5e5e".into();
    let a2 = render(&changed, &f).unwrap();
    assert!(a2 != a);
    fn parts<'a>(docs: [&'a [u8]; 3], given: [bool; 3]) -> Vec<Part<'a>> {
        docs.into_iter()
            .zip(given)
            .zip(["가", "나", "다"])
            .map(|((d, g), mark)| Part {
                mark,
                group: None,
                bytes: g.then_some(d),
                digest: sha2::Sha256::digest(d).into(),
            })
            .collect()
    }
    let done = |m: Merge| -> Merged {
        match m {
            Merge::Done(m) => m,
            Merge::Needs(n) => panic!("asked for {n:?}"),
        }
    };
    let needs = |m: Merge| -> Vec<usize> {
        match m {
            Merge::Done(_) => panic!("merged without the parts it needs"),
            Merge::Needs(n) => n,
        }
    };
    let all = [true; 3];
    let first = done(merge_reusing(&parts([&a, &b, &c], all), None, None).unwrap());
    let fresh = merge(&[("가".into(), &a), ("나".into(), &b), ("다".into(), &c)]).unwrap();
    assert!(
        first.bytes == fresh,
        "merge_reusing without an old file is merge"
    );
    assert_eq!(first.layout.len(), 3);
    let pages = |pdf: &[u8]| page_texts(pdf).len();
    assert_eq!(pages(&first.bytes), pages(&a) + pages(&b) + pages(&c));
    let old = || Old {
        bytes: &first.bytes,
        layout: &first.layout,
    };

    // The first part changes, its objects do not: the other two are copied, unread.
    let lent = done(
        merge_reusing(
            &parts([&a2, &b, &c], [true, false, false]),
            Some(old()),
            None,
        )
        .unwrap(),
    );
    let clean = done(merge_reusing(&parts([&a2, &b, &c], all), None, None).unwrap());
    assert!(
        lent.bytes == clean.bytes,
        "copied parts differ from a fresh merge"
    );
    assert_eq!(lent.layout, clean.layout);
    assert!(flat(&page_texts(&lent.bytes)[0]).contains("5e5e5e5e"));

    // The first two trade places: the second now starts at other numbers and is asked for;
    // the third starts where it did and is copied.
    let moved = parts([&b, &a, &c], [true, false, false]);
    assert_eq!(
        needs(merge_reusing(&moved, Some(old()), None).unwrap()),
        [1]
    );
    let moved = parts([&b, &a, &c], [true, true, false]);
    let moved = done(merge_reusing(&moved, Some(old()), None).unwrap());
    let clean = merge(&[("가".into(), &b), ("나".into(), &a), ("다".into(), &c)]).unwrap();
    assert!(moved.bytes == clean);

    // A part the old file does not hold is asked for; so is the first (its information
    // dictionary is the merged file's).
    assert_eq!(
        needs(
            merge_reusing(
                &parts([&a, &b, &a2], [true, true, false]),
                Some(old()),
                None
            )
            .unwrap()
        ),
        [2]
    );
    assert_eq!(
        needs(merge_reusing(&parts([&a, &b, &c], [false, true, true]), Some(old()), None).unwrap()),
        [0]
    );

    // A layout that does not match the file lends nothing.
    let mut wrong = first.layout.clone();
    wrong[1].offset += 1;
    let bad = Old {
        bytes: &first.bytes,
        layout: &wrong,
    };
    assert_eq!(
        needs(merge_reusing(&parts([&a, &b, &c], [true, false, true]), Some(bad), None).unwrap()),
        [1]
    );
    let with_bytes = done(
        merge_reusing(
            &parts([&a, &b, &c], all),
            Some(Old {
                bytes: &first.bytes,
                layout: &wrong,
            }),
            None,
        )
        .unwrap(),
    );
    assert!(with_bytes.bytes == fresh);
}

/// A merged file with its own title and author, the bookmarks panel open, and parts of one
/// group under a closed parent bookmark that opens on the first of them; the same outline
/// whether the parts are read at the byte level or through lopdf.
#[test]
fn merged_bookmarks_group_parts_and_the_file_has_its_own_title() {
    use formpack_pdf::{merge_reusing, Merge, Meta, Part};
    use sha2::Digest;
    let f = Fonts::embedded();
    let ours = render(&sample_form(), &f).unwrap();
    let mut other = Vec::new();
    load(&ours).save_to(&mut other).unwrap();
    let meta = Meta {
        title: "「사업」 제출서류 — 과제",
        author: "재단법인 한빛테크노파크",
    };
    let group = Some("04 참여의사 확인서");
    for second in [&ours, &other] {
        let docs: [(&str, Option<&str>, &[u8]); 4] = [
            ("01 사업신청서", None, &ours),
            ("가 기관", group, second),
            ("나 기관", group, &ours),
            ("06 납입협약서", None, &ours),
        ];
        let parts: Vec<Part> = docs
            .iter()
            .map(|(mark, group, d)| Part {
                mark,
                group: *group,
                bytes: Some(d),
                digest: sha2::Sha256::digest(d).into(),
            })
            .collect();
        let Merge::Done(m) = merge_reusing(&parts, None, Some(meta)).unwrap() else {
            panic!("asked for parts given");
        };
        let d = load(&m.bytes);
        let catalog = d.catalog().unwrap();
        assert_eq!(
            catalog.get(b"PageMode").unwrap().as_name().unwrap(),
            b"UseOutlines"
        );
        let info = dict(&d, d.trailer.get(b"Info").unwrap());
        assert_eq!(decode_text(info.get(b"Title").unwrap()), meta.title);
        assert_eq!(decode_text(info.get(b"Author").unwrap()), meta.author);
        assert_eq!(
            outline_titles(&d),
            ["01 사업신청서", "04 참여의사 확인서", "06 납입협약서"]
        );
        let outlines = dict(&d, catalog.get(b"Outlines").unwrap());
        assert_eq!(outlines.get(b"Count").unwrap().as_i64().unwrap(), 3);
        let first = dict(&d, outlines.get(b"First").unwrap());
        let grouped = dict(&d, first.get(b"Next").unwrap());
        assert_eq!(
            grouped.get(b"Count").unwrap().as_i64().unwrap(),
            -2,
            "closed"
        );
        let kid = dict(&d, grouped.get(b"First").unwrap());
        assert_eq!(decode_text(kid.get(b"Title").unwrap()), "가 기관");
        let last_kid = dict(&d, kid.get(b"Next").unwrap());
        assert_eq!(decode_text(last_kid.get(b"Title").unwrap()), "나 기관");
        assert!(last_kid.get(b"Next").is_err());
        // The group and its first kid open the same page: the second part's first.
        let page = |o: &lopdf::Dictionary| o.get(b"Dest").unwrap().as_array().unwrap()[0].clone();
        let pages: Vec<lopdf::ObjectId> = d.get_pages().values().copied().collect();
        assert_eq!(page(grouped), page(kid));
        assert_eq!(page(kid).as_reference().unwrap(), pages[1]);
        assert_eq!(page(last_kid).as_reference().unwrap(), pages[2]);
    }
}
