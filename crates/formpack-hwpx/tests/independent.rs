//! An independent reader decodes our files: HwpForge's HWPX codec (crates.io
//! `hwpforge-smithy-hwpx`), which has its own package, header and section parsers. It must
//! decode every sample without error, find the text, and read the table spans back as the
//! model has them.

use crate::common;

use hwpforge_smithy_hwpx::{HwpxDecoder, HwpxReader};

fn body_text(bytes: &[u8]) -> String {
    let view = HwpxReader::read_paragraphs(bytes, 0, None).expect("paragraphs");
    view.paragraphs
        .iter()
        .map(|p| p.text.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn hwpforge_decodes_the_rich_sample_with_its_text_and_spans() {
    let d = common::rich();
    let bytes = formpack_hwpx::render(&d).unwrap();
    let decoded = HwpxDecoder::decode(&bytes).expect("HwpForge decodes the file");
    assert_eq!(decoded.document.sections().len(), 1);
    let text = body_text(&bytes);
    for want in [
        "사업신청서",
        "1. 사업 개요",
        "6,300,000,000",
        "☑ 주관기관 확인 ☐ 참여기관 확인 & <태그>",
        "가. 참여기관",
        "중소벤처기업부장관 귀하",
    ] {
        assert!(text.contains(want), "{want:?} not in\n{text}");
    }

    // The budget table: 5 rows × 4 columns with the model's spans.
    let outline = HwpxReader::outline(&bytes).expect("outline");
    let ordinal = outline
        .tables
        .iter()
        .find(|t| t.rows == Some(5) && t.cols == Some(4))
        .expect("the 5×4 budget table")
        .ordinal;
    let t = HwpxReader::read_table(&bytes, ordinal).expect("table");
    let span = |text: &str| {
        let c = t
            .cells
            .iter()
            .find(|c| c.text.trim() == text)
            .unwrap_or_else(|| panic!("no cell {text:?} in {:?}", t.cells));
        (c.row, c.col, c.row_span, c.col_span)
    };
    assert_eq!(span("구분"), (0, 0, 2, 1));
    assert_eq!(span("사업비(원)"), (0, 1, 1, 2));
    assert_eq!(span("비고"), (0, 3, 2, 1));
    assert_eq!(span("국비"), (1, 1, 1, 1));
    assert_eq!(span("2차년도"), (3, 0, 2, 1));
    assert_eq!(span("세 칸 병합"), (4, 1, 1, 3));
    assert_eq!(t.cells.len(), 14);
}

#[test]
fn hwpforge_decodes_every_sample() {
    let mut docs = vec![
        ("rich".to_string(), common::rich()),
        ("hand-built".to_string(), common::hand_built()),
    ];
    let mut draft = common::rich();
    draft.watermark = Some("초안".into());
    docs.push(("draft".into(), draft));
    let seal = common::seal_png;
    docs.push(("official".into(), common::official::official_form(seal())));
    docs.push(("unusable".into(), common::official::unusable_values(seal())));
    docs.push(("nested-20".into(), common::official::deeply_nested(20)));
    docs.extend(common::realistic());
    for (name, d) in docs {
        let bytes = formpack_hwpx::render(&d).unwrap();
        HwpxDecoder::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let outline = HwpxReader::outline(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Every table of the document, with a cell for every model cell it reads.
        for t in &outline.tables {
            let view = HwpxReader::read_table(&bytes, t.ordinal)
                .unwrap_or_else(|e| panic!("{name}: table {}: {e}", t.ordinal));
            assert!(
                !view.cells.is_empty(),
                "{name}: table {} has no cells",
                t.ordinal
            );
        }
    }
}

#[test]
fn hwpforge_reads_the_nested_tables_and_their_text() {
    let d = common::official::official_form(common::seal_png());
    let bytes = formpack_hwpx::render(&d).unwrap();
    HwpxDecoder::decode(&bytes).expect("HwpForge decodes the file");
    let outline = HwpxReader::outline(&bytes).expect("outline");
    let cells: Vec<Vec<String>> = outline
        .tables
        .iter()
        .map(|t| {
            let view = HwpxReader::read_table(&bytes, t.ordinal).expect("table");
            view.cells
                .iter()
                .map(|c| c.text.trim().to_string())
                .collect()
        })
        .collect();
    // The three tables before it, the table of tables, then the four inside it in order,
    // then the table of pictures.
    assert_eq!(cells.len(), 9, "{cells:?}");
    assert_eq!(cells[3][0], "표 안의 표");
    assert!(cells[3][1].starts_with("바깥 칸 첫 문단"), "{:?}", cells[3]);
    assert_eq!(cells[4], ["안 표 가", "안 표 나"]);
    assert_eq!(cells[5], ["둘째 층"]);
    assert_eq!(cells[6], ["셋째 층"]);
    assert_eq!(cells[7], ["홀로 선 표"]);
    // Twenty levels: the body table and eight inside it.
    let deep = formpack_hwpx::render(&common::official::deeply_nested(20)).unwrap();
    HwpxDecoder::decode(&deep).expect("HwpForge decodes the deep file");
    assert_eq!(HwpxReader::outline(&deep).unwrap().tables.len(), 9);
}
