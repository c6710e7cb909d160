//! The bundle end to end through the binary: build, determinism, locality of a correction,
//! packets without other members' personal data, atomic failure, verify and diff.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use formpack::render::{self, Format};

use crate::common;
use common::{formpack, SAMPLE};

fn pdf_text(bytes: &[u8]) -> Result<String, render::RenderError> {
    render::text(Format::Pdf, bytes)
}

fn docx_text(bytes: &[u8]) -> Result<String, render::RenderError> {
    render::text(Format::Docx, bytes)
}

fn build(input: &Path, out: &Path) -> Output {
    formpack(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
}

/// Every file of a folder: relative path → bytes, with each packet zip's entries as
/// `members/<id>/<name>`.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = common::read_tree(dir);
    // A signing packet is a zip: its entries appear as `members/<id>/<name>`, so a test can
    // read a member's copy of a document the way the member will.
    let zips: Vec<(String, Vec<u8>)> = out
        .iter()
        .filter(|(k, _)| k.starts_with("members/") && k.ends_with(".zip"))
        .map(|(k, v)| (k.trim_end_matches(".zip").to_string(), v.clone()))
        .collect();
    for (dir, bytes) in zips {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        for i in 0..z.len() {
            let mut e = z.by_index(i).unwrap();
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut e, &mut content).unwrap();
            out.insert(format!("{dir}/{}", e.name()), content);
        }
    }
    out
}

/// The sample with one change: daon-vision's 2026 national funding 400,000,000 → 450,000,000.
fn corrected_sample(dir: &Path) -> PathBuf {
    let text = fs::read_to_string(SAMPLE).unwrap();
    let row = "member: daon-vision, year: 2026, category: 인건비, national: 400000000";
    assert!(text.contains(row));
    let p = dir.join("corrected.yaml");
    fs::write(
        &p,
        text.replace(
            row,
            "member: daon-vision, year: 2026, category: 인건비, national: 450000000",
        ),
    )
    .unwrap();
    p
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn sample_bundle_has_the_right_files_and_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = build(Path::new(SAMPLE), &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tree = read_tree(&out);
    let top: Vec<&String> = tree
        .keys()
        .filter(|k| !k.contains('/') && k.ends_with(".pdf"))
        .collect();
    // 01, 02 (사업계획서 and 사업비 총괄표), 03, 06 + 6 × (04, 05, 08) + 07 for kaic + the merged PDF.
    assert_eq!(top.len(), 5 + 18 + 1 + 1, "{top:?}");
    assert!(tree.contains_key("07_취득자산구매계획서_한국AI융합연구원.pdf"));
    assert!(!tree
        .keys()
        .any(|k| k.starts_with("07_") && !k.contains("한국AI융합연구원")));
    assert!(
        !tree
            .keys()
            .any(|k| !k.contains('/') && k.contains("대전광역시")),
        "the region gets no 04/05/08"
    );

    // Every document in all three formats by default.
    for ext in [".docx", ".hwpx"] {
        let n = tree
            .keys()
            .filter(|k| !k.contains('/') && k.ends_with(ext))
            .count();
        assert_eq!(n, top.len() - 1, "one {ext} per document");
    }

    // Figures inside the rendered files, every format.
    let pdf = |name: &str| squeeze(&pdf_text(&tree[name]).unwrap());
    let docx = |name: &str| squeeze(&docx_text(&tree[name]).unwrap());
    let hwpx = |name: &str| squeeze(&render::text(Format::Hwpx, &tree[name]).unwrap());
    for text in [
        pdf("01_사업신청서.pdf"),
        docx("01_사업신청서.docx"),
        hwpx("01_사업신청서.hwpx"),
    ] {
        for want in [
            "23,900,000,000",
            "14,000,000,000",
            "6,300,000,000",
            "26.36%",
            "2026.3.9.",
            "314-82-04560",
        ] {
            assert!(text.contains(want), "01 lacks {want}");
        }
    }
    for text in [
        pdf("06_자치단체부담금납입협약서.pdf"),
        docx("06_자치단체부담금납입협약서.docx"),
        hwpx("06_자치단체부담금납입협약서.hwpx"),
    ] {
        assert!(text.contains("금6,300,000,000원(금육십삼억원)"));
        assert!(text.contains("2026.5.29."));
    }
    for kaic in [
        pdf("07_취득자산구매계획서_한국AI융합연구원.pdf"),
        hwpx("07_취득자산구매계획서_한국AI융합연구원.hwpx"),
    ] {
        for want in [
            "2,600,000,000",
            "1,000,000,000",
            "3,600,000,000",
            "AI학습용GPU서버",
        ] {
            assert!(kaic.contains(want), "07 lacks {want}");
        }
    }
    // The merged PDF has every document's pages.
    let merged = lopdf::Document::load_mem(&tree["00_제출서류_전체.pdf"]).unwrap();
    let pages: usize = top
        .iter()
        .filter(|k| !k.starts_with("00_"))
        .map(|k| {
            lopdf::Document::load_mem(&tree[k.as_str()])
                .unwrap()
                .get_pages()
                .len()
        })
        .sum();
    assert_eq!(merged.get_pages().len(), pages);

    // Every PDF has its dictionaries packed into an object stream (a change in krilla's
    // output that the packer no longer recognises would otherwise go unnoticed).
    for name in &top {
        let bytes = &tree[name.as_str()];
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(
            has(b"/Type/ObjStm") && has(b"/Type/XRef") && !has(b"\ntrailer"),
            "{name} is not packed"
        );
    }

    // verify accepts the fresh bundle.
    let v = formpack(&["verify", out.to_str().unwrap()]);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
}

#[test]
fn same_input_gives_identical_bytes_and_a_correction_touches_only_its_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    assert!(build(Path::new(SAMPLE), &a).status.success());
    assert!(build(Path::new(SAMPLE), &b).status.success());
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(
            v == &tb[k],
            "{k} differs between two builds of the same input"
        );
    }

    let corrected = corrected_sample(tmp.path());
    let o = build(&corrected, &c);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tc = read_tree(&c);
    let changed: Vec<&str> = ta
        .keys()
        .filter(|k| !k.contains('/') && k.ends_with(".pdf") && ta[*k] != tc[*k])
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        changed,
        vec![
            "00_제출서류_전체.pdf",
            "01_사업신청서.pdf",
            "02_사업계획서.pdf",
            "02_사업비총괄표.pdf",
            "03_컨소시엄협약서.pdf",
            "04_참여의사확인서_주식회사 다온비전.pdf",
            "06_자치단체부담금납입협약서.pdf",
        ]
    );
    // The same documents, and only those, changed in the editable formats.
    for ext in [".docx", ".hwpx"] {
        let changed_here: Vec<String> = ta
            .keys()
            .filter(|k| !k.contains('/') && k.ends_with(ext) && ta[*k] != tc[*k])
            .map(|k| k.replace(ext, ".pdf"))
            .collect();
        assert_eq!(changed_here, changed[1..], "{ext}");
    }
    // Unchanged documents keep their bytes in the other members' packets too.
    assert_eq!(
        ta["members/kaic/04_참여의사확인서_한국AI융합연구원.docx"],
        tc["members/kaic/04_참여의사확인서_한국AI융합연구원.docx"]
    );
    assert_ne!(
        ta["members/daon-vision/04_참여의사확인서_주식회사 다온비전.docx"],
        tc["members/daon-vision/04_참여의사확인서_주식회사 다온비전.docx"]
    );
    assert!(
        squeeze(&pdf_text(&tc["04_참여의사확인서_주식회사 다온비전.pdf"]).unwrap())
            .contains("450,000,000")
    );

    // diff of the two files and of the two bundles says the same thing.
    let d = formpack(&["diff", SAMPLE, corrected.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&d.stdout);
    assert!(d.status.success());
    assert!(
        text.contains("budget[4].national: 400,000,000원 → 450,000,000원"),
        "{text}"
    );
    assert!(text.contains("다시 서명할 기관"), "{text}");
    for who in ["daon-vision", "daejeon", "hanbit-tp", "kaic"] {
        assert!(
            text.contains(&format!("  {who}: ")),
            "{who} must sign again (03): {text}"
        );
    }
    let j = formpack(&[
        "diff",
        a.to_str().unwrap(),
        c.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    let docs: Vec<String> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            d["document"].as_str().unwrap().to_string()
                + &d["member"]
                    .as_str()
                    .map(|m| format!("/{m}"))
                    .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        docs,
        [
            "01_사업신청서",
            "02_사업계획서",
            "02_사업비총괄표",
            "03_컨소시엄협약서",
            "04_참여의사확인서/daon-vision",
            "06_자치단체부담금납입협약서",
            "09_사업계획발표자료"
        ]
    );
    let resign: Vec<&str> = report["resign"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["member"].as_str().unwrap())
        .collect();
    assert_eq!(
        resign.len(),
        7,
        "03 is signed by all seven members: {resign:?}"
    );

    // The first bundle against the corrected file (what the web page does with an old
    // manifest): the same documents, figures and signers as bundle against bundle.
    let m = formpack(&[
        "diff",
        a.to_str().unwrap(),
        corrected.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(m.status.success(), "{}", String::from_utf8_lossy(&m.stderr));
    let mixed: serde_json::Value = serde_json::from_slice(&m.stdout).unwrap();
    assert_eq!(mixed, report);
}

/// Regression (found by the property tests): every file names its author in its metadata, and
/// that was the lead's name in every document, so renaming the lead changed the bytes of every
/// member's 05 and 08 while their 문서확인번호 stayed. Now a file's bytes change exactly when
/// its fingerprint does.
#[test]
fn renaming_the_lead_changes_a_file_only_with_its_fingerprint() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let text = fs::read_to_string(SAMPLE).unwrap();
    let renamed = tmp.path().join("renamed.yaml");
    let old = "name: 재단법인 한빛테크노파크";
    assert!(text.contains(old));
    fs::write(&renamed, text.replace(old, "name: 재단법인 새빛테크노파크")).unwrap();
    assert!(build(Path::new(SAMPLE), &a).status.success());
    let o = build(&renamed, &b);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files = |dir: &Path| -> BTreeMap<(String, String), (String, String)> {
        let m: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
        m["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["fingerprint"].is_string())
            .map(|f| {
                let path = f["path"].as_str().unwrap().to_string();
                // The lead's own files carry its name in their file names; match by kind,
                // member and format instead.
                let ext = path.rsplit('.').next().unwrap().to_string();
                let key = format!(
                    "{}/{}",
                    f["document"].as_str().unwrap(),
                    f["member"].as_str().unwrap_or("")
                );
                (
                    (key, ext),
                    (f["fingerprint"].as_str().unwrap().to_string(), path),
                )
            })
            .collect()
    };
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    let mut changed = BTreeSet::new();
    for (k, (fp_a, path_a)) in &fa {
        let (fp_b, path_b) = &fb[k];
        let bytes_same = fs::read(a.join(path_a)).unwrap() == fs::read(b.join(path_b)).unwrap();
        assert_eq!(
            bytes_same,
            fp_a == fp_b,
            "{k:?}: fingerprint {fp_a} → {fp_b}"
        );
        if !bytes_same {
            changed.insert(k.0.clone());
        }
    }
    // Those that show the lead's name: the consortium documents, every 04 (참여 의사 for the
    // lead's project), the lead's own 05 and 08, and the deck (its title slide and consortium
    // slide). Every other 05, 07 and 08 keeps its bytes.
    let mut want: Vec<String> = [
        "01_사업신청서/",
        "02_사업계획서/",
        "02_사업비총괄표/",
        "03_컨소시엄협약서/",
        "05_신청자격적정성확인서/hanbit-tp",
        "06_자치단체부담금납입협약서/",
        "08_개인정보동의서및청렴서약서/hanbit-tp",
        "09_사업계획발표자료/",
    ]
    .map(String::from)
    .to_vec();
    let sample = formpack::load::load(Path::new(SAMPLE)).unwrap().data;
    for m in sample.members.iter().filter(|m| m.is_performer()) {
        want.push(format!("04_참여의사확인서/{}", m.id));
    }
    want.sort();
    assert_eq!(changed.into_iter().collect::<Vec<_>>(), want);
}

#[test]
fn packets_hold_no_other_members_personal_data() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert!(build(Path::new(SAMPLE), &out).status.success());
    let input = formpack::load::load(Path::new(SAMPLE)).unwrap();
    let c = &input.data;
    let tree = read_tree(&out);
    for m in &c.members {
        let prefix = format!("members/{}/", m.id);
        let mut text = String::new();
        let mut n = 0;
        for (k, v) in tree.iter().filter(|(k, _)| k.starts_with(&prefix)) {
            n += 1;
            // Every format read back by its own backend (PDF, DOCX, HWPX); the guide is text.
            text += &match Format::of_path(k) {
                Some(f) => render::text(f, v).unwrap(),
                None => String::from_utf8(v.clone()).unwrap(),
            };
        }
        assert!(n >= 3, "{} has a packet", m.id);
        assert!(tree.contains_key(&format!("members/{}.zip", m.id)));
        let text = squeeze(&text);
        for other in c.members.iter().filter(|o| o.id != m.id) {
            let contact = other.contact.as_ref().unwrap();
            for secret in [&contact.email, &contact.phone].into_iter().flatten() {
                assert!(
                    !text.contains(&squeeze(secret)),
                    "{}'s packet shows {}'s {secret}",
                    m.id,
                    other.id
                );
            }
        }
        // The lead's director and manager belong to the lead only.
        if m.role != formpack::model::Role::Lead {
            for p in [&c.project.director, &c.project.manager]
                .into_iter()
                .flatten()
            {
                for secret in [&p.email, &p.mobile].into_iter().flatten() {
                    assert!(
                        !text.contains(&squeeze(secret)),
                        "{}'s packet shows {secret}",
                        m.id
                    );
                }
            }
        }
    }
}

#[test]
fn a_failed_build_leaves_the_previous_bundle_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert!(build(Path::new(SAMPLE), &out).status.success());
    let before = read_tree(&out);
    // A seal that claims to be a PNG but is not: compose accepts it, rendering fails midway.
    let dir = tmp.path().join("in");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("seal.png"), b"\x89PNG\r\n\x1a\nnot really a png").unwrap();
    let text = fs::read_to_string(SAMPLE).unwrap().replace(
        "    duty: 비전 AI 품질검사 솔루션 실증\n",
        "    duty: 비전 AI 품질검사 솔루션 실증\n    seal: seal.png\n",
    );
    fs::write(dir.join("broken.yaml"), text).unwrap();
    let o = build(&dir.join("broken.yaml"), &out);
    assert!(!o.status.success());
    assert!(!String::from_utf8_lossy(&o.stderr).is_empty());
    assert_eq!(read_tree(&out), before, "the first bundle must survive");
    let names: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "no temporary folder left: {names:?}"
    );
}

#[test]
fn verify_catches_an_edited_pdf_and_a_stale_docx_and_hwpx() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, out) = (tmp.path().join("old"), tmp.path().join("out"));
    let corrected = corrected_sample(tmp.path());
    assert!(build(&corrected, &old).status.success());
    assert!(build(Path::new(SAMPLE), &out).status.success());

    // A PDF whose total was changed: the 01 of the corrected input, in the sample's bundle.
    fs::copy(old.join("01_사업신청서.pdf"), out.join("01_사업신청서.pdf")).unwrap();
    // A DOCX from an older revision.
    let stale = "04_참여의사확인서_주식회사 다온비전.docx";
    fs::copy(old.join(stale), out.join(stale)).unwrap();
    // And an HWPX from it: read back by the HWPX backend, its old figure is named.
    let stale_hwpx = "04_참여의사확인서_주식회사 다온비전.hwpx";
    fs::copy(old.join(stale_hwpx), out.join(stale_hwpx)).unwrap();
    let v = formpack(&["verify", out.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1));
    let text = String::from_utf8_lossy(&v.stdout);
    assert!(
        text.contains("01_사업신청서.pdf: 파일 내용이 manifest와 다릅니다"),
        "{text}"
    );
    assert!(
        text.contains("01_사업신청서.pdf: 총사업비 \"23,900,000,000\"이 문서에 없습니다"),
        "{text}"
    );
    // The stale copy also lacks the footer code of this revision's 01.
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let fp = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "01_사업신청서.pdf")
        .and_then(|f| f["fingerprint"].as_str())
        .unwrap();
    assert!(
        text.contains(&format!(
            "01_사업신청서.pdf: 문서확인번호 {fp} 표시가 문서에 없습니다"
        )),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with(stale) && l.contains("400,000,000")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with(stale_hwpx) && l.contains("400,000,000")),
        "{text}"
    );

    // Byte-level edit of one PDF is caught by its hash.
    let mut bytes = fs::read(out.join("02_사업비총괄표.pdf")).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 1;
    fs::write(out.join("02_사업비총괄표.pdf"), bytes).unwrap();
    let v = formpack(&["verify", out.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&v.stdout)
        .contains("02_사업비총괄표.pdf: 파일 내용이 manifest와 다릅니다"));

    // A packet from the other revision, with the manifest's hash of the zip edited to match:
    // its documents are not this bundle's, entry by entry.
    let zip = "members/daon-vision.zip";
    fs::copy(old.join(zip), out.join(zip)).unwrap();
    let sha = formpack::bundle::hash(&fs::read(out.join(zip)).unwrap());
    let mut m: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    for f in m["files"].as_array_mut().unwrap() {
        if f["path"] == zip {
            f["sha256"] = serde_json::Value::from(sha.clone());
        }
    }
    fs::write(out.join("manifest.json"), serde_json::to_vec(&m).unwrap()).unwrap();
    let v = formpack(&["verify", out.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&v.stdout);
    assert!(
        text.contains(&format!(
            "{zip}: 묶음 안의 04_참여의사확인서_주식회사 다온비전.pdf이(가) 같은 이름의 서류 파일과 다릅니다"
        )),
        "{text}"
    );
    assert!(!text.contains(&format!("{zip}: 파일 내용이")), "{text}");
}

#[test]
fn rule_errors_refuse_unless_draft_and_hostile_names_stay_inside() {
    let tmp = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(SAMPLE)
        .unwrap()
        .replace(
            "name: 주식회사 다온비전",
            "name: \"../../x</p><table>{{project.title}}\"",
        )
        .replace(
            "{year: 2026, amount: 3100000000",
            "{year: 2026, amount: 3100000001",
        );
    let input = tmp.path().join("bad.yaml");
    fs::write(&input, text).unwrap();
    let out = tmp.path().join("out");
    let o = build(&input, &out);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("local-commitment-mismatch"));
    // The refusal the page gives too (tests/serve.rs).
    assert!(
        stderr.contains("formpack: 오류가 있어 제출용 서류를 만들지 않았습니다. 고친 뒤 다시 만들거나, 검토용 초안을 만드십시오 (명령줄: --draft).\n"),
        "{stderr}"
    );
    assert!(!out.exists());

    let o = formpack(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--draft",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tree = read_tree(&out);
    assert!(!tmp.path().join("x").exists());
    let hostile = tree
        .keys()
        .find(|k| k.starts_with("04_") && k.contains("table"))
        .expect("the hostile member's 04");
    assert!(!hostile.contains('/'), "{hostile}");
    let text = docx_text(&tree[hostile.as_str()]).unwrap();
    assert!(text.contains("../../x</p><table>{{project.title}}"));
    assert!(pdf_text(&tree["01_사업신청서.pdf"])
        .unwrap()
        .contains("초안"));
}

#[test]
fn the_workbook_builds_byte_identical_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("consortium.xlsx");
    let o = formpack(&["convert", SAMPLE, book.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (a, b) = (tmp.path().join("from-yaml"), tmp.path().join("from-xlsx"));
    assert!(build(Path::new(SAMPLE), &a).status.success());
    let o = build(&book, &b);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in ta
        .iter()
        .filter(|(k, _)| formpack::render::Format::of_path(k).is_some())
    {
        assert!(
            v == &tb[k],
            "{k} differs between the YAML and the workbook build"
        );
    }
}

#[test]
fn formats_are_a_choice_the_manifest_carries_and_verify_and_diff_follow() {
    let tmp = tempfile::tempdir().unwrap();
    let (both, pdf, docx) = (
        tmp.path().join("both"),
        tmp.path().join("pdf"),
        tmp.path().join("docx"),
    );
    assert!(build(Path::new(SAMPLE), &both).status.success());
    for (dir, list) in [(&pdf, "pdf"), (&docx, "DOCX")] {
        let o = formpack(&[
            "build",
            SAMPLE,
            "-o",
            dir.to_str().unwrap(),
            "--formats",
            list,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let (tb, tp, td) = (read_tree(&both), read_tree(&pdf), read_tree(&docx));
    // Only the chosen format, each file byte-identical to the same file of a full build.
    assert!(tp
        .keys()
        .all(|k| !k.ends_with(".docx") && !k.ends_with(".hwpx")));
    assert!(td
        .keys()
        .all(|k| !k.ends_with(".pdf") && !k.ends_with(".hwpx")));
    assert!(tp.contains_key("00_제출서류_전체.pdf"));
    assert!(!td.contains_key("00_제출서류_전체.pdf"));
    let docs = |t: &BTreeMap<String, Vec<u8>>, ext: &str| {
        t.iter()
            .filter(|(k, _)| !k.contains('/') && k.ends_with(ext))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(docs(&tp, ".pdf"), docs(&tb, ".pdf"));
    assert_eq!(docs(&td, ".docx"), docs(&tb, ".docx"));
    assert_eq!(docs(&tb, ".pdf").len(), docs(&tb, ".docx").len() + 1);
    assert_eq!(docs(&tb, ".hwpx").len(), docs(&tb, ".docx").len());
    // A packet holds every chosen format of its documents, and only those.
    let packet = |t: &BTreeMap<String, Vec<u8>>, ext: &str| {
        t.keys()
            .filter(|k| k.starts_with("members/kaic/") && k.ends_with(ext))
            .count()
    };
    assert!(packet(&tb, ".hwpx") > 0);
    assert_eq!(packet(&tb, ".hwpx"), packet(&tb, ".pdf"));
    assert_eq!((packet(&tp, ".hwpx"), packet(&td, ".pdf")), (0, 0));
    // The manifest says what was chosen.
    let manifest = |t: &BTreeMap<String, Vec<u8>>| {
        serde_json::from_slice::<serde_json::Value>(&t["manifest.json"]).unwrap()["formats"].clone()
    };
    assert_eq!(manifest(&tb), serde_json::json!(["docx", "pdf", "hwpx"]));
    assert_eq!(manifest(&tp), serde_json::json!(["pdf"]));
    assert_eq!(manifest(&td), serde_json::json!(["docx"]));
    // verify reads each format back with its own backend; diff compares by document.
    for dir in [&pdf, &docx] {
        let o = formpack(&["verify", dir.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
    let o = formpack(&["diff", pdf.to_str().unwrap(), docx.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "달라진 내용이 없습니다.\n",
        "same input in two formats: no document changed, nobody signs again"
    );
    // A bad list is refused before anything is written.
    let none = tmp.path().join("none");
    let o = formpack(&[
        "build",
        SAMPLE,
        "-o",
        none.to_str().unwrap(),
        "--formats",
        "docx,hwp",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("알 수 없는 형식 `hwp`"));
    assert!(!none.exists());
}

/// The merged PDF, as a reader's bookmarks panel shows it: open on arrival, the bundle's own
/// title, and a member's documents under one closed bookmark of their kind (issue #31: a flat
/// list of 147 bookmarks at 44 members), each opening its document's first page.
#[test]
fn the_merged_pdf_groups_members_documents_under_one_bookmark_each() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = build(Path::new(SAMPLE), &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let d = lopdf::Document::load(out.join("00_제출서류_전체.pdf")).unwrap();
    let text = |o: &lopdf::Object| -> String {
        let b = o.as_str().unwrap();
        let units: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    };
    let get = |o: &lopdf::Object| -> lopdf::Dictionary {
        d.get_dictionary(o.as_reference().unwrap()).unwrap().clone()
    };
    let catalog = d.catalog().unwrap().clone();
    assert_eq!(
        catalog.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );
    let info = get(d.trailer.get(b"Info").unwrap());
    assert_eq!(
        text(info.get(b"Title").unwrap()),
        "「2026년 지역 주도형 AI 대전환」 제출서류 — 대전 제조현장 AI 대전환 프로젝트"
    );
    // (title, kids' titles, page of the bookmark) for the top level, in order.
    let pages: Vec<lopdf::ObjectId> = d.get_pages().values().copied().collect();
    let page_of = |item: &lopdf::Dictionary| {
        let dest = item.get(b"Dest").unwrap().as_array().unwrap();
        1 + pages
            .iter()
            .position(|p| *p == dest[0].as_reference().unwrap())
            .unwrap()
    };
    let siblings = |first: Option<&lopdf::Object>| {
        let mut out = Vec::new();
        let mut cur = first.cloned();
        while let Some(o) = cur {
            let item = get(&o);
            cur = item.get(b"Next").ok().cloned();
            out.push(item);
        }
        out
    };
    let top = siblings(get(catalog.get(b"Outlines").unwrap()).get(b"First").ok());
    let titles: Vec<String> = top.iter().map(|i| text(i.get(b"Title").unwrap())).collect();
    assert_eq!(
        titles,
        [
            "01 사업신청서",
            "02 사업계획서",
            "02 사업비 총괄표",
            "03 컨소시엄 협약서",
            "04 수행기관 대표의 참여 의사 확인서",
            "05 신청자격 적정성 확인서",
            "06 자치단체 부담금 납입협약서",
            "07 취득자산 구매계획서",
            "08 개인정보 이용·제공 동의서 및 청렴서약서",
        ]
    );
    let members = [
        "재단법인 한빛테크노파크",
        "재단법인 새봄경제진흥원",
        "한빛대학교 산학협력단",
        "한국AI융합연구원",
        "주식회사 누리에이아이",
        "주식회사 다온비전",
    ];
    for (i, item) in top.iter().enumerate() {
        let kids = siblings(item.get(b"First").ok());
        let names: Vec<String> = kids
            .iter()
            .map(|k| text(k.get(b"Title").unwrap()))
            .collect();
        match i {
            4 | 5 | 7 => {
                let expected: &[&str] = if i == 7 { &members[3..4] } else { &members };
                assert_eq!(names, expected, "{}", titles[i]);
                assert_eq!(
                    item.get(b"Count").unwrap().as_i64().unwrap(),
                    -(kids.len() as i64)
                );
                assert_eq!(
                    page_of(item),
                    page_of(&kids[0]),
                    "the group opens its first"
                );
                // Each member's bookmark opens a page that names the member.
                for (k, name) in kids.iter().zip(&names) {
                    let page = d.extract_text(&[page_of(k) as u32]).unwrap();
                    let flat: String = page.split_whitespace().collect();
                    let want: String = name.split_whitespace().collect();
                    assert!(flat.contains(&want), "{name} not on its page: {page:.200}");
                }
            }
            8 => assert_eq!(names.len(), 6),
            _ => assert!(names.is_empty(), "{}", titles[i]),
        }
    }
}
