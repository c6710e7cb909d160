//! Issue #16's "grep": no figure, date, name, region, 비목 or document of a call is written in
//! the code. Every value of the built-in profile (`programs/*.toml`) is searched for in the
//! Rust sources of every crate (`src/` only; tests, `#[cfg(test)]` modules and comments are
//! left out: they quote the call on purpose). The templates may name the call: they are the
//! call's wording, chosen by the profile.

use crate::common;
use std::fs;
use std::path::Path;

use formpack::program::Program;

/// Every source file's code: comment lines and the `#[cfg(test)]` module (always last in a
/// file here) removed. (file, line number, line).
fn code_lines() -> Vec<(String, usize, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    common::rust_files(&root.join("src"), &mut files);
    for c in fs::read_dir(root.join("crates")).unwrap() {
        let src = c.unwrap().path().join("src");
        if src.is_dir() {
            common::rust_files(&src, &mut files);
        }
    }
    assert!(files.len() > 50, "found the sources: {}", files.len());
    let mut out = Vec::new();
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        let name = f.strip_prefix(root).unwrap().display().to_string();
        for (i, line) in text.lines().enumerate() {
            let t = line.trim_start();
            if t.starts_with("#[cfg(test)]") {
                break;
            }
            // Comments, and the built-in profiles' own file names (`include_str!`).
            if t.starts_with("//") || t.contains(".toml\"") {
                continue;
            }
            // A trailing comment (`code; // …`) is not code either.
            let code = match line.find(" // ") {
                Some(k) => &line[..k],
                None => line,
            };
            out.push((name.clone(), i + 1, code.to_string()));
        }
    }
    out
}

/// The values of a profile that must not appear in code, as they would be written there.
fn needles(p: &Program) -> Vec<String> {
    let mut v = vec![
        p.id.clone(),
        p.name.clone(),
        p.ministry.clone(),
        p.agency.clone(),
        p.addressee.clone(),
        format!("\"{}\"", p.deadline_time),
        format!("{}년", p.young_firm_years),
    ];
    for d in [p.period.start, p.period.end, p.deadline, p.young_firm_after] {
        v.push(d.to_string());
        v.push(format!("{}, {}, {}", d.year, d.month, d.day));
    }
    for y in p
        .years
        .iter()
        .chain([&p.deadline.year, &p.young_firm_after.year])
    {
        v.push(y.to_string());
    }
    for n in [p.national_average_total, p.national_average_year] {
        v.push(n.to_string());
        v.push(formpack::korean::won(n).replace(',', "_"));
    }
    for r in &p.regions {
        v.push(format!("\"{}\"", r.short));
        v.push(r.official.clone());
    }
    for c in &p.categories {
        v.push(format!("\"{c}\""));
    }
    for d in &p.documents {
        v.push(d.title.clone());
        v.push(d.file.clone());
    }
    v.sort();
    v.dedup();
    v
}

/// Every line that holds a value of a built-in profile.
fn search(lines: &[(String, usize, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for p in Program::builtin() {
        for n in needles(p) {
            for (f, i, l) in lines {
                if l.contains(&n) {
                    found.push(format!("{f}:{i}: `{n}` in {}", l.trim()));
                }
            }
        }
    }
    found
}

#[test]
fn no_value_of_a_built_in_profile_is_written_in_the_code() {
    let found = search(&code_lines());
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The rule code compares with the profile's percentages only: no bare 20, 40, 60 or 70 (or
/// whichever the profiles hold) in the checks and the figures.
#[test]
fn no_ratio_is_written_in_the_rules() {
    let mut pcts: Vec<i64> = Vec::new();
    for p in Program::builtin() {
        pcts.extend([
            p.match_total_min_pct,
            p.match_local_min_pct,
            p.sme_national_max_pct,
            p.sme_local_min_pct,
            p.sme_share_pct,
            p.sme_in_kind_max_pct,
        ]);
    }
    let mut found = Vec::new();
    for (f, i, l) in code_lines() {
        if !(f.starts_with("src/check/") || f == "src/figures.rs") {
            continue;
        }
        for w in l.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
            if let Ok(n) = w.parse::<i64>() {
                if pcts.contains(&n) {
                    found.push(format!("{f}:{i}: {n} in {}", l.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The search is not blind: it reads the code of every crate, and finds each kind of value
/// when it is planted in a line of code.
#[test]
fn the_search_finds_what_is_there() {
    let lines = code_lines();
    for (file, code) in [
        ("src/program/mod.rs", "pub struct Program {"),
        ("crates/formpack-pdf/src/lib.rs", "pub fn render"),
    ] {
        assert!(
            lines.iter().any(|(f, _, l)| f == file && l.contains(code)),
            "{file}"
        );
    }
    for planted in [
        "let r = \"대전\";",
        "if c == \"간접비\" {",
        "Date::new(2026, 3, 10)",
        "let avg = 14_000_000_000;",
        "\"수행기관 대표의 참여 의사 확인서\"",
    ] {
        let line = vec![("x.rs".to_string(), 1, planted.to_string())];
        assert!(!search(&line).is_empty(), "{planted}");
    }
}
