//! `input-parse`: every kind of unreadable input, in each text format, with its line, column
//! and field path; and no panic on any input.

use formpack::diag::Diagnostic;
use formpack::load::{parse_str, TextFormat};

const YAML: &str = include_str!("../fixtures/sample-consortium.yaml");
const JSON: &str = include_str!("../fixtures/sample-consortium.json");
const TOML: &str = include_str!("../fixtures/sample-consortium.toml");

fn fail(text: &str, format: TextFormat) -> Diagnostic {
    let e = parse_str(text, "f", format).expect_err("must not parse");
    assert_eq!(e.len(), 1, "{e:#?}");
    let d = e.into_iter().next().unwrap();
    assert_eq!(d.code, "input-parse");
    assert!(!d.message.contains('\n'), "one line: {}", d.message);
    d
}

fn yaml_fail(from: &str, to: &str) -> (Diagnostic, String) {
    assert!(YAML.contains(from), "{from}");
    let text = YAML.replacen(from, to, 1);
    (fail(&text, TextFormat::Yaml), text)
}

fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle") as u32
        + 1
}

fn starts_korean(s: &str) -> bool {
    s.chars()
        .find(|c| !c.is_ascii_punctuation() && !c.is_whitespace())
        .is_some_and(|c| ('가'..='힣').contains(&c))
}

#[test]
fn yaml_float_where_won_are_expected() {
    let (d, text) = yaml_fail(
        "national: 600000000, local: 300000000",
        "national: 1234.5, local: 300000000",
    );
    assert_eq!(d.location.line, Some(line_of(&text, "national: 1234.5")));
    assert_eq!(d.location.path.as_deref(), Some("budget[3].national"));
    assert!(
        d.message.contains("‘1234.5’") && starts_korean(&d.message),
        "{}",
        d.message
    );
}

#[test]
fn yaml_text_where_won_are_expected() {
    let (d, text) = yaml_fail("equity: 9120000000", "equity: \"1,234\"");
    assert_eq!(d.location.line, Some(line_of(&text, "\"1,234\"")));
    assert_eq!(
        d.location.path.as_deref(),
        Some("members[2].eligibility.equity")
    );
}

#[test]
fn yaml_unknown_key() {
    let (d, text) = yaml_fail("    duty: 사업 총괄 신청", "    dutx: 사업 총괄 신청");
    assert_eq!(d.location.line, Some(line_of(&text, "dutx")));
    assert_eq!(d.location.column, Some(5));
    assert!(
        d.message.starts_with("알 수 없는 항목 ‘dutx’"),
        "{}",
        d.message
    );
    // Where, as the workbook names it and 1-based (issue #30), not `members[0].dutx`.
    assert!(d.message.ends_with("(참여기관 1번째 행)"), "{}", d.message);
}

#[test]
fn yaml_impossible_date() {
    let (d, _) = yaml_fail(
        "application_date: 2026-03-09",
        "application_date: 2026-02-30",
    );
    assert_eq!(d.location.line, Some(6));
    assert_eq!(d.location.path.as_deref(), Some("application_date"));
    assert!(d.message.contains("2026-02-30") && starts_korean(&d.message));
}

#[test]
fn a_map_is_not_a_date_in_any_format() {
    // Only TOML's own date value arrives as a map; a map written by hand is refused.
    let (d, _) = yaml_fail(
        "application_date: 2026-03-09",
        "application_date: {foo: 2026-03-09}",
    );
    assert_eq!(d.location.path.as_deref(), Some("application_date"));
    let json = JSON.replacen(
        r#""application_date": "2026-03-09""#,
        r#""application_date": {"$__toml_private_datetime": "2026-03-09", "x": 1}"#,
        1,
    );
    assert_ne!(json, JSON);
    fail(&json, TextFormat::Json);
    // The TOML sample's real dates still read.
    assert!(parse_str(TOML, "f", TextFormat::Toml).is_ok());
}

#[test]
fn yaml_bad_id_and_unknown_enum() {
    let (d, text) = yaml_fail("- id: kaic", "- id: KAIC");
    assert_eq!(d.location.line, Some(line_of(&text, "KAIC")));
    assert_eq!(d.location.path.as_deref(), Some("members[4].id"));
    assert!(d.message.contains("잘못된 id ‘KAIC’"));
    let (d, text) = yaml_fail("kind: 출연연", "kind: 연구소");
    assert_eq!(d.location.line, Some(line_of(&text, "연구소")));
    assert!(d.message.contains("‘연구소’") && d.message.contains("출연연"));
}

#[test]
fn yaml_schema_and_program() {
    let (d, _) = yaml_fail("schema: 1", "schema: 2");
    assert_eq!(
        (d.location.line, d.location.path.as_deref()),
        (Some(3), Some("schema"))
    );
    let (d, _) = yaml_fail("program: ai-transition-2026", "program: ai-transition-2025");
    assert_eq!(
        (d.location.line, d.location.path.as_deref()),
        (Some(4), Some("program"))
    );
    assert!(d.message.contains("ai-transition-2025"));
}

#[test]
fn yaml_missing_structural_field() {
    let (d, text) = yaml_fail(
        "    role: 참여기관\n    registration_no: 305-81-12341",
        "    registration_no: 305-81-12341",
    );
    assert_eq!(d.location.path.as_deref(), Some("members[6].role"));
    assert_eq!(d.location.line, Some(line_of(&text, "- id: daon-vision")));
}

#[test]
fn yaml_syntax_error() {
    // An unclosed `[` is a syntax error where the parser gives up (the next line), not "읽을
    // 수 없는 값" at the first line.
    let (d, text) = yaml_fail("  industry: 정밀기계", "  industry: [정밀기계");
    assert_eq!(d.location.line, Some(line_of(&text, "[정밀기계") + 1));
    assert!(d.message.starts_with("YAML 문법 오류"), "{}", d.message);
    let d = fail("schema: 1\nprogram: \"abc\nrevision: 1\n", TextFormat::Yaml);
    assert_eq!(d.location.line, Some(2));
    assert!(d.message.starts_with("YAML 문법 오류"), "{}", d.message);
}

#[test]
fn json_errors() {
    let text = JSON.replacen("\"duty\"", "\"dutx\"", 1);
    let d = fail(&text, TextFormat::Json);
    assert_eq!(d.location.line, Some(line_of(&text, "dutx")));
    assert_eq!(d.location.path.as_deref(), Some("members[0].dutx"));
    let text = JSON.replacen("\"national\": 600000000", "\"national\": 600000000.5", 1);
    let d = fail(&text, TextFormat::Json);
    assert_eq!(d.location.line, Some(line_of(&text, "600000000.5")));
    assert_eq!(d.location.path.as_deref(), Some("budget[3].national"));
    let text = JSON.replacen("\"national\": 600000000", "\"national\": \"1,234\"", 1);
    assert_eq!(
        fail(&text, TextFormat::Json).location.path.as_deref(),
        Some("budget[3].national")
    );
    let d = fail("{\"schema\": 1,\n \"program\" \"x\"}", TextFormat::Json);
    assert_eq!(d.location.line, Some(2));
    assert!(d.message.starts_with("JSON 문법 오류"), "{}", d.message);
}

#[test]
fn toml_errors() {
    let text = TOML.replacen("national = 600000000", "national = 600000000.5", 1);
    let d = fail(&text, TextFormat::Toml);
    assert_eq!(d.location.line, Some(line_of(&text, "600000000.5")));
    assert_eq!(d.location.path.as_deref(), Some("budget[3].national"));
    let text = TOML.replacen(
        "application_date = 2026-03-09",
        "application_date = 2026-02-30",
        1,
    );
    let d = fail(&text, TextFormat::Toml);
    assert_eq!(d.location.line, Some(line_of(&text, "2026-02-30")));
    assert!(d.message.starts_with("존재하지 않는 날짜"), "{}", d.message);
    let text = TOML.replacen("duty =", "dutx =", 1);
    let d = fail(&text, TextFormat::Toml);
    assert_eq!(d.location.path.as_deref(), Some("members[0].dutx"));
    assert_eq!(d.location.line, Some(line_of(&text, "dutx")));
}

#[test]
fn not_utf8_is_input_parse_with_a_line() {
    let dir = std::env::temp_dir().join(format!("formpack-le-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("bad.yaml");
    std::fs::write(&p, b"schema: 1\nprogram: \xff\xfe\n").unwrap();
    let e = formpack::load::load(&p).unwrap_err();
    assert_eq!(e[0].code, "input-parse");
    assert_eq!(e[0].location.line, Some(2));
    assert!(e[0].message.contains("UTF-8"));
}

#[test]
fn junk_never_panics() {
    let deep_seq = "[".repeat(200_000);
    let deep_map = "{a: ".repeat(50_000);
    let deep_json = "[".repeat(200_000);
    let deep_toml = format!("a = {}", "[".repeat(200_000));
    let garbage: String = (0..5000u32)
        .map(|i| char::from_u32(32 + (i * 7919) % 90).unwrap())
        .collect();
    let cases: Vec<(String, TextFormat)> = vec![
        (String::new(), TextFormat::Yaml),
        ("- a\n- b\n".into(), TextFormat::Yaml),
        ("just text".into(), TextFormat::Yaml),
        ("---\n...\n---\nschema: 1\n".into(), TextFormat::Yaml),
        ("&a [*a]".into(), TextFormat::Yaml),
        (deep_seq, TextFormat::Yaml),
        (deep_map, TextFormat::Yaml),
        (garbage.clone(), TextFormat::Yaml),
        (String::new(), TextFormat::Json),
        ("[1,2]".into(), TextFormat::Json),
        (deep_json, TextFormat::Json),
        (garbage.clone(), TextFormat::Json),
        (String::new(), TextFormat::Toml),
        (deep_toml, TextFormat::Toml),
        (garbage, TextFormat::Toml),
    ];
    for (text, f) in cases {
        let e = parse_str(&text, "junk", f).expect_err("junk is not a consortium");
        assert!(e.iter().all(|d| d.code == "input-parse"));
    }
}

#[test]
fn yaml_quoted_digits_where_won_are_expected() {
    // A quoted "600000000" is text in YAML, refused like "1,234" (JSON and TOML agree).
    let (d, text) = yaml_fail(
        "national: 600000000, local: 300000000",
        "national: \"600000000\", local: 300000000",
    );
    assert_eq!(d.location.line, Some(line_of(&text, "\"600000000\"")));
    assert_eq!(d.location.path.as_deref(), Some("budget[3].national"));
    assert!(
        d.message.contains("600000000") && starts_korean(&d.message),
        "{}",
        d.message
    );
}

/// A parser's English stays out of the message (issue #30): a syntax error, a file that is
/// not a workbook — each message is Korean and says what to do; the parser's own words are
/// the diagnostic's `detail`, for 자세히.
#[test]
fn parser_words_are_kept_as_detail_not_message() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "bad.yaml",
            "schema: 1\nproject: {title: \"x\"\n".as_bytes(),
            "unclosed",
        ),
        ("bad.json", b"{\"schema\": 1, ".as_slice(), "EOF"),
        ("bad.xlsx", b"not a zip".as_slice(), "EOCD"),
    ];
    for (name, bytes, english) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let d = formpack::load::load(&p).unwrap_err().remove(0);
        assert!(!d.message.contains(english), "{name}: {}", d.message);
        // Names of formats and of Korean Excel's own menu are not the parser's English.
        let names = ["Excel", "xlsx", "YAML", "JSON", "TOML"];
        let latin = d
            .message
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 2 && !names.contains(w))
            .count();
        assert_eq!(latin, 0, "{name}: English in {}", d.message);
        assert!(
            d.message.contains("십시오"),
            "{name}: says what to do: {}",
            d.message
        );
        assert!(
            d.detail.as_deref().unwrap_or("").contains(english),
            "{name}: {:?}",
            d.detail
        );
    }
}

/// A line indented one space short in the middle of a member (issue #30): the parser stops
/// there, so it is a syntax error at that line, in Korean, with the parser's words as the
/// detail — never "필수 항목 ‘role’이(가) 없습니다" because the member's mapping ended early.
#[test]
fn a_bad_indent_is_a_syntax_error_not_a_missing_field() {
    let (d, text) = yaml_fail(
        "    kind: 지역혁신기관\n    role: 주관기관",
        "    kind: 지역혁신기관\n   role: 주관기관",
    );
    assert!(d.message.starts_with("YAML 문법 오류"), "{}", d.message);
    assert!(!d.message.contains("필수 항목"), "{}", d.message);
    assert_eq!(d.location.line, Some(line_of(&text, "   role: 주관기관")));
    assert_eq!(d.location.column, Some(4));
    let detail = d.detail.as_deref().unwrap_or("");
    assert!(detail.contains("expected"), "{detail}");
}

/// The same in JSON: a brace closing a member early is a syntax error where the reading
/// stopped, not the member's missing fields.
#[test]
fn a_stray_brace_in_json_is_a_syntax_error_not_a_missing_field() {
    let from = "\"kind\": \"지역혁신기관\",";
    let at = JSON.find(from).expect("the sample's first 지역혁신기관");
    let text = format!(
        "{}\"kind\": \"지역혁신기관\"}},{}",
        &JSON[..at],
        &JSON[at + from.len()..]
    );
    let d = fail(&text, TextFormat::Json);
    assert!(d.message.starts_with("JSON 문법 오류"), "{}", d.message);
    assert!(!d.message.contains("필수 항목"), "{}", d.message);
    // Where the reading stopped: the next key, which the array cannot hold.
    assert_eq!(
        d.location.line,
        Some(line_of(&text, "\"kind\": \"지역혁신기관\"},") + 1)
    );
    assert!(d.detail.is_some());
}

/// A whole number written with a decimal point (`600000000.0`, `6.0e8`) is that many won, as
/// in a workbook, where Excel keeps every number as a float (issue #30: it was refused,
/// quoted as ‘600000000’); a fraction is refused, quoted as written.
#[test]
fn a_whole_number_with_a_point_is_that_many_won() {
    let sample = parse_str(YAML, "f", TextFormat::Yaml).unwrap().0;
    for (national, local) in [("600000000.0", "300000000"), ("6.0e8", "3e8")] {
        let text = YAML.replacen(
            "national: 600000000, local: 300000000",
            &format!("national: {national}, local: {local}"),
            1,
        );
        let (data, _) = parse_str(&text, "f", TextFormat::Yaml).unwrap();
        assert_eq!(data, sample, "{national}");
    }
    let text = JSON.replacen("\"national\": 600000000", "\"national\": 600000000.0", 1);
    let (data, _) = parse_str(&text, "f", TextFormat::Json).unwrap();
    assert_eq!(data.budget, sample.budget);
    let (d, _) = yaml_fail(
        "national: 600000000, local: 300000000",
        "national: 1500000000.5, local: 300000000",
    );
    assert!(d.message.contains("‘1500000000.5’"), "{}", d.message);
}
