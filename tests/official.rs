//! The agency's own forms through the binary: `form inspect|map|fill`, and the sample bundle
//! under a profile that switches 04 and 05 to real 한글 forms (fixtures/programs/official-forms,
//! forms from fixtures/forms): the files, the manifest, verify, packets, the merged PDF's
//! notice page, diff after a representative changes, and an incremental rebuild.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common;
use common::{formpack, read_tree, SAMPLE};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn profile() -> String {
    root()
        .join("fixtures/programs/official-forms/profile.toml")
        .display()
        .to_string()
}

fn form(name: &str) -> String {
    root()
        .join("fixtures/forms")
        .join(name)
        .display()
        .to_string()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("formpack-official-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The text of a filled form, spaces removed (a value may be split across lines).
fn text_of(bytes: &[u8]) -> String {
    formpack::compose::official::text(bytes)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The text layer of a PDF, spaces removed.
fn pdf_text(bytes: &[u8]) -> String {
    squeeze(&formpack::render::text(formpack::render::Format::Pdf, bytes).unwrap())
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `formpack form fill FORM --map MAP SAMPLE --member kaic -o OUT`.
fn fill_for_kaic(form: &str, map: &Path, out: &Path) -> std::process::Output {
    formpack(&[
        "form",
        "fill",
        form,
        "--map",
        map.to_str().unwrap(),
        SAMPLE,
        "--member",
        "kaic",
        "-o",
        out.to_str().unwrap(),
    ])
}

fn build(data: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    let p = profile();
    let mut args = vec![
        "--program",
        p.as_str(),
        "build",
        data,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    formpack(&args)
}

#[test]
fn inspect_lists_the_places_as_json() {
    let o = formpack(&[
        "form",
        "inspect",
        &form("hwpxlib_clickhere_fields.hwpx"),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["kind"], "hwpx");
    let names: Vec<&str> = v["named"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["필드1", "필드2", "필드A", "필드3", "필드4", "표3_3", "표2_2", "표4_4"]
    );
    assert_eq!(v["named"][2]["occurrences"], 2);
    assert_eq!(v["tables"].as_array().unwrap().len(), 3);

    let o = formpack(&["form", "inspect", &form("hwpforge_rnd_plan_form.hwpx")]);
    let text = stdout(&o);
    assert!(text.contains("\"사업자등록번호\" → 오른쪽 빈칸"), "{text}");
}

#[test]
fn the_starter_map_guesses_known_labels_and_fills_as_written() {
    let dir = tmp("starter");
    let map = dir.join("map.toml");
    let f = form("hwpforge_rnd_plan_form.hwpx");
    let o = formpack(&["form", "map", &f, "-o", map.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&map).unwrap();
    // Labels formpack knows are filled in, once each; the rest are commented out.
    assert!(text.contains("label = \"사업자등록번호\"\ndirection = \"right\"\nvalue = \"{{member.registration_no}}\""), "{text}");
    assert!(text.contains("# label = \"공고번호\""), "{text}");
    // The starter map fills the form as it stands, for a member.
    let out = dir.join("filled.hwpx");
    let o = fill_for_kaic(&f, &map, &out);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let filled = text_of(&fs::read(&out).unwrap());
    assert!(
        filled.contains("305-82-16548") && filled.contains("160111-0023450"),
        "{filled}"
    );
}

#[test]
fn fill_names_the_map_line_and_leaves_the_last_good_file() {
    let dir = tmp("errors");
    let out = dir.join("out.hwpx");
    fs::write(&out, b"previous good output").unwrap();
    let map = dir.join("bad.toml");
    fs::write(
        &map,
        "[[labels]]\nlabel = \"기관명\"\noccurrence = 1\nvalue = \"{{member.name}}\"\n\n[[labels]]\nlabel = \"대표자 직인\"\nvalue = \"{{member.representative.name}}\"\n",
    )
    .unwrap();
    let f = form("hwpforge_rnd_plan_form.hwpx");
    let o = fill_for_kaic(&f, &map, &out);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.toml 6행")
            && err.contains("'대표자 직인'")
            && err.contains("사업자등록번호"),
        "{err}"
    );
    assert_eq!(fs::read(&out).unwrap(), b"previous good output");

    // A value naming data that does not exist: the line and the name.
    fs::write(&map, "[fields]\n\"표3_3\" = \"{{member.nickname}}\"\n").unwrap();
    let o = fill_for_kaic(&form("hwpxlib_clickhere_fields.hwpx"), &map, &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.toml 2행") && stderr(&o).contains("member.nickname"),
        "{}",
        stderr(&o)
    );

    // An HWP 5.0 file: what to do in 한글.
    let hwp = dir.join("서식.hwp");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    bytes.extend("FileHeader".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.resize(1024, 0);
    fs::write(&hwp, bytes).unwrap();
    let o = formpack(&["form", "inspect", hwp.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("HWPX"), "{}", stderr(&o));
    assert_eq!(fs::read(&out).unwrap(), b"previous good output");
}

/// The sample's performing members: the documents 04 and 05 are made for.
fn performers() -> Vec<(String, String)> {
    let c = formpack::load::load(Path::new(SAMPLE)).unwrap().data;
    c.members
        .iter()
        .filter(|m| m.is_performer())
        .map(|m| (m.id.to_string(), m.name.clone()))
        .collect()
}

#[test]
fn the_sample_bundle_fills_04_and_05_into_the_agencys_forms() {
    let out = tmp("bundle");
    let o = build(SAMPLE, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // What a form's PDF draws as text only is named with its file and page.
    assert!(
        stderr(&o).contains(
            "경고: 05_신청자격적정성확인서_한국AI융합연구원.pdf: 15쪽: 글상자 — 글자만 옮겼습니다"
        ),
        "{}",
        stderr(&o)
    );
    let files = read_tree(&out);
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let original = fs::read(form("hwpforge_rnd_plan_form.hwpx")).unwrap();
    for (id, name) in performers() {
        for stem in ["04_참여의사확인서", "05_신청자격적정성확인서"] {
            let base = format!("{stem}_{name}");
            // The filled form and its PDF: no DOCX or template-made file of it.
            assert!(files.contains_key(&format!("{base}.pdf")), "{base}.pdf");
            assert!(!files.contains_key(&format!("{base}.docx")), "{base}.docx");
            let entry = manifest["files"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["path"] == format!("{base}.hwpx"))
                .unwrap();
            assert_eq!(entry["member"], id.as_str());
            assert!(entry["form"]["file"].as_str().unwrap().ends_with(".hwpx"));
            assert_eq!(entry["signers"], serde_json::json!([id]));
            // Every value the manifest says it shows is in the file.
            let text = text_of(&files[&format!("{base}.hwpx")]);
            for (place, value) in entry["figures"].as_object().unwrap() {
                assert!(
                    text.contains(&squeeze(value.as_str().unwrap())),
                    "{base}: {place} = {value}"
                );
            }
            // The PDF drawn from the filled form shows the same values, and its footer the
            // 문서확인번호.
            let pdf_entry = manifest["files"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["path"] == format!("{base}.pdf"))
                .unwrap();
            let pdf = pdf_text(&files[&format!("{base}.pdf")]);
            for (place, value) in entry["figures"].as_object().unwrap() {
                assert!(
                    pdf.contains(&squeeze(value.as_str().unwrap())),
                    "{base}.pdf: {place} = {value}"
                );
            }
            let fp = pdf_entry["fingerprint"].as_str().unwrap();
            assert!(
                pdf.contains(&format!("문서확인번호{fp}")),
                "{base}.pdf: {fp}"
            );
            // The member's packet holds exactly these files, and says to print the PDF.
            let packet = common::unzip(&files[&format!("members/{id}.zip")]);
            for ext in ["hwpx", "pdf"] {
                let f = format!("{base}.{ext}");
                assert_eq!(packet[&f], files[&f], "{f}");
            }
            let guide = String::from_utf8(packet["서명안내.txt"].clone()).unwrap();
            assert!(
                guide.contains(&format!(
                    "{base}.pdf, 기관 공식 서식, 문서확인번호 {fp}; 고칠 때는 {base}.hwpx"
                )),
                "{guide}"
            );
        }
        let t04 = text_of(&files[&format!("04_참여의사확인서_{name}.hwpx")]);
        assert!(t04.contains(&squeeze(&name)));
        // The form's own text is still there, and every performer is in its list.
        assert!(t04.contains("연구개발계획서") && t04.contains("공동연구개발기관"));
        for (_, other) in performers() {
            assert!(t04.contains(&squeeze(&other)), "04 lists {other}");
        }
        let t05 = text_of(&files[&format!("05_신청자격적정성확인서_{name}.hwpx")]);
        assert!(
            t05.contains(&squeeze(&name)) && t05.contains("업체설립연도"),
            "{name}"
        );
    }
    // A member's 05 shows its own contact only.
    let kaic05 = text_of(&files["05_신청자격적정성확인서_한국AI융합연구원.hwpx"]);
    assert!(kaic05.contains("042-860-4471") && !kaic05.contains("042-930-1142"));
    // Nothing else of the form changed: every entry but the body and its preview is the
    // original's, byte for byte.
    let filled = common::unzip(&files["04_참여의사확인서_한국AI융합연구원.hwpx"]);
    let orig = common::unzip(&original);
    assert_eq!(
        filled.keys().collect::<Vec<_>>(),
        orig.keys().collect::<Vec<_>>()
    );
    for (k, v) in &orig {
        if k != "Contents/section0.xml" && k != "Preview/PrvText.txt" {
            assert_eq!(&filled[k], v, "{k}");
        }
    }
    // The merged PDF holds each member's 04 and 05 drawn from the filled forms, in the
    // profile's order: 03 before every 04, every 04 before every 05.
    let merged = pdf_text(&files["00_제출서류_전체.pdf"]);
    let at = |s: &str| {
        merged
            .find(&squeeze(s))
            .unwrap_or_else(|| panic!("{s} in the merged PDF"))
    };
    let rat = |s: &str| merged.rfind(&squeeze(s)).unwrap();
    assert!(at("[서식 3]") < at("연구개발계획서"));
    assert!(rat("연구개발계획서") < at("업체설립연도"));
    assert_eq!(
        merged.matches("연구개발계획서").count() % performers().len(),
        0
    );
    assert!(!merged.contains("공식서식:파일로제출"));
    let v = formpack(&["verify", out.to_str().unwrap()]);
    assert!(v.status.success(), "{}{}", stdout(&v), stderr(&v));
}

#[test]
fn verify_catches_a_changed_value_in_a_filled_form() {
    let out = tmp("tamper");
    assert!(build(SAMPLE, &out, &[]).status.success());
    // Re-zip the kaic 04 with its registration number changed, as a hand edit would.
    let path = out.join("04_참여의사확인서_한국AI융합연구원.hwpx");
    let entries = common::unzip(&fs::read(&path).unwrap());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in &entries {
        let data = if name == "Contents/section0.xml" {
            String::from_utf8(data.clone())
                .unwrap()
                .replace("305-82-16548", "305-82-99999")
                .into_bytes()
        } else {
            data.clone()
        };
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, &data).unwrap();
    }
    fs::write(&path, zip.finish().unwrap().into_inner()).unwrap();
    let v = formpack(&["verify", out.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1));
    let report = stdout(&v) + &stderr(&v);
    assert!(
        report.contains("04_참여의사확인서_한국AI융합연구원.hwpx")
            && report.contains("305-82-16548"),
        "{report}"
    );
}

#[test]
fn verify_catches_another_members_pdf_in_place_of_a_form() {
    let out = tmp("tamper-pdf");
    assert!(build(SAMPLE, &out, &[]).status.success());
    let stem = "04_참여의사확인서";
    let theirs = fs::read(out.join(format!("{stem}_주식회사 다온비전.pdf"))).unwrap();
    fs::write(out.join(format!("{stem}_한국AI융합연구원.pdf")), theirs).unwrap();
    let v = formpack(&["verify", out.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1));
    let report = stdout(&v) + &stderr(&v);
    assert!(
        report.contains(&format!("{stem}_한국AI융합연구원.pdf")) && report.contains("305-82-16548"),
        "{report}"
    );
}

#[test]
fn a_new_representative_changes_exactly_the_forms_that_show_it() {
    let dir = tmp("diff");
    let old = dir.join("old.yaml");
    let new = dir.join("new.yaml");
    let sample = fs::read_to_string(SAMPLE).unwrap();
    fs::write(&old, &sample).unwrap();
    assert!(sample.contains("representative: {name: 장민석"));
    fs::write(
        &new,
        sample.replace(
            "representative: {name: 장민석",
            "representative: {name: 장민준",
        ),
    )
    .unwrap();
    let p = profile();
    let o = formpack(&[
        "--program",
        &p,
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|_| panic!("{}{}", stdout(&o), stderr(&o)));
    let changed: BTreeSet<String> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}{}",
                d["document"].as_str().unwrap(),
                d["member"]
                    .as_str()
                    .map(|m| format!(" {m}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    // 04's official form lists every performer with its representative: all six change. Of
    // 05 (the member's own details), only kaic's.
    let official: BTreeSet<&String> = changed
        .iter()
        .filter(|d| d.starts_with("04_") || d.starts_with("05_"))
        .collect();
    let mut want: BTreeSet<String> = performers()
        .iter()
        .map(|(id, _)| format!("04_참여의사확인서 {id}"))
        .collect();
    want.insert("05_신청자격적정성확인서 kaic".into());
    assert_eq!(official, want.iter().collect(), "{report}");

    // Build both: exactly the documents diff names have new bytes; the rebuild over the old
    // bundle equals a clean build of the new file.
    let a = dir.join("a");
    let b = dir.join("b");
    assert!(build(old.to_str().unwrap(), &a, &[]).status.success());
    let before = read_tree(&a);
    assert!(build(new.to_str().unwrap(), &a, &[]).status.success());
    assert!(build(new.to_str().unwrap(), &b, &[]).status.success());
    let (after, clean) = (read_tree(&a), read_tree(&b));
    assert_eq!(after, clean, "incremental = clean");
    for (id, name) in performers() {
        let f05 = format!("05_신청자격적정성확인서_{name}.hwpx");
        assert_eq!(before[&f05] != after[&f05], id == "kaic", "{f05}");
        let f04 = format!("04_참여의사확인서_{name}.hwpx");
        assert_ne!(before[&f04], after[&f04], "{f04}");
    }
}

/// Each real form's pages as `formpack form pdf` draws it, and as rhwp (rhwp-python 0.8, an
/// independent renderer that lays HWPX out itself) does: the same for every form. A change in
/// either column fails here.
const PAGES: [(&str, usize, usize); 10] = [
    ("hwpforge_ministry_list_table.hwpx", 1, 1),
    ("hwpforge_rnd_plan_form.hwpx", 1, 1),
    ("hwpxfiller_bid_notice_clickhere.hwpx", 12, 12),
    ("hwpxlib_clickhere_fields.hwpx", 1, 1),
    ("hwpxlib_gangbuk_tender_forms.hwpx", 39, 39),
    ("hwpxlib_named_cell_score_table.hwpx", 1, 1),
    ("hwpxlib_open_data_standard_list.hwpx", 5, 5),
    ("pythonhwpx_clickhere_gold_empty.hwpx", 1, 1),
    ("rhwp_item_checkbox_form.hwpx", 10, 10),
    ("rhwp_press_release_named_cells.hwpx", 5, 5),
];

/// Bullets and boxes a symbol font's private-range characters are drawn as, and the middle
/// dots (a half-width `･` no font has is drawn with `·`'s glyph, which the text layer may
/// then read as either): left out of both sides of a text comparison.
const SYMBOLS: &str = "❍●■□◻❑❒◆❖•▪➢➔⇨✗✓☒☑･·";

/// `formpack form pdf FORM -o OUT`: the PDF's bytes.
fn form_pdf(name: &str) -> Vec<u8> {
    let out = tmp(&format!("pdf-{name}")).join("form.pdf");
    let o = formpack(&["form", "pdf", &form(name), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{name}: {}", stderr(&o));
    fs::read(out).unwrap()
}

fn page_count(pdf: &[u8]) -> usize {
    formpack_pdf::page_count(pdf).unwrap()
}

/// rhwp's page count of a form, when a Python with rhwp is at hand (`FORMPACK_RHWP_PYTHON`,
/// or `.venv-hwpx` as `.ci/run` makes it); required when `FORMPACK_REQUIRE_RHWP` is set.
fn rhwp_pages(name: &str) -> Option<usize> {
    let python = std::env::var("FORMPACK_RHWP_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join(".venv-hwpx/bin/python"));
    let script = root().join("scripts/hwpx/render.py");
    let out = std::process::Command::new(&python)
        .arg(&script)
        .args(["--pages", "0", std::env::temp_dir().to_str().unwrap()])
        .arg(form(name))
        .output();
    let found = out.ok().filter(|o| o.status.success()).and_then(|o| {
        let s = String::from_utf8_lossy(&o.stdout).into_owned();
        let n = s.split(": ").nth(1)?.split(' ').next()?.parse().ok();
        n
    });
    if found.is_none() && std::env::var_os("FORMPACK_REQUIRE_RHWP").is_some() {
        panic!("rhwp is required (FORMPACK_REQUIRE_RHWP) but {python:?} could not run it");
    }
    found
}

#[test]
fn every_fixture_form_draws_its_text_in_order_on_the_pages_rhwp_finds() {
    for (name, ours, theirs) in PAGES {
        let pdf = form_pdf(name);
        assert_eq!(page_count(&pdf), ours, "{name}: formpack's pages");
        if let Some(n) = rhwp_pages(name) {
            assert_eq!(n, theirs, "{name}: rhwp's pages");
        }
        // Every line of the form's text is in the PDF's text layer, in the form's order
        // (the form's own header and footer print at each page's foot, so they may come
        // late: those are found anywhere).
        let full: String = pdf_text(&pdf)
            .chars()
            .filter(|c| !SYMBOLS.contains(*c))
            .collect();
        let layer = without_page_furniture(&full, name, ours);
        let original = fs::read(form(name)).unwrap();
        let mut at = 0;
        let mut late = 0;
        // A symbol font's private-range characters (U+F0xx bullets) have no meaning of
        // their own to compare; the PDF draws the ones it knows as Unicode.
        let lines: Vec<String> = formpack::compose::official::text(&original)
            .unwrap()
            .lines()
            .map(|l| {
                squeeze(l).replace(
                    |c| {
                        (('\u{e000}'..='\u{f8ff}').contains(&c) || c >= '\u{f0000}')
                            || SYMBOLS.contains(c)
                    },
                    "",
                )
            })
            .filter(|l| !l.is_empty())
            .collect();
        // A line is in order when it is found a little way on from the last one. Short lines
        // ("구분", "1") repeat from table to table, so only their presence is checked: the
        // order is the distinctive lines'.
        const WINDOW: usize = 4000;
        for line in &lines {
            if line.chars().count() < 12 {
                assert!(present(&full, line), "{name}: {line:?} not in the PDF");
                continue;
            }
            match layer[at..].find(line.as_str()).filter(|i| *i <= WINDOW) {
                Some(i) => at += i + line.len(),
                None => {
                    assert!(present(&full, line), "{name}: {line:?} not in the PDF");
                    late += 1;
                }
            }
        }
        assert!(
            late * 20 <= lines.len(),
            "{name}: {late} of {} lines out of order",
            lines.len()
        );
    }
}

/// A text layer without what every page repeats at its foot (the footer line formpack adds:
/// the form's name, `n / N` or the form's `- n -`, the 문서확인번호), so a paragraph that runs
/// onto the next page reads on.
fn without_page_furniture(layer: &str, name: &str, pages: usize) -> String {
    let stem = squeeze(name.trim_end_matches(".hwpx").trim_end_matches(".docx"));
    let mut s = layer.replace(&stem, "");
    while let Some(i) = s.find("문서확인번호") {
        let end = (i + "문서확인번호".len() + 8).min(s.len());
        s.replace_range(i..end, "");
    }
    for n in (1..=pages).rev() {
        s = s.replace(&format!("-{n}-"), "");
        s = s.replace(&format!("{n}/{pages}"), "");
    }
    s
}

/// Whether `line` is in the text layer whole, or in two parts in order (a cell's text that
/// runs onto the next page, with the repeated table header and the footer between).
fn present(layer: &str, line: &str) -> bool {
    layer.contains(line)
        || line.char_indices().skip(1).any(|(k, _)| {
            let (a, b) = line.split_at(k);
            match (layer.find(a), layer.rfind(b)) {
                (Some(i), Some(j)) => i + a.len() <= j,
                _ => false,
            }
        })
}

/// The x of every vertical line on a PDF's pages, points from the left edge.
fn vertical_lines(pdf: &[u8]) -> Vec<f32> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let num = |o: &lopdf::Object| o.as_float().unwrap_or(0.0);
    let mut xs = Vec::new();
    let mut from = (0.0, 0.0);
    let pages: Vec<_> = doc.get_pages().values().copied().collect();
    let operations: Vec<_> = pages
        .iter()
        .flat_map(|&page| {
            lopdf::content::Content::decode(&doc.get_page_content(page))
                .unwrap()
                .operations
        })
        .collect();
    for op in &operations {
        match op.operator.as_str() {
            "m" => from = (num(&op.operands[0]), num(&op.operands[1])),
            "l" => {
                let to = (num(&op.operands[0]), num(&op.operands[1]));
                if (to.0 - from.0).abs() < 0.01 && (to.1 - from.1).abs() > 1.0 {
                    xs.push(to.0);
                }
                from = to;
            }
            _ => {}
        }
    }
    xs
}

/// Where a form's first table puts its column edges, and which of them it draws (a cell's
/// left or right side whose border fill has a line): the page's left margin plus each cell's
/// saved width from its column address (the form's own geometry, read here independently of
/// formpack's reader), points.
fn column_edges(name: &str) -> (Vec<f32>, Vec<f32>) {
    fn el<'a, 'i>(n: &roxmltree::Node<'a, 'i>, tag: &str) -> roxmltree::Node<'a, 'i> {
        n.descendants()
            .find(|d| d.tag_name().name() == tag)
            .unwrap()
    }
    fn kids<'a, 'i>(
        n: roxmltree::Node<'a, 'i>,
        tag: &'static str,
    ) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
        n.children().filter(move |c| c.tag_name().name() == tag)
    }
    let num = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<usize>().unwrap();
    let unit =
        |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f32>().unwrap() / 100.0;
    let entries = common::unzip(&fs::read(form(name)).unwrap());
    let header = String::from_utf8(entries["Contents/header.xml"].clone()).unwrap();
    let header = roxmltree::Document::parse(&header).unwrap();
    // Border fill id → whether its left and right sides have a line.
    let sides: std::collections::HashMap<&str, (bool, bool)> = header
        .descendants()
        .filter(|n| n.tag_name().name() == "borderFill")
        .map(|b| {
            let line = |side: &str| {
                kids(b, "leftBorder")
                    .chain(kids(b, "rightBorder"))
                    .find(|n| n.tag_name().name() == side)
                    .is_some_and(|n| n.attribute("type") != Some("NONE"))
            };
            (
                b.attribute("id").unwrap(),
                (line("leftBorder"), line("rightBorder")),
            )
        })
        .collect();
    let xml = String::from_utf8(entries["Contents/section0.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let margin = el(&doc.root(), "pagePr");
    let margin = kids(margin, "margin").next().unwrap();
    let left = unit(margin, "left") + unit(margin, "gutter");
    let tbl = el(&doc.root(), "tbl");
    // The table's own cells (not those of a table inside one).
    let cells: Vec<_> = kids(tbl, "tr").flat_map(|tr| kids(tr, "tc")).collect();
    let mut edges = std::collections::BTreeMap::from([(0usize, 0.0f32)]);
    for _ in 0..50 {
        for tc in &cells {
            let (col, span) = (
                num(el(tc, "cellAddr"), "colAddr"),
                num(el(tc, "cellSpan"), "colSpan"),
            );
            if let Some(&x) = edges.get(&col) {
                edges
                    .entry(col + span)
                    .or_insert(x + unit(el(tc, "cellSz"), "width"));
            }
        }
    }
    let mut drawn = Vec::new();
    for tc in &cells {
        let (col, span) = (
            num(el(tc, "cellAddr"), "colAddr"),
            num(el(tc, "cellSpan"), "colSpan"),
        );
        let (l, r) = sides[tc.attribute("borderFillIDRef").unwrap()];
        for (on, at) in [(l, col), (r, col + span)] {
            if let (true, Some(x)) = (on, edges.get(&at)) {
                drawn.push(left + x);
            }
        }
    }
    (edges.values().map(|x| left + x).collect(), drawn)
}

/// The press release's four pictures (two logos in its header table, two on page 4) are in
/// its PDF, on the pages where the form has them.
#[test]
fn pictures_in_a_forms_cells_are_drawn() {
    let pdf = form_pdf("rhwp_press_release_named_cells.hwpx");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let images: Vec<usize> = doc
        .get_pages()
        .values()
        .map(|&p| doc.get_page_images(p).map_or(0, |i| i.len()))
        .collect();
    assert_eq!(images, [2, 0, 0, 2, 0], "pictures per page");
}

#[test]
fn table_lines_fall_where_the_forms_geometry_puts_them() {
    const MM: f32 = 72.0 / 25.4;
    // (form, whether its first table is the only thing on page 1 that draws lines)
    for (name, alone) in [
        ("hwpforge_ministry_list_table.hwpx", true),
        ("hwpxlib_named_cell_score_table.hwpx", true),
        ("hwpforge_rnd_plan_form.hwpx", true),
        ("hwpxlib_clickhere_fields.hwpx", false),
        ("hwpxfiller_bid_notice_clickhere.hwpx", false),
        ("hwpxlib_gangbuk_tender_forms.hwpx", false),
        ("hwpxlib_open_data_standard_list.hwpx", false),
        ("rhwp_item_checkbox_form.hwpx", false),
        ("rhwp_press_release_named_cells.hwpx", false),
    ] {
        let lines = vertical_lines(&form_pdf(name));
        let (edges, drawn) = column_edges(name);
        assert!(edges.len() >= 2, "{name}: {edges:?}");
        let near = |x: f32, to: &[f32]| to.iter().map(|e| (x - e).abs()).fold(f32::MAX, f32::min);
        // Every line drawn stands on an edge of the form's grid (within 1 mm) …
        for x in lines.iter().filter(|_| alone) {
            assert!(
                near(*x, &edges) <= MM,
                "{name}: a line at {x} pt is on no edge of {edges:?}"
            );
        }
        // … and every edge the form draws a side on has its line.
        for e in &drawn {
            assert!(
                near(*e, &lines) <= MM,
                "{name}: no line within 1 mm of the drawn edge at {e} pt"
            );
        }
    }
}

/// The real Word forms: formpack's pages, and LibreOffice Writer's of the same file.
const DOCX_PAGES: [(&str, usize, usize); 3] = [
    ("docxform_content_controls.docx", 1, 1),
    ("docxtpl_order_table.docx", 1, 1),
    ("nwe_research_proposal_form.docx", 3, 3),
];

#[test]
fn every_word_form_draws_its_text_in_order_on_the_pages_libreoffice_finds() {
    let office = common::soffice("libreoffice-writer-nogui");
    for (name, ours, theirs) in DOCX_PAGES {
        let pdf = form_pdf(name);
        assert_eq!(page_count(&pdf), ours, "{name}: formpack's pages");
        if let Some(soffice) = office {
            let tmp = tmp(&format!("lo-{name}"));
            let lo = common::libreoffice_pdf(soffice, Path::new(&form(name)), &tmp);
            assert_eq!(page_count(&lo), theirs, "{name}: LibreOffice's pages");
        }
        let layer =
            without_page_furniture(&pdf_text(&pdf), name, ours).replace(['☐', '☑', '☒'], "");
        let original = fs::read(form(name)).unwrap();
        let mut at = 0;
        for line in formpack::compose::official::text(&original)
            .unwrap()
            .lines()
        {
            // The filler's text has no glyph for a legacy check box; the PDF draws ☐/☑.
            let line = squeeze(line).replace(['☐', '☑', '☒'], "");
            if line.is_empty() {
                continue;
            }
            let found = layer[at..].find(line.as_str());
            assert!(found.is_some(), "{name}: {line:?} not in order in the PDF");
            at += found.unwrap() + line.len();
        }
    }
}

/// `form fill … -o x.pdf`: the filled form drawn, its values in the text layer, its footer's
/// 문서확인번호 the filled file's SHA-256 prefix (the same map filling `-o x.hwpx`).
#[test]
fn fill_writes_the_filled_forms_pdf_when_asked_for_one() {
    let dir = tmp("fill-pdf");
    let map = root().join("fixtures/programs/official-forms/04_participation.toml");
    let f = form("hwpforge_rnd_plan_form.hwpx");
    let (hwpx, pdf) = (dir.join("04.hwpx"), dir.join("04.pdf"));
    for out in [&hwpx, &pdf] {
        let o = fill_for_kaic(&f, &map, out);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let layer = pdf_text(&fs::read(&pdf).unwrap());
    for value in [
        "한국AI융합연구원",
        "305-82-16548",
        "042-860-4471",
        "연구개발계획서",
    ] {
        assert!(layer.contains(&squeeze(value)), "{value} in the PDF");
    }
    let digest = formpack::hash::sha256_hex(&fs::read(&hwpx).unwrap());
    assert!(
        layer.contains(&format!("문서확인번호{}", &digest[..8])),
        "{layer}"
    );
    // A path that is neither the form's format nor PDF is refused, naming both.
    let o = fill_for_kaic(&f, &map, &dir.join("04.docx"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(".hwpx") && stderr(&o).contains(".pdf"),
        "{}",
        stderr(&o)
    );
}
