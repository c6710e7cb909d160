//! Limits (`src/limits.rs`): every oversized input is refused with `input-too-large`, exit 2, a
//! message that names the limit and what the file had, and no output — the previous bundle
//! stays as it was.

use std::fs;
use std::io::Write;
use std::path::Path;

use formpack::diag::Code;
use formpack::limits::Limits;
use formpack::load::{self, InputFormat};

use crate::common;
use common::{formpack, workbook_with, SAMPLE};

fn sample_text() -> String {
    fs::read_to_string(SAMPLE).unwrap()
}

/// Every file of a folder, with its bytes, for "nothing changed" comparisons.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.display().to_string(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// `input` is refused by `check` and by `build` with `input-too-large` and a message holding
/// `words`; a bundle built before into the same folder is untouched.
fn refused(input: &Path, words: &[&str]) {
    let o = formpack(&["check", input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "check exits 2");
    let err = String::from_utf8_lossy(&o.stdout) + String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("input-too-large"), "{err}");
    for w in words {
        assert!(err.contains(w), "{w:?} not in:\n{err}");
    }
    let out = input.parent().unwrap().join("bundle");
    if !out.exists() {
        let o = formpack(&["build", SAMPLE, "-o", out.to_str().unwrap()]);
        assert!(o.status.success());
    }
    let before = snapshot(&out);
    let o = formpack(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "build exits 2");
    assert_eq!(snapshot(&out), before, "the previous bundle is untouched");
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("big.yaml");
    let mut f = fs::File::create(&p).unwrap();
    f.write_all(sample_text().as_bytes()).unwrap();
    let line = format!("# {}\n", "x".repeat(1022));
    let lines = Limits::DEFAULT.input_bytes as usize / line.len() + 1;
    for _ in 0..lines {
        f.write_all(line.as_bytes()).unwrap();
    }
    drop(f);
    refused(&p, &["파일이 너무 큽니다: 8.", "(한도 8.0 MB)"]);
    // Just under the limit, the same comments are read and the sample checks clean of it.
    let small = tmp.path().join("small.yaml");
    fs::write(
        &small,
        sample_text() + &line.repeat(1000), // about 1 MB
    )
    .unwrap();
    assert!(load::load(&small).is_ok());
}

/// The sample as a workbook, with `part` replaced by `content`.
#[test]
fn a_workbook_that_inflates_past_a_limit_is_refused_before_it_is_inflated() {
    let tmp = tempfile::tempdir().unwrap();
    // A sheet of 40 MB of spaces: about 40 KB in the archive.
    let bomb = workbook_with("xl/worksheets/sheet1.xml", &vec![b' '; 40 * 1024 * 1024]);
    assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
    let p = tmp.path().join("bomb.xlsx");
    fs::write(&p, &bomb).unwrap();
    refused(
        &p,
        &[
            "xl/worksheets/sheet1.xml",
            "압축을 풀면 너무 큽니다",
            "32.0 MB",
        ],
    );
    // 2 MB of spaces is within the part limit but 1000:1 is no spreadsheet.
    let p = tmp.path().join("ratio.xlsx");
    fs::write(
        &p,
        workbook_with("xl/worksheets/sheet1.xml", &vec![b' '; 2 * 1024 * 1024]),
    )
    .unwrap();
    refused(&p, &["압축률이 비정상입니다", "한도 100배"]);
    // The sample's own workbook passes.
    let c = load::load(Path::new(SAMPLE)).unwrap().data;
    let p = tmp.path().join("sample.xlsx");
    fs::write(&p, formpack::save::to_bytes(&c, InputFormat::Xlsx).unwrap()).unwrap();
    assert!(load::load(&p).is_ok());
}

#[test]
fn yaml_aliases_past_their_limit_are_refused() {
    // The data model is typed all the way down, so an alias can only stand for a scalar or
    // one typed item; what can multiply is the number of aliases. One budget row anchored,
    // then repeated by alias one time more than the limit.
    let tmp = tempfile::tempdir().unwrap();
    let first = "  - {subproject: mgmt, member: hanbit-tp, year: 2026, category: 인건비,";
    let text = sample_text();
    assert!(text.contains(first));
    let n = Limits::DEFAULT.yaml_aliases + 1;
    let anchored = format!("  - &r {}", &first[4..]);
    let row_end =
        text[text.find(first).unwrap()..].find('\n').unwrap() + text.find(first).unwrap() + 1;
    let edited = format!(
        "{}{}{}{}",
        &text[..text.find(first).unwrap()],
        anchored,
        &text[text.find(first).unwrap() + first.len()..row_end],
        "  - *r\n".repeat(n)
    ) + &text[row_end..];
    let p = tmp.path().join("aliases.yaml");
    fs::write(&p, &edited).unwrap();
    let e = load::load(&p).unwrap_err();
    assert_eq!(e[0].code, Code::InputTooLarge, "{e:?}");
    assert!(e[0].message.contains("YAML 별칭"), "{}", e[0].message);
    assert!(e[0].location.line.is_some());
    refused(&p, &["YAML 별칭(*)이 너무 많습니다"]);
    // A few aliases are fine: the same file with ten.
    let ten = edited.replace(&"  - *r\n".repeat(n), &"  - *r\n".repeat(10));
    let p = tmp.path().join("ten.yaml");
    fs::write(&p, ten).unwrap();
    let i = load::load(&p).expect("ten aliases load");
    assert_eq!(
        i.data.budget.len(),
        load::load(Path::new(SAMPLE)).unwrap().data.budget.len() + 10
    );
}

#[test]
fn counts_and_text_lengths_over_their_limits_are_located() {
    let tmp = tempfile::tempdir().unwrap();
    let limits = Limits::DEFAULT;
    // One member over the limit, from the generator of valid consortia.
    let c = formpack::synth::consortium(limits.members as u32 + 1);
    let p = tmp.path().join("many.yaml");
    fs::write(&p, formpack::save::to_bytes(&c, InputFormat::Yaml).unwrap()).unwrap();
    let e = load::load(&p).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].code, Code::InputTooLarge);
    assert!(
        e[0].message.contains(&format!(
            "{}개 (한도 {}개)",
            c.members.len(),
            limits.members
        )),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].location.path.as_deref(), Some("members"));
    assert!(e[0].location.line.is_some());
    // At the limit: accepted.
    let c = formpack::synth::consortium(60);
    assert!(c.members.len() <= limits.members);

    // A title one character over the text limit, located at its line.
    let long = "가".repeat(limits.text_chars + 1);
    let text = sample_text();
    let title_line = text
        .lines()
        .position(|l| l.trim_start().starts_with("title:"))
        .unwrap()
        + 1;
    let edited: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == title_line {
                format!("  title: {long}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let p = tmp.path().join("long.yaml");
    fs::write(&p, edited).unwrap();
    let e = load::load(&p).unwrap_err();
    assert_eq!(e[0].code, Code::InputTooLarge);
    assert_eq!(e[0].location.path.as_deref(), Some("project.title"));
    assert_eq!(e[0].location.line, Some(title_line as u32));
    assert!(
        e[0].message
            .contains(&format!("{}자", limits.text_chars + 1)),
        "{}",
        e[0].message
    );
    refused(&p, &["글이 너무 깁니다", "project.title"]);
}

#[test]
fn template_overrides_that_nest_too_deep_or_blow_up_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let deep = tmp.path().join("deep");
    fs::create_dir(&deep).unwrap();
    let depth = Limits::DEFAULT.template_depth + 1;
    let text = format!(
        "<document>{}<p>x</p>{}</document>",
        "{{#each years}}".repeat(depth),
        "{{/each}}".repeat(depth)
    );
    fs::write(deep.join("01_application.hbs"), text).unwrap();
    let out = tmp.path().join("out");
    let o = formpack(&[
        "build",
        SAMPLE,
        "-o",
        out.to_str().unwrap(),
        "--templates",
        deep.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("01_application") && err.contains("너무 깊게"),
        "{err}"
    );
    assert!(!out.exists());

    // Within the depth limit, but 2^8 copies of 80 KB: past the rendered-size limit.
    let blow = tmp.path().join("blow");
    fs::create_dir(&blow).unwrap();
    let depth = Limits::DEFAULT.template_depth;
    let text = format!(
        "<document>{}<p>{}</p>{}</document>",
        "{{#each @root.years}}".repeat(depth),
        "가".repeat(80 * 1024 / 3),
        "{{/each}}".repeat(depth)
    );
    fs::write(blow.join("01_application.hbs"), text).unwrap();
    let o = formpack(&[
        "build",
        SAMPLE,
        "-o",
        out.to_str().unwrap(),
        "--templates",
        blow.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("문서가 너무 큽니다"), "{err}");
    assert!(!out.exists());
}

/// The sample's workbook part `part`, as text.
fn sample_part(part: &str) -> String {
    let c = load::load(Path::new(SAMPLE)).unwrap().data;
    let book = formpack::save::to_bytes(&c, InputFormat::Xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(part).unwrap(), &mut s).unwrap();
    s
}

#[test]
fn a_sheet_with_a_far_cell_is_refused_before_it_is_laid_out() {
    // Found by the fuzzer: one cell at XFD1048576 made the reader ask for a dense grid of
    // 17 billion cells and the process was killed. Now the cells' extent is streamed first.
    let tmp = tempfile::tempdir().unwrap();
    let part = "xl/worksheets/sheet1.xml";
    let sheet = sample_part(part);
    let far = sheet.replace(
        "</sheetData>",
        r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#,
    );
    assert_ne!(far, sheet);
    let p = tmp.path().join("far.xlsx");
    fs::write(&p, workbook_with(part, far.as_bytes())).unwrap();
    refused(
        &p,
        &[
            "!XFD1048576",
            "시트의 칸이 너무 넓게 퍼져 있습니다",
            "한도 2000000칸",
        ],
    );
    // A far cell with formatting only holds nothing and is read as before.
    let styled = sheet.replace(
        "</sheetData>",
        r#"<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>"#,
    );
    let p = tmp.path().join("styled.xlsx");
    fs::write(&p, workbook_with(part, styled.as_bytes())).unwrap();
    assert!(load::load(&p).is_ok());
}
