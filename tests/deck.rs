//! 09 발표자료 (`formpack deck`): the package is complete and consistent, every figure is 01's,
//! LibreOffice Impress opens it, and python-pptx reads its tables and picture back.
//!
//! `.ci/run` installs LibreOffice Impress and python-pptx and sets `FORMPACK_REQUIRE_OFFICE=1`
//! (with `PPTX_PYTHON`), which turns a missing tool into a failure; elsewhere those two tests
//! say they skipped, and the structural and figure tests here still run.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;
use common::{formpack, libreoffice_pdf, office_required, soffice, unzip, SAMPLE};

fn build_deck(dir: &Path) -> PathBuf {
    let out = dir.join("deck.pptx");
    let o = formpack(&["deck", SAMPLE, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("슬라이드 10장"));
    out
}

fn parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    unzip(&std::fs::read(path).unwrap())
}

fn xml(b: &[u8]) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(std::str::from_utf8(b).unwrap()).unwrap()
}

/// The text of every `a:t` of a slide, joined.
fn slide_text(b: &[u8]) -> String {
    let doc = xml(b);
    doc.descendants()
        .filter(|n| n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_part_is_typed_every_relationship_resolves_and_ids_are_unique() {
    let tmp = tempfile::tempdir().unwrap();
    let p = parts(&build_deck(tmp.path()));
    assert_eq!(p.keys().next().unwrap(), "[Content_Types].xml");
    // Every part is well-formed XML (but the pictures), and has a content type.
    let types = xml(&p["[Content_Types].xml"]);
    let defaults: BTreeSet<String> = types
        .descendants()
        .filter(|n| n.tag_name().name() == "Default")
        .map(|n| n.attribute("Extension").unwrap().to_string())
        .collect();
    let overrides: BTreeSet<String> = types
        .descendants()
        .filter(|n| n.tag_name().name() == "Override")
        .map(|n| {
            n.attribute("PartName")
                .unwrap()
                .trim_start_matches('/')
                .to_string()
        })
        .collect();
    for name in p.keys().filter(|n| *n != "[Content_Types].xml") {
        let ext = name.rsplit('.').next().unwrap();
        assert!(
            overrides.contains(name) || defaults.contains(ext),
            "{name} has no content type"
        );
        if !name.ends_with(".png") {
            xml(&p[name]);
        }
    }
    for o in &overrides {
        assert!(p.contains_key(o), "content type for a missing part {o}");
    }
    // Every relationship's target exists.
    for (name, bytes) in p.iter().filter(|(n, _)| n.ends_with(".rels")) {
        let base = name
            .replace("_rels/", "")
            .trim_end_matches(".rels")
            .to_string();
        let dir = Path::new(&base)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let rels = xml(bytes);
        let mut ids = BTreeSet::new();
        for r in rels
            .descendants()
            .filter(|n| n.tag_name().name() == "Relationship")
        {
            assert!(
                ids.insert(r.attribute("Id").unwrap()),
                "duplicate rId in {name}"
            );
            let target = r.attribute("Target").unwrap();
            let mut path = PathBuf::new();
            for c in dir.join(target).components() {
                match c {
                    std::path::Component::ParentDir => {
                        path.pop();
                    }
                    std::path::Component::Normal(x) => path.push(x),
                    _ => {}
                }
            }
            let path = path.to_string_lossy().replace('\\', "/");
            assert!(
                p.contains_key(&path),
                "{name}: {target} → {path} is missing"
            );
        }
    }
    // Slide ids unique and ≥ 256; master and layout ids ≥ 2^31; shape ids unique per slide.
    let pres = xml(&p["ppt/presentation.xml"]);
    let ids: Vec<u64> = pres
        .descendants()
        .filter(|n| n.tag_name().name() == "sldId")
        .map(|n| n.attribute("id").unwrap().parse().unwrap())
        .collect();
    assert_eq!(ids.len(), 10);
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len());
    assert!(ids.iter().all(|&i| (256..2_147_483_648).contains(&i)));
    for n in pres
        .descendants()
        .filter(|n| n.tag_name().name() == "sldMasterId")
    {
        assert!(n.attribute("id").unwrap().parse::<u64>().unwrap() >= 2_147_483_648);
    }
    let size = pres
        .descendants()
        .find(|n| n.tag_name().name() == "sldSz")
        .unwrap();
    assert_eq!(size.attribute("cx"), Some("12192000"));
    assert_eq!(size.attribute("cy"), Some("6858000"), "16:9");
    for i in 1..=10 {
        let s = xml(&p[&format!("ppt/slides/slide{i}.xml")]);
        let shape_ids: Vec<&str> = s
            .descendants()
            .filter(|n| n.tag_name().name() == "cNvPr")
            .map(|n| n.attribute("id").unwrap())
            .collect();
        let unique: BTreeSet<&&str> = shape_ids.iter().collect();
        assert_eq!(unique.len(), shape_ids.len(), "slide {i}");
    }
    // The same input, the same bytes.
    let again = parts(&build_deck(
        &tmp.path().join("..").join(tmp.path().file_name().unwrap()),
    ));
    assert_eq!(again, p);
}

#[test]
fn every_figure_on_the_deck_is_the_application_forms() {
    let tmp = tempfile::tempdir().unwrap();
    let p = parts(&build_deck(tmp.path()));
    let text: String = (1..=10)
        .map(|i| slide_text(&p[&format!("ppt/slides/slide{i}.xml")]))
        .collect::<Vec<_>>()
        .join("\n");
    // 01's own printed figures (what the manifest records for it), by name.
    let out = tmp.path().join("out");
    assert!(formpack(&[
        "build",
        SAMPLE,
        "-o",
        out.to_str().unwrap(),
        "--formats",
        "pdf"
    ])
    .status
    .success());
    let m: formpack::bundle::Manifest =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let app = m
        .files
        .iter()
        .find(|f| f.path == "01_사업신청서.pdf")
        .unwrap();
    let mut checked = 0;
    for (name, value) in &app.figures {
        // The source table: 국비, 지방비, 민간 (현금, 현물) by year and in total, and ratios.
        let on_deck = name.starts_with("국비")
            || name.starts_with("지방비")
            || name.starts_with("민간부담금 현금")
            || name.starts_with("민간부담금 현물")
            || name.starts_with("총사업비");
        if on_deck {
            assert!(
                text.contains(value.as_str()),
                "01's {name} = {value} is not on the deck"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 10,
        "only {checked} figures compared: {:?}",
        app.figures.keys()
    );
    for s in [
        "대전 제조현장 AI 대전환 프로젝트",
        "대전광역시",
        "재단법인 한빛테크노파크",
        "2026. 3. 9.",
        "2026. 4. 1. ~ 2027. 12. 31.",
        "1. 사업목적 및 목표 (20점)",
        "2. 추진계획의 우수성 (30점)",
        "[작성 필요: ",
    ] {
        assert!(text.contains(s), "{s} not on the deck");
    }
    // The 사업비 slide carries 02's chart as a picture.
    let rels = String::from_utf8(p["ppt/slides/_rels/slide5.xml.rels"].clone()).unwrap();
    assert!(rels.contains("../media/image1.png"));
    assert!(p["ppt/media/image1.png"].starts_with(b"\x89PNG"));
}

#[test]
fn libreoffice_impress_opens_the_deck() {
    let Some(soffice) = soffice("libreoffice-impress-nogui") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let deck = build_deck(tmp.path());
    let pdf = libreoffice_pdf(soffice, &deck, tmp.path());
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 10, "one page a slide");
    let text = formpack::render::text(formpack::render::Format::Pdf, &pdf).unwrap();
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let text = squeeze(&text);
    for s in [
        "대전제조현장AI대전환프로젝트",
        "컨소시엄구성",
        "23,900,000,000",
        "사업목적및목표",
    ] {
        assert!(text.contains(s), "{s} not in LibreOffice's PDF");
    }
}

#[test]
fn python_pptx_reads_the_tables_and_the_picture_where_they_belong() {
    let python = std::env::var("PPTX_PYTHON").unwrap_or_else(|_| "python3".into());
    let has = Command::new(&python)
        .args(["-c", "import pptx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        assert!(
            !office_required(),
            "FORMPACK_REQUIRE_OFFICE is set but python-pptx is missing"
        );
        eprintln!("skipped: python-pptx not installed (pip install python-pptx)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let deck = build_deck(tmp.path());
    let script = r#"
import sys, json
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
p = Presentation(sys.argv[1])
out = {"width": p.slide_width, "height": p.slide_height, "slides": []}
for s in p.slides:
    shapes = []
    for sh in s.shapes:
        if sh.has_table:
            t = sh.table
            shapes.append({"table": [[c.text for c in r.cells] for r in t.rows]})
        elif sh.shape_type == MSO_SHAPE_TYPE.PICTURE:
            shapes.append({"picture": sh.image.content_type, "bytes": len(sh.image.blob)})
        elif sh.has_text_frame and sh.text_frame.text:
            shapes.append({"text": sh.text_frame.text})
    out["slides"].append(shapes)
print(json.dumps(out, ensure_ascii=False))
"#;
    let o = Command::new(&python)
        .args(["-c", script])
        .arg(&deck)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["width"], 12192000);
    assert_eq!(v["height"], 6858000);
    let slides = v["slides"].as_array().unwrap();
    assert_eq!(slides.len(), 10);
    let first_text = |i: usize| slides[i][0]["text"].as_str().unwrap_or("").to_string();
    assert_eq!(first_text(1), "사업 개요");
    // Every titled slide: its title, then the region's name in the band.
    for s in &slides[1..] {
        assert_eq!(s[1]["text"], "대전광역시");
    }
    assert_eq!(first_text(2), "컨소시엄 구성");
    // 컨소시엄 구성: a table of the seven members and the total; the region has no budget rows.
    let members = slides[2][2]["table"].as_array().unwrap();
    assert_eq!(members.len(), 9);
    assert_eq!(members[1][0], "대전광역시");
    assert_eq!(members[1][3], "—");
    assert_eq!(members[2][0], "재단법인 한빛테크노파크");
    assert_eq!(members[2][3], "10,350,000,000");
    assert_eq!(members[8][3], "23,900,000,000");
    // 사업비: the table, the chart picture, then the three ratios against the profile's.
    assert_eq!(first_text(4), "사업비");
    let budget = slides[4][2]["table"].as_array().unwrap();
    assert_eq!(budget[1][0], "국비");
    assert_eq!(budget[1][3], "14,000,000,000");
    assert_eq!(slides[4][3]["picture"], "image/png");
    assert!(slides[4][3]["bytes"].as_u64().unwrap() > 10_000);
    let panels: Vec<&str> = (4..7)
        .map(|i| slides[4][i]["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        panels,
        [
            "국비 비율\n58.58%\n기준 60% 이하 · 충족",
            "지방비 비율\n26.36%\n기준 20% 이상 · 충족",
            "지방비+민간 비율\n41.42%\n기준 40% 이상 · 충족",
        ]
    );
    // 추진 일정: 02's quarters, a column each, and its steps.
    assert_eq!(first_text(5), "추진 일정");
    let schedule = slides[5][3]["table"].as_array().unwrap();
    assert_eq!(schedule[0][0], "추진 내용");
    assert_eq!(schedule[0][1], "2026\n2분기");
    assert_eq!(
        schedule[0].as_array().unwrap().len(),
        8,
        "2026 Q2 … 2027 Q4"
    );
    assert_eq!(schedule[1][0], "협약 체결 및 사업 착수");
    assert_eq!(schedule[1][1], "●");
    assert_eq!(schedule.last().unwrap()[0], "결과 보고 및 정산");
    assert_eq!(schedule.last().unwrap()[7], "●");
    assert!(first_text(6).starts_with("1. 사업목적 및 목표"));
}

/// Rewrite the parts of a zip whose names start with `prefix`, keeping the others as they are.
fn with_parts(bytes: &[u8], prefix: &str, f: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let mut b = Vec::new();
        e.read_to_end(&mut b).unwrap();
        let n = e.name().to_string();
        if n.starts_with(prefix) {
            b = f(std::str::from_utf8(&b).unwrap()).into_bytes();
        }
        out.start_file(n, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&b).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn the_deck_joins_the_bundle_its_manifest_verify_and_diff() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = formpack(&["build", SAMPLE, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("서류 24건 (DOCX·PDF·HWPX), 발표자료 09_사업계획발표자료.pptx,"),
        "{stdout}"
    );
    // The bundle's deck is `formpack deck`'s, byte for byte.
    let deck = std::fs::read(out.join("09_사업계획발표자료.pptx")).unwrap();
    assert_eq!(deck, std::fs::read(build_deck(tmp.path())).unwrap());

    // Its manifest entry: a document nobody signs, with the figures it prints, each of them
    // the same text as 01 prints under the same name.
    let m: formpack::bundle::Manifest =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let entry = m
        .files
        .iter()
        .find(|f| f.path == "09_사업계획발표자료.pptx")
        .expect("the deck is in the manifest");
    assert_eq!(entry.document.as_deref(), Some("09_사업계획발표자료"));
    assert!(entry.signers.is_empty() && entry.member.is_none());
    let fp = entry.fingerprint.clone().unwrap();
    let text = formpack_pptx::text(&deck).unwrap();
    assert!(text.contains(&format!("문서확인번호 {fp}")));
    let app = m
        .files
        .iter()
        .find(|f| f.path == "01_사업신청서.pdf")
        .unwrap();
    let mut same = 0;
    for (name, value) in &entry.figures {
        assert!(
            text.contains(value.as_str()),
            "{name} {value} not on the deck"
        );
        if let Some(v) = app.figures.get(name) {
            assert_eq!(v, value, "{name}: 01 prints {v}, the deck {value}");
            same += 1;
        }
    }
    assert!(entry.figures.len() >= 20, "{:?}", entry.figures);
    assert!(same >= 6, "only {same} figures shared with 01");
    // Nobody signs it: it is in no signing packet.
    for f in m.files.iter().filter(|f| f.path.starts_with("members/")) {
        let z = zip::ZipArchive::new(std::fs::File::open(out.join(&f.path)).unwrap()).unwrap();
        assert!(z.file_names().all(|n| !n.ends_with(".pptx")), "{}", f.path);
    }

    // verify reads the slides back: a figure changed on a slide is named.
    let ok = formpack(&["verify", out.to_str().unwrap()]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let (name, value) = entry
        .figures
        .iter()
        .find(|(_, v)| v.as_str() == "7,000,000,000")
        .expect("2026 국비 on the deck");
    let edited = with_parts(&deck, "ppt/slides/slide", |x| {
        x.replace("7,000,000,000", "7,000,000,001")
    });
    assert_ne!(edited, deck, "the slides show 7,000,000,000");
    std::fs::write(out.join("09_사업계획발표자료.pptx"), &edited).unwrap();
    let bad = formpack(&["verify", out.to_str().unwrap()]);
    let report =
        String::from_utf8_lossy(&bad.stdout).into_owned() + &String::from_utf8_lossy(&bad.stderr);
    assert!(!bad.status.success(), "{report}");
    assert!(
        report.contains("09_사업계획발표자료.pptx") && report.contains("SHA-256"),
        "{report}"
    );
    assert!(
        report.contains(&format!("pptx: {name} \"{value}\"이 문서에 없습니다")),
        "the changed figure is named: {report}"
    );

    // A rebuild over the bundle lends the deck when nothing it shows changed, and a change
    // it shows is reported by diff as a changed document nobody signs again.
    std::fs::write(out.join("09_사업계획발표자료.pptx"), &deck).unwrap();
    let again = formpack(&["build", SAMPLE, "-o", out.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("파일 81개 중 81개는"));
    let changed = std::fs::read_to_string(SAMPLE)
        .unwrap()
        .replace("300개사를", "320개사를");
    let edited_input = tmp.path().join("edited.yaml");
    std::fs::write(&edited_input, &changed).unwrap();
    let d = formpack(&[
        "diff",
        SAMPLE,
        edited_input.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let r: serde_json::Value = serde_json::from_slice(&d.stdout).unwrap();
    let docs: Vec<&str> = r["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["document"].as_str().unwrap())
        .collect();
    // 사업 요약 is on 01, 02 사업계획서's 과제 개요 and the deck's 사업 개요 slide, and nowhere else.
    assert_eq!(
        docs,
        ["01_사업신청서", "02_사업계획서", "09_사업계획발표자료"],
        "{r}"
    );
    let resign: BTreeSet<&str> = r["resign"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["member"].as_str().unwrap())
        .collect();
    assert_eq!(
        resign,
        BTreeSet::from(["daejeon", "hanbit-tp"]),
        "01's signers only"
    );
}

#[test]
fn without_out_the_deck_takes_the_profiles_file_name() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_formpack"))
        .args(["deck", SAMPLE])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let written = tmp.path().join("09_사업계획발표자료.pptx");
    assert_eq!(
        std::fs::read(&written).unwrap(),
        std::fs::read(build_deck(tmp.path())).unwrap()
    );
}

/// A consortium at the call's extremes (issue #31): 44 members, the lead named in 75
/// characters, a 90-character title, a 사업 요약 of about 4,000 characters, and a plan section
/// of 40 paragraphs above a 41-row table.
fn extreme() -> formpack::model::Consortium {
    use formpack::model::{Cell, PlanBlock, PlanSection};
    let mut c = formpack::synth::consortium(44);
    let lead = c
        .members
        .iter_mut()
        .find(|m| m.role == formpack::model::Role::Lead)
        .unwrap();
    lead.name = format!("재단법인 {}", "한빛지역혁신산업진흥원".repeat(7));
    lead.name
        .truncate(lead.name.char_indices().nth(75).unwrap().0);
    c.project.title = Some("지역 주력산업 제조현장의 인공지능 전환을 위한 ".repeat(4));
    c.project.summary = Some(
        "지역 제조기업 120개사의 공정 데이터를 모아 인공지능 품질검사와 예지보전 모델을 함께 만들고, 현장에 적용한다. "
            .repeat(70),
    );
    let mut blocks: Vec<PlanBlock> = (0..40)
        .map(|i| PlanBlock::Text(format!("{i}. 추진 전략의 세부 내용을 여기에 적는다. ").repeat(4)))
        .collect();
    let mut rows = vec![vec![Cell("과제".into()), Cell("내용".into())]];
    rows.extend((1..=40).map(|i| {
        vec![
            Cell(format!("과제 {i}")),
            Cell(format!("세부 과제 {i}의 내용")),
        ]
    }));
    blocks.push(PlanBlock::Table(rows));
    c.plan.push(PlanSection {
        heading: "추진계획의 우수성".into(),
        blocks,
    });
    c
}

/// The extreme deck, written by `formpack deck`; kept under `target/tmp/deck-extreme/NAME/`
/// to look at.
fn build_extreme(name: &str) -> (PathBuf, formpack::model::Consortium) {
    let c = extreme();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("deck-extreme")
        .join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("extreme.yaml");
    let bytes = formpack::save::to_bytes(&c, formpack::load::InputFormat::Yaml).unwrap();
    std::fs::write(&input, bytes).unwrap();
    let out = dir.join("extreme.pptx");
    let o = formpack(&["deck", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (out, c)
}

/// A shape's box on its slide, EMU: x, y, width, height, and what it is.
struct Shape {
    x: i64,
    y: i64,
    w: i64,
    h: i64,
    kind: String,
    text: String,
    rows: Option<i64>,
}

fn shapes(slide: &[u8]) -> Vec<Shape> {
    let doc = xml(slide);
    let tree = doc
        .descendants()
        .find(|n| n.tag_name().name() == "spTree")
        .unwrap();
    let num = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<i64>().unwrap();
    tree.children()
        .filter(|n| ["sp", "graphicFrame", "pic"].contains(&n.tag_name().name()))
        .map(|n| {
            let off = n
                .descendants()
                .find(|d| d.tag_name().name() == "off")
                .unwrap();
            let ext = n
                .descendants()
                .find(|d| d.tag_name().name() == "ext")
                .unwrap();
            let rows = n
                .descendants()
                .filter(|d| d.tag_name().name() == "tr")
                .map(|d| num(d, "h"))
                .reduce(|a, b| a + b);
            Shape {
                x: num(off, "x"),
                y: num(off, "y"),
                w: num(ext, "cx"),
                h: num(ext, "cy"),
                kind: n.tag_name().name().to_string(),
                text: n
                    .descendants()
                    .filter(|d| d.tag_name().name() == "t")
                    .filter_map(|d| d.text())
                    .collect::<Vec<_>>()
                    .join("\n"),
                rows,
            }
        })
        .collect()
}

/// The slides' XML in order.
fn slides_of(p: &BTreeMap<String, Vec<u8>>) -> Vec<&Vec<u8>> {
    (1..)
        .map_while(|i| p.get(&format!("ppt/slides/slide{i}.xml")))
        .collect()
}

#[test]
fn at_44_members_every_shape_stays_inside_its_slide_above_the_footer() {
    let (deck, c) = build_extreme("shapes");
    let p = parts(&deck);
    let slides = slides_of(&p);
    let (slide_w, slide_h) = (12_192_000, 6_858_000);
    let mut all = String::new();
    for (i, s) in slides.iter().enumerate() {
        let shapes = shapes(s);
        let footer = shapes.last().unwrap();
        assert!(footer.text.contains("문서확인번호"), "slide {}", i + 1);
        for sh in &shapes {
            assert!(
                sh.x >= 0 && sh.y >= 0 && sh.x + sh.w <= slide_w && sh.y + sh.h <= slide_h,
                "slide {}: {} at ({}, {}) {}×{} leaves the slide: {:.60}",
                i + 1,
                sh.kind,
                sh.x,
                sh.y,
                sh.w,
                sh.h,
                sh.text
            );
            if let Some(rows) = sh.rows {
                assert_eq!(sh.h, rows, "slide {}: a table's frame is its rows", i + 1);
            }
        }
        for sh in &shapes[..shapes.len() - 1] {
            assert!(
                sh.y + sh.h <= footer.y,
                "slide {}: {} reaches into the footer: {:.60}",
                i + 1,
                sh.kind,
                sh.text
            );
        }
        all.push_str(&slide_text(s));
        all.push('\n');
    }
    // Every member is on the deck, in full, and the members' table continues.
    for m in &c.members {
        assert!(
            all.lines().any(|l| l == m.name),
            "{} is not on the deck",
            m.name
        );
    }
    let continued = slides
        .iter()
        .filter(|s| {
            let region = "부산광역시";
            slide_text(s).starts_with(&format!("컨소시엄 구성 (계속)\n{region}\n기관명\n"))
        })
        .count();
    assert!(
        continued >= 2,
        "{continued} continuation slides of the members"
    );
    let firsts = all.lines().filter(|l| *l == "컨소시엄 구성").count();
    assert_eq!(firsts, 1);
    // The plan's table: every row once, over slides that each repeat its header.
    for i in 1..=40 {
        let row = format!("세부 과제 {i}의 내용");
        assert_eq!(all.lines().filter(|l| *l == row).count(), 1, "{row}");
    }
}

#[test]
fn text_cut_to_fit_a_slide_is_whole_in_its_notes() {
    let (deck, c) = build_extreme("notes");
    let p = parts(&deck);
    let summary = c.project.summary.unwrap();
    let slides = slides_of(&p);
    // The 사업 요약 on its slide: a prefix of it, ending in `…`.
    let (at, shown) = slides
        .iter()
        .enumerate()
        .find_map(|(i, s)| {
            let text = slide_text(s);
            let mut lines = text.lines();
            lines.find(|l| *l == "사업 요약")?;
            Some((i + 1, lines.next()?.to_string()))
        })
        .expect("사업 요약 on a slide");
    let kept = shown.strip_suffix('…').expect("cut with …");
    assert!(kept.len() > 100 && summary.starts_with(kept.trim_end()));
    // Its notes hold the whole of it (the slide's notes relationship resolves to them).
    let rels =
        String::from_utf8(p[&format!("ppt/slides/_rels/slide{at}.xml.rels")].clone()).unwrap();
    let target = rels
        .split("Target=\"../notesSlides/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the slide has notes");
    let notes = slide_text(&p[&format!("ppt/notesSlides/{target}")]);
    assert!(
        notes.contains(&format!("사업 요약: {summary}")),
        "{notes:.200}"
    );
    // The plan's 40 paragraphs: cut on the slide, whole in its notes.
    let plan_at = slides
        .iter()
        .position(|s| slide_text(s).contains("0. 추진 전략의 세부 내용"))
        .unwrap();
    let rels =
        String::from_utf8(p[&format!("ppt/slides/_rels/slide{}.xml.rels", plan_at + 1)].clone())
            .unwrap();
    let target = rels.split("Target=\"../notesSlides/").nth(1).unwrap();
    let notes = slide_text(&p[&format!("ppt/notesSlides/{}", target.split('"').next().unwrap())]);
    assert!(notes.contains(
        &"39. 추진 전략의 세부 내용을 여기에 적는다. "
            .repeat(4)
            .trim_end()
            .to_string()
    ));
    assert!(!slide_text(slides[plan_at]).contains("39. 추진 전략"));
    // Nothing else is in the notes: the sample's deck has none.
    let sample = parts(&build_deck(tempfile::tempdir().unwrap().path()));
    assert!(sample.keys().all(|k| !k.contains("notes")));
}

#[test]
fn libreoffice_sets_every_word_of_the_extreme_deck_inside_its_page() {
    let Some(soffice) = soffice("libreoffice-impress-nogui") else {
        return;
    };
    let (deck, c) = build_extreme("libreoffice");
    let tmp = tempfile::tempdir().unwrap();
    let pdf = libreoffice_pdf(soffice, &deck, tmp.path());
    let path = tmp.path().join("deck.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let o = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let html = String::from_utf8(o.stdout).unwrap();
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut words = String::new();
    let mut pages = 0;
    let (mut w, mut h) = (0.0, 0.0);
    for tag in html.split('<').skip(1) {
        if tag.starts_with("page ") {
            pages += 1;
            (w, h) = (attr(tag, "width"), attr(tag, "height"));
        } else if tag.starts_with("word ") {
            let word = tag.split('>').nth(1).unwrap_or("");
            let (x1, y1, x2, y2) = (
                attr(tag, "xMin"),
                attr(tag, "yMin"),
                attr(tag, "xMax"),
                attr(tag, "yMax"),
            );
            assert!(
                x1 >= 0.0 && y1 >= 0.0 && x2 <= w + 0.5 && y2 <= h + 0.5,
                "page {pages}: {word:?} at ({x1}, {y1})–({x2}, {y2}) outside {w}×{h}"
            );
            words.push_str(word);
        }
    }
    assert_eq!(pages, slides_of(&parts(&deck)).len(), "one page a slide");
    for m in &c.members {
        let name: String = m.name.split_whitespace().collect();
        assert!(words.contains(&name), "{} not in LibreOffice's PDF", m.name);
    }
}

#[test]
fn python_pptx_reads_the_extreme_decks_notes_and_continued_tables() {
    let python = std::env::var("PPTX_PYTHON").unwrap_or_else(|_| "python3".into());
    let has = Command::new(&python)
        .args(["-c", "import pptx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        assert!(
            !office_required(),
            "FORMPACK_REQUIRE_OFFICE is set but python-pptx is missing"
        );
        eprintln!("skipped: python-pptx not installed (pip install python-pptx)");
        return;
    }
    let (deck, c) = build_extreme("python");
    let script = r#"
import sys, json
from pptx import Presentation
p = Presentation(sys.argv[1])
out = []
for s in p.slides:
    notes = s.notes_slide.notes_text_frame.text if s.has_notes_slide else ""
    rows = [r.cells[0].text for sh in s.shapes if sh.has_table for r in sh.table.rows]
    texts = [sh.text_frame.text for sh in s.shapes if sh.has_text_frame and sh.text_frame.text]
    out.append({"title": texts[0], "notes": notes, "rows": rows})
print(json.dumps(out, ensure_ascii=False))
"#;
    let o = Command::new(&python)
        .args(["-c", script])
        .arg(&deck)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let slides = v.as_array().unwrap();
    let summary = c.project.summary.unwrap();
    assert!(slides
        .iter()
        .any(|s| s["notes"].as_str().unwrap().contains(&summary)));
    // The members over 컨소시엄 구성 and its continuations: every one once, the header on each.
    let members: Vec<&str> = slides
        .iter()
        .filter(|s| s["title"].as_str().unwrap().starts_with("컨소시엄 구성"))
        .flat_map(|s| {
            let rows = s["rows"].as_array().unwrap();
            assert_eq!(rows[0], "기관명");
            rows[1..].iter().map(|r| r.as_str().unwrap())
        })
        .collect();
    let mut expected: Vec<&str> = c.members.iter().map(|m| m.name.as_str()).collect();
    expected.push("합계");
    assert_eq!(members, expected);
}
