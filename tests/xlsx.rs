//! The Excel workbook: round trips, bad cells pointing at their sheet and cell, `init` and
//! `convert` through the binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use formpack::check::check_input;
use formpack::diag::{Diagnostic, SourceMap, Spot};
use formpack::load::{from_bytes, load, parse_str, xlsx, InputFormat, TextFormat};
use formpack::model::{Cell as PlanCell, Consortium, PlanBlock, PlanSection};
use formpack::save;
use formpack::workbook::grid::{grid, Cell, Sheet};
use formpack::workbook::schema::{KV_HEADERS, PLAN, PLAN_SHEET, SHEETS, TABLES};
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

/// An amount cell as Excel keeps it, a float (issue #30): `1500000000.0` and `1.5e9` are
/// 1,500,000,000 won, read silently; `1500000000.5` is refused at its cell, quoted as stored.
#[test]
fn a_won_cell_holding_a_float() {
    for stored in [1_500_000_000.0, 1.5e9] {
        let mut g = grid(Some(&sample()));
        sheet(&mut g, "사업비").rows[4][4] = Cell::Number(stored);
        let (c, _) = xlsx::parse(&plain_workbook(&g), "book.xlsx").unwrap();
        assert_eq!(c.budget[3].national, 1_500_000_000, "{stored}");
    }
    let d = one_error(|g| sheet(g, "사업비").rows[4][4] = Cell::Number(1_500_000_000.5));
    assert_at(&d, "사업비", "E5");
    assert_eq!(d.location.path.as_deref(), Some("budget[3].national"));
    assert!(d.message.contains("‘1500000000.5’"), "{}", d.message);
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

// --- the plan (사업계획) ---------------------------------------------------------------------

/// Every kind of block: two lists apart, a table with whole numbers (2026, 40) and blank
/// cells (its corner among them), a paragraph of two lines, a heading that is not scored and a table of 8 columns.
const PLAN_YAML: &str = r#"
plan:
  - heading: 사업목적 및 목표
    blocks:
      - text: 한빛 지역 제조기업 40곳에 AI를 도입합니다.
      - bullets: [현황 진단, 목표 설정]
      - text: 두 목록 사이의 문단
      - bullets: [정량 목표]
      - subheading: 정량 목표
      - table:
          - ["", 2026, 2027]
          - [AI 도입 기업, 40, "45"]
          - [비고, "", ""]
  - heading: 추진계획의 우수성
    blocks:
      - text: "세부사업별 추진 내용\n둘째 줄"
  - heading: 지역 특화 전략
    blocks:
      - table:
          - [구분, 내용, 일정, 담당, 예산, 비고, 성과, 기타]
          - [가, 나, 다, 라, 마, 바, 사, 아]
"#;

fn sample_with_plan() -> Consortium {
    let text = std::fs::read_to_string(SAMPLE).unwrap() + PLAN_YAML;
    parse_str(&text, "p.yaml", TextFormat::Yaml).unwrap().0
}

fn cells(row: &[&str]) -> Vec<PlanCell> {
    row.iter().map(|c| PlanCell(c.to_string())).collect()
}

/// A row of the 사업계획 sheet.
fn plan_row(heading: &str, kind: &str, line: &[&str]) -> Vec<Cell> {
    let text = |s: &str| {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.into())
        }
    };
    let mut row = vec![text(heading), text(kind)];
    row.extend(line.iter().map(|s| text(s)));
    row.resize(PLAN.cols.len(), Cell::Empty);
    row
}

/// The sample's grid with the given 사업계획 rows (below the header) instead of its own.
fn with_plan_rows(rows: Vec<Vec<Cell>>) -> Vec<u8> {
    let mut g = grid(Some(&sample()));
    let s = sheet(&mut g, PLAN_SHEET);
    s.rows.truncate(1);
    s.rows.extend(rows);
    plain_workbook(&g)
}

fn cell_of(map: &SourceMap, path: &str) -> String {
    let loc = map.locate(path);
    format!(
        "{}!{}",
        loc.sheet.unwrap_or_default(),
        loc.cell.unwrap_or_default()
    )
}

#[test]
fn a_plan_round_trips_through_the_workbook() {
    let c = sample_with_plan();
    let first = &c.plan[0].blocks;
    assert_eq!(
        first.iter().map(PlanBlock::key).collect::<Vec<_>>(),
        ["text", "bullets", "text", "bullets", "subheading", "table"]
    );
    assert_eq!(
        first[5],
        PlanBlock::Table(vec![
            cells(&["", "2026", "2027"]),
            cells(&["AI 도입 기업", "40", "45"]),
            cells(&["비고", "", ""]),
        ])
    );

    let bytes = save::to_bytes(&c, InputFormat::Xlsx).unwrap();
    let (back, map) = xlsx::parse(&bytes, "p.xlsx").unwrap();
    assert_eq!(back, c);
    let yaml = save::to_bytes(&back, InputFormat::Yaml).unwrap();
    let again = parse_str(
        std::str::from_utf8(&yaml).unwrap(),
        "q.yaml",
        TextFormat::Yaml,
    );
    assert_eq!(again.unwrap().0, c);

    // One row per line: the heading on every row, the kind, the text; a table row across.
    let dir = tmp();
    let path = dir.path().join("p.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let r = wb.worksheet_range(PLAN_SHEET).unwrap();
    let text = |row: u32, col: u32| match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => panic!("{row},{col}: {other:?}"),
    };
    let headers: Vec<String> = (0..10).map(|c| text(0, c)).collect();
    assert_eq!(
        headers,
        [
            "평가 항목",
            "종류",
            "내용",
            "표 2열",
            "표 3열",
            "표 4열",
            "표 5열",
            "표 6열",
            "표 7열",
            "표 8열"
        ]
    );
    let row = |i: u32| (0..5).map(|c| text(i, c)).collect::<Vec<_>>();
    assert_eq!(row(2), ["사업목적 및 목표", "목록", "현황 진단", "", ""]);
    assert_eq!(row(3), ["사업목적 및 목표", "목록", "목표 설정", "", ""]);
    assert_eq!(row(6), ["사업목적 및 목표", "소제목", "정량 목표", "", ""]);
    assert_eq!(
        row(8),
        ["사업목적 및 목표", "표", "AI 도입 기업", "40", "45"]
    );
    assert_eq!(row(9), ["사업목적 및 목표", "표", "비고", "", ""]);
    assert_eq!(text(12, 9), "아");
    assert_eq!(r.end().map(|(r, _)| r), Some(12), "no prefilled rows");
    // Prompts are notes of empty rows only: not of a table row with a blank first cell.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut notes = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/comments7.xml").unwrap(), &mut notes)
        .unwrap();
    assert!(
        notes.contains("평가 항목") && !notes.contains("점):"),
        "{notes}"
    );

    // Sections at their first 평가 항목 cell, blocks and lines at their 내용 cell.
    for (path, cell) in [
        ("plan", "사업계획!A1"),
        ("plan[0].heading", "사업계획!A2"),
        ("plan[0]", "사업계획!A2"),
        ("plan[0].blocks[0]", "사업계획!C2"),
        ("plan[0].blocks[1].bullets", "사업계획!C3"),
        ("plan[0].blocks[1].bullets[1]", "사업계획!C4"),
        ("plan[0].blocks[3]", "사업계획!C6"),
        ("plan[0].blocks[4].subheading", "사업계획!C7"),
        ("plan[0].blocks[5].table", "사업계획!C8"),
        ("plan[0].blocks[5].table[1]", "사업계획!C9"),
        ("plan[0].blocks[5].table[1][2]", "사업계획!E9"),
        ("plan[1].heading", "사업계획!A11"),
        ("plan[1].blocks[0].text", "사업계획!C11"),
        ("plan[2].heading", "사업계획!A12"),
        ("plan[2].blocks[0].table[1][7]", "사업계획!J13"),
    ] {
        assert_eq!(cell_of(&map, path), cell, "{path}");
    }

    // The same through the binary: YAML → workbook → YAML.
    let yaml_in = dir.path().join("in.yaml");
    std::fs::write(
        &yaml_in,
        std::fs::read_to_string(SAMPLE).unwrap() + PLAN_YAML,
    )
    .unwrap();
    let chain = [
        yaml_in,
        dir.path().join("b.xlsx"),
        dir.path().join("c.yaml"),
    ];
    for w in chain.windows(2) {
        let out = bin().arg("convert").arg(&w[0]).arg(&w[1]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(load(&chain[2]).unwrap().data, c);
}

#[test]
fn numbers_typed_in_plan_cells_are_text() {
    let c = sample_with_plan();
    let mut g = grid(Some(&c));
    let s = sheet(&mut g, PLAN_SHEET);
    assert_eq!(s.rows[8][3], Cell::Text("40".into()));
    s.rows[7][3] = Cell::Number(2026.0);
    s.rows[8][3] = Cell::Number(40.0);
    s.rows[8][4] = Cell::Number(45.0);
    let (back, _) = xlsx::parse(&plain_workbook(&g), "n.xlsx").unwrap();
    assert_eq!(back, c);
    // A fraction stays as typed.
    let bytes = with_plan_rows(vec![vec![
        Cell::Text("성과 및 기대효과".into()),
        Cell::Text("표".into()),
        Cell::Text("생산성".into()),
        Cell::Number(1.5),
    ]]);
    let (back, _) = xlsx::parse(&bytes, "n.xlsx").unwrap();
    assert_eq!(
        back.plan[0].blocks,
        [PlanBlock::Table(vec![cells(&["생산성", "1.5"])])]
    );
}

#[test]
fn plan_rows_make_sections_and_blocks() {
    let h = "사업목적 및 목표";
    let bytes = with_plan_rows(vec![
        // Nothing written yet: skipped.
        plan_row(h, "문단", &[]),
        plan_row("", "", &[]),
        plan_row(h, "목록", &["하나"]),
        // A blank row ends the list: a second list follows.
        plan_row(h, "목록", &[]),
        plan_row(h, "목록", &["둘"]),
        plan_row(h, "목록", &["셋"]),
        // The same heading with other spacing is the same section.
        plan_row("사업목적  및 목표", "표", &["구분", "", "값"]),
        plan_row(h, "표", &["가"]),
        plan_row(h, "표", &["나", "1", "", "", "", ""]),
        plan_row("지방자치단체 역량", "문단", &["지자체"]),
        plan_row("", "", &[]),
        // The first heading again, after another: a new section (check reports it).
        plan_row(h, "소제목", &["다시"]),
        plan_row(h, "문단", &[]),
    ]);
    let (c, map) = xlsx::parse(&bytes, "r.xlsx").unwrap();
    let bullets =
        |items: &[&str]| PlanBlock::Bullets(items.iter().map(|s| s.to_string()).collect());
    assert_eq!(
        c.plan,
        [
            PlanSection {
                heading: h.into(),
                blocks: vec![
                    bullets(&["하나"]),
                    bullets(&["둘", "셋"]),
                    PlanBlock::Table(vec![
                        cells(&["구분", "", "값"]),
                        cells(&["가", "", ""]),
                        cells(&["나", "1", ""]),
                    ]),
                ],
            },
            PlanSection {
                heading: "지방자치단체 역량".into(),
                blocks: vec![PlanBlock::Text("지자체".into())],
            },
            PlanSection {
                heading: h.into(),
                blocks: vec![PlanBlock::Subheading("다시".into())],
            },
        ]
    );
    assert_eq!(cell_of(&map, "plan[0].heading"), "사업계획!A4");
    assert_eq!(cell_of(&map, "plan[0].blocks[1]"), "사업계획!C6");
    assert_eq!(cell_of(&map, "plan[0].blocks[2].table[2]"), "사업계획!C10");
    assert_eq!(cell_of(&map, "plan[2].heading"), "사업계획!A13");

    // Only blank rows, or headings with nothing under them: no plan.
    let bytes = with_plan_rows(vec![plan_row(h, "문단", &[]), plan_row("", "", &[])]);
    assert!(xlsx::parse(&bytes, "r.xlsx").unwrap().0.plan.is_empty());
}

#[test]
fn a_bad_plan_row_is_an_error_at_its_cell() {
    // The sample's grid lists the four scored headings on rows 2–5, with nothing under them.
    let d = one_error(|g| {
        let s = sheet(g, PLAN_SHEET);
        s.rows[2][1] = Cell::Text("글".into());
        s.rows[2][2] = Cell::Text("내용".into());
    });
    assert_at(&d, PLAN_SHEET, "B3");
    assert!(
        d.message.contains("‘글’") && d.message.contains("문단, 목록, 소제목, 표"),
        "{}",
        d.message
    );
    let d = one_error(|g| {
        let s = sheet(g, PLAN_SHEET);
        s.rows[1][1] = Cell::Empty;
        s.rows[1][2] = Cell::Text("내용".into());
    });
    assert_at(&d, PLAN_SHEET, "B2");
    assert!(d.message.contains("종류가 비어 있습니다"), "{}", d.message);
    let d = one_error(|g| {
        let s = sheet(g, PLAN_SHEET);
        s.rows[3][0] = Cell::Empty;
        s.rows[3][2] = Cell::Text("내용".into());
    });
    assert_at(&d, PLAN_SHEET, "A4");
    assert!(d.message.contains("평가 항목이 비어"), "{}", d.message);
    // A table cell on a row that is not a table row would be lost.
    let d = one_error(|g| sheet(g, PLAN_SHEET).rows[4][5] = Cell::Text("값".into()));
    assert_at(&d, PLAN_SHEET, "F5");
    assert!(d.message.contains("표 4열"), "{}", d.message);
    // A bad kind on a row with nothing in it is a blank row.
    let mut g = grid(Some(&sample()));
    sheet(&mut g, PLAN_SHEET).rows[1][1] = Cell::Text("글".into());
    assert!(xlsx::parse(&plain_workbook(&g), "book.xlsx").is_ok());
}

#[test]
fn a_workbook_without_the_plan_sheet_reads_as_before() {
    let dir = tmp();
    let path = dir.path().join("book.xlsx");
    for c in [Some(sample()), None] {
        let full = grid(c.as_ref());
        assert_eq!(full.last().unwrap().name, PLAN_SHEET);
        let mut without = full.clone();
        without.retain(|s| s.name != PLAN_SHEET);
        let mut empty = full.clone();
        sheet(&mut empty, PLAN_SHEET).rows.clear();
        let read = |g: &[Sheet]| from_bytes(&plain_workbook(g), &path, InputFormat::Xlsx).unwrap();
        let before = read(&without);
        assert!(before.data.plan.is_empty());
        if let Some(c) = &c {
            assert_eq!(&before.data, c);
        }
        let (_, expected) = check_input(&before);
        if c.is_none() {
            // The blank workbook: plenty to fill in, so the comparison means something.
            assert!(expected.len() > 10, "{expected:#?}");
        }
        for g in [&full, &empty] {
            let input = read(g);
            assert_eq!(input.data, before.data);
            assert_eq!(check_input(&input).1, expected);
        }
    }
}

#[test]
fn a_table_too_wide_for_the_sheet_is_refused() {
    let mut c = sample();
    c.plan = vec![PlanSection {
        heading: "성과 및 기대효과".into(),
        blocks: vec![PlanBlock::Table(vec![cells(&["1"; 9])])],
    }];
    let e = save::to_bytes(&c, InputFormat::Xlsx).unwrap_err();
    assert_eq!(e.kind(), save::SaveErrorKind::Workbook);
    let why = std::error::Error::source(&e).unwrap().to_string();
    assert!(why.contains("9열") && why.contains("8열"), "{why}");
}

// --- init ------------------------------------------------------------------------------------

#[test]
fn init_xlsx_has_the_six_sheets_and_headers() {
    let dir = tmp();
    let path = dir.path().join("blank.xlsx");
    let st = bin().args(["init", "--xlsx"]).arg(&path).status().unwrap();
    assert!(st.success());
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let mut names = SHEETS.map(String::from).to_vec();
    names.push(PLAN_SHEET.into());
    assert_eq!(wb.sheet_names(), names);
    let kv = wb.worksheet_range("과제").unwrap();
    for (i, h) in KV_HEADERS.iter().enumerate() {
        assert_eq!(
            kv.get_value((0, i as u32)),
            Some(&Data::String(h.to_string()))
        );
    }
    for t in TABLES.iter().chain([&PLAN]) {
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
    // The plan's sheet lists the scored headings, with nothing under them: no plan.
    let plan = wb.worksheet_range(PLAN_SHEET).unwrap();
    let headings: Vec<_> = (1..5)
        .map(|r| {
            (
                plan.get_value((r, 0)).cloned(),
                plan.get_value((r, 1)).cloned(),
            )
        })
        .collect();
    let text = |s: &str| Some(Data::String(s.into()));
    assert_eq!(
        headings,
        [
            (text("사업목적 및 목표"), text("문단")),
            (text("추진계획의 우수성"), text("문단")),
            (text("지방자치단체 역량"), text("문단")),
            (text("성과 및 기대효과"), text("문단")),
        ]
    );
    assert!(c.plan.is_empty());
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
    // 사업계획: the kinds as a drop-down, each heading's prompt as the note of its 내용 cell.
    let unzip = |part: &str| {
        let out = Command::new("unzip")
            .arg("-p")
            .arg(&path)
            .arg(part)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(unzip("xl/worksheets/sheet7.xml").contains(r#""문단,목록,소제목,표""#));
    let notes = unzip("xl/comments7.xml");
    assert!(
        notes.contains("사업목적 및 목표 (20점): 지역 주력산업의 AI 전환 필요성"),
        "{notes}"
    );
    assert!(notes.contains("평가 항목"), "the header notes too");
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
