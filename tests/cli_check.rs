//! `formpack check` as a user runs it: exit codes, JSON shape, text grouping.

use std::path::PathBuf;
use std::process::Command;

const SAMPLE: &str = include_str!("../fixtures/sample-consortium.yaml");

fn temp(name: &str, body: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("formpack-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_formpack"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// Errors and a warning: local 1 won short of the schedule, an unknown category, and a
/// private SME share other than 20 %.
fn failing() -> PathBuf {
    let text = SAMPLE
        .replacen("amount: 3100000000", "amount: 3100000001", 1)
        .replacen(
            "category: 운영비, national: 100000000, local: 50000000",
            "category: 장비비, national: 100000000, local: 50000000",
            1,
        )
        .replacen(
            "category: 기업지원비, national: 2400000000, local: 800000000, private_cash: 240000000",
            "category: 기업지원비, national: 2300000000, local: 800000000, private_cash: 340000000",
            1,
        );
    temp("failing.yaml", text.as_bytes())
}

#[test]
fn sample_exits_0() {
    let (code, out) = run(&["check", "fixtures/sample-consortium.yaml"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("문제 없음: 총사업비 23,900,000,000원"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn rule_errors_exit_1_grouped_errors_first() {
    let p = failing();
    let (code, out) = run(&["check", p.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "오류 2건");
    assert!(lines[1].trim_start().starts_with("category-unknown"));
    assert!(lines[1].contains("failing.yaml:"));
    assert!(lines[1].contains("(budget[1].category)"));
    assert!(lines[2]
        .trim_start()
        .starts_with("local-commitment-mismatch"));
    assert_eq!(lines[3], "경고 1건");
    assert!(lines[4].trim_start().starts_with("sme-share"));
    assert!(lines[5].starts_with("오류 2건, 경고 1건"), "{out}");
}

#[test]
fn unreadable_input_exits_2() {
    let p = temp("garbage.yaml", b"\x00\xff\xfe garbage");
    let (code, out) = run(&["check", p.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.contains("input-parse"));
    let p = temp("missing-dir-file.yaml", b"");
    let (code, _) = run(&["check", p.to_str().unwrap()]);
    assert_eq!(code, 2);
    let (code, _) = run(&["check", "/nonexistent/formpack.yaml"]);
    assert_eq!(code, 2);
}

#[test]
fn json_shape() {
    let p = failing();
    let (code, out) = run(&["check", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let obj = v.as_object().unwrap();
    assert_eq!(obj.keys().collect::<Vec<_>>(), ["diagnostics"]);
    let ds = v["diagnostics"].as_array().unwrap();
    assert_eq!(ds.len(), 3);
    for d in ds {
        for k in ["code", "severity", "message", "location"] {
            assert!(d.get(k).is_some(), "{k}");
        }
        for k in ["file", "line", "sheet", "cell", "path"] {
            assert!(d["location"].get(k).is_some(), "location.{k}");
        }
    }
    assert_eq!(ds[0]["code"], "category-unknown");
    assert_eq!(ds[0]["severity"], "error");
    assert_eq!(ds[0]["location"]["path"], "budget[1].category");
    assert!(ds[0]["location"]["line"].is_u64());
    assert!(ds[0]["location"]["sheet"].is_null());
    assert_eq!(ds[1]["code"], "sme-share");
    assert_eq!(ds[1]["severity"], "warning");

    let (code, out) = run(&[
        "check",
        "fixtures/sample-consortium.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v, serde_json::json!({"diagnostics": []}));

    let g = temp("bad.json", b"{\"schema\": 1,");
    let (code, out) = run(&["check", g.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "input-parse");
    assert_eq!(v["diagnostics"][0]["location"]["line"], 1);
}

/// A seal image the file names but its folder lacks, and one that is not a picture: each an
/// error at the member's `seal` line, before anything is built (issue #30).
#[test]
fn a_missing_or_broken_seal_is_reported_at_its_line() {
    let text = SAMPLE.replacen(
        "  - id: kaic\n",
        "  - id: kaic\n    seal: 직인_없음.png\n",
        1,
    );
    let p = temp("seal-missing.yaml", text.as_bytes());
    let (code, out) = run(&["check", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "seal-missing")
        .expect("seal-missing");
    let line = text
        .lines()
        .position(|l| l.contains("직인_없음.png"))
        .unwrap()
        + 1;
    assert_eq!(d["location"]["line"], line as u64, "{d}");
    assert!(d["message"].as_str().unwrap().contains("한국AI융합연구원"));

    let text = text.replace("직인_없음.png", "seal-not-a-picture.txt");
    let p = temp("seal-broken.yaml", text.as_bytes());
    std::fs::write(p.with_file_name("seal-not-a-picture.txt"), "hello").unwrap();
    let (code, out) = run(&["check", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1);
    assert!(out.contains("\"seal-unreadable\""), "{out}");
}

/// A YAML syntax error as `check` prints it (issue #30): 문법 오류 at its line and column, the
/// parser's English only after 자세히, exit 2; not a missing field.
#[test]
fn a_yaml_syntax_error_is_reported_as_one_at_its_line() {
    let text = SAMPLE.replacen(
        "    kind: 지역혁신기관\n    role: 주관기관",
        "    kind: 지역혁신기관\n   role: 주관기관",
        1,
    );
    assert_ne!(text, SAMPLE);
    let line = text.lines().position(|l| l == "   role: 주관기관").unwrap() + 1;
    let p = temp("indent.yaml", text.as_bytes());
    let (code, out) = run(&["check", p.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    let first = out.lines().find(|l| l.contains("input-parse")).unwrap();
    assert!(first.contains(&format!("indent.yaml:{line}:4")), "{out}");
    assert!(first.contains("YAML 문법 오류"), "{out}");
    assert!(!out.contains("필수 항목"), "{out}");
    assert!(out.contains("자세히: "), "{out}");
    let (_, json) = run(&["check", p.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["location"]["line"], line as u64);
    assert!(d["detail"].as_str().unwrap().contains("expected"), "{d}");
}
