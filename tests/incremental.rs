//! Incremental builds (issue #15), through the binary: a build into a folder that holds an
//! earlier bundle takes every unchanged file from it, and the result is byte for byte what a
//! clean build (`--clean`) writes — for a chain of random one-field changes, after a file of
//! the old bundle was edited, when the old manifest is stale, and with other fonts.

use std::fs;
use std::path::{Path, PathBuf};

use formpack::load::InputFormat;
use formpack::model::{Consortium, Date};

use crate::common;
use common::{formpack, read_tree, SAMPLE};

/// Build `input` into `out` (`--clean` when asked); the line the build prints.
fn build(input: &Path, out: &Path, clean: bool) -> String {
    let mut args = vec![
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    if clean {
        args.push("--clean");
    }
    let o = formpack(&args);
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `(파일 N개 중 M개는 …)`: (M, N), or `None` when nothing was offered for reuse.
fn reused(line: &str) -> Option<(usize, usize)> {
    let (_, rest) = line.split_once("(파일 ")?;
    let (n, rest) = rest.split_once("개 중 ")?;
    let (m, _) = rest.split_once("개는")?;
    Some((m.parse().ok()?, n.parse().ok()?))
}

fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (read_tree(a), read_tree(b));
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs from the clean build's");
    }
}

/// Edit a file by hand: one byte in its middle changed.
fn flip_a_byte(path: &Path) {
    let mut bytes = fs::read(path).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 1;
    fs::write(path, bytes).unwrap();
}

fn sample() -> Consortium {
    formpack::load::load(Path::new(SAMPLE)).unwrap().data
}

fn save(c: &Consortium, path: &Path) {
    fs::write(
        path,
        formpack::save::to_bytes(c, InputFormat::Yaml).unwrap(),
    )
    .unwrap();
}

/// A small deterministic generator (64-bit LCG), so the chain of edits is the same each run.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// One field changed, chosen at random among edits that keep the file free of rule errors.
fn edit(c: &mut Consortium, rng: &mut Rng) -> String {
    let performers: Vec<usize> = (0..c.members.len())
        .filter(|&i| c.members[i].is_performer())
        .collect();
    let m = performers[rng.next(performers.len())];
    match rng.next(6) {
        0 => {
            // Not the direct-support rows, whose 60/20/20 shares are exact.
            let rows: Vec<usize> = (0..c.budget.len())
                .filter(|&i| c.budget[i].subproject.as_str() != "sme-solutions")
                .collect();
            let r = rows[rng.next(rows.len())];
            c.budget[r].private_cash += 1_000_000 * (1 + rng.next(5) as i64);
            format!("budget[{r}].private_cash")
        }
        1 => {
            let rep = c.members[m].representative.as_mut().unwrap();
            rep.name = Some(format!("대표{}", rng.next(1000)));
            format!("members[{m}].representative.name")
        }
        2 => {
            let contact = c.members[m].contact.as_mut().unwrap();
            contact.phone = Some(format!(
                "042-{:03}-{:04}",
                rng.next(900) + 100,
                rng.next(9000) + 1000
            ));
            format!("members[{m}].contact.phone")
        }
        3 => {
            let was = c.application_date;
            while c.application_date == was {
                c.application_date = Some(Date::new(2026, 3, 1 + rng.next(9) as u32).unwrap());
            }
            "application_date".into()
        }
        4 => {
            c.members[m].address = Some(format!("대전광역시 유성구 가정로 {}", rng.next(300)));
            format!("members[{m}].address")
        }
        _ => {
            c.project.title = Some(format!(
                "대전 제조현장 AI 대전환 프로젝트 {}",
                rng.next(100)
            ));
            "project.title".into()
        }
    }
}

#[test]
fn random_one_field_changes_rebuild_to_the_clean_builds_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (inc, clean, input) = (
        tmp.path().join("inc"),
        tmp.path().join("clean"),
        tmp.path().join("c.yaml"),
    );
    let mut c = sample();
    save(&c, &input);
    let first = build(&input, &inc, false);
    assert_eq!(reused(&first), None, "a new folder: nothing to reuse");
    let mut rng = Rng(20261203);
    for step in 0..6 {
        let what = edit(&mut c, &mut rng);
        save(&c, &input);
        let line = build(&input, &inc, false);
        build(&input, &clean, true);
        assert_same_tree(&inc, &clean);
        let (m, n) = reused(&line).unwrap_or_else(|| panic!("{step} {what}: {line}"));
        assert!(m < n, "{step} {what}: something is made again: {line}");
        // The date and the title are printed on every document; any other field on some.
        let everywhere = what == "application_date" || what == "project.title";
        assert_eq!(m == 0, everywhere, "{step} {what}: {line}");
        let v = formpack(&["verify", inc.to_str().unwrap()]);
        assert!(v.status.success(), "{what}");
    }
}

#[test]
fn nothing_changed_leaves_the_folder_as_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(Path::new(SAMPLE), &out, false);
    let before = read_tree(&out);
    let line = build(Path::new(SAMPLE), &out, false);
    let (m, n) = reused(&line).unwrap();
    assert_eq!(m, n, "{line}");
    assert_eq!(read_tree(&out), before);
    // A file that no clean build writes is not kept: the folder is written afresh.
    fs::write(out.join("notes.txt"), "x").unwrap();
    build(Path::new(SAMPLE), &out, false);
    assert!(!out.join("notes.txt").exists());
    assert_eq!(read_tree(&out), before);
}

#[test]
fn an_edited_or_stale_old_file_is_never_reused() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, clean) = (tmp.path().join("out"), tmp.path().join("clean"));
    build(Path::new(SAMPLE), &out, false);
    build(Path::new(SAMPLE), &clean, true);
    // Edited by hand: the bytes no longer hash to the manifest's.
    flip_a_byte(&out.join("05_신청자격적정성확인서_주식회사 누리에이아이.pdf"));
    // Stale: a file whose manifest entry says it was made from other inputs.
    let manifest = out.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&fs::read(&manifest).unwrap()).unwrap();
    for f in m["files"].as_array_mut().unwrap() {
        if f["path"] == "02_사업비총괄표.docx" {
            f["inputs"] = serde_json::Value::from("0".repeat(64));
        }
    }
    fs::write(&manifest, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    let line = build(Path::new(SAMPLE), &out, false);
    let (reused_n, all) = reused(&line).unwrap();
    assert_eq!(reused_n, all - 2, "the two files are made again: {line}");
    assert_same_tree(&out, &clean);
}

/// A rebuild with nothing changed only checks the documents' files (it reads none into
/// memory); when a packet or the merged PDF turns out damaged, they are made again from the
/// documents, which are then read, and one of those damaged too is rendered.
#[test]
fn a_damaged_packet_or_merged_pdf_is_made_again_from_checked_files() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, clean) = (tmp.path().join("out"), tmp.path().join("clean"));
    build(Path::new(SAMPLE), &out, false);
    build(Path::new(SAMPLE), &clean, true);
    let flip = |rel: &str| flip_a_byte(&out.join(rel));
    flip("members/kaic.zip");
    flip("00_제출서류_전체.pdf");
    // In kaic's packet and in the merged PDF, and damaged: rendered.
    flip("04_참여의사확인서_한국AI융합연구원.pdf");
    let line = build(Path::new(SAMPLE), &out, false);
    let (reused_n, all) = reused(&line).unwrap();
    assert_eq!(reused_n, all - 3, "the three files are made again: {line}");
    assert_same_tree(&out, &clean);
    // Deleted rather than damaged: the same.
    fs::remove_file(out.join("members/kaic.zip")).unwrap();
    let line = build(Path::new(SAMPLE), &out, false);
    assert_eq!(reused(&line).unwrap().0, all - 1, "{line}");
    assert_same_tree(&out, &clean);
}

#[test]
fn other_fonts_reuse_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(Path::new(SAMPLE), &out, false);
    let fonts: PathBuf = [env!("CARGO_MANIFEST_DIR"), "assets", "fonts"]
        .iter()
        .collect();
    let o = formpack(&[
        "build",
        SAMPLE,
        "-o",
        out.to_str().unwrap(),
        "--font-dir",
        fonts.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let line = String::from_utf8_lossy(&o.stdout);
    assert_eq!(reused(&line).map(|r| r.0), Some(0), "{line}");
    // The same font files as the embedded ones: the same documents as before; only the
    // manifest's record of what they were made from differs.
    let clean = tmp.path().join("clean");
    build(Path::new(SAMPLE), &clean, true);
    let (mut a, mut b) = (read_tree(&out), read_tree(&clean));
    assert_ne!(a.remove("manifest.json"), b.remove("manifest.json"));
    assert!(a == b, "the same files");
}

/// `input` with kaic's contact phone changed: a correction only kaic's own forms show.
fn kaic_phone_changed(input: &formpack::load::Input) -> formpack::load::Input {
    common::with_contact_phone(input, "kaic", "042-999-0000")
}

/// The cache a server keeps in memory: a bundle made earlier in the process lends its files
/// the same way a folder does, and the result equals a bundle made from nothing.
#[test]
fn a_bundle_in_memory_lends_its_unchanged_files() {
    let maker = common::InMemory::new();
    let first = formpack::load::load(Path::new(SAMPLE)).unwrap();
    let old = maker.make(&first, None);
    assert!(old.reused.is_empty());
    let again = maker.make(&first, Some(&old));
    assert_eq!(
        again.reused.len() + 1,
        again.files.len(),
        "all but the manifest"
    );
    assert!(again.files == old.files);

    let second = kaic_phone_changed(&first);
    let lent = maker.make(&second, Some(&old));
    let fresh = maker.make(&second, None);
    assert!(
        lent.files == fresh.files,
        "the same bytes as a build from nothing"
    );
    let made: Vec<&String> = lent
        .files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| !lent.reused.contains(p))
        .collect();
    // kaic's own forms in three formats, its packet and the merged PDF, and the manifest.
    assert!(
        made.iter().all(|p| p.contains("한국AI융합연구원")
            || p.as_str() == "members/kaic.zip"
            || p.as_str() == "00_제출서류_전체.pdf"
            || p.as_str() == "manifest.json"),
        "{made:?}"
    );
    assert!(made.len() > 3, "{made:?}");
}

/// Records which files a build reads out of an earlier bundle into memory.
struct Recorder<'a> {
    inner: &'a dyn formpack::bundle::Previous,
    read: std::sync::Mutex<Vec<String>>,
    merged_source: std::sync::atomic::AtomicBool,
}

impl formpack::bundle::Previous for Recorder<'_> {
    fn lists(&self, path: &str, inputs: &str) -> bool {
        self.inner.lists(path, inputs)
    }
    fn lend(&self, path: &str, inputs: &str, keep: bool) -> Option<formpack::bundle::Lent> {
        let lent = self.inner.lend(path, inputs, keep);
        if lent.as_ref().is_some_and(|l| l.bytes.is_some()) {
            self.read.lock().unwrap().push(path.to_string());
        }
        lent
    }
    fn merged_layout(&self, engine: &str) -> Option<formpack::bundle::MergedLayout> {
        self.inner.merged_layout(engine)
    }
    fn merged_source(
        &self,
        engine: &str,
    ) -> Option<(formpack::bundle::Bytes, Vec<formpack_pdf::PartLayout>)> {
        self.merged_source
            .store(true, std::sync::atomic::Ordering::Relaxed);
        self.inner.merged_source(engine)
    }
}

/// After a correction, the merged PDF copies the documents that did not change out of the
/// old merged PDF: the only PDFs read into memory are the first document's (its information
/// dictionary heads the merged file) and those of the packet made again. The result is a
/// clean build's bytes; with the layout in the old manifest forged, or the old merged PDF
/// damaged, nothing is copied and the result is the same.
#[test]
fn a_correction_copies_unchanged_documents_out_of_the_old_merged_pdf() {
    use formpack::bundle;
    let maker = common::InMemory::new();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(Path::new(SAMPLE), &out, false);
    let second = kaic_phone_changed(&formpack::load::load(Path::new(SAMPLE)).unwrap());
    let fresh = maker.make(&second, None);
    let fresh_files: std::collections::BTreeMap<&str, &bundle::Bytes> =
        fresh.files.iter().map(|(p, b)| (p.as_str(), b)).collect();
    let run = || {
        let old = bundle::OldBundle::open(&out).unwrap();
        let rec = Recorder {
            inner: &old,
            read: Default::default(),
            merged_source: Default::default(),
        };
        let lent = maker.make(&second, Some(&rec));
        // What is in memory is a clean build's bytes; the rest stays in the old folder.
        assert_eq!(lent.files.len() + lent.in_place.len(), fresh.files.len());
        for (p, b) in &lent.files {
            assert!(fresh_files[p.as_str()] == b, "{p}");
        }
        assert!(lent.files.iter().any(|(p, _)| p == bundle::MERGED_PDF));
        assert!(rec.merged_source.into_inner());
        let mut pdfs: Vec<String> = rec
            .read
            .into_inner()
            .unwrap()
            .into_iter()
            .filter(|p| p.ends_with(".pdf") && p.as_str() != bundle::MERGED_PDF)
            .collect();
        pdfs.sort();
        pdfs.dedup();
        // The documents' PDFs made now, which nothing needs to read.
        let made = lent
            .files
            .iter()
            .filter(|(p, _)| p.ends_with(".pdf") && p != bundle::MERGED_PDF)
            .filter(|(p, _)| !lent.reused.contains(p))
            .count();
        assert!(made > 0 && pdfs.iter().all(|p| lent.reused.contains(p)));
        (pdfs, made)
    };
    let (read, _) = run();
    assert!(read.iter().any(|p| p.starts_with("01_")), "{read:?}");
    assert!(
        read.iter().all(|p| p.starts_with("01_")
            || p.contains("한국AI융합연구원")
            || p.starts_with("03_")),
        "only the first document and kaic's packet: {read:?}"
    );
    let all_pdfs = fresh
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".pdf"))
        .count()
        - 1;
    assert!(read.len() < all_pdfs / 2, "{read:?}");

    // A forged layout (every document one byte further on) lends nothing: every PDF not made
    // again is read.
    let manifest = out.join("manifest.json");
    let good = fs::read(&manifest).unwrap();
    let mut m: serde_json::Value = serde_json::from_slice(&good).unwrap();
    for f in m["files"].as_array_mut().unwrap() {
        if f["path"] == bundle::MERGED_PDF {
            for p in f["layout"]["parts"].as_array_mut().unwrap() {
                p["offset"] = serde_json::Value::from(p["offset"].as_u64().unwrap() + 1);
            }
        }
    }
    fs::write(&manifest, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    let (read, made) = run();
    assert_eq!(read.len() + made, all_pdfs, "forged layout");
    // A damaged old merged PDF: the same.
    fs::write(&manifest, &good).unwrap();
    flip_a_byte(&out.join(bundle::MERGED_PDF));
    let (read, made) = run();
    assert_eq!(read.len() + made, all_pdfs, "damaged merged PDF");
}
