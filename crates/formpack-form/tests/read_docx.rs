//! Reading a (filled) DOCX form into formpack's document model: the three real forms in
//! `fixtures/forms/`, one of them filled first, and small hand-made documents for what the
//! real forms lack (nested tables, pictures, text boxes, page fields) and for malformed input.

use std::io::{Cursor, Write};
use std::path::Path;

use formpack_doc::style::Rgb;
use formpack_doc::{Block, Document, Field, LineSpacing, Table, VAlign};
use formpack_form::{Direction, Fill, Form, Limits, Plan, Read, Rows, Target, Value};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/forms")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn open(bytes: &[u8]) -> Form {
    Form::open(bytes, &Limits::DEFAULT).expect("opens")
}

fn read(bytes: &[u8]) -> Read {
    open(bytes).document().expect("reads")
}

/// The body's text, then the running header's and footer's (as `Form::text` lists the body
/// part before the header and footer parts).
fn all_text(d: &Document) -> String {
    let mut out = d.plain_text();
    for blocks in [&d.running.header, &d.running.footer] {
        let mut part = Document::new("");
        part.blocks = blocks.clone();
        out.push_str(&part.plain_text());
    }
    out
}

/// Every non-empty line of `expected` is in `text`, in the same order. Check box glyphs are
/// left out of both: the reader draws a legacy check box field as one, the filler's text
/// has none for it.
fn assert_in_order(text: &str, expected: &str) {
    let unboxed = |s: &str| s.replace(['☐', '☑'], "");
    let (text, expected) = (unboxed(text), unboxed(expected));
    let mut at = 0;
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        match text[at..].find(line) {
            Some(k) => at += k + line.len(),
            None => panic!(
                "{line:?} is not in the read text after byte {at}:\n{}",
                &text[at..]
            ),
        }
    }
}

fn tables(d: &Document) -> Vec<&Table> {
    d.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// The text of the cell right of the first cell whose text is `label`.
fn right_of(d: &Document, label: &str) -> Option<String> {
    tables(d).into_iter().find_map(|t| {
        t.rows.iter().find_map(|r| {
            let i = r.cells.iter().position(|c| c.text().trim() == label)?;
            r.cells.get(i + 1).map(|c| c.text())
        })
    })
}

#[test]
fn every_fixture_reads_with_the_forms_words_in_order() {
    for name in [
        "nwe_research_proposal_form.docx",
        "docxform_content_controls.docx",
        "docxtpl_order_table.docx",
    ] {
        let form = open(&fixture(name));
        let r = form.document().unwrap();
        let expected = form.text().unwrap();
        assert!(expected.lines().count() > 10, "{name}");
        assert_in_order(&all_text(&r.document), &expected);
        assert!(r.document.title.is_empty() && r.document.author.is_empty());
    }
}

/// A part of a package, as text.
fn part(bytes: &[u8], name: &str) -> String {
    use std::io::Read as _;
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Each body-level table's grid width (the sum of its `w:gridCol`), in millimetres.
fn grid_widths(document_xml: &str) -> Vec<f32> {
    let doc = roxmltree::Document::parse(document_xml).unwrap();
    let body = doc
        .descendants()
        .find(|n| {
            n.has_tag_name((
                "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                "body",
            ))
        })
        .unwrap();
    body.children()
        .filter(|n| n.tag_name().name() == "tbl")
        .map(|t| {
            t.descendants()
                .filter(|n| n.tag_name().name() == "gridCol")
                .map(|g| {
                    let w = g.attributes().find(|a| a.name() == "w").unwrap();
                    w.value().parse::<f32>().unwrap() * 25.4 / 1440.0
                })
                .sum()
        })
        .collect()
}

#[test]
fn research_proposal_form_tables_page_footer_lists_and_legacy_fields() {
    let bytes = fixture("nwe_research_proposal_form.docx");
    let form = open(&bytes);
    let r = form.document().unwrap();
    let d = &r.document;

    // A4 with 663-twip margins, the footer 709 twips from the bottom.
    assert!((d.page.width - 210.0).abs() < 0.1 && (d.page.height - 297.0).abs() < 0.1);
    assert!((d.page.margin_top - 11.69).abs() < 0.01, "{:?}", d.page);
    assert!((d.page.margin_left - 11.69).abs() < 0.01);
    assert!((d.running.footer_bottom - 12.51).abs() < 0.01);

    // Nine tables, each as wide as its grid, the grid's columns as they are.
    let ts = tables(d);
    let grids = grid_widths(&part(&bytes, "word/document.xml"));
    assert_eq!(ts.len(), 9);
    assert_eq!(grids.len(), 9);
    for (t, g) in ts.iter().zip(&grids) {
        let sum: f32 = t.widths.iter().sum();
        assert!((sum - g).abs() < 0.01, "{sum} vs grid {g}");
        assert_eq!(t.width, Some(sum));
        for row in &t.rows {
            let cols: usize = row.cells.iter().map(|c| c.colspan).sum();
            assert!(cols <= t.widths.len());
        }
    }
    // The reference box floats at the page's top right in Word: here it comes first, right.
    assert_eq!(ts[0].align, formpack_doc::Align::Right);
    assert_eq!(ts[0].rows[0].cells[0].text(), "CREDO REFERENCE");
    assert!(ts[0].rows[0].height.is_some());

    // Label cells and what stands beside them (a legacy text field's result).
    assert_eq!(
        right_of(d, "Project Title/Acronym:").as_deref(),
        Some(
            "Collaborative design environments to support interdisciplinary research and learning"
        )
    );
    assert_eq!(
        right_of(d, "Deadline for Submission:").as_deref(),
        Some("30 June 2004")
    );
    let label = ts
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .find(|c| c.text() == "Project Title/Acronym:")
        .unwrap();
    let b = label.borders.expect("borders resolved");
    assert_eq!((b.left.width, b.top.width), (0.5, 0.5));
    assert!(!label.shade && label.fill.is_none());
    assert_eq!(label.valign, VAlign::Bottom);
    let pad = label.padding.expect("padding");
    assert!((pad.left - 1.905).abs() < 0.01 && pad.top == 0.0);
    let run = &label.paragraphs[0].runs[0];
    assert_eq!(run.size.or(Some(label.paragraphs[0].size)), Some(8.0));
    assert_eq!(run.face, Some(formpack_doc::Face::Sans), "Verdana");

    // The numbered questions carry Word's list labels.
    let text = d.plain_text();
    assert!(text.contains("1.\tIs the research solely literature-based?"));
    assert!(text.contains("14.\tDoes the research involve participants"));
    // A drop-down shows its chosen entry.
    assert!(text.contains("Co-applicant"));

    // 45 legacy check boxes, as many ☑ as the form has checked.
    let inv = form.inspect().unwrap();
    let on = inv.checks.iter().filter(|c| c.1).count();
    let off = inv.checks.len() - on;
    assert_eq!(inv.checks.len(), 45);
    assert_eq!(text.matches('☑').count(), on);
    assert_eq!(text.matches('☐').count(), off);

    // The default footer: the page number as a field, then the form's code.
    let footer = all_text(&Document {
        blocks: d.running.footer.clone(),
        ..Document::new("")
    });
    assert!(footer.contains("RPA(1) –RES.GOV.CHECK"), "{footer}");
    let page_run = d
        .running
        .footer
        .iter()
        .find_map(|b| match b {
            Block::Paragraph(p) => p.runs.iter().find(|r| r.field.is_some()),
            _ => None,
        })
        .expect("page field");
    assert_eq!(page_run.field, Some(Field::Page));
    assert!(d.footer.pages_numbered);

    // The page break before part 1 of the ethics review, and the footnote at the end.
    assert!(d.blocks.contains(&Block::PageBreak));
    assert!(text.trim_end().ends_with("without financial commitment"));
    assert!(r
        .omitted
        .iter()
        .any(|o| o.what == "각주" && o.text_kept && o.block < d.blocks.len()));
}

#[test]
fn content_control_form_is_letter_with_its_glyph_boxes_and_grey_placeholder() {
    let r = read(&fixture("docxform_content_controls.docx"));
    let d = &r.document;
    assert!((d.page.width - 215.9).abs() < 0.01 && (d.page.height - 279.4).abs() < 0.01);
    assert!((d.page.margin_left - 25.4).abs() < 0.01);
    let text = d.plain_text();
    assert!(text.contains("☐Check Box Content Control\n"));
    assert!(text.contains("☒Another Check Box Content Control\n"));
    assert!(text.contains("Plain Text Content Control\n"));
    assert!(text.contains("9/7/2022"));
    // The placeholder text keeps the PlaceholderText style's grey.
    let placeholder = d
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph(p) if p.text() == "Choose an item." => Some(p),
            _ => None,
        })
        .unwrap();
    assert_eq!(placeholder.runs[0].color, Some(Rgb(0x80, 0x80, 0x80)));
    // Calibri (the theme's minor font), 11 pt, 8 pt after, 259/240 lines.
    assert_eq!(placeholder.size, 11.0);
    assert_eq!(placeholder.face, formpack_doc::Face::Sans);
    assert!((placeholder.space_after - 160.0 * 25.4 / 1440.0).abs() < 0.01);
    match placeholder.line_spacing {
        Some(LineSpacing::Factor(f)) => assert!(f > 1.0 && f < 1.6, "{f}"),
        other => panic!("{other:?}"),
    }
    assert!(r.omitted.is_empty());
}

#[test]
fn order_table_takes_its_style_header_fill_bands_and_borders() {
    let bytes = fixture("docxtpl_order_table.docx");
    let d = read(&bytes).document;
    let ts = tables(&d);
    assert_eq!(ts.len(), 1);
    let t = ts[0];
    let want: Vec<f32> = [6204.0, 1417.0, 142.0, 1467.0]
        .iter()
        .map(|w| w * 25.4 / 1440.0)
        .collect();
    for (a, b) in t.widths.iter().zip(&want) {
        assert!((a - b).abs() < 0.01);
    }
    assert_eq!(t.rows.len(), 5);
    // Header row: the style's first-row format (accent fill, bold white text).
    let head = &t.rows[0].cells;
    assert_eq!(head.len(), 3);
    assert_eq!(head[2].colspan, 2);
    assert_eq!(head[0].fill, Some(Rgb(0x4F, 0x81, 0xBD)));
    let run = &head[0].paragraphs[0].runs[0];
    assert!(run.bold);
    assert_eq!(run.color, Some(Rgb(255, 255, 255)));
    assert!(head.iter().all(|c| !c.shade));
    // The first body row is band 1 (light accent), the second band 2 (no fill).
    assert_eq!(t.rows[1].cells[0].fill, Some(Rgb(0xD3, 0xDF, 0xEE)));
    assert_eq!(t.rows[2].cells[0].fill, None);
    // tblLook turns the first column's format on (bold), not the last column's.
    assert!(t.rows[2].cells[0].paragraphs[0].runs[0].bold);
    assert!(!t.rows[2].cells[1].paragraphs[0].runs[0].bold);
    assert!(!t.rows[2].cells[2].paragraphs[0].runs[0].bold);
    // Banded rows draw no line between them; the table's outer edge is the style's 1 pt.
    let b = t.rows[2].cells[0].borders.unwrap();
    assert_eq!(b.top.width, 0.0);
    assert_eq!(b.left.width, 1.0);
    assert_eq!(b.left.color, Rgb(0x7B, 0xA0, 0xCD));
    // The cell's own thick top line (3 pt) wins over the style.
    let total = &t.rows[4].cells[0];
    assert_eq!(total.text(), "Total");
    assert_eq!(total.borders.unwrap().top.width, 3.0);
    // Table cells of the style: no space after.
    assert_eq!(total.paragraphs[0].space_after, 0.0);
    assert_eq!(t.size, 11.0);
}

fn label(l: &str, v: &str) -> Fill {
    Fill {
        target: Target::Label {
            label: l.into(),
            direction: Direction::Right,
            occurrence: None,
        },
        value: Value::One(v.into()),
    }
}

#[test]
fn a_filled_form_reads_back_with_its_values_in_their_cells() {
    let form = open(&fixture("nwe_research_proposal_form.docx"));
    let plan = Plan {
        fills: vec![
            label("Project Title/Acronym:", "지역 AI 전환 실증 / AX-Region"),
            Fill {
                target: Target::Name("Text33".into()),
                value: Value::One("30 June 2026".into()),
            },
            Fill {
                target: Target::Check {
                    label: "stakeholders?".into(),
                    row: None,
                    occurrence: None,
                },
                value: Value::Check(true),
            },
        ],
        rows: vec![],
    };
    let before = form.document().unwrap().document;
    let filled = form.fill(&plan).unwrap();
    let d = read(&filled.bytes).document;
    assert_eq!(
        right_of(&d, "Project Title/Acronym:").as_deref(),
        Some("지역 AI 전환 실증 / AX-Region")
    );
    assert_eq!(
        right_of(&d, "Deadline for Submission:").as_deref(),
        Some("30 June 2026")
    );
    let stake = |d: &Document| {
        tables(d)
            .into_iter()
            .flat_map(|t| &t.rows)
            .flat_map(|r| &r.cells)
            .find(|c| c.text().ends_with("stakeholders?"))
            .map(|c| c.text())
            .unwrap()
    };
    assert!(stake(&before).starts_with('☐'));
    assert!(stake(&d).starts_with('☑'), "{}", stake(&d));
    // Nothing else moved: as many tables and blocks as before.
    assert_eq!(d.blocks.len(), before.blocks.len());

    // Repeated rows of the order table read back as rows of the table.
    let form = open(&fixture("docxtpl_order_table.docx"));
    let plan = Plan {
        fills: vec![Fill {
            target: Target::Name("customer_name".into()),
            value: Value::One("김철수".into()),
        }],
        rows: vec![Rows {
            table: "Description".into(),
            occurrence: None,
            row: Some(3),
            block: 1,
            items: (1..=3)
                .map(|k| vec![format!("item {k}"), format!("{k}"), format!("{k}.00")])
                .collect(),
            drop_sample_rows: formpack_form::DropRows::Count(1),
        }],
    };
    let d = read(&form.fill(&plan).unwrap().bytes).document;
    assert!(d.plain_text().starts_with("Dear 김철수,\n"));
    let t = tables(&d)[0];
    assert_eq!(t.rows.len(), 3 + 3);
    let row: Vec<String> = t.rows[4].cells.iter().map(|c| c.text()).collect();
    assert_eq!(row, ["item 3", "3", "3.00"]);
    let korean = d.blocks.iter().find_map(|b| match b {
        Block::Paragraph(p) => p.runs.iter().find(|r| r.text.contains("김철수")),
        _ => None,
    });
    assert!(korean.is_some());
}
