//! Embedded fonts: the font table, relationships, content type and settings that name
//! them, and the fonts themselves, de-obfuscated here by the spec's rule and parsed as
//! TrueType, holding the glyphs of the document's text and little more.

use crate::common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{part, parts, rich, W};

const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const FONT_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font";

fn font_file(name: &str) -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/fonts");
    std::fs::read(dir.join(name)).unwrap()
}

struct Files([Vec<u8>; 4]);

impl Files {
    fn load() -> Files {
        Files(
            [
                "NanumMyeongjo.ttf",
                "NanumMyeongjoBold.ttf",
                "NanumGothic.ttf",
                "NanumGothicBold.ttf",
            ]
            .map(font_file),
        )
    }

    fn embedded(&self) -> formpack_docx::EmbeddedFonts<'_> {
        formpack_docx::EmbeddedFonts {
            serif: &self.0[0],
            serif_bold: &self.0[1],
            sans: &self.0[2],
            sans_bold: &self.0[3],
        }
    }
}

fn render(files: &Files) -> Vec<u8> {
    formpack_docx::render_with_fonts(&rich(), Some(&files.embedded())).unwrap()
}

/// An embedded font as the font table names it: family, kind, key and part.
struct Entry {
    family: String,
    kind: String,
    key: String,
    part: String,
}

fn entries(docx: &[u8]) -> Vec<Entry> {
    let table = part(docx, "word/fontTable.xml");
    let rels = part(docx, "word/_rels/fontTable.xml.rels");
    let rels = roxmltree::Document::parse(&rels).unwrap();
    let target = |id: &str| {
        let rel = rels
            .descendants()
            .find(|n| n.attribute("Id") == Some(id))
            .unwrap_or_else(|| panic!("no relationship {id}"));
        assert_eq!(rel.attribute("Type"), Some(FONT_REL));
        format!("word/{}", rel.attribute("Target").unwrap())
    };
    let doc = roxmltree::Document::parse(&table).unwrap();
    let mut out = Vec::new();
    for font in doc.descendants().filter(|n| n.has_tag_name((W, "font"))) {
        for e in font
            .children()
            .filter(|n| n.tag_name().name().starts_with("embed"))
        {
            out.push(Entry {
                family: font.attribute((W, "name")).unwrap().into(),
                kind: e.tag_name().name().into(),
                key: e.attribute((W, "fontKey")).unwrap().into(),
                part: target(e.attribute((R, "id")).unwrap()),
            });
        }
    }
    out
}

/// ECMA-376 Part 1 §17.8.1: the key's 32 hex digits as 16 bytes, reversed, XORed over the
/// first 32 bytes.
fn deobfuscate(data: &[u8], key: &str) -> Vec<u8> {
    let hex: String = key.chars().filter(char::is_ascii_hexdigit).collect();
    assert_eq!(hex.len(), 32, "{key}");
    let mut bytes: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    bytes.reverse();
    let mut out = data.to_vec();
    for i in 0..32 {
        out[i] ^= bytes[i % 16];
    }
    out
}

/// Every character of the document's text (body and footer).
fn text_chars(docx: &[u8]) -> BTreeSet<char> {
    let mut chars = BTreeSet::new();
    for name in ["word/document.xml", "word/footer1.xml"] {
        for p in common::paragraphs(&part(docx, name)) {
            chars.extend(p.chars().filter(|c| !c.is_whitespace()));
        }
    }
    chars
}

#[test]
fn the_font_table_names_each_embedded_face_with_its_key_and_part() {
    let files = Files::load();
    let docx = render(&files);
    let found: Vec<(String, String)> = entries(&docx)
        .into_iter()
        .map(|e| {
            let guid = e.key.trim_start_matches('{').trim_end_matches('}');
            let groups: Vec<usize> = guid.split('-').map(str::len).collect();
            assert_eq!(groups, [8, 4, 4, 4, 12], "{}", e.key);
            assert!(e.part.starts_with("word/fonts/font") && e.part.ends_with(".odttf"));
            (e.family, e.kind)
        })
        .collect();
    let want = [
        ("NanumMyeongjo", "embedRegular"),
        ("NanumMyeongjo", "embedBold"),
        ("NanumGothic", "embedRegular"),
        ("NanumGothic", "embedBold"),
    ]
    .map(|(a, b)| (a.to_string(), b.to_string()));
    assert_eq!(found, want);
    let types = part(&docx, "[Content_Types].xml");
    assert!(types.contains(r#"<Default Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"/>"#));
    let settings = part(&docx, "word/settings.xml");
    let doc = roxmltree::Document::parse(&settings).unwrap();
    let names: Vec<&str> = doc
        .root_element()
        .children()
        .map(|n| n.tag_name().name())
        .collect();
    let at = |n: &str| {
        names
            .iter()
            .position(|x| *x == n)
            .unwrap_or_else(|| panic!("no {n}"))
    };
    assert!(at("zoom") < at("embedTrueTypeFonts"));
    assert!(at("embedTrueTypeFonts") < at("saveSubsetFonts"));
    assert!(at("saveSubsetFonts") < at("defaultTabStop"));
}

#[test]
fn deobfuscated_fonts_hold_the_documents_characters_and_little_else() {
    let files = Files::load();
    let docx = render(&files);
    let all = parts(&docx);
    let text = text_chars(&docx);
    let originals: Vec<ttf_parser::Face> = files
        .0
        .iter()
        .map(|f| ttf_parser::Face::parse(f, 0).unwrap())
        .collect();
    let mut covered = BTreeSet::new();
    for e in entries(&docx) {
        let font = deobfuscate(&all[&e.part], &e.key);
        let face = ttf_parser::Face::parse(&font, 0)
            .unwrap_or_else(|err| panic!("{} {} does not parse: {err}", e.family, e.kind));
        let family = face
            .names()
            .into_iter()
            .find(|n| n.name_id == 1 && n.is_unicode());
        assert_eq!(family.and_then(|n| n.to_string()), Some(e.family.clone()));
        let mapped: Vec<char> = text
            .iter()
            .copied()
            .filter(|&c| face.glyph_index(c).is_some())
            .collect();
        // Each face holds its own characters plus the digits of a page number, no more.
        let glyphs = usize::from(face.number_of_glyphs());
        assert!(
            glyphs <= mapped.len() + 11 + 8,
            "{} {}: {glyphs} glyphs",
            e.family,
            e.kind
        );
        covered.extend(mapped);
    }
    // Every character of the text that the bundled fonts can draw is in an embedded font.
    let drawable: BTreeSet<char> = text
        .iter()
        .copied()
        .filter(|&c| originals.iter().any(|f| f.glyph_index(c).is_some()))
        .collect();
    assert_eq!(drawable.difference(&covered).collect::<String>(), "");
    for name in [
        "재단법인 한빛테크노파크",
        "대전광역시",
        "중소벤처기업부장관",
    ] {
        assert!(
            name.chars()
                .filter(|c| !c.is_whitespace())
                .all(|c| covered.contains(&c)),
            "{name}"
        );
    }
}

#[test]
fn the_same_document_gives_the_same_bytes_and_no_fonts_embeds_none() {
    let files = Files::load();
    assert_eq!(render(&files), render(&files));
    let plain = formpack_docx::render(&rich()).unwrap();
    let names = parts(&plain);
    assert!(!names
        .keys()
        .any(|n| n.contains("fonts/") || n.contains("fontTable.xml.rels")));
    assert!(!part(&plain, "word/fontTable.xml").contains("embed"));
}

#[test]
fn python_docx_opens_the_document_with_its_fonts() {
    let Ok(py) = std::env::var("DOCX_PYTHON") else {
        println!("python-docx check skipped (DOCX_PYTHON not set)");
        return;
    };
    let path = std::env::temp_dir().join(format!("formpack-fonts-{}.docx", std::process::id()));
    std::fs::write(&path, render(&Files::load())).unwrap();
    let script = "import docx,sys\nd=docx.Document(sys.argv[1])\nprint(d.paragraphs[0].text)";
    let out = Command::new(py)
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.trim(), "사업신청서");
}
