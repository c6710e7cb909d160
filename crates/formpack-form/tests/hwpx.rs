//! Real HWPX forms that nobody here wrote (`fixtures/forms/`, sources and licences in
//! `SOURCES.md`), filled in place: what `inspect` finds, values read back at the addressed
//! places, every untouched zip entry byte-identical, HwpForge decoding the result, and
//! python-hwpx finding nothing the original did not already have.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use formpack_form::{
    Direction, DropRows, ErrorKind, Fill, Form, Limits, NamedKind, Plan, Rows, Target, Value,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(root().join("fixtures/forms").join(name)).expect("fixture")
}

fn open(b: &[u8]) -> Form {
    Form::open(b, &Limits::DEFAULT).expect("opens")
}

fn name(n: &str, v: &str) -> Fill {
    Fill {
        target: Target::Name(n.into()),
        value: Value::One(v.into()),
    }
}

fn label(l: &str, d: Direction, occurrence: Option<usize>, v: &str) -> Fill {
    Fill {
        target: Target::Label {
            label: l.into(),
            direction: d,
            occurrence,
        },
        value: Value::One(v.into()),
    }
}

/// Each entry: name, compression method, CRC, compressed bytes, uncompressed bytes.
type Entry = (String, u16, u32, Vec<u8>, Vec<u8>);

fn entries(b: &[u8]) -> Vec<Entry> {
    let mut z = zip::ZipArchive::new(Cursor::new(b)).expect("zip");
    (0..z.len())
        .map(|i| {
            let mut raw = Vec::new();
            let (name, method, crc) = {
                let mut f = z.by_index_raw(i).unwrap();
                f.read_to_end(&mut raw).unwrap();
                #[allow(deprecated)]
                let m = f.compression().to_u16();
                (f.name().to_string(), m, f.crc32())
            };
            let mut data = Vec::new();
            z.by_index(i).unwrap().read_to_end(&mut data).unwrap();
            (name, method, crc, raw, data)
        })
        .collect()
}

/// Same entries in the same order; those not in `edited` byte-identical, compressed bytes
/// included; returns the names that differ.
fn untouched_identical(orig: &[u8], filled: &[u8]) -> Vec<String> {
    let (a, b) = (entries(orig), entries(filled));
    let names = |e: &[Entry]| e.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "entry order kept");
    let mut changed = Vec::new();
    for (x, y) in a.iter().zip(&b) {
        if x.4 != y.4 {
            changed.push(x.0.clone());
        } else {
            assert_eq!(
                (x.1, x.2, &x.3),
                (y.1, y.2, &y.3),
                "{}: raw bytes kept",
                x.0
            );
        }
    }
    changed
}

fn part(b: &[u8], name: &str) -> String {
    let e = entries(b);
    let (_, _, _, _, data) = e.iter().find(|x| x.0 == name).expect("part");
    String::from_utf8(data.clone()).unwrap()
}

/// HwpForge (an independent codec) decodes the file, and its text.
fn hwpforge_text(b: &[u8]) -> String {
    use hwpforge_smithy_hwpx::{HwpxDecoder, HwpxReader};
    HwpxDecoder::decode(b).expect("HwpForge decodes the filled form");
    let mut out = String::new();
    for p in HwpxReader::read_paragraphs(b, 0, None).unwrap().paragraphs {
        out.push_str(&p.text);
        out.push('\n');
    }
    let outline = HwpxReader::outline(b).unwrap();
    for t in &outline.tables {
        for c in HwpxReader::read_table(b, t.ordinal).unwrap().cells {
            out.push_str(&c.text);
            out.push('\n');
        }
    }
    out
}

fn fill(form: &str, plan: &Plan) -> (Vec<u8>, Vec<u8>, formpack_form::Filled) {
    let orig = bytes(form);
    let filled = open(&orig)
        .fill(plan)
        .unwrap_or_else(|e| panic!("{form}: {e}"));
    (orig, filled.bytes.clone(), filled)
}

/// Fill, read back, and check what every test checks.
fn fill_and_check(form: &str, plan: &Plan) -> (Vec<u8>, formpack_form::Filled) {
    let (orig, out, filled) = fill(form, plan);
    let read = open(&out).read(plan).expect("reads back");
    let placed: Vec<_> = filled
        .placed
        .iter()
        .filter(|p| !p.place.starts_with("{{"))
        .cloned()
        .collect();
    let mut want = placed.clone();
    let mut got = read.clone();
    want.sort_by(|a, b| a.place.cmp(&b.place));
    got.sort_by(|a, b| a.place.cmp(&b.place));
    assert_eq!(got, want, "{form}: the values read back are those placed");
    let changed = untouched_identical(&orig, &out);
    for c in &changed {
        assert!(
            c.starts_with("Contents/section") || c == "Preview/PrvText.txt",
            "{form}: only sections and the preview change, not {c}"
        );
    }
    save(form, &out);
    (out, filled)
}

/// The filled file under `target/forms/` for the validators and for a person to look at.
fn save(form: &str, b: &[u8]) -> PathBuf {
    let dir = root().join("target/forms");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!("filled_{form}"));
    std::fs::write(&p, b).unwrap();
    p
}

#[test]
fn inspect_finds_fields_cells_tables_and_boxes_of_real_forms() {
    let inv = open(&bytes("hwpxlib_clickhere_fields.hwpx"))
        .inspect()
        .unwrap();
    let fields: Vec<(&str, usize)> = inv
        .named
        .iter()
        .filter(|f| f.kind == NamedKind::ClickHere)
        .map(|f| (f.name.as_str(), f.occurrences))
        .collect();
    assert_eq!(
        fields,
        [
            ("필드1", 1),
            ("필드2", 1),
            ("필드A", 2),
            ("필드3", 1),
            ("필드4", 1)
        ]
    );
    let cells: Vec<&str> = inv
        .named
        .iter()
        .filter(|f| f.kind == NamedKind::Cell)
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(cells, ["표3_3", "표2_2", "표4_4"]);
    assert_eq!(
        inv.tables
            .iter()
            .map(|t| (t.rows, t.cols))
            .collect::<Vec<_>>(),
        [(3, 3), (2, 2), (4, 4)]
    );

    let gold = open(&bytes("pythonhwpx_clickhere_gold_empty.hwpx"))
        .inspect()
        .unwrap();
    assert_eq!(gold.named[0].name, "NAMETEXT_THREE");
    assert_eq!(
        gold.named[0].hint, "DIRTEXT_ONE",
        "hint from the length-prefixed Command"
    );

    let bid = open(&bytes("hwpxfiller_bid_notice_clickhere.hwpx"))
        .inspect()
        .unwrap();
    let total: usize = bid.named.iter().map(|f| f.occurrences).sum();
    assert_eq!(total, 27, "27 누름틀");
    assert!(
        bid.placeholders.is_empty(),
        "the {{{{…}}}} inside 누름틀 belong to the fields: {:?}",
        bid.placeholders
    );

    let list = open(&bytes("hwpforge_ministry_list_table.hwpx"))
        .inspect()
        .unwrap();
    let head: Vec<&str> = list.tables[0].labels[..4]
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(head, ["구분", "세부내용", "담당부서", "일정"]);

    let open_data = open(&bytes("hwpxlib_open_data_standard_list.hwpx"))
        .inspect()
        .unwrap();
    assert!(open_data.checks.contains(&("기본 정보".to_string(), false)));

    let gangbuk = open(&bytes("hwpxlib_gangbuk_tender_forms.hwpx"))
        .inspect()
        .unwrap();
    assert_eq!(gangbuk.tables.len(), 44);
}

#[test]
fn click_here_fields_take_values_and_a_value_equal_to_the_hint_still_counts() {
    let plan = Plan {
        fills: vec![
            name("필드1", "한국AI융합연구원"),
            name("필드2", "필드2"),
            Fill {
                target: Target::Name("필드A".into()),
                value: Value::Each(vec!["첫째 값".into(), "둘째 & <값>".into()]),
            },
            name("필드3", "여러 줄\n둘째 줄"),
        ],
        rows: vec![],
    };
    let (out, _) = fill_and_check("hwpxlib_clickhere_fields.hwpx", &plan);
    let sec = part(&out, "Contents/section0.xml");
    assert!(sec.contains("둘째 &amp; &lt;값&gt;"), "escaped");
    assert!(sec.contains("여러 줄<hp:lineBreak/>둘째 줄"));
    // Every filled field is marked changed, the one whose value equals its hint too.
    let doc = roxmltree::Document::parse(&sec).unwrap();
    for n in doc
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.hancom.co.kr/hwpml/2011/paragraph", "fieldBegin")))
    {
        let nm = n.attribute("name").unwrap_or("");
        if ["필드1", "필드2", "필드A", "필드3"].contains(&nm) {
            assert_eq!(n.attribute("dirty"), Some("1"), "{nm}");
        } else {
            assert_eq!(n.attribute("dirty"), Some("0"), "{nm} untouched");
        }
    }
    let text = hwpforge_text(&out);
    for v in ["한국AI융합연구원", "첫째 값", "둘째 & <값>"] {
        assert!(text.contains(v), "HwpForge reads {v}");
    }
    let preview = part(&out, "Preview/PrvText.txt");
    assert!(preview.contains("한국AI융합연구원"), "{preview}");
}

#[test]
fn named_cells_each_get_their_value_and_keep_their_character_shape() {
    let each = |n: &str, v: [&str; 4]| Fill {
        target: Target::Name(n.into()),
        value: Value::Each(v.iter().map(|s| s.to_string()).collect()),
    };
    let plan = Plan {
        fills: vec![
            each(
                "name",
                [
                    "대전광역시",
                    "재단법인 한빛테크노파크",
                    "한국AI융합연구원",
                    "주식회사 다온비전",
                ],
            ),
            each("kor", ["1", "2", "3", "4"]),
            name("날짜", "2026. 3. 9."),
        ],
        rows: vec![],
    };
    let (out, _) = fill_and_check("hwpxlib_named_cell_score_table.hwpx", &plan);
    let text = hwpforge_text(&out);
    assert!(text.contains("재단법인 한빛테크노파크") && !text.contains("개똥이"));
    let sec = part(&out, "Contents/section0.xml");
    let orig = part(
        &bytes("hwpxlib_named_cell_score_table.hwpx"),
        "Contents/section0.xml",
    );
    let run_of = |s: &str, v: &str| {
        let k = s.find(v).unwrap();
        s[..k]
            .rfind("<hp:run ")
            .map(|r| s[r..r + 30].to_string())
            .unwrap()
    };
    assert_eq!(
        run_of(&sec, "한국AI융합연구원"),
        run_of(&orig, "칠득이").replace("칠득이", "")
    );

    let press = Plan {
        fills: vec![
            name("담당자명", "김하늘"),
            name("담당자전화번호", "(042-123-4567)"),
        ],
        rows: vec![],
    };
    let (out, _) = fill_and_check("rhwp_press_release_named_cells.hwpx", &press);
    let text = hwpforge_text(&out);
    assert!(text.contains("김하늘") && !text.contains("신화영"));
}

#[test]
fn labels_find_the_cell_beside_them_through_merged_cells() {
    let plan = Plan {
        fills: vec![
            label(
                "기관명",
                Direction::Right,
                Some(1),
                "재단법인 한빛테크노파크",
            ),
            label("사업자등록번호", Direction::Right, None, "305-82-12345"),
            label(
                "주소",
                Direction::Right,
                None,
                "대전광역시 유성구 테크노2로 100",
            ),
            label("성 명", Direction::Right, Some(2), "김실무"),
        ],
        rows: vec![],
    };
    let (out, _) = fill_and_check("hwpforge_rnd_plan_form.hwpx", &plan);
    let text = hwpforge_text(&out);
    for v in ["재단법인 한빛테크노파크", "305-82-12345", "김실무"] {
        assert!(text.contains(v), "{v}");
    }
    assert!(!text.contains("(우)"), "the cell's old text went");

    // A label that repeats needs an occurrence; a missing one lists what the form has.
    let form = open(&bytes("hwpforge_rnd_plan_form.hwpx"));
    let ambiguous = form
        .fill(&Plan {
            fills: vec![label("성명", Direction::Right, None, "x")],
            rows: vec![],
        })
        .unwrap_err();
    assert_eq!(ambiguous.kind(), ErrorKind::Ambiguous);
    assert!(ambiguous.message().contains("occurrence"), "{ambiguous}");
    let missing = form
        .fill(&Plan {
            fills: vec![label("대표자 성명", Direction::Right, None, "x")],
            rows: vec![],
        })
        .unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::Missing);
    assert!(missing.message().contains("사업자등록번호"), "{missing}");
}

/// The 44-member list: a table with a header row, sample rows and a merged last row.
fn members_plan(n: usize, drop: DropRows) -> Plan {
    Plan {
        fills: vec![],
        rows: vec![Rows {
            table: "구분".into(),
            occurrence: None,
            row: None,
            block: 1,
            items: (1..=n)
                .map(|i| {
                    vec![
                        format!("{i}"),
                        format!("참여기관 {i:02} 주식회사"),
                        format!("담당 {i}"),
                        "2026.04".into(),
                    ]
                })
                .collect(),
            drop_sample_rows: drop,
        }],
    }
}

/// Every grid position covered by exactly one cell, addresses as the rows stand.
fn grid_is_whole(sec: &str) {
    let doc = roxmltree::Document::parse(sec).unwrap();
    let hp = "http://www.hancom.co.kr/hwpml/2011/paragraph";
    for tbl in doc.descendants().filter(|n| n.has_tag_name((hp, "tbl"))) {
        let rows: Vec<_> = tbl
            .children()
            .filter(|n| n.has_tag_name((hp, "tr")))
            .collect();
        let rc: usize = tbl.attribute("rowCnt").unwrap().parse().unwrap();
        let cc: usize = tbl.attribute("colCnt").unwrap().parse().unwrap();
        assert_eq!(rows.len(), rc, "rowCnt");
        let mut seen = vec![vec![0u8; cc]; rc];
        for (r, tr) in rows.iter().enumerate() {
            for tc in tr.children().filter(|n| n.has_tag_name((hp, "tc"))) {
                let a = tc
                    .children()
                    .find(|n| n.has_tag_name((hp, "cellAddr")))
                    .unwrap();
                let s = tc
                    .children()
                    .find(|n| n.has_tag_name((hp, "cellSpan")))
                    .unwrap();
                let row: usize = a.attribute("rowAddr").unwrap().parse().unwrap();
                let col: usize = a.attribute("colAddr").unwrap().parse().unwrap();
                assert_eq!(row, r, "rowAddr of row {r}");
                let rs: usize = s.attribute("rowSpan").unwrap().parse().unwrap();
                let cs: usize = s.attribute("colSpan").unwrap().parse().unwrap();
                for line in seen.iter_mut().skip(row).take(rs) {
                    for x in line.iter_mut().skip(col).take(cs) {
                        *x += 1;
                    }
                }
            }
        }
        assert!(
            seen.iter().flatten().all(|&x| x == 1),
            "every position once: {seen:?}"
        );
    }
}

#[test]
fn forty_four_rows_repeat_with_their_borders_and_the_sample_rows_go() {
    let plan = members_plan(44, DropRows::Alike);
    let (out, filled) = fill_and_check("hwpforge_ministry_list_table.hwpx", &plan);
    assert_eq!(filled.placed.len(), 44 * 4);
    let sec = part(&out, "Contents/section0.xml");
    grid_is_whole(&sec);
    // Header, 44 items, the merged last row: the sample rows and the blank ones went.
    assert!(
        sec.contains("rowCnt=\"46\""),
        "7 rows − 5 like the first + 44"
    );
    assert!(!sec.contains("관련 지침 검토"), "sample row removed");
    assert!(
        !sec.contains("<hp:linesegarray>")
            || !sec.contains("참여기관 01 주식회사</hp:t></hp:run><hp:linesegarray>")
    );
    // Every item row has the sample row's cell shapes (borders, shading): same borderFillIDRef.
    let orig = part(
        &bytes("hwpforge_ministry_list_table.hwpx"),
        "Contents/section0.xml",
    );
    let fills = |s: &str, row_text: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(s).unwrap();
        let tr = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "tr")
            .find(|tr| tr.descendants().any(|t| t.text() == Some(row_text)))
            .unwrap();
        tr.children()
            .filter(|c| c.tag_name().name() == "tc")
            .map(|c| c.attribute("borderFillIDRef").unwrap().to_string())
            .collect()
    };
    let sample = fills(&orig, "추진배경");
    assert_eq!(fills(&sec, "참여기관 01 주식회사"), sample);
    assert_eq!(fills(&sec, "참여기관 44 주식회사"), sample);
    let text = hwpforge_text(&out);
    assert!(text.contains("참여기관 44 주식회사"));
    // The table grew by 44 rows' height less the five removed (all as tall as the sample row).
    let height = |s: &str| -> i64 {
        let k = s.find("<hp:sz ").unwrap();
        let h = &s[k..][s[k..].find("height=\"").unwrap() + 8..];
        h[..h.find('"').unwrap()].parse().unwrap()
    };
    assert!(
        height(&sec) > height(&orig) * 4 && height(&sec) < height(&orig) * 6,
        "{} → {}",
        height(&orig),
        height(&sec)
    );

    // Kept sample rows: 44 items after the header, the five old rows still below.
    let (out, _) = fill_and_check(
        "hwpforge_ministry_list_table.hwpx",
        &members_plan(3, DropRows::None),
    );
    let sec = part(&out, "Contents/section0.xml");
    grid_is_whole(&sec);
    assert!(sec.contains("rowCnt=\"9\"") && sec.contains("협의 결과 반영"));
}

#[test]
fn a_list_with_a_total_row_keeps_it_and_a_wrong_cell_count_is_refused() {
    // Score table: 이름/국어/영어/수학, four named rows, then 합계.
    let plan = Plan {
        fills: vec![],
        rows: vec![Rows {
            table: "이름".into(),
            occurrence: None,
            row: None,
            block: 1,
            items: (0..6)
                .map(|i| vec![format!("기관{i}"), "1".into(), "2".into(), "3".into()])
                .collect(),
            drop_sample_rows: DropRows::Alike,
        }],
    };
    let (out, _) = fill_and_check("hwpxlib_named_cell_score_table.hwpx", &plan);
    let sec = part(&out, "Contents/section0.xml");
    grid_is_whole(&sec);
    assert!(sec.contains("합계") && !sec.contains("육손이"));
    let mut bad = plan.clone();
    bad.rows[0].items[2].pop();
    let e = open(&bytes("hwpxlib_named_cell_score_table.hwpx"))
        .fill(&bad)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Plan);
    assert!(e.message().contains("3번째 항목"), "{e}");
}

#[test]
fn check_boxes_are_set_from_booleans() {
    let plan = Plan {
        fills: vec![Fill {
            target: Target::Check {
                label: "기본 정보".into(),
                row: None,
                occurrence: None,
            },
            value: Value::Check(true),
        }],
        rows: vec![],
    };
    let (out, filled) = fill_and_check("hwpxlib_open_data_standard_list.hwpx", &plan);
    assert_eq!(filled.placed[0].value, "■");
    let inv = open(&out).inspect().unwrap();
    assert!(inv.checks.contains(&("기본 정보".into(), true)));
    assert!(inv.checks.contains(&("상세 정보".into(), false)));
}

#[test]
fn hancoms_form_control_check_boxes_are_set_by_caption() {
    let check = |label: &str, occurrence: usize, on: bool| Fill {
        target: Target::Check {
            label: label.into(),
            row: None,
            occurrence: Some(occurrence),
        },
        value: Value::Check(on),
    };
    let inv = open(&bytes("rhwp_item_checkbox_form.hwpx"))
        .inspect()
        .unwrap();
    assert!(inv.checks.contains(&("원천기술형".into(), false)));
    assert!(inv.checks.contains(&("혁신제품형".into(), true)));
    let plan = Plan {
        fills: vec![check("원천기술형", 1, true), check("혁신제품형", 1, false)],
        rows: vec![],
    };
    let (out, filled) = fill_and_check("rhwp_item_checkbox_form.hwpx", &plan);
    assert_eq!(filled.placed[0].value, "☑");
    let sec = part(&out, "Contents/section0.xml");
    let first = |caption: &str| -> String {
        let k = sec
            .find(&format!("caption=\"{caption}\" value=\""))
            .unwrap();
        sec[k..k + 60].to_string()
    };
    assert!(
        first("원천기술형").contains("value=\"CHECKED\""),
        "{}",
        first("원천기술형")
    );
    assert!(first("혁신제품형").contains("value=\"UNCHECKED\""));
    // The second item's boxes are untouched.
    let orig = part(
        &bytes("rhwp_item_checkbox_form.hwpx"),
        "Contents/section0.xml",
    );
    let count = |s: &str, v: &str| s.matches(&format!("value=\"{v}\"")).count();
    // One box checked and one cleared: as many checked as before, one changed place each.
    assert_eq!(count(&sec, "CHECKED"), count(&orig, "CHECKED"));
    assert_eq!(count(&sec, "UNCHECKED"), count(&orig, "UNCHECKED"));
    assert_ne!(sec, orig);
}

#[test]
fn forms_formpack_cannot_fill_safely_are_refused_with_what_to_do() {
    // An OLE compound file whose directory names HWP 5.0's streams, and one naming Word's.
    let ole = |streams: &[&str]| -> Vec<u8> {
        let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        b.resize(512, 0);
        for s in streams {
            b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
            b.resize(b.len() + 64, 0);
        }
        b
    };
    let e = Form::open(&ole(&["FileHeader", "BodyText"]), &Limits::DEFAULT)
        .err()
        .unwrap();
    assert_eq!(e.kind(), ErrorKind::Hwp5);
    assert!(e.message().contains("HWPX"), "{e}");
    let e = Form::open(&ole(&["WordDocument"]), &Limits::DEFAULT)
        .err()
        .unwrap();
    assert!(
        e.message().contains(".docx") && !e.message().contains(".hwp"),
        "{e}"
    );
    let e = Form::open(b"SCDSA002\0\0 wrapped", &Limits::DEFAULT)
        .err()
        .unwrap();
    assert_eq!(e.kind(), ErrorKind::Encrypted);
    let e = Form::open(b"plain text", &Limits::DEFAULT).err().unwrap();
    assert_eq!(e.kind(), ErrorKind::NotAForm);
    let tiny = Limits {
        entry_bytes: 1000,
        ..Limits::DEFAULT
    };
    let e = Form::open(&bytes("hwpxlib_clickhere_fields.hwpx"), &tiny)
        .err()
        .unwrap();
    assert_eq!(e.kind(), ErrorKind::TooLarge, "{e}");
    let few = Limits {
        nodes: 50,
        ..Limits::DEFAULT
    };
    let e = Form::open(&bytes("hwpxlib_clickhere_fields.hwpx"), &few)
        .unwrap()
        .inspect()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooLarge, "{e}");
    let e = open(&bytes("hwpxlib_clickhere_fields.hwpx"))
        .fill(&Plan {
            fills: vec![name("없는이름", "x")],
            rows: vec![],
        })
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Missing);
    assert!(
        e.message().contains("필드1") && e.message().contains("표3_3"),
        "{e}"
    );
}

fn python_with_hwpx() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("HWPX_PYTHON") {
        candidates.push(p.into());
    }
    candidates.push(root().join(".venv-hwpx/bin/python"));
    candidates.push("python3".into());
    candidates.into_iter().find(|py| {
        Command::new(py)
            .args(["-c", "import hwpx.tools.validator"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn python_hwpx_finds_nothing_new_in_filled_forms() {
    let cases: Vec<(&str, Plan)> = vec![
        (
            "hwpforge_ministry_list_table.hwpx",
            members_plan(44, DropRows::Alike),
        ),
        (
            "hwpxlib_clickhere_fields.hwpx",
            Plan {
                fills: vec![name("필드1", "값"), name("표3_3", "셀 값")],
                rows: vec![],
            },
        ),
        (
            "hwpforge_rnd_plan_form.hwpx",
            Plan {
                fills: vec![label("기관명", Direction::Right, Some(1), "한빛")],
                rows: vec![],
            },
        ),
        (
            "rhwp_press_release_named_cells.hwpx",
            Plan {
                fills: vec![name("담당자명", "김하늘")],
                rows: vec![],
            },
        ),
        (
            "hwpxfiller_bid_notice_clickhere.hwpx",
            Plan {
                fills: vec![name("공고명", "AI 전환 사업"), name("수량", "3")],
                rows: vec![],
            },
        ),
        (
            "hwpxlib_gangbuk_tender_forms.hwpx",
            Plan {
                fills: vec![label(
                    "업체명",
                    Direction::Right,
                    Some(1),
                    "주식회사 다온비전",
                )],
                rows: vec![],
            },
        ),
    ];
    let check = |label: &str, on: bool| Fill {
        target: Target::Check {
            label: label.into(),
            row: None,
            occurrence: Some(1),
        },
        value: Value::Check(on),
    };
    let cases = [
        cases,
        vec![
            (
                "hwpxlib_named_cell_score_table.hwpx",
                Plan {
                    fills: vec![name("날짜", "2026. 3. 9."), name("표1", "기관")],
                    rows: vec![],
                },
            ),
            (
                "hwpxlib_open_data_standard_list.hwpx",
                Plan {
                    fills: vec![check("상세 정보", true)],
                    rows: vec![],
                },
            ),
            (
                "pythonhwpx_clickhere_gold_empty.hwpx",
                Plan {
                    fills: vec![name("NAMETEXT_THREE", "DIRTEXT_ONE")],
                    rows: vec![],
                },
            ),
            (
                "rhwp_item_checkbox_form.hwpx",
                Plan {
                    fills: vec![check("원천기술형", true), check("혁신제품형", false)],
                    rows: vec![],
                },
            ),
        ],
    ]
    .concat();
    assert_eq!(cases.len(), 10, "every real HWPX form of fixtures/forms");
    let mut paths = Vec::new();
    for (form, plan) in &cases {
        let (_, out, _) = fill(form, plan);
        hwpforge_text(&out);
        paths.push((form, save(&format!("v_{form}"), &out)));
    }
    let Some(python) = python_with_hwpx() else {
        if std::env::var_os("FORMPACK_REQUIRE_HWPX_VALIDATOR").is_some_and(|v| v == "1") {
            panic!("python-hwpx not found");
        }
        eprintln!("skipped: python-hwpx not found (scripts/hwpx/validate.sh installs it)");
        return;
    };
    for (form, path) in paths {
        let out = Command::new(&python)
            .arg(root().join("scripts/hwpx/compare.py"))
            .arg(root().join("fixtures/forms").join(form))
            .arg(&path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed, 0 failed"),
            "{form}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn forty_four_members_inside_a_merged_form_grow_the_merges_that_cross_them() {
    // 연구개발계획서: the 공동연구개발기관 list under a two-row merged header (기관명 … 비고 →
    // 역할/기관유형); its left column cells span the category rows. Row 36 (the second row
    // of 공동연구개발기관) is repeated: the 6-row and 2-row merges beside it grow by 43.
    let items: Vec<Vec<String>> = (1..=44)
        .map(|i| {
            vec![
                format!("참여기관{i:02}"),
                format!("책임자{i}"),
                "책임연구원".into(),
                format!("010-0000-{i:04}"),
                format!("m{i}@example.kr"),
                "수요기업".into(),
                "AI기업".into(),
            ]
        })
        .collect();
    let plan = Plan {
        fills: vec![],
        rows: vec![Rows {
            table: "기관명".into(),
            occurrence: Some(2),
            row: Some(36),
            block: 1,
            items,
            drop_sample_rows: DropRows::None,
        }],
    };
    let (out, _) = fill_and_check("hwpforge_rnd_plan_form.hwpx", &plan);
    let sec = part(&out, "Contents/section0.xml");
    grid_is_whole(&sec);
    let doc = roxmltree::Document::parse(&sec).unwrap();
    let span_of = |text: &str| -> String {
        let tc = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "tc")
            .find(|tc| tc.descendants().any(|t| t.text() == Some(text)))
            .unwrap();
        let s = tc
            .children()
            .find(|c| c.tag_name().name() == "cellSpan")
            .unwrap();
        s.attribute("rowSpan").unwrap().to_string()
    };
    assert_eq!(span_of("공동연구개발기관"), "45", "2 + 43");
    assert_eq!(span_of("위탁연구개발기관"), "2", "below: unchanged");
    let text = hwpforge_text(&out);
    assert!(text.contains("참여기관44") && text.contains("m44@example.kr"));
}

/// The form `name` with `part`'s text changed by `edit`, zipped again.
fn with_part(name: &str, part_name: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (n, _, _, _, data) in entries(&bytes(name)) {
        let data = if n == part_name {
            edit(String::from_utf8(data).unwrap()).into_bytes()
        } else {
            data
        };
        out.start_file(n, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut out, &data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn deep_nesting_and_too_many_places_hit_the_input_limits() {
    let deep = with_part(
        "hwpxlib_clickhere_fields.hwpx",
        "Contents/section0.xml",
        |s| {
            let k = s.rfind("</hs:sec>").unwrap();
            let nest = "<hp:x>".repeat(400) + &"</hp:x>".repeat(400);
            format!("{}{nest}{}", &s[..k], &s[k..])
        },
    );
    let e = open(&deep).inspect().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooLarge, "{e}");
    assert!(e.message().contains("중첩"), "{e}");
    let many = Plan {
        fills: (0..100_001)
            .map(|i| name("필드1", &i.to_string()))
            .collect(),
        rows: vec![],
    };
    let e = open(&bytes("hwpxlib_clickhere_fields.hwpx"))
        .fill(&many)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooLarge, "{e}");
}
