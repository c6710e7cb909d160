//! Signature blocks, read as a grant officer reads the printed bundle (issue #31): in 03 with
//! 44 parties, even with 75-character institution names, no party is parted from its
//! `(직인)` and the parties stand two to a row; DOCX keeps lines together only within a party
//! and from the date to the first party, and keeps every table row on one page.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use formpack::model::Consortium;

use crate::common;

/// A realistic long address (58 characters).
const ADDRESS: &str =
    "대전광역시 유성구 대덕대로 989번길 111, 첨단융합연구단지 본관 3층 301호 (덕진동)";

/// A 75-character institution name, distinct for every `i`.
fn long_name(i: usize) -> String {
    let base = "재단법인 대전광역시 유성구 첨단과학기술산업진흥원 부설 인공지능융합연구센터 \
                지역산업디지털전환지원단 제조혁신본부 스마트공장고도화사업단 제";
    let tail = format!("{i}분원");
    let head: String = base.chars().take(75 - tail.chars().count()).collect();
    let name = format!("{head}{tail}");
    assert_eq!(name.chars().count(), 75);
    name
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Build `c` through the binary: the top-level files by name.
fn build(c: &Consortium, name: &str) -> BTreeMap<String, Vec<u8>> {
    common::build_consortium(c, &format!("sig-{name}"))
        .into_iter()
        .filter(|(k, _)| !k.contains('/'))
        .collect()
}

/// 44 members with the synthetic names.
fn plain() -> &'static BTreeMap<String, Vec<u8>> {
    static FILES: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| build(&formpack::synth::consortium(44), "plain"))
}

/// 44 members, every one but the region with a 75-character name and a long address.
fn long() -> &'static BTreeMap<String, Vec<u8>> {
    static FILES: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut c = formpack::synth::consortium(44);
        // The region keeps its official name, which `check` requires.
        for (i, m) in c.members.iter_mut().enumerate().skip(1) {
            m.name = long_name(i);
            m.address = Some(ADDRESS.into());
        }
        build(&c, "long")
    })
}

/// The one file whose name starts with `prefix` and ends with `ext`.
fn file<'a>(files: &'a BTreeMap<String, Vec<u8>>, prefix: &str, ext: &str) -> &'a [u8] {
    let found: Vec<_> = files
        .iter()
        .filter(|(k, _)| k.starts_with(prefix) && k.ends_with(ext))
        .collect();
    assert_eq!(found.len(), 1, "{prefix}*{ext}: {:?}", files.keys());
    found[0].1
}

/// Each party's signature text with white space removed: caption, institution, title,
/// name, mark, as the PDF draws them.
fn party_texts(c: &Consortium) -> Vec<String> {
    c.members
        .iter()
        .map(|m| {
            let r = m.representative.as_ref().unwrap();
            squeeze(&format!(
                "{}{}{}{}(직인)",
                m.role.label(),
                m.name,
                r.title.as_deref().unwrap_or_default(),
                r.name.as_deref().unwrap_or_default()
            ))
        })
        .collect()
}

/// The pages (from 0) whose text holds `needle`, white space removed.
fn pages_with(pages: &[String], needle: &str) -> Vec<usize> {
    (0..pages.len())
        .filter(|&i| squeeze(&pages[i]).contains(needle))
        .collect()
}

#[test]
fn every_party_of_the_agreement_signs_on_one_page() {
    for (files, long_names) in [(plain(), false), (long(), true)] {
        let pages = formpack_pdf::page_texts(file(files, "03_", ".pdf")).unwrap();
        let mut c = formpack::synth::consortium(44);
        if long_names {
            for (i, m) in c.members.iter_mut().enumerate().skip(1) {
                m.name = long_name(i);
            }
        }
        for party in party_texts(&c) {
            assert_eq!(
                pages_with(&pages, &party).len(),
                1,
                "{party} split or missing"
            );
        }
    }
}

#[test]
fn forty_four_parties_sign_in_two_columns_on_about_a_page_and_a_half() {
    let pages = formpack_pdf::page_texts(file(plain(), "03_", ".pdf")).unwrap();
    let c = formpack::synth::consortium(44);
    let parties = party_texts(&c);
    let first = pages_with(&pages, &parties[0])[0];
    let last = pages_with(&pages, &parties[43])[0];
    // One column took four pages (a page holds about 15 parties); two take two.
    assert!(last - first <= 1, "parties on pages {first}..={last}");
}

/// The `<w:tbl>…</w:tbl>` that follows the paragraph holding `date` in a DOCX body.
fn table_after<'a>(xml: &'a str, date: &str) -> &'a str {
    let at = xml.find(&format!(">{date}<")).expect("the date");
    let start = at + xml[at..].find("<w:tbl>").unwrap();
    let end = start + xml[start..].find("</w:tbl>").unwrap();
    &xml[start..end]
}

#[test]
fn docx_keeps_lines_together_only_within_a_party_and_from_the_date() {
    let docx = common::unzip(file(plain(), "03_", ".docx"));
    let xml = String::from_utf8(docx["word/document.xml"].clone()).unwrap();
    let c = formpack::synth::consortium(44);
    let date = c.application_date.unwrap().official();
    let head = &xml[..xml.find(&format!(">{date}<")).unwrap()];
    let date_p = &head[head.rfind("<w:p>").unwrap()..];
    assert!(
        date_p.contains("<w:keepNext/>"),
        "the date keeps with the first party"
    );
    let table = table_after(&xml, &date);
    let rows: Vec<&str> = table.split("<w:tr>").skip(1).collect();
    assert_eq!(rows.len(), 22, "two parties a row");
    for row in &rows {
        assert!(row.contains("<w:cantSplit/>"), "a row never splits");
        for cell in row.split("<w:tc>").skip(1) {
            let last = &cell[cell.rfind("<w:p>").unwrap()..];
            assert!(
                !last.contains("<w:keepNext/>"),
                "a party keeps with the next: {last}"
            );
        }
    }
    assert!(
        rows[0].contains("<w:keepNext/>"),
        "a party's lines keep together"
    );
}

#[test]
fn docx_rows_never_split_across_pages() {
    let docx = common::unzip(file(plain(), "03_", ".docx"));
    let xml = String::from_utf8(docx["word/document.xml"].clone()).unwrap();
    let rows: Vec<&str> = xml.split("<w:tr>").skip(1).collect();
    // The 별표 tables' data rows too, not only their header rows.
    assert!(rows.len() > 3 * 44, "{} rows", rows.len());
    for row in rows {
        let props = &row[..row.find("<w:tc>").unwrap()];
        assert!(props.contains("<w:cantSplit/>"), "{props}");
    }
}
