//! The budget charts of 02 (issue #14): drawn from `figures`, vectors with searchable Korean
//! labels in the PDF, the same picture as a PNG in DOCX and HWPX.

use std::collections::BTreeMap;
use std::path::Path;

use formpack::compose::charts;
use formpack::figures::Figures;
use formpack::korean::won;

use crate::common;
use common::{formpack, unzip, SAMPLE};

fn sample() -> (formpack::model::Consortium, Figures) {
    let input = formpack::load::load(Path::new(SAMPLE)).unwrap();
    let f = Figures::compute(&input.data, input.program());
    (input.data, f)
}

/// `<rect … height="N" fill="#2f5f9e"/>` heights of one colour, in order.
fn rect_attr(svg: &str, colour: &str, attr: &str) -> Vec<i64> {
    svg.lines()
        .filter(|l| l.starts_with("<rect") && l.contains(&format!("fill=\"{colour}\"")))
        // Not the legend's swatch.
        .filter(|l| !l.contains("width=\"30\" height=\"30\""))
        .map(|l| {
            let start = l.find(&format!(" {attr}=\"")).unwrap() + attr.len() + 3;
            let end = start + l[start..].find('"').unwrap();
            l[start..end].parse().unwrap()
        })
        .collect()
}

#[test]
fn bars_are_the_figures_scaled_exactly() {
    let (c, f) = sample();
    let [sources, members, subprojects] = charts::all(&f, &c);
    // Columns: each source's height is its amount × 510 ÷ the tallest year, rounded down.
    let tallest = f.by_year.values().map(|s| s.total()).max().unwrap();
    let national: Vec<i64> = f
        .years
        .iter()
        .map(|y| f.by_year[y].national * 510 / tallest)
        .collect();
    assert_eq!(rect_attr(&sources.svg, "#2f5f9e", "height"), national);
    for y in &f.years {
        let total = format!(">{}원</text>", won(f.by_year[y].total()));
        assert!(sources.svg.contains(&total), "{total}");
    }
    // Members: every member with budget, its total and share as 02's table prints them.
    for m in f.members.iter().filter(|m| m.total.total() > 0) {
        let share = formpack::figures::Ratio::new(m.total.total(), f.total.total()).percent();
        let label = format!(">{}원 ({share})</text>", won(m.total.total()));
        assert!(members.svg.contains(&label), "{label}");
    }
    assert_eq!(
        rect_attr(&subprojects.svg, "#2f5f9e", "width").len(),
        f.subprojects
            .iter()
            .filter(|s| s.total.national > 0)
            .count()
    );
    // The same figures, the same bytes.
    let again = charts::all(&f, &c);
    assert_eq!(again[1].svg, members.svg);
}

#[test]
fn the_charts_are_vectors_with_korean_text_in_the_pdf_and_pictures_in_docx_and_hwpx() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = formpack(&["build", SAMPLE, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (_, f) = sample();

    // PDF: the labels are text (lopdf reads them back) and no chart is an image XObject.
    let pdf = std::fs::read(out.join("02_사업비총괄표.pdf")).unwrap();
    let text = formpack::render::text(formpack::render::Format::Pdf, &pdf).unwrap();
    // Compared without spaces: lopdf puts its own between the runs of a line.
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let text = squeeze(&text);
    for needle in [
        "[그림 1] 재원별·연차별 사업비",
        "[그림 2] 기관별 사업비와 비율",
        "[그림 3] 세부사업별 사업비",
        "1차년도 (2026)",
        "민간 현물",
    ] {
        assert!(
            text.contains(&squeeze(needle)),
            "{needle} not in the PDF text"
        );
    }
    for y in &f.years {
        let total = format!("{}원", won(f.by_year[y].total()));
        assert!(text.contains(&total), "{total}");
    }
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream()
                .ok()
                .and_then(|s| s.dict.get(b"Subtype").ok())
                .and_then(|t| t.as_name().ok())
                == Some(b"Image".as_slice())
        })
        .count();
    assert_eq!(images, 0, "charts must be vectors, not pictures");

    // DOCX and HWPX: the same three PNGs, 160 mm at 200 dpi, with the chart's colours.
    let docx = unzip(&std::fs::read(out.join("02_사업비총괄표.docx")).unwrap());
    let hwpx = unzip(&std::fs::read(out.join("02_사업비총괄표.hwpx")).unwrap());
    let pngs = |m: &BTreeMap<String, Vec<u8>>| -> Vec<Vec<u8>> {
        m.iter()
            .filter(|(k, _)| k.ends_with(".png"))
            .map(|(_, v)| v.clone())
            .collect()
    };
    let (a, b) = (pngs(&docx), pngs(&hwpx));
    assert_eq!(a.len(), 3);
    assert_eq!(a, b, "DOCX and HWPX carry the same pictures");
    for png in &a {
        let decoder = png::Decoder::new(std::io::Cursor::new(png.as_slice()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.width, 1260);
        let px = &buf[..info.buffer_size()];
        let has = |rgb: [u8; 3]| px.chunks_exact(3).any(|p| p == rgb);
        assert!(has([0x2f, 0x5f, 0x9e]), "국비 blue");
        assert!(has([0x4e, 0x9a, 0x6b]), "지방비 green");
        assert!(has([0xff, 0xff, 0xff]), "white ground");
        // Text was drawn: dark anti-aliased pixels of the labels.
        assert!(
            px.chunks_exact(3)
                .filter(|p| p[0] < 0x50 && p[1] < 0x50 && p[2] < 0x50)
                .count()
                > 500
        );
    }
    // The document XML places each picture.
    let body = String::from_utf8(docx["word/document.xml"].clone()).unwrap();
    assert_eq!(body.matches("<pic:pic").count(), 3);
    let section = String::from_utf8(hwpx["Contents/section0.xml"].clone()).unwrap();
    assert_eq!(section.matches("<hp:pic").count(), 3);
}
