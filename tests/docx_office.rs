//! The DOCX files, opened by an independent reader: LibreOffice Writer converts them to PDF,
//! and that PDF must hold every figure the manifest says the document shows, its pictures
//! (02's three charts; a seal for each signing party) and its tables' header rows on every
//! page. formpack writes a DOCX body as WordprocessingML text itself (`formpack-docx`), so
//! this is the check that another program lays it out.
//!
//! `.ci/run` installs LibreOffice Writer and sets `FORMPACK_REQUIRE_OFFICE=1`, which turns a
//! missing LibreOffice into a failure; elsewhere the test says it skipped (the structural
//! tests of `crates/formpack-docx` and `verify`'s read-back of every DOCX still run).

use crate::common;
use common::{formpack, libreoffice_pdf, libreoffice_pdf_with, soffice, SAMPLE};

/// A 16 × 16 red PNG, written with the `png` crate.
fn seal_png() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 16, 16);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[200u8, 30, 30].repeat(16 * 16))
            .unwrap();
    }
    out
}

/// Image objects in the PDF (LibreOffice draws a picture through a form of its own, so they
/// are counted in the file, not in the pages' resources).
fn images(pdf: &lopdf::Document) -> usize {
    pdf.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .is_ok_and(|t| t.as_name().ok() == Some(b"Image"))
        })
        .count()
}

#[test]
fn libreoffice_writer_lays_out_every_figure_picture_and_header_row() {
    let Some(soffice) = soffice("libreoffice-writer-nogui") else {
        return;
    };
    // The sample with a seal for the region and the lead: 01 and 06 are signed by both.
    let tmp = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(SAMPLE).unwrap().replace(
        "    duty: 사업 총괄 신청 및 지방비 확보·납입\n",
        "    duty: 사업 총괄 신청 및 지방비 확보·납입\n    seal: seal.png\n",
    );
    assert!(yaml.contains("seal: seal.png"));
    std::fs::write(tmp.path().join("c.yaml"), yaml).unwrap();
    std::fs::write(tmp.path().join("seal.png"), seal_png()).unwrap();
    let out = tmp.path().join("out");
    let o = formpack(&[
        "build",
        tmp.path().join("c.yaml").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--formats",
        "docx",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();

    // (document, pictures at least, a header row's text that must repeat: the table of
    // shares by member in 02 사업비총괄표 runs from its first page onto the second)
    let cases: [(&str, usize, Option<&str>); 5] = [
        ("01_사업신청서.docx", 1, None),
        ("02_사업계획서.docx", 3, None),
        ("02_사업비총괄표.docx", 0, Some("기관명(구분)")),
        ("03_컨소시엄협약서.docx", 0, None),
        ("06_자치단체부담금납입협약서.docx", 1, None),
    ];
    for (name, pictures, header) in cases {
        let entry = manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == name)
            .unwrap_or_else(|| panic!("{name} not in the manifest"));
        let pdf_bytes = libreoffice_pdf(soffice, &out.join(name), tmp.path());
        let pdf = lopdf::Document::load_mem(&pdf_bytes).unwrap();
        let text = formpack::render::text(formpack::render::Format::Pdf, &pdf_bytes).unwrap();
        let all = squeeze(&text);
        let figures = entry["figures"].as_object().unwrap();
        assert!(!figures.is_empty(), "{name} shows no figures?");
        for (figure, value) in figures {
            let value = squeeze(value.as_str().unwrap());
            assert!(
                all.contains(&value),
                "{name}: {figure} = {value} is not in LibreOffice's PDF"
            );
        }
        let drawn = images(&pdf);
        assert!(
            drawn >= pictures,
            "{name}: {drawn} pictures, expected {pictures}"
        );
        if let Some(h) = header {
            let with_header = pdf
                .get_pages()
                .keys()
                .filter(|&&n| squeeze(&pdf.extract_text(&[n]).unwrap_or_default()).contains(h))
                .count();
            assert!(
                with_header >= 2,
                "{name}: the header row {h} is on {with_header} page(s)"
            );
        }
    }
}

/// A fontconfig file naming every font folder of the machine but the Nanum ones, so that
/// LibreOffice can find Nanum fonts only in the DOCX itself.
fn fonts_without_nanum(tmp: &std::path::Path) -> std::path::PathBuf {
    let mut dirs = String::new();
    for root in ["/usr/share/fonts/truetype", "/usr/share/fonts/opentype"] {
        let Ok(entries) = std::fs::read_dir(root) else {
            continue;
        };
        let mut found: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        found.sort();
        for dir in found {
            if !dir.to_string_lossy().to_lowercase().contains("nanum") {
                dirs.push_str(&format!("<dir>{}</dir>", dir.display()));
            }
        }
    }
    let conf = tmp.join("fonts.conf");
    let cache = tmp.join("fontconfig-cache");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?><fontconfig>{dirs}<cachedir>{}</cachedir></fontconfig>",
            cache.display()
        ),
    )
    .unwrap();
    conf
}

/// The base names of the fonts a PDF embeds (`ABCDEF+NanumGothic` → `NanumGothic`).
fn embedded_fonts(pdf: &lopdf::Document) -> std::collections::BTreeSet<String> {
    pdf.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor"))
        .filter(|d| d.has(b"FontFile2") || d.has(b"FontFile3") || d.has(b"FontFile"))
        .filter_map(|d| d.get(b"FontName").and_then(|n| n.as_name()).ok())
        .map(|n| {
            let n = String::from_utf8_lossy(n);
            n.split_once('+')
                .map_or(n.to_string(), |(_, base)| base.to_string())
        })
        .collect()
}

#[test]
fn libreoffice_draws_the_docx_in_the_nanum_fonts_it_embeds() {
    let Some(soffice) = soffice("libreoffice-writer-nogui") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = formpack(&[
        "build",
        SAMPLE,
        "-o",
        out.to_str().unwrap(),
        "--formats",
        "docx",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let conf = fonts_without_nanum(tmp.path());
    let name = "03_컨소시엄협약서.docx";
    let pdf_bytes = libreoffice_pdf_with(
        soffice,
        &out.join(name),
        tmp.path(),
        &[("FONTCONFIG_FILE", &conf)],
    );
    let pdf = lopdf::Document::load_mem(&pdf_bytes).unwrap();
    let fonts = embedded_fonts(&pdf);
    for face in [
        "NanumMyeongjo",
        "NanumMyeongjoBold",
        "NanumGothic",
        "NanumGothicBold",
    ] {
        assert!(
            fonts.contains(face),
            "{name}: LibreOffice drew no {face}: {fonts:?}"
        );
    }
    let text = formpack::render::text(formpack::render::Format::Pdf, &pdf_bytes).unwrap();
    assert!(text.contains("재단법인 한빛테크노파크"), "{text}");
}
