//! The Excel workbook: round trips, bad cells pointing at their sheet and cell, `init` and
//! `convert` through the binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use formpack::diag::{Diagnostic, Spot};
use formpack::load::{load, parse_str, xlsx, InputFormat, TextFormat};
use formpack::model::Consortium;
use formpack::save;
use formpack::workbook::grid::{grid, Cell, Sheet};
use formpack::workbook::schema::{KV_HEADERS, SHEETS, TABLES};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/sample-consortium.yaml"
);

fn sample() -> Consortium {
    load(Path::new(SAMPLE)).expect("the sample loads").data
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_formpack"))
}

/// The test's own workbook writer: plain cells from a grid, no styling (dates get a date
/// format, which is how Excel marks a number as a date).
fn plain_workbook(sheets: &[Sheet]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).unwrap();
        for (r, row) in s.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::Empty => {}
                    Cell::Text(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    Cell::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    Cell::Date(d) => {
                        let dt = ExcelDateTime::from_ymd(d.year as u16, d.month as u8, d.day as u8)
                            .unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn sheet<'a>(g: &'a mut [Sheet], name: &str) -> &'a mut Sheet {
    g.iter_mut().find(|s| s.name == name).unwrap()
}

/// The sample's grid with one change, written and read back: the single diagnostic.
fn one_error(edit: impl FnOnce(&mut Vec<Sheet>)) -> Diagnostic {
    let mut g = grid(Some(&sample()));
    edit(&mut g);
    let bytes = plain_workbook(&g);
    let errs = xlsx::parse(&bytes, "book.xlsx").expect_err("the change is an error");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let d = errs.into_iter().next().unwrap();
    assert_eq!(d.code, "input-parse");
    d
}

fn assert_at(d: &Diagnostic, sheet: &str, cell: &str) {
    assert_eq!(d.location.sheet.as_deref(), Some(sheet), "{d:#?}");
    assert_eq!(d.location.cell.as_deref(), Some(cell), "{d:#?}");
    assert!(
        d.message.contains(&format!("{sheet}!{cell}")),
        "the message names the cell: {}",
        d.message
    );
    assert_eq!(d.location.file.as_deref(), Some("book.xlsx"));
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

// --- round trips -----------------------------------------------------------------------------

#[test]
fn yaml_to_workbook_to_model_is_equal() {
    let c = sample();
    let bytes = save::to_bytes(&c, InputFormat::Xlsx).unwrap();
    let (back, map) = xlsx::parse(&bytes, "s.xlsx").unwrap();
    assert_eq!(back, c);
    // Every field is located at its cell.
    let cell = |p: &str| match map.spots.get(p) {
        Some(Spot::Cell { sheet, cell }) => format!("{sheet}!{cell}"),
        other => panic!("{p}: {other:?}"),
    };
    assert_eq!(cell("budget[3].local"), "사업비!F5");
    assert_eq!(cell("budget[3].national"), "사업비!E5");
    assert_eq!(cell("members[1].representative.name"), "참여기관!G3");
    assert_eq!(cell("members[1].eligibility.equity"), "참여기관!R3");
    assert_eq!(cell("project.region"), "과제!B7");
    assert_eq!(
        cell("local_contribution.schedule[1].amount"),
        "지방비납입!B3"
    );
    assert_eq!(cell("local_contribution.account.bank"), "과제!B26");
    // A blank cell is located too, so a field-missing finding points at the cell to fill.
    assert_eq!(cell("members[0].founded"), "참여기관!J2");
    let loc = map.locate("members[0].eligibility");
    assert_eq!(loc.sheet.as_deref(), Some("참여기관"));
}

#[test]
fn plain_workbook_reads_the_same() {
    // The reader does not depend on formpack's own styling.
    let c = sample();
    let bytes = plain_workbook(&grid(Some(&c)));
    assert_eq!(xlsx::parse(&bytes, "p.xlsx").unwrap().0, c);
}

#[test]
fn columns_by_header_not_position() {
    let c = sample();
    let mut g = grid(Some(&c));
    // Swap two columns of 사업비 and give a header a suffix.
    let s = sheet(&mut g, "사업비");
    for row in &mut s.rows {
        row.swap(4, 7);
    }
    s.rows[0][5] = Cell::Text("지방비 (원)".into());
    // Thousands separators in text, an ISO date as text, TRUE for 예, a blank row.
    let s = sheet(&mut g, "사업비");
    let local = s.rows[1][5].clone();
    let Cell::Number(n) = local else { panic!() };
    s.rows[1][5] = Cell::Text(format!(
        "{},{:03},{:03}",
        n as i64 / 1_000_000,
        (n as i64 / 1000) % 1000,
        n as i64 % 1000
    ));
    s.rows.insert(3, vec![Cell::Empty; 8]);
    let s = sheet(&mut g, "참여기관");
    s.rows[2][9] = Cell::Text("1999-08-16".into());
    let s = sheet(&mut g, "세부사업");
    s.rows[2][4] = Cell::Bool(true);
    let (back, map) = xlsx::parse(&plain_workbook(&g), "p.xlsx").unwrap();
    assert_eq!(back, c);
    // After the blank row, budget[2] is on row 5.
    assert_eq!(
        map.spots.get("budget[2].national"),
        Some(&Spot::Cell {
            sheet: "사업비".into(),
            cell: "H5".into()
        })
    );
}

#[test]
fn text_formats_round_trip() {
    let c = sample();
    let json = String::from_utf8(save::to_bytes(&c, InputFormat::Json).unwrap()).unwrap();
    let from_json = parse_str(&json, "s.json", TextFormat::Json).unwrap().0;
    assert_eq!(from_json, c);
    let toml = String::from_utf8(save::to_bytes(&from_json, InputFormat::Toml).unwrap()).unwrap();
    let from_toml = parse_str(&toml, "s.toml", TextFormat::Toml).unwrap().0;
    assert_eq!(from_toml, c);
    let yaml = String::from_utf8(save::to_bytes(&from_toml, InputFormat::Yaml).unwrap()).unwrap();
    let from_yaml = parse_str(&yaml, "s.yaml", TextFormat::Yaml).unwrap().0;
    assert_eq!(from_yaml, c);
}

#[test]
fn convert_chain_through_every_format() {
    let dir = tmp();
    let p = |n: &str| dir.path().join(n);
    let chain: Vec<PathBuf> = vec![
        PathBuf::from(SAMPLE),
        p("a.xlsx"),
        p("b.yaml"),
        p("c.json"),
        p("d.toml"),
        p("e.xlsx"),
        p("f.yaml"),
    ];
    for w in chain.windows(2) {
        let out = bin().arg("convert").arg(&w[0]).arg(&w[1]).output().unwrap();
        assert!(
            out.status.success(),
            "{:?}: {}",
            w,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let original = sample();
    for f in &chain[1..] {
        assert_eq!(load(f).unwrap().data, original, "{}", f.display());
    }
    // Determinism: the same model gives the same workbook bytes.
    assert_eq!(
        std::fs::read(p("a.xlsx")).unwrap(),
        std::fs::read(p("e.xlsx")).unwrap()
    );
    // Converting overwrites an existing target (documented), but never the input itself.
    let out = bin()
        .arg("convert")
        .arg(p("c.json"))
        .arg(p("b.yaml"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = bin()
        .arg("convert")
        .arg(p("b.yaml"))
        .arg(p("b.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn convert_reports_a_bad_input_and_writes_nothing() {
    let dir = tmp();
    let mut g = grid(Some(&sample()));
    sheet(&mut g, "사업비").rows[2][4] = Cell::Number(0.5);
    let from = dir.path().join("bad.xlsx");
    std::fs::write(&from, plain_workbook(&g)).unwrap();
    let to = dir.path().join("out.yaml");
    let out = bin().arg("convert").arg(&from).arg(&to).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("사업비!E3"));
    assert!(!to.exists());
}

// --- bad cells -------------------------------------------------------------------------------

#[test]
fn text_in_an_amount() {
    let d = one_error(|g| sheet(g, "사업비").rows[4][4] = Cell::Text("삼억".into()));
    assert_at(&d, "사업비", "E5");
    assert_eq!(d.location.path.as_deref(), Some("budget[3].national"));
    assert!(d.message.contains("국비"), "{}", d.message);
}

#[test]
fn misplaced_separators_are_text() {
    let d = one_error(|g| sheet(g, "사업비").rows[2][5] = Cell::Text("12,34".into()));
    assert_at(&d, "사업비", "F3");
}

#[test]
fn a_fraction_of_a_won() {
    let d = one_error(|g| sheet(g, "취득자산").rows[1][6] = Cell::Number(1234.5));
    assert_at(&d, "취득자산", "G2");
    assert_eq!(d.location.path.as_deref(), Some("assets[0].unit_price"));
    assert!(d.message.contains("1234.5"), "{}", d.message);
}

#[test]
fn an_unknown_region_typed_by_hand() {
    // The region is free text in the model (region-ineligible is a rule of `check`, exactly
    // as for a YAML file): the workbook loads, and the finding will point at the cell.
    let mut g = grid(Some(&sample()));
    let s = sheet(&mut g, "과제");
    let row = s
        .rows
        .iter()
        .position(|r| r[0] == Cell::Text("지역".into()))
        .unwrap();
    s.rows[row][1] = Cell::Text("서울특별시".into());
    let (c, map) = xlsx::parse(&plain_workbook(&g), "book.xlsx").unwrap();
    assert_eq!(c.project.region.as_deref(), Some("서울특별시"));
    let loc = map.locate("project.region");
    assert_eq!(loc.sheet.as_deref(), Some("과제"));
    assert_eq!(loc.cell.as_deref(), Some("B7"));
    assert_eq!(loc.to_string(), "book.xlsx 과제!B7 (project.region)");
}

#[test]
fn an_unknown_value_in_a_closed_list_column() {
    // A kind is an enum of the model: a hand-typed value is an input-parse error at its cell.
    let d = one_error(|g| sheet(g, "참여기관").rows[3][2] = Cell::Text("학교".into()));
    assert_at(&d, "참여기관", "C4");
    assert_eq!(d.location.path.as_deref(), Some("members[2].kind"));
    assert!(d.message.contains("학교"), "{}", d.message);
}

#[test]
fn a_missing_required_column() {
    let d = one_error(|g| {
        for row in &mut sheet(g, "사업비").rows {
            row.remove(5); // 지방비
        }
    });
    // Named at the first free header cell, where the column should be added.
    assert_at(&d, "사업비", "H1");
    assert!(d.message.contains("지방비"), "{}", d.message);
}

#[test]
fn an_optional_column_may_be_left_out() {
    let mut g = grid(Some(&sample()));
    for row in &mut sheet(&mut g, "참여기관").rows {
        row.pop(); // 직인 파일
    }
    assert!(xlsx::parse(&plain_workbook(&g), "book.xlsx").is_ok());
}

#[test]
fn an_extra_unknown_column() {
    let d = one_error(|g| {
        let s = sheet(g, "세부사업");
        s.rows[0].push(Cell::Text("비고".into()));
        s.rows[1].push(Cell::Text("메모".into()));
    });
    assert_at(&d, "세부사업", "F1");
    assert!(d.message.contains("비고"), "{}", d.message);
}

#[test]
fn an_empty_sheet() {
    let d = one_error(|g| sheet(g, "취득자산").rows.clear());
    assert_at(&d, "취득자산", "A1");
}

#[test]
fn a_missing_sheet() {
    let d = one_error(|g| g.retain(|s| s.name != "세부사업"));
    assert_eq!(d.location.sheet.as_deref(), Some("세부사업"));
    assert!(d.message.contains("세부사업"));
}

#[test]
fn an_impossible_date_and_a_bad_id() {
    let d = one_error(|g| sheet(g, "지방비납입").rows[1][2] = Cell::Text("2026-02-30".into()));
    assert_at(&d, "지방비납입", "C2");
    let d = one_error(|g| sheet(g, "사업비").rows[1][1] = Cell::Text("Hanbit TP".into()));
    assert_at(&d, "사업비", "B2");
    assert_eq!(d.location.path.as_deref(), Some("budget[0].member"));
}

#[test]
fn a_missing_required_value_points_at_its_blank_cell() {
    let d = one_error(|g| sheet(g, "참여기관").rows[2][20] = Cell::Empty); // 국세·지방세 체납
    assert_at(&d, "참여기관", "U3");
    assert!(d.message.contains("tax_arrears"), "{}", d.message);
}

#[test]
fn all_cell_errors_are_reported_together() {
    let mut g = grid(Some(&sample()));
    sheet(&mut g, "사업비").rows[1][4] = Cell::Number(0.5);
    sheet(&mut g, "참여기관").rows[2][16] = Cell::Text("몰라".into());
    let errs = xlsx::parse(&plain_workbook(&g), "book.xlsx").unwrap_err();
    let cells: Vec<_> = errs
        .iter()
        .map(|d| d.location.cell.clone().unwrap())
        .collect();
    assert_eq!(cells, ["Q3", "E2"]);
}

#[test]
fn not_a_workbook() {
    let errs = xlsx::parse(b"not a zip", "x.xlsx").unwrap_err();
    assert_eq!(errs[0].code, "input-parse");
}

// --- init ------------------------------------------------------------------------------------

#[test]
fn init_xlsx_has_the_six_sheets_and_headers() {
    let dir = tmp();
    let path = dir.path().join("blank.xlsx");
    let st = bin().args(["init", "--xlsx"]).arg(&path).status().unwrap();
    assert!(st.success());
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), SHEETS.map(String::from).to_vec());
    let kv = wb.worksheet_range("과제").unwrap();
    for (i, h) in KV_HEADERS.iter().enumerate() {
        assert_eq!(
            kv.get_value((0, i as u32)),
            Some(&Data::String(h.to_string()))
        );
    }
    for t in &TABLES {
        let r = wb.worksheet_range(t.sheet).unwrap();
        for (i, c) in t.cols.iter().enumerate() {
            assert_eq!(
                r.get_value((0, i as u32)),
                Some(&Data::String(c.header.to_string())),
                "{} column {i}",
                t.sheet
            );
        }
    }
    let budget: Vec<String> = TABLES[2]
        .cols
        .iter()
        .map(|c| c.header.to_string())
        .collect();
    assert_eq!(
        budget,
        [
            "세부사업 id",
            "기관 id",
            "연도",
            "비목",
            "국비",
            "지방비",
            "민간 현금",
            "민간 현물"
        ]
    );
    // It loads: an empty consortium with the schema, program and revision prefilled.
    let c = load(&path).unwrap().data;
    assert_eq!(
        (c.schema, c.program.as_str(), c.revision),
        (1, "ai-transition-2026", 1)
    );
    assert!(c.members.is_empty());
    // Same bytes every time.
    let again = dir.path().join("again.xlsx");
    assert!(bin()
        .args(["init", "--xlsx"])
        .arg(&again)
        .status()
        .unwrap()
        .success());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

#[test]
fn init_xlsx_has_drop_downs_notes_and_formats() {
    // Look inside the package: data validations for the closed lists, notes, frozen panes,
    // number formats.
    let bytes = save::blank(
        InputFormat::Xlsx,
        formpack::program::Program::default_builtin(),
    )
    .unwrap();
    let dir = tmp();
    let path = dir.path().join("b.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let out = Command::new("unzip")
        .arg("-p")
        .arg(&path)
        .arg("xl/worksheets/sheet2.xml")
        .output();
    let Ok(out) = out else { return }; // no unzip on this machine
    if !out.status.success() {
        return;
    }
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(
        xml.contains(r#""광역지자체,지역혁신기관,대학,출연연,AI기업,기타""#),
        "kind list"
    );
    assert!(xml.contains(r#""정상,휴업,폐업""#));
    assert!(xml.contains(r#""예,아니오""#));
    assert!(xml.contains(r#"state="frozen""#));
    let styles = Command::new("unzip")
        .arg("-p")
        .arg(&path)
        .arg("xl/styles.xml")
        .output()
        .unwrap();
    let styles = String::from_utf8_lossy(&styles.stdout);
    assert!(styles.contains("#,##0") && styles.contains("yyyy-mm-dd"));
    let sheet1 = Command::new("unzip")
        .arg("-p")
        .arg(&path)
        .arg("xl/worksheets/sheet1.xml")
        .output()
        .unwrap();
    let sheet1 = String::from_utf8_lossy(&sheet1.stdout);
    assert!(
        sheet1.contains("대전광역시") && sheet1.contains("세종특별자치시"),
        "region list"
    );
    let notes = Command::new("unzip")
        .arg("-p")
        .arg(&path)
        .arg("xl/comments2.xml")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&notes.stdout).contains("자본총계"));
}

#[test]
fn init_yaml_loads_and_refuses_to_overwrite() {
    let dir = tmp();
    let path = dir.path().join("new.yaml");
    let st = bin().arg("init").arg(&path).status().unwrap();
    assert!(st.success());
    let c = load(&path).unwrap().data;
    assert_eq!(c.schema, 1);
    assert!(c.project.title.is_none() && c.application_date.is_none());
    // Every key of DATA.md is mentioned.
    let text = std::fs::read_to_string(&path).unwrap();
    for key in [
        "application_date",
        "industry",
        "director",
        "manager",
        "registration_no",
        "corporate_no",
        "representative",
        "eligibility",
        "settlement_date",
        "business_status",
        "tax_arrears",
        "seal",
        "direct_sme_support",
        "private_in_kind",
        "unit_price",
        "local_contribution",
        "payer",
        "payee",
        "schedule",
        "account",
        "period",
    ] {
        assert!(text.contains(key), "{key}");
    }
    // Refuse to overwrite, in both forms, and leave the file as it was.
    std::fs::write(&path, "내 데이터").unwrap();
    let out = bin().arg("init").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("덮어쓰지 않습니다"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "내 데이터");
    let xpath = dir.path().join("new.xlsx");
    std::fs::write(&xpath, "x").unwrap();
    let out = bin().args(["init", "--xlsx"]).arg(&xpath).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&xpath).unwrap(), "x");
    // A workbook must be named .xlsx.
    let out = bin()
        .args(["init", "--xlsx"])
        .arg(dir.path().join("w.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
