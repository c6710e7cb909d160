//! DOCX forms: the three real forms in `fixtures/forms/` inspected, filled through a Plan,
//! read back, compared entry by entry with the original, and opened by python-docx and
//! LibreOffice when they are installed (`DOCX_PYTHON`, `soffice`).

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use formpack_form::{
    Direction, DropRows, ErrorKind, Fill, Form, Limits, NamedKind, Plan, Rows, Target, Value,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/forms")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn open(bytes: &[u8]) -> Form {
    Form::open(bytes, &Limits::DEFAULT).expect("opens")
}

fn label(l: &str, v: &str) -> Fill {
    Fill {
        target: Target::Label {
            label: l.into(),
            direction: Direction::Right,
            occurrence: None,
        },
        value: Value::One(v.into()),
    }
}

fn name(n: &str, v: &str) -> Fill {
    Fill {
        target: Target::Name(n.into()),
        value: Value::One(v.into()),
    }
}

fn check(l: &str, on: bool) -> Fill {
    Fill {
        target: Target::Check {
            label: l.into(),
            row: None,
            occurrence: None,
        },
        value: Value::Check(on),
    }
}

/// Every entry: (name, uncompressed bytes, compressed size, crc).
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>, u64, u32)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data, f.compressed_size(), f.crc32())
        })
        .collect()
}

/// Every entry not in `edited` is byte-identical (uncompressed and compressed size, crc);
/// every edited one differs and parses as XML. Returns the edited parts' text.
fn same_but(orig: &[u8], new: &[u8], edited: &[&str]) -> Vec<String> {
    let (a, b) = (entries(orig), entries(new));
    assert_eq!(
        a.iter().map(|e| &e.0).collect::<Vec<_>>(),
        b.iter().map(|e| &e.0).collect::<Vec<_>>(),
        "entry names and order"
    );
    let mut out = Vec::new();
    for (x, y) in a.iter().zip(&b) {
        if edited.contains(&x.0.as_str()) {
            assert_ne!(x.1, y.1, "{} should have changed", x.0);
            let text = String::from_utf8(y.1.clone()).unwrap();
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", x.0));
            out.push(text);
        } else {
            assert_eq!(x.1, y.1, "{} bytes", x.0);
            assert_eq!((x.2, x.3), (y.2, y.3), "{} compressed size and crc", x.0);
        }
    }
    out
}

fn out_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("docx");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// CI sets `FORMPACK_REQUIRE_OFFICE=1`: there a missing reader fails instead of skipping.
fn required() -> bool {
    std::env::var_os("FORMPACK_REQUIRE_OFFICE").is_some_and(|v| v == "1")
}

/// python-docx reads the file and finds each of `want` in its paragraphs or cells.
fn python_docx(path: &Path, want: &[&str]) {
    let Ok(py) = std::env::var("DOCX_PYTHON") else {
        assert!(
            !required(),
            "DOCX_PYTHON is not set and FORMPACK_REQUIRE_OFFICE=1"
        );
        println!("python-docx check skipped (DOCX_PYTHON not set)");
        return;
    };
    let script = r#"
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
# Paragraphs inside content controls are not in d.paragraphs: walk the body's w:p too.
for p in d.element.body.iter(qn("w:p")):
    print("".join(t.text or "" for t in p.iter(qn("w:t"))))
def cells(t):
    for row in t.rows:
        for c in row.cells:
            yield c.text
            for n in c.tables:
                yield from cells(n)
for p in d.paragraphs: print(p.text)
for t in d.tables:
    for c in cells(t): print(c)
"#;
    let out = Command::new(py)
        .args(["-c", script])
        .arg(path)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for w in want {
        assert!(text.contains(w), "python-docx does not see {w:?}");
    }
}

/// LibreOffice converts the file to PDF and `pdftotext` finds each of `want`; the first page
/// is rendered to `png` when asked.
fn libreoffice(path: &Path, want: &[&str], png: bool) {
    if Command::new("soffice").arg("--version").output().is_err() {
        assert!(
            !required(),
            "soffice is missing and FORMPACK_REQUIRE_OFFICE=1"
        );
        println!("LibreOffice check skipped (soffice not installed)");
        return;
    }
    let dir = path.parent().unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}/lo-profile-{}",
        dir.display(),
        path.file_stem().unwrap().to_string_lossy()
    );
    let st = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(path)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let pdf = path.with_extension("pdf");
    let txt = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&txt.stdout);
    for w in want {
        assert!(text.contains(w), "the PDF does not show {w:?}");
    }
    if png {
        let _ = Command::new("pdftoppm")
            .args(["-r", "60", "-png", "-f", "1", "-l", "2"])
            .arg(&pdf)
            .arg(path.with_extension(""))
            .status();
    }
}

fn applicant_rows(n: usize) -> Vec<Vec<String>> {
    (1..=n)
        .map(|k| {
            vec![
                format!("{k}. 연구자{k} Kim"),
                format!("School {k}"),
                if k == 1 {
                    "PI".into()
                } else {
                    "Researcher".into()
                },
            ]
        })
        .collect()
}

#[test]
fn research_proposal_form_labels_bookmarks_legacy_fields_checks_and_44_rows() {
    let orig = fixture("nwe_research_proposal_form.docx");
    let form = open(&orig);
    let inv = form.inspect().unwrap();
    let t36 = inv
        .named
        .iter()
        .find(|f| f.name == "Text36")
        .expect("Text36");
    assert_eq!(t36.kind, NamedKind::Bookmark);
    assert!(t36.text.starts_with("Collaborative design environments"));
    assert!(inv.named.iter().all(|f| !f.name.starts_with('_')));
    assert!(
        inv.named.iter().all(|f| !f.name.starts_with("Check")),
        "check box fields' bookmarks are not text places"
    );
    assert!(inv.tables.len() >= 9, "{} tables", inv.tables.len());
    let title = inv
        .tables
        .iter()
        .flat_map(|t| &t.labels)
        .find(|l| l.text == "Project Title/Acronym:")
        .expect("label cell");
    assert_eq!(title.col, 1);
    assert!(inv.checks.iter().any(|(l, on)| l == "stakeholders?" && !on));

    let plan = Plan {
        fills: vec![
            label("Project Title/Acronym:", "지역 AI 전환 실증 / AX-Region"),
            label(
                "Funding Body (if internal state “RGU”):",
                "NIPA\n정보통신산업진흥원",
            ),
            name("Text33", "30 June 2026"),
            name("startdate", "2026-07 for 36 months"),
            check("stakeholders?", true),
        ],
        rows: vec![Rows {
            table: "School/ Department/ Centre".into(),
            occurrence: None,
            row: None,
            block: 1,
            items: applicant_rows(44),
            drop_sample_rows: DropRows::Alike,
        }],
    };
    let filled = form.fill(&plan).unwrap();
    assert_eq!(filled.placed.len(), 44 * 3 + 5);
    let xml = same_but(&orig, &filled.bytes, &["word/document.xml"]);
    let doc = &xml[0];
    // The legacy fields stay form fields, with the value as their result.
    assert!(doc.contains("<w:t xml:space=\"preserve\">30 June 2026</w:t>"));
    let o = entries(&orig);
    let o = String::from_utf8(
        o.iter()
            .find(|e| e.0 == "word/document.xml")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    // 5 applicant rows of 2 text fields became 44 rows of 2.
    assert_eq!(
        doc.matches("FORMTEXT").count(),
        o.matches("FORMTEXT").count() - 2 * 5 + 2 * 44
    );
    assert_eq!(
        doc.matches("w:name=\"Text37\"").count(),
        1,
        "bookmarks stay unique"
    );
    assert!(!doc.contains("Dr S Watt") && !doc.contains("Dr J Malins"));

    let filled_form = open(&filled.bytes);
    let back = filled_form.read(&plan).unwrap();
    assert_eq!(back, filled.placed);
    let text = filled_form.text().unwrap();
    assert!(text.contains("44. 연구자44 Kim"));
    assert!(text.contains("지역 AI 전환 실증 / AX-Region"));
    let inv2 = filled_form.inspect().unwrap();
    assert!(inv2
        .checks
        .iter()
        .any(|(l, on)| l == "stakeholders?" && *on));
    assert_eq!(
        inv2.named.iter().find(|f| f.name == "Text33").unwrap().text,
        "30 June 2026"
    );

    let path = out_dir().join("nwe_filled.docx");
    std::fs::write(&path, &filled.bytes).unwrap();
    python_docx(&path, &["30 June 2026", "44. 연구자44 Kim", "AX-Region"]);
    libreoffice(
        &path,
        &["30 June 2026", "AX-Region", "2026-07 for 36 months"],
        true,
    );
}

/// The content-control form with tags and an alias added (Word's own markup, as Word writes
/// it when a tag is set in the control's properties).
fn tagged_controls() -> Vec<u8> {
    let orig = fixture("docxform_content_controls.docx");
    let mut z = zip::ZipArchive::new(Cursor::new(orig.as_slice())).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_string();
        if name == "word/document.xml" {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            for (id, add) in [
                ("-132710284", "<w:tag w:val=\"plain\"/>"),
                ("-1012910137", "<w:alias w:val=\"Rich One\"/>"),
                ("-1984237200", "<w:tag w:val=\"combo2\"/>"),
            ] {
                let old = format!("<w:sdtPr><w:id w:val=\"{id}\"/>");
                assert!(s.contains(&old));
                s = s.replace(&old, &format!("<w:sdtPr>{add}<w:id w:val=\"{id}\"/>"));
            }
            w.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(s.as_bytes()).unwrap();
        } else {
            w.raw_copy_file(f).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn content_controls_by_tag_and_alias_and_check_box_controls() {
    // Without tags the controls have no names: a name is missing, and the message says so.
    let plain = open(&fixture("docxform_content_controls.docx"));
    let e = plain.fill(&Plan {
        fills: vec![name("plain", "x")],
        rows: vec![],
    });
    let e = e.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Missing);
    assert!(e.message().contains("'plain'"), "{}", e.message());

    let orig = tagged_controls();
    let form = open(&orig);
    let inv = form.inspect().unwrap();
    let by = |n: &str| inv.named.iter().find(|f| f.name == n).cloned().unwrap();
    assert_eq!(by("plain").kind, NamedKind::ContentControl);
    assert_eq!(by("plain").text, "Plain Text Content Control");
    assert_eq!(by("combo2").hint, "Choose an item.");
    assert_eq!(by("Rich One").text, "Rich Text Content Control");
    assert_eq!(
        inv.checks,
        vec![
            ("CheckBoxContentControl".to_string(), false),
            ("AnotherCheckBoxContentControl".to_string(), true)
        ]
    );

    let plan = Plan {
        fills: vec![
            name("plain", "홍길동 <대표>"),
            name("Rich One", "첫 줄\n둘째 줄"),
            name("combo2", "Option 9"),
            check("Check Box Content Control", true),
            check("Another Check Box Content Control", false),
        ],
        rows: vec![],
    };
    let filled = form.fill(&plan).unwrap();
    let xml = same_but(&orig, &filled.bytes, &["word/document.xml"]);
    let doc = &xml[0];
    assert!(doc.contains("홍길동 &lt;대표&gt;"));
    assert!(doc.contains("첫 줄</w:t><w:br/><w:t xml:space=\"preserve\">둘째 줄"));
    assert!(!doc.contains("showingPlcHdr"), "the placeholder flag goes");
    assert!(!doc.contains("Choose an item.</w:t>"));
    assert!(!doc.contains("PlaceholderText\"/></w:rPr><w:t xml:space=\"preserve\">Option 9"));
    assert!(doc.contains("<w14:checked w14:val=\"1\"/>"));
    assert!(doc.contains("<w14:checked w14:val=\"0\"/>"));
    assert!(doc.contains(
        "<w:t>☒</w:t></w:r></w:sdtContent></w:sdt><w:r w:rsidR=\"000C2022\"><w:t>Check Box"
    ));
    let filled_form = open(&filled.bytes);
    assert_eq!(filled_form.read(&plan).unwrap(), filled.placed);
    assert_eq!(filled.placed[3].value, "☒");
    assert_eq!(filled.placed[4].value, "☐");
    let text = filled_form.text().unwrap();
    assert!(text.contains("첫 줄\n둘째 줄\n"));
    assert!(!text.lines().any(|l| l == "Rich Text Content Control"));

    let path = out_dir().join("controls_filled.docx");
    std::fs::write(&path, &filled.bytes).unwrap();
    python_docx(&path, &["Option 9", "홍길동 <대표>"]);
    libreoffice(&path, &["Option 9", "홍길동 <대표>", "둘째 줄"], true);
}

#[test]
fn order_table_placeholders_and_44_repeated_rows() {
    let orig = fixture("docxtpl_order_table.docx");
    let form = open(&orig);
    let inv = form.inspect().unwrap();
    assert_eq!(
        inv.placeholders,
        [
            "customer_name",
            "i.desc",
            "i.qty",
            "i.price",
            "total_price",
            "company_name"
        ]
    );
    assert_eq!((inv.tables[0].rows, inv.tables[0].cols), (5, 4));

    let items: Vec<Vec<String>> = (1..=44)
        .map(|k| vec![format!("item {k}"), format!("{k}"), format!("{}.00", k * 3)])
        .collect();
    let plan = Plan {
        fills: vec![
            name("customer_name", "김철수"),
            Fill {
                target: Target::Name("total_price".into()),
                value: Value::Each(vec!["  396.00".into(), "396.00 ".into()]),
            },
            Fill {
                target: Target::Placeholder("company_name".into()),
                value: Value::One("ACME & Co".into()),
            },
        ],
        rows: vec![Rows {
            table: "Description".into(),
            occurrence: None,
            row: Some(3),
            block: 1,
            items: items.clone(),
            drop_sample_rows: DropRows::Count(1),
        }],
    };
    let filled = form.fill(&plan).unwrap();
    let xml = same_but(&orig, &filled.bytes, &["word/document.xml"]);
    let doc = &xml[0];
    assert!(
        !doc.contains("endfor"),
        "the sample row after the item row went"
    );
    assert!(!doc.contains("i.desc"));
    assert_eq!(doc.matches("<w:tr ").count(), 3 + 44);
    // A value with spaces at its ends went into a `w:t` that lacked xml:space.
    assert!(doc.contains("<w:t xml:space=\"preserve\">  396.00</w:t>"));
    assert!(doc.contains("<w:t xml:space=\"preserve\">Please, pay your order : 396.00 </w:t>"));
    assert!(doc.contains("ACME &amp; Co"));

    let filled_form = open(&filled.bytes);
    // A placeholder leaves no trace once filled: read reports the rows only.
    let (holders, places): (Vec<_>, Vec<_>) = filled
        .placed
        .iter()
        .cloned()
        .partition(|p| p.place.starts_with("{{"));
    assert_eq!(filled_form.read(&plan).unwrap(), places);
    assert_eq!(holders.len(), 4);
    assert!(filled_form.inspect().unwrap().placeholders.is_empty());
    let t = &filled_form.inspect().unwrap().tables[0];
    assert_eq!(t.rows, 3 + 44);
    assert!(filled_form
        .text()
        .unwrap()
        .contains("item 44\n44\n132.00\n"));

    // A count that does not match is a plan error.
    let mut bad = plan.clone();
    bad.fills[1].value = Value::Each(vec!["1".into()]);
    assert_eq!(form.fill(&bad).unwrap_err().kind(), ErrorKind::Plan);
    let mut bad = plan.clone();
    bad.rows[0].items[5].pop();
    assert_eq!(form.fill(&bad).unwrap_err().kind(), ErrorKind::Plan);

    let path = out_dir().join("order_filled.docx");
    std::fs::write(&path, &filled.bytes).unwrap();
    python_docx(&path, &["item 44", "김철수", "ACME & Co"]);
    libreoffice(
        &path,
        &["item 44", "132.00", "ACME & Co", "Dear 김철수"],
        true,
    );
}

#[test]
fn places_formpack_cannot_fill_safely_are_refused_in_korean() {
    let form = open(&fixture("nwe_research_proposal_form.docx"));
    let one = |f: Fill| {
        form.fill(&Plan {
            fills: vec![f],
            rows: vec![],
        })
        .unwrap_err()
    };
    // A field spread over two paragraphs (the dispatch address).
    let e = one(name("Text22", "x"));
    assert_eq!(e.kind(), ErrorKind::Unsupported, "{}", e.message());
    assert!(e.message().contains("Text22"));
    // A drop-down field is not a text field.
    let e = one(label("RGU Status:", "x"));
    assert_eq!(e.kind(), ErrorKind::Unsupported, "{}", e.message());
    assert!(e.message().contains("FORMDROPDOWN"), "{}", e.message());
    // An unknown label lists the labels the form has.
    let e = one(label("대표자", "x"));
    assert_eq!(e.kind(), ErrorKind::Missing);
    assert!(e.message().contains("Project Title/Acronym:"));
    // An unknown name lists the names (bookmarks, fields), none of Word's hidden ones.
    let e = one(name("대표자", "x"));
    assert_eq!(e.kind(), ErrorKind::Missing);
    assert!(e.message().contains("Text36") && !e.message().contains("_Go"));
}

#[test]
fn a_document_with_a_dtd_is_refused_without_panicking() {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file("[Content_Types].xml", opts).unwrap();
    w.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")
        .unwrap();
    w.start_file("word/document.xml", opts).unwrap();
    w.write_all(
        br#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#,
    )
    .unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let form = Form::open(&bytes, &Limits::DEFAULT).expect("the package itself is a DOCX");
    assert_eq!(form.inspect().unwrap_err().kind(), ErrorKind::NotAForm);
    assert_eq!(form.text().unwrap_err().kind(), ErrorKind::NotAForm);
    let e = form
        .fill(&Plan {
            fills: vec![name("a", "x")],
            rows: vec![],
        })
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotAForm);
    assert!(e.message().contains("word/document.xml"), "{}", e.message());
}
