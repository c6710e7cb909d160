//! Characters 나눔명조 lacks (issue #31: a representative named 姜하늘 printed as □하늘 in 01,
//! 03 and the member's 04/05/08, 姜 missing from the text layer). The PDF falls back per
//! character through the bundled fonts; what none of them has, `check` reports as
//! `glyph-missing` at the field before anything is printed.

use std::collections::BTreeMap;

use formpack::check::check_input;
use formpack::diag::{Diagnostic, Severity};
use formpack::load::{Input, InputFormat};
use formpack::model::Consortium;

use crate::common;
use common::formpack;

const SAMPLE: &str = include_str!("../fixtures/sample-consortium.yaml");

/// The 4,888 hanja of KS X 1001: EUC-KR rows 0xCA–0xFD, columns 0xA1–0xFE.
fn ks_x_1001_hanja() -> Vec<char> {
    let mut out = Vec::new();
    for row in 0xCAu8..=0xFD {
        for col in 0xA1u8..=0xFE {
            let bytes = [row, col];
            let (s, _, bad) = encoding_rs::EUC_KR.decode(&bytes);
            assert!(!bad, "{row:02X}{col:02X}");
            out.extend(s.chars());
        }
    }
    assert_eq!(out.len(), 4_888);
    out
}

/// Supplementary-plane ideographs no bundled font has.
const SUPPLEMENTARY: [char; 2] = ['\u{20000}', '\u{2A6A5}'];

fn input_from(text: &str) -> Input {
    common::input_from(text, "hanja.yaml")
}

fn yaml(c: &Consortium) -> String {
    String::from_utf8(formpack::save::to_bytes(c, InputFormat::Yaml).unwrap()).unwrap()
}

fn glyph_warnings(text: &str) -> Vec<Diagnostic> {
    check_input(&input_from(text))
        .1
        .into_iter()
        .filter(|d| d.code == "glyph-missing")
        .collect()
}

/// Build `c` through the binary; the PDFs by file name.
fn build_pdfs(c: &Consortium, name: &str) -> BTreeMap<String, Vec<u8>> {
    common::build_consortium(c, &format!("hanja-{name}"))
        .into_iter()
        .filter(|(k, _)| !k.contains('/') && k.ends_with(".pdf") && !k.starts_with("00_"))
        .collect()
}

/// The text layer without white space: lopdf's text (through ToUnicode) and the
/// `/ActualText` of marked spans, which lopdf ignores and krilla writes where a glyph's text
/// differs from its ToUnicode entry (更 U+66F4 and its compatibility twin U+F901 share one
/// glyph in 나눔고딕; pdftotext and viewers read both).
fn text_layer(pdf: &[u8]) -> String {
    let mut out: String = formpack::render::text(formpack::render::Format::Pdf, pdf)
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

const HANJA_NAMES: [&str; 7] = [
    "姜하늘",
    "諸葛明",
    "皇甫仁",
    "南宮민",
    "鄭道傳",
    "崔致遠",
    "柳寬順",
];

#[test]
fn every_character_of_every_hanja_name_is_in_the_pdf_text_layer() {
    let mut c = formpack::synth::consortium(7);
    for (i, m) in c.members.iter_mut().enumerate() {
        let r = m.representative.as_mut().unwrap();
        r.name = Some(HANJA_NAMES[i].to_string());
        m.contact.as_mut().unwrap().name = Some(format!("{}담당", &HANJA_NAMES[6 - i]));
    }
    let names: Vec<(String, String)> = c
        .members
        .iter()
        .map(|m| {
            (
                m.name.clone(),
                m.representative.as_ref().unwrap().name.clone().unwrap(),
            )
        })
        .collect();
    assert!(
        glyph_warnings(&yaml(&c)).is_empty(),
        "every hanja here is in 나눔고딕"
    );
    let pdfs = build_pdfs(&c, "names");
    let texts: BTreeMap<&str, String> = pdfs
        .iter()
        .map(|(k, v)| (k.as_str(), text_layer(v)))
        .collect();
    let text_of = |prefix: &str| -> Vec<(&str, &String)> {
        texts
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (*k, v))
            .collect()
    };
    let mut seen_own = 0;
    for (member, rep) in &names {
        // 01 and 03 name every representative.
        for (file, text) in text_of("01_").into_iter().chain(text_of("03_")) {
            assert!(
                text.contains(rep.as_str()),
                "{rep} of {member} is not in {file}"
            );
        }
        // The member's own 04, 05 and 08.
        for doc in ["04_", "05_", "08_"] {
            for (file, text) in text_of(doc) {
                if file.contains(member.as_str()) {
                    assert!(text.contains(rep.as_str()), "{rep} is not in {file}");
                    seen_own += 1;
                }
            }
        }
    }
    assert!(seen_own >= names.len(), "{seen_own} own documents");
    // And every hanja character of the names reached the text layer somewhere.
    let all: String = texts.values().cloned().collect();
    for ch in HANJA_NAMES.iter().flat_map(|n| n.chars()) {
        assert!(all.contains(ch), "{ch}");
    }
}

#[test]
fn every_ks_x_1001_hanja_prints_or_is_reported_by_check() {
    let hanja = ks_x_1001_hanja();
    let mut c = formpack::synth::consortium(3);
    // Lines of 40 hanja in a field the member's 04 prints (담당 역할).
    let duty: String = hanja
        .chunks(40)
        .map(|l| l.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ");
    c.members[2].duty = Some(duty);
    let member = c.members[2].name.clone();
    let reported: Vec<char> = glyph_warnings(&yaml(&c))
        .iter()
        .flat_map(|d| {
            assert_eq!(d.location.path.as_deref(), Some("members[2].duty"));
            hanja
                .iter()
                .copied()
                .filter(|h| d.message.contains(*h))
                .collect::<Vec<_>>()
        })
        .collect();
    let pdfs = build_pdfs(&c, "ksx1001");
    let (file, pdf) = pdfs
        .iter()
        .find(|(k, _)| k.starts_with("04_") && k.contains(member.as_str()))
        .expect("the member's 04");
    let text = text_layer(pdf);
    for h in &hanja {
        assert!(
            text.contains(*h) || reported.contains(h),
            "{h} (U+{:04X}) is neither in {file}'s text nor reported by check",
            u32::from(*h)
        );
    }
    // 나눔고딕 has every one: nothing to report, nothing boxed.
    assert!(reported.is_empty(), "{reported:?}");
}

#[test]
fn check_warns_at_the_field_naming_the_member_and_the_character() {
    let from = "representative: {name: 강하늘, title: 대표이사}";
    assert!(SAMPLE.contains(from));
    let text = SAMPLE.replacen(from, "representative: {name: 𠀀하늘, title: 대표이사}", 1);
    let line = text.lines().position(|l| l.contains("𠀀하늘")).unwrap() as u32 + 1;
    let w = glyph_warnings(&text);
    assert_eq!(w.len(), 1, "{w:#?}");
    let d = &w[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        d.location.path.as_deref(),
        Some("members[5].representative.name")
    );
    assert_eq!(d.location.line, Some(line));
    for part in ["주식회사 누리에이아이", "대표자 성명", "𠀀", "U+20000"] {
        assert!(d.message.contains(part), "{part} in {}", d.message);
    }
    // A hanja the bundled fonts have is no finding.
    assert!(glyph_warnings(&SAMPLE.replacen(
        from,
        "representative: {name: 姜하늘, title: 대표이사}",
        1
    ))
    .is_empty());
    assert!(glyph_warnings(SAMPLE).is_empty());
}

#[test]
fn supplementary_plane_characters_are_warned_by_the_cli_never_silently_boxed() {
    let mut c = formpack::synth::consortium(4);
    c.members[3].representative.as_mut().unwrap().name = Some(format!("{}하늘", SUPPLEMENTARY[0]));
    c.project.title = Some(format!("{}{} 과제", SUPPLEMENTARY[1], SUPPLEMENTARY[0]));
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("supp.yaml");
    std::fs::write(&input, yaml(&c)).unwrap();
    let out = formpack(&["check", input.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "glyph-missing")
        .collect();
    let paths: Vec<&str> = found
        .iter()
        .map(|d| d["location"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["project.title", "members[3].representative.name"],
        "{json:#}"
    );
    assert!(found
        .iter()
        .all(|d| d["severity"] == "warning" && d["location"]["line"].is_u64()));
    let title = found[0]["message"].as_str().unwrap();
    assert!(
        title.contains("과제명") && title.contains("𪚥") && title.contains("𠀀"),
        "{title}"
    );
    let rep = found[1]["message"].as_str().unwrap();
    assert!(
        rep.contains(&c.members[3].name) && rep.contains("U+20000"),
        "{rep}"
    );
    // The text form names the code too.
    let text = formpack(&["check", input.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("glyph-missing"));
    let _ = std::fs::remove_dir_all(&dir);
}
