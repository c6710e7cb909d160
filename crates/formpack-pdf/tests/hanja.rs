//! Hanja and other characters 나눔명조 lacks (issue #31: 姜하늘 printed as □하늘): every one
//! either prints from a bundled font, and so is in the PDF's text layer, or is one that no
//! bundled font has, which `Fonts::missing` names (the main crate's `check` warns with it).

use formpack_doc::{xml, Document};
use formpack_layout::FontId;
use formpack_pdf::{render, text, Fonts};

/// The 4,888 hanja of KS X 1001: EUC-KR rows 0xCA–0xFD, columns 0xA1–0xFE.
fn ks_x_1001_hanja() -> Vec<char> {
    let mut out = Vec::new();
    for row in 0xCAu8..=0xFD {
        for col in 0xA1u8..=0xFE {
            let bytes = [row, col];
            let (s, _, bad) = encoding_rs::EUC_KR.decode(&bytes);
            assert!(!bad, "{row:02X}{col:02X}");
            let mut cs = s.chars();
            let c = cs.next().unwrap();
            assert!(cs.next().is_none());
            out.push(c);
        }
    }
    out
}

/// Supplementary-plane ideographs (CJK Extension B): none of the bundled fonts has them.
const SUPPLEMENTARY: [char; 3] = ['\u{20000}', '\u{2A6A5}', '\u{20B9F}'];

fn doc(body: &str) -> Document {
    let src = format!(
        r#"<document title="한자" author="formpack"><h2>대표자 姜하늘</h2>{body}</document>"#
    );
    xml::parse(&src, &|_| None).unwrap()
}

/// The text layer without white space (lines are broken anywhere): what lopdf reads through
/// the fonts' ToUnicode maps, and the `/ActualText` of marked spans, which lopdf ignores. krilla
/// writes one where a glyph's text differs from its ToUnicode entry: 나눔고딕 draws 更 U+66F4
/// and its compatibility twin U+F901 with one glyph, so the second one used is an ActualText
/// (pdftotext and viewers read both right).
fn flat(pdf: &[u8]) -> String {
    let mut out: String = text(pdf)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for t in formpack_pdf::actual_texts(pdf).unwrap() {
        out.push('|');
        out.push_str(&t);
    }
    out
}

#[test]
fn every_ks_x_1001_hanja_prints_from_a_bundled_font_or_is_named_missing() {
    let hanja = ks_x_1001_hanja();
    assert_eq!(hanja.len(), 4_888);
    let fonts = Fonts::embedded();
    let all: String = hanja.iter().collect();
    let missing = fonts.metrics().missing(&all);
    // Lines of 40, so the text reads back in order.
    let body: String = hanja
        .chunks(40)
        .map(|c| format!("<p>{}</p>", c.iter().collect::<String>()))
        .collect();
    let pdf = render(&doc(&body), &fonts).unwrap();
    if let Ok(path) = std::env::var("FORMPACK_HANJA_PDF") {
        std::fs::write(path, &pdf).unwrap();
    }
    let got = flat(&pdf);
    let mut absent = Vec::new();
    for c in &hanja {
        let printed = got.contains(*c);
        let named = missing.contains(c);
        if !(printed || named) {
            let at = hanja.iter().position(|h| h == c).unwrap();
            let line: String = hanja[at / 40 * 40..(at / 40 * 40 + 40).min(hanja.len())]
                .iter()
                .collect();
            let i = got.find(&line[..3]).unwrap_or(0);
            panic!(
                "{c} (U+{:04X}) is neither printed nor named missing; line {line:?} read {:?}",
                u32::from(*c),
                got[i..].chars().take(40).collect::<String>()
            );
        }
        if !printed {
            absent.push(*c);
        }
    }
    // What is named missing is exactly what is not printed: nothing else is lost.
    assert_eq!(absent, missing);
    // In fact 나눔고딕 has every one (the 268 compatibility ideographs share glyphs with
    // their unified twins): none prints as a box, in 명조 text regular or bold.
    assert_eq!(missing, Vec::<char>::new());
    for c in &hanja {
        for primary in [FontId::Serif, FontId::SerifBold] {
            let (font, gid, _) = fonts.metrics().resolve(primary, *c);
            assert!(
                gid > 0 && font != FontId::Symbol,
                "{c} in {primary:?}: {font:?}"
            );
        }
    }
    assert!(got.contains("姜하늘"), "{got:.200}");
}

#[test]
fn a_bold_hanja_is_drawn_and_read_back() {
    let pdf = render(&doc("<p>代表 <b>姜</b>하늘</p>"), &Fonts::embedded()).unwrap();
    let got = flat(&pdf);
    assert!(
        got.contains("姜하늘") && got.contains("代表姜하늘"),
        "{got}"
    );
}

#[test]
fn supplementary_plane_ideographs_are_named_missing() {
    let fonts = Fonts::embedded();
    let s: String = SUPPLEMENTARY.iter().collect();
    assert_eq!(fonts.metrics().missing(&s), SUPPLEMENTARY);
    // Still drawn (as the .notdef box) without failing, the text around them kept.
    let pdf = render(&doc(&format!("<p>앞{s}뒤</p>")), &fonts).unwrap();
    let got = flat(&pdf);
    assert!(
        got.contains("姜하늘") && got.contains("앞") && got.contains("뒤"),
        "{got}"
    );
    // Drawn as the .notdef box (whatever a reader makes of the text): why `check` warns
    // before anything is printed.
    for c in SUPPLEMENTARY {
        assert_eq!(fonts.metrics().resolve(FontId::Serif, c).1, 0, "{c}");
    }
}
