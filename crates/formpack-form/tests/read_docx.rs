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
    // Its paragraph is a frame at the right margin in Word.
    assert!(d.running.footer.iter().any(|b| matches!(b,
        Block::Paragraph(p) if p.align == formpack_doc::Align::Right && p.runs.iter().any(|r| r.field.is_some()))));
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

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math""#;

const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A DOCX of this body and these other parts (no styles unless given).
fn docx(body: &str, parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
    );
    let mut all: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
        ("word/document.xml", doc.as_bytes()),
    ];
    all.extend_from_slice(parts);
    for (name, bytes) in all {
        w.start_file(name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn rels(items: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (id, kind, target) in items {
        s.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{RELS}/{kind}" Target="{target}"/>"#
        ));
    }
    s.push_str("</Relationships>");
    s
}

fn picture(id: &str, cx: u32, cy: u32) -> String {
    format!(
        r#"<w:r><w:drawing><wp:inline><wp:extent cx="{cx}" cy="{cy}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="{id}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
    )
}

fn paragraphs(d: &Document) -> Vec<&formpack_doc::Paragraph> {
    d.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        })
        .collect()
}

#[test]
fn shapes_fields_nested_tables_pictures_and_text_boxes() {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let body = format!(
        r#"
<w:p><w:pPr><w:jc w:val="center"/><w:spacing w:before="240" w:after="120" w:line="300" w:lineRule="exact"/><w:ind w:left="720" w:right="360" w:hanging="360"/><w:keepNext/></w:pPr>
  <w:r><w:rPr><w:b/><w:u w:val="single"/><w:color w:val="FF0000"/><w:sz w:val="28"/><w:w w:val="90"/><w:spacing w:val="-28"/><w:rFonts w:ascii="Arial" w:eastAsia="바탕"/></w:rPr><w:t>제목</w:t><w:tab/><w:t>Title</w:t></w:r>
  <w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:ins><w:r><w:t> added</w:t></w:r></w:ins>
  <w:r><w:rPr><w:u w:val="none"/><w:color w:val="auto"/></w:rPr><w:t xml:space="preserve"> plain</w:t></w:r></w:p>
<w:p><w:r><w:t>before</w:t><w:br w:type="page"/><w:t>after</w:t><w:br/><w:t>line</w:t></w:r></w:p>
<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:rPr><w:vanish/></w:rPr><w:t>secret</w:t></w:r></w:p>
<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>쪽 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE \* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>4</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t> / </w:t></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t> link</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:tbl><w:tblPr><w:jc w:val="center"/><w:tblInd w:w="200" w:type="dxa"/><w:tblBorders><w:top w:val="single" w:sz="8"/><w:left w:val="single" w:sz="8"/><w:bottom w:val="double" w:sz="4"/><w:right w:val="single" w:sz="8"/><w:insideH w:val="dotted" w:sz="4"/><w:insideV w:val="dashed" w:sz="4"/></w:tblBorders><w:tblCellMar><w:left w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>
  <w:tblGrid><w:gridCol w:w="1440"/><w:gridCol w:w="2880"/><w:gridCol w:w="1440"/></w:tblGrid>
  <w:tr><w:trPr><w:tblHeader/><w:trHeight w:val="567" w:hRule="exact"/></w:trPr>
    <w:tc><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/><w:vAlign w:val="center"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>구분</w:t></w:r></w:p></w:tc>
    <w:tc><w:tcPr><w:gridSpan w:val="2"/><w:tcBorders><w:top w:val="nil"/></w:tcBorders><w:tcMar><w:top w:w="113" w:type="dxa"/></w:tcMar></w:tcPr><w:p><w:r><w:t>내용</w:t></w:r></w:p>
      <w:tbl><w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>안</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>표</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
      <w:p>{cell_picture}</w:p></w:tc></w:tr>
  <w:tr><w:tc><w:tcPr><w:vMerge/><w:tcBorders><w:bottom w:val="double" w:sz="4"/></w:tcBorders></w:tcPr><w:p/></w:tc>
    <w:tc><w:p><w:r><w:t>값</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
  <w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>가운데</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
<w:p>{picture}</w:p>
<w:p><w:r><w:t>그림 뒤</w:t></w:r>{gif}</w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="1" cy="1"/><a:graphic><a:graphicData uri="wps"><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>글상자 안</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>글상자 안</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><m:oMath><m:r><m:t>x=1</m:t></m:r></m:oMath><w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"/></a:graphic></wp:inline></w:drawing></w:r></w:p>
<w:sectPr><w:headerReference w:type="first" r:id="rH2"/><w:headerReference w:type="default" r:id="rH"/><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="850" w:header="567" w:footer="454" w:gutter="0"/><w:docGrid w:type="lines" w:linePitch="360"/></w:sectPr>"#,
        cell_picture = picture("rImg", 360000, 360000),
        picture = picture("rImg", 720000, 360000),
        gif = picture("rGif", 360000, 360000),
    );
    let header = format!(
        r#"<w:hdr {NS}><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t>머리말 </w:t></w:r><w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:hdr>"#
    );
    let r = rels(&[
        ("rImg", "image", "media/image1.png"),
        ("rGif", "image", "media/image2.gif"),
        ("rH", "header", "header1.xml"),
        ("rH2", "header", "header2.xml"),
    ]);
    let bytes = docx(
        &body,
        &[
            ("word/_rels/document.xml.rels", r.as_bytes()),
            ("word/media/image1.png", png),
            ("word/media/image2.gif", b"GIF89a...."),
            ("word/header1.xml", header.as_bytes()),
        ],
    );
    let read = read(&bytes);
    let d = &read.document;

    // Landscape A4, margins and the header's distance.
    assert!((d.page.width - 297.0).abs() < 0.1 && (d.page.height - 210.0).abs() < 0.1);
    assert!((d.page.margin_left - 15.0).abs() < 0.01 && (d.page.margin_top - 20.0).abs() < 0.01);
    assert!((d.running.header_top - 10.0).abs() < 0.01);
    assert!((d.running.footer_bottom - 8.01).abs() < 0.01);
    let head = match &d.running.header[..] {
        [Block::Paragraph(p)] => p,
        other => panic!("{other:?}"),
    };
    assert_eq!(head.align, formpack_doc::Align::Right);
    assert_eq!(head.runs[1].field, Some(Field::Page));
    assert!(d.footer.pages_numbered);

    // The first paragraph's shape and its run's look.
    let ps = paragraphs(d);
    let p = ps[0];
    assert_eq!(p.align, formpack_doc::Align::Center);
    assert!((p.space_before - 4.233).abs() < 0.01 && (p.space_after - 2.117).abs() < 0.01);
    assert!((p.indent - 12.7).abs() < 0.01 && (p.indent_right - 6.35).abs() < 0.01);
    assert!((p.first_line + 6.35).abs() < 0.01);
    assert_eq!(
        p.line_spacing,
        Some(LineSpacing::Exact(300.0 * 25.4 / 1440.0))
    );
    assert!(p.keep_with_next);
    assert_eq!(p.text(), "제목\tTitle added plain");
    let title = &p.runs[0];
    assert!(title.bold && title.underline);
    assert_eq!(title.color, Some(Rgb(255, 0, 0)));
    assert_eq!(title.size, Some(14.0));
    assert_eq!(title.scale, Some(0.9));
    assert!((title.tracking.unwrap() + 0.1).abs() < 0.001);
    assert_eq!(title.face, None, "바탕 is the paragraph's 명조");
    let latin = p.runs.iter().find(|r| r.text.contains("Title")).unwrap();
    assert_eq!(latin.face, Some(formpack_doc::Face::Sans), "Arial");
    let plain = p.runs.last().unwrap();
    assert!(!plain.underline && plain.color.is_none() && !plain.bold);

    // A page break inside a paragraph splits it; a line break stays in it.
    let at = d
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Paragraph(p) if p.text() == "before"))
        .unwrap();
    assert_eq!(d.blocks[at + 1], Block::PageBreak);
    assert!(matches!(&d.blocks[at + 2], Block::Paragraph(p) if p.text() == "after\nline"));
    // Single lines snap to the 18 pt document grid; the exact spacing above does not.
    match &d.blocks[at] {
        Block::Paragraph(p) => assert_eq!(p.line_spacing, Some(LineSpacing::AtLeast(6.35))),
        other => panic!("{other:?}"),
    }
    // A hidden paragraph is no line; pageBreakBefore; the page fields with their results.
    assert!(!d.plain_text().contains("secret"));
    assert_eq!(d.blocks[at + 3], Block::PageBreak);
    let fields = match &d.blocks[at + 4] {
        Block::Paragraph(p) => p,
        other => panic!("{other:?}"),
    };
    assert_eq!(fields.text(), "쪽 4 / 9 link");
    let f: Vec<Option<Field>> = fields.runs.iter().map(|r| r.field).collect();
    assert_eq!(f, [None, Some(Field::Page), None, Some(Field::Pages), None]);

    // The table: grid, place, header row, merged and padding cells, borders, fill, margins.
    let t = tables(d)[0];
    assert_eq!(t.widths, [25.4, 50.8, 25.4]);
    assert_eq!(t.width, Some(101.6));
    assert_eq!(t.align, formpack_doc::Align::Center);
    assert!((t.indent - 3.528).abs() < 0.01);
    assert_eq!(t.header_rows, 1);
    assert!((t.rows[0].height.unwrap() - 10.0).abs() < 0.01);
    let first = &t.rows[0].cells[0];
    assert_eq!((first.rowspan, first.colspan), (2, 1));
    assert_eq!(first.fill, Some(Rgb(0xD9, 0xD9, 0xD9)));
    assert_eq!(first.valign, VAlign::Middle);
    let b = first.borders.unwrap();
    assert_eq!((b.top.width, b.left.width, b.right.width), (1.0, 1.0, 0.5));
    assert_eq!(b.right.line, formpack_doc::LineStyle::Dashed);
    assert_eq!(
        b.bottom.line,
        formpack_doc::LineStyle::Double,
        "bottom row merged in"
    );
    assert!((first.padding.unwrap().left - 1.0).abs() < 0.01);
    let wide = &t.rows[0].cells[1];
    assert_eq!(wide.colspan, 2);
    assert_eq!(wide.borders.unwrap().top.width, 0.0, "the cell's nil wins");
    assert!((wide.padding.unwrap().top - 2.0).abs() < 0.01);
    // The nested table stands in the cell, after its first paragraph.
    assert_eq!(wide.nested.len(), 1, "the nested table is kept as a table");
    assert_eq!(wide.nested[0].after, 1);
    let inner: Vec<String> = wide.nested[0].table.rows[0]
        .cells
        .iter()
        .map(|c| c.text())
        .collect();
    assert_eq!(inner, ["안", "표"]);
    assert_eq!(wide.paragraphs[0].text(), "내용");
    assert_eq!(wide.valign, VAlign::Top);
    // The second row: the merged cell left out, two cells with the inside lines.
    let row = &t.rows[1].cells;
    assert_eq!(row.len(), 2);
    assert_eq!(row[0].text(), "값");
    assert_eq!(
        row[0].borders.unwrap().top.line,
        formpack_doc::LineStyle::Dotted
    );
    assert_eq!(
        row[0].borders.unwrap().left.line,
        formpack_doc::LineStyle::Dashed
    );
    // The third: empty cells without lines for gridBefore and gridAfter around one cell,
    // which takes the table's outer left and right lines.
    let row = &t.rows[2].cells;
    assert_eq!(row.len(), 3);
    assert_eq!(row[0].borders, Some(formpack_doc::Borders::default()));
    assert!(row[0].paragraphs.is_empty() && row[2].paragraphs.is_empty());
    let mid = row[1].borders.unwrap();
    assert_eq!(row[1].text(), "가운데");
    assert_eq!((mid.left.width, mid.right.width), (1.0, 1.0));
    assert_eq!(mid.bottom.line, formpack_doc::LineStyle::Double);
    let g = t.grid();
    assert_eq!(g.cols, 3);
    assert!(g
        .slots
        .iter()
        .flatten()
        .all(|s| !matches!(s, formpack_doc::Slot::Empty)));

    // The picture after its paragraph, 20 × 10 mm; the one in a cell held by the cell (10 mm
    // square); the GIF left out.
    let in_cell: Vec<&formpack_doc::CellImage> = d
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter()))
        .flat_map(|c| c.images.iter())
        .collect();
    assert_eq!(in_cell.len(), 1, "the cell's picture");
    assert_eq!(
        (in_cell[0].image.width, in_cell[0].image.height),
        (10.0, 10.0)
    );
    let img = d
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Image(i) => Some(i),
            _ => None,
        })
        .expect("image");
    assert_eq!((img.width, img.height), (20.0, 10.0));
    assert_eq!(img.format, formpack_doc::ImageFormat::Png);
    assert_eq!(&img.data[..4], b"\x89PNG");
    assert_eq!(
        d.blocks
            .iter()
            .filter(|b| matches!(b, Block::Image(_)))
            .count(),
        1
    );
    let text = d.plain_text();
    assert!(text.contains("그림 뒤\n"));
    // The text box once (its choice, not also its fallback), the equation's text.
    assert_eq!(text.matches("글상자 안").count(), 1);
    assert!(text.contains("x=1"));
    let what: Vec<(&str, bool)> = read
        .omitted
        .iter()
        .map(|o| (o.what.as_str(), o.text_kept))
        .collect();
    // A nested table is drawn as a table: nothing to note.
    assert!(!what.iter().any(|w| w.0 == "표 안의 표"), "{what:?}");
    for want in [
        ("그림", false),
        ("글상자", true),
        ("수식", true),
        ("차트", false),
    ] {
        assert!(what.contains(&want), "{want:?} in {what:?}");
    }
    assert_eq!(what.iter().filter(|w| w.0 == "그림").count(), 1);
    for o in &read.omitted {
        assert!(o.block < d.blocks.len(), "{o:?}");
    }
}

#[test]
fn malformed_numbers_missing_parts_and_deep_nesting_read_without_panic() {
    // Bad numbers everywhere, no styles, numbering, relationships or header part.
    let body = r#"
<w:p><w:pPr><w:spacing w:before="abc" w:after="1e999" w:line="-5" w:lineRule="exact"/><w:ind w:left="NaN" w:hanging="x"/><w:jc w:val="weird"/><w:numPr><w:ilvl w:val="99"/><w:numId w:val="42"/></w:numPr></w:pPr>
  <w:r><w:rPr><w:sz w:val="NaN"/><w:w w:val="0"/><w:color w:val="zzzzzz"/><w:spacing w:val="inf"/></w:rPr><w:t>ok1</w:t></w:r>
  <w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:sym w:char="zz"/><w:sym/></w:r></w:p>
<w:tbl><w:tblPr><w:tblInd w:w="--"/><w:tblLook w:val="zz"/><w:tblStyle w:val="nope"/></w:tblPr><w:tblGrid><w:gridCol w:w="NaN"/><w:gridCol w:w="-100"/></w:tblGrid>
  <w:tr><w:trPr><w:gridBefore w:val="99999999999999"/><w:trHeight w:val="1e40"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="-3"/><w:vMerge w:val="continue"/><w:tcBorders><w:top w:val="single" w:sz="1e9"/></w:tcBorders><w:shd w:fill="12345"/><w:tcMar><w:left w:w="x"/></w:tcMar></w:tcPr><w:p><w:r><w:t>ok2</w:t></w:r></w:p></w:tc></w:tr>
  <w:tr><w:tc><w:tcPr><w:vMerge/><w:gridSpan w:val="0"/></w:tcPr></w:tc></w:tr>
</w:tbl>
<w:tbl/>
<w:p><w:r><w:drawing><wp:inline><wp:extent cx="x" cy="-1"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rMissing"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing><w:footnoteReference w:id="7"/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>never shown: an open field's instruction</w:t></w:r></w:p>
<w:p><w:r><w:t>ok3</w:t></w:r></w:p>
<w:sectPr><w:pgSz w:w="x" w:h="0"/><w:pgMar w:top="NaN" w:left="99999999" w:header="-1e30"/><w:headerReference w:type="default" r:id="rNope"/></w:sectPr>"#;
    let bytes = docx(body, &[]);
    let r = read(&bytes);
    let d = &r.document;
    let text = d.plain_text();
    for w in ["ok1", "ok2", "ok3"] {
        assert!(text.contains(w), "{w} in {text}");
    }
    assert!(!text.contains("never shown"));
    assert_eq!((d.page.width, d.page.height), (210.0, 297.0));
    assert_eq!((d.page.margin_top, d.page.margin_left), (25.4, 25.4));
    assert!(d.running.header.is_empty());
    let t = tables(d)[0];
    assert!(t.widths.iter().all(|w| w.is_finite() && *w >= 0.0));
    assert!(t.rows[0]
        .height
        .is_none_or(|h| h.is_finite() && h <= 1000.0));
    for p in paragraphs(d) {
        assert!(p.size.is_finite() && p.space_after.is_finite() && p.indent.is_finite());
        for run in &p.runs {
            assert!(run.tracking.is_none_or(f32::is_finite));
            assert!(run.size.is_none_or(f32::is_finite));
        }
    }
    let what: Vec<&str> = r.omitted.iter().map(|o| o.what.as_str()).collect();
    assert!(what.contains(&"그림") && what.contains(&"각주"), "{what:?}");

    // styles.xml present but not XML, numbering.xml empty: defaults, still read.
    let bytes = docx(
        "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>ok</w:t></w:r></w:p>",
        &[
            ("word/styles.xml", b"<w:styles"),
            ("word/numbering.xml", b""),
        ],
    );
    let d = read(&bytes).document;
    assert_eq!(d.plain_text(), "ok\n");
    assert_eq!(paragraphs(&d)[0].size, 10.0, "Word's own default size");

    // document.xml that is not XML: an error, not a panic.
    let bytes = docx("<w:p>", &[]);
    assert!(open(&bytes).document().is_err());

    // A body without a body element, and deep nesting: tables in cells, content controls in
    // content controls, past the reader's depth.
    let bytes = docx("", &[]);
    assert!(read(&bytes).document.blocks.is_empty());
    let mut nested = String::from("<w:p><w:r><w:t>deep</w:t></w:r></w:p>");
    for _ in 0..60 {
        nested = format!("<w:tbl><w:tr><w:tc>{nested}</w:tc></w:tr></w:tbl>");
    }
    let mut inline = String::from("<w:r><w:t>in</w:t></w:r>");
    for _ in 0..100 {
        inline = format!("<w:sdt><w:sdtContent>{inline}</w:sdtContent></w:sdt>");
    }
    let body = format!("{nested}<w:p>{inline}</w:p><w:p><w:r><w:t>after</w:t></w:r></w:p>");
    let r = read(&docx(&body, &[]));
    assert!(r.document.plain_text().ends_with("after\n"));
    assert!(r.omitted.iter().any(|o| o.what == "표 안의 표"));
}
