//! 02 사업계획서 and the `plan` part: the scored headings with the file's text or the prompt,
//! the parts filled in from the data (equal to 01's figures), the checks on `plan`, the deck's
//! scored slides, and the locality of a change to the plan.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use formpack::render::{self, Format};

use crate::common;
use common::{formpack, read_tree, SAMPLE};

const PLAN: &str = r#"
plan:
  - heading: 사업목적 및 목표
    blocks:
      - text: "대전 제조 중소기업의 AI 도입률은 4%로 전국 평균의 절반에 그칩니다."
      - subheading: 정량 목표
      - bullets:
          - AI 솔루션 도입 기업 120개사
          - 불량률 30% 감소
      - table:
          - [지표, 목표, 측정 방법]
          - [AI 도입 기업 수, 120, 협약서 기준 집계]
  - heading: "성과 및  기대효과"
    blocks:
      - text: 사업 종료 뒤 테크노파크 자체 예산으로 확산합니다.
  - heading: 추진 체계 보완
    blocks:
      - bullets: [분기별 운영위원회]
"#;

fn with_plan(dir: &Path, plan: &str) -> PathBuf {
    let p = dir.join("plan.yaml");
    let text = fs::read_to_string(SAMPLE).unwrap();
    fs::write(&p, format!("{text}{plan}")).unwrap();
    p
}

fn build(input: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let o = formpack(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    read_tree(out)
}

fn text_of(tree: &BTreeMap<String, Vec<u8>>, name: &str, f: Format) -> String {
    let t = render::text(f, &tree[name]).unwrap();
    // Compared without white space: the PDF reader puts its own between runs and lines.
    t.split_whitespace().collect()
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

fn manifest_hashes(tree: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, String> {
    let m: serde_json::Value = serde_json::from_slice(&tree["manifest.json"]).unwrap();
    m["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| {
            Some((
                f["path"].as_str()?.to_string(),
                f["sha256"].as_str()?.to_string(),
            ))
        })
        .collect()
}

#[test]
fn sample_plan_has_the_scored_headings_with_prompts_and_the_data_parts() {
    let dir = tempfile::tempdir().unwrap();
    let tree = build(Path::new(SAMPLE), &dir.path().join("out"));
    for f in [Format::Pdf, Format::Docx, Format::Hwpx] {
        let name = format!("02_사업계획서.{}", f.extension());
        let t = text_of(&tree, &name, f);
        for h in [
            "Ⅰ.사업목적및목표(20점)",
            "Ⅱ.추진계획의우수성(30점)",
            "Ⅲ.지방자치단체역량(20점)",
            "Ⅳ.성과및기대효과(30점)",
        ] {
            assert!(t.contains(h), "{name}: {h}");
        }
        // Nothing written: every heading shows what the committee looks for.
        assert_eq!(t.matches("[작성필요:").count(), 4, "{name}");
        assert!(
            t.contains(&squeeze("[작성 필요: 성과 지표와 측정 방법")),
            "{name}"
        );
        // The order of the chapters and of the parts the profile puts under Ⅱ and Ⅲ, each
        // found after the one before.
        let mut from = 0;
        for part in [
            "Ⅰ.사업목적및목표",
            "Ⅱ.추진계획의우수성",
            "컨소시엄구성과역할",
            "세부사업",
            "추진일정",
            "사업비편성",
            "[그림3]",
            "취득자산구매계획요약",
            "Ⅲ.지방자치단체역량",
            "지방비부담계획",
            "Ⅳ.성과및기대효과",
        ] {
            let at = t[from..]
                .find(part)
                .unwrap_or_else(|| panic!("{name}: {part} after {from}"));
            from += at + part.len();
        }
    }
    // Figures equal to 01's and 02 사업비 총괄표's: the total by source, a member's share, a subproject, the assets,
    // the local contribution schedule and its ratio.
    let t = text_of(&tree, "02_사업계획서.pdf", Format::Pdf);
    let app = text_of(&tree, "01_사업신청서.pdf", Format::Pdf);
    let summary = text_of(&tree, "02_사업비총괄표.pdf", Format::Pdf);
    for figure in [
        "23,900,000,000",
        "14,000,000,000",
        "6,300,000,000",
        "10,350,000,000",
        "43.31%",
        "4,550,000,000",
        "9,000,000,000",
        "26.36%",
    ] {
        assert!(t.contains(figure), "02 사업계획서: {figure}");
        assert!(
            app.contains(figure) || summary.contains(figure),
            "01/02: {figure}"
        );
    }
    // 07's totals for kaic, 06's payments with their due dates.
    assert!(t.contains("3,600,000,000") && t.contains("2,400,000,000"));
    assert!(t.contains("3,100,000,000") && t.contains("2026.5.29."));
    assert!(t.contains("3,200,000,000") && t.contains("2027.3.31."));
    // The period by quarter: 2026 from the second quarter, 2027 whole.
    assert!(t.contains("2026") && t.contains("2분기3분기4분기1분기2분기3분기4분기"));
    // 02's budget summary stays, as the plan's attachment, and both are in the merged PDF.
    assert!(tree.contains_key("02_사업비총괄표.pdf"));
    let merged = text_of(&tree, "00_제출서류_전체.pdf", Format::Pdf);
    assert!(
        merged.find("[서식2]사업계획서").unwrap()
            < merged.find("[서식2]사업계획서사업비편성부분").unwrap()
    );
    // Neither part of 02 is signed or in a packet.
    assert!(!tree
        .keys()
        .any(|k| k.starts_with("members/") && k.contains("02_")));
    let v = formpack(&["verify", dir.path().join("out").to_str().unwrap()]);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
}

#[test]
fn written_plan_replaces_the_prompts_and_extra_sections_follow() {
    let dir = tempfile::tempdir().unwrap();
    let input = with_plan(dir.path(), PLAN);
    let c = formpack(&["check", input.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&c.stdout);
    assert!(c.status.success(), "{out}");
    assert!(out.contains("plan-heading-unknown"), "{out}");
    assert!(out.contains("‘추진 체계 보완’은 평가 항목"), "{out}");
    let tree = build(&input, &dir.path().join("out"));
    for f in [Format::Pdf, Format::Docx, Format::Hwpx] {
        let name = format!("02_사업계획서.{}", f.extension());
        let t = text_of(&tree, &name, f);
        for s in [
            "대전제조중소기업의AI도입률은4%로",
            "정량목표",
            "○AI솔루션도입기업120개사",
            "○불량률30%감소",
            "AI도입기업수120협약서기준집계",
            "사업종료뒤테크노파크자체예산으로",
            "Ⅴ.추진체계보완",
            "○분기별운영위원회",
        ] {
            assert!(t.contains(s), "{name}: {s}");
        }
        // Ⅱ and Ⅲ are still to write; Ⅰ and Ⅳ (white space in its heading ignored) are not.
        assert_eq!(t.matches("[작성필요:").count(), 2, "{name}");
        assert!(!t.contains(&squeeze("[작성 필요: 성과 지표")), "{name}");
        assert!(!t.contains(&squeeze("[작성 필요: 지역 주력산업")), "{name}");
        assert!(t.find("Ⅳ.성과및기대효과").unwrap() < t.find("Ⅴ.추진체계보완").unwrap());
    }
    let v = formpack(&["verify", dir.path().join("out").to_str().unwrap()]);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));

    // The deck's scored slides carry the same text, the table as a table.
    let deck = formpack_pptx::text(&tree["09_사업계획발표자료.pptx"]).unwrap();
    let deck = squeeze(&deck);
    assert!(deck.contains("1.사업목적및목표(20점)"));
    assert!(deck.contains("대전제조중소기업의AI도입률은4%로"));
    assert!(deck.contains("•AI솔루션도입기업120개사"));
    assert!(deck.contains("AI도입기업수"));
    assert!(deck.contains("5.추진체계보완"));
    assert_eq!(deck.matches("[작성필요:").count(), 2);
}

#[test]
fn a_change_to_the_plan_touches_only_the_plan_and_the_deck() {
    let dir = tempfile::tempdir().unwrap();
    let before = manifest_hashes(&build(Path::new(SAMPLE), &dir.path().join("a")));
    let input = with_plan(dir.path(), PLAN);
    let after = manifest_hashes(&build(&input, &dir.path().join("b")));
    let changed: Vec<&String> = before
        .iter()
        .filter(|(k, v)| after.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        changed,
        [
            "00_제출서류_전체.pdf",
            "02_사업계획서.docx",
            "02_사업계획서.hwpx",
            "02_사업계획서.pdf",
            "09_사업계획발표자료.pptx",
        ]
    );
}

#[test]
fn bad_plans_are_errors_at_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let input = with_plan(
        dir.path(),
        "plan:\n  - heading: 사업목적 및 목표\n    blocks:\n      - table:\n          - [a, b]\n          - [c]\n  - heading: \"사업목적  및 목표\"\n  - heading: \" \"\n",
    );
    let o = formpack(&["check", input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    let lines = fs::read_to_string(SAMPLE).unwrap().lines().count();
    let at = |n: usize| format!("plan.yaml:{}:", lines + n);
    assert!(out.contains("plan-invalid"), "{out}");
    assert!(
        out.contains(&at(6)) && out.contains("2번째 행은 1칸인데 첫 행(제목 행)은 2칸"),
        "{out}"
    );
    assert!(
        out.contains(&at(7)) && out.contains("‘사업목적 및 목표’가 1번째 절과 2번째 절에 두 번"),
        "{out}"
    );
    assert!(
        out.contains(&at(8)) && out.contains("3번째 절의 제목(heading)이 비어"),
        "{out}"
    );
    // A block with two kinds, or a kind formpack does not know, is a parse error.
    let input = with_plan(
        dir.path(),
        "plan:\n  - heading: x\n    blocks:\n      - chart: y\n",
    );
    let o = formpack(&["check", input.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // Without --draft no bundle is written; with it, the draft still prints every row.
    let bad = with_plan(
        dir.path(),
        "plan:\n  - heading: 사업목적 및 목표\n    blocks:\n      - table:\n          - [a, b]\n          - [c]\n",
    );
    let out = dir.path().join("draft");
    let o = formpack(&["build", bad.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    let o = formpack(&[
        "build",
        "--draft",
        bad.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let t = text_of(&read_tree(&out), "02_사업계획서.pdf", Format::Pdf);
    assert!(t.contains("abc"), "{t}");
}

#[test]
fn plan_survives_every_text_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = with_plan(dir.path(), PLAN);
    let first = formpack::load::load(&input).unwrap();
    assert_eq!(first.data.plan.len(), 3);
    for ext in ["json", "toml", "yaml"] {
        let to = dir.path().join(format!("again.{ext}"));
        let o = formpack(&["convert", input.to_str().unwrap(), to.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let again = formpack::load::load(&to).unwrap();
        assert_eq!(again.data, first.data, "{ext}");
    }
}
