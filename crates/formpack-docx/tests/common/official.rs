//! An official form as a reader gives it back: every field of the model that formpack's own
//! documents leave at its default is set here, with values whose written form each test
//! knows exactly. Shared by the DOCX and the HWPX tests (`formpack-hwpx` includes this file),
//! so both backends are checked on the same document.

use formpack_doc::style::Rgb;
use formpack_doc::{
    Align, Block, Border, Borders, Cell, CellImage, Document, Field, Image, LineSpacing, LineStyle,
    Nested, Padding, Paragraph, Row, Run, Running, Table, VAlign,
};

/// Dark blue text.
pub const INK: Rgb = Rgb(0x12, 0x34, 0x56);
/// A pale yellow cell.
pub const CREAM: Rgb = Rgb(0xFF, 0xF2, 0xCC);
/// A red border.
pub const RED: Rgb = Rgb(0xC0, 0x00, 0x00);
/// A blue border.
pub const BLUE: Rgb = Rgb(0x00, 0x00, 0xFF);

fn border(width: f32, line: LineStyle, color: Rgb) -> Border {
    Border { width, line, color }
}

/// A 0.5 pt solid left side, 1 pt dashed red right, 0.25 pt dotted blue top, 0.75 pt
/// double bottom.
pub fn four_sides() -> Borders {
    Borders {
        left: border(0.5, LineStyle::Solid, Rgb::BLACK),
        right: border(1.0, LineStyle::Dashed, RED),
        top: border(0.25, LineStyle::Dotted, BLUE),
        bottom: border(0.75, LineStyle::Double, Rgb::BLACK),
    }
}

/// Solid 0.5 pt on top and bottom, no line left and right.
pub fn rules_only() -> Borders {
    Borders {
        top: border(0.5, LineStyle::Solid, Rgb::BLACK),
        bottom: border(0.5, LineStyle::Solid, Rgb::BLACK),
        ..Borders::default()
    }
}

fn para(text: &str) -> Paragraph {
    Paragraph {
        space_after: 0.0,
        size: 9.5,
        ..Paragraph::plain(text)
    }
}

fn cell(text: &str) -> Cell {
    Cell {
        paragraphs: vec![para(text)],
        ..Cell::default()
    }
}

/// A page-number field run with its placeholder text.
pub fn field(f: Field) -> Run {
    Run {
        field: Some(f),
        ..Run::text("1")
    }
}

/// A one-row table of `texts`, `width` mm wide or its cell's.
fn row_table(texts: &[&str], width: Option<f32>) -> Table {
    Table {
        widths: vec![1.0; texts.len()],
        rows: vec![Row {
            cells: texts.iter().map(|t| cell(t)).collect(),
            height: None,
        }],
        size: 9.5,
        width,
        ..Table::default()
    }
}

/// A table of tables: a header row that repeats, rows that may break across pages, 4 mm
/// above it and 6 mm below, 150 mm wide in columns 2 : 1. Its first cell holds, between its
/// two paragraphs, a two-cell table kept whole with 1 mm above and 2 mm below, and after
/// them (`after` past the end) a table whose cell holds a third; its second cell holds only
/// a 30 mm table, centred.
pub fn table_of_tables() -> Table {
    let grid = Table {
        space_before: Some(1.0),
        space_after: Some(2.0),
        ..row_table(&["안 표 가", "안 표 나"], None)
    };
    let holder = Table {
        rows: vec![Row {
            cells: vec![Cell {
                nested: vec![Nested {
                    after: 1,
                    table: row_table(&["셋째 층"], None),
                }],
                ..cell("둘째 층")
            }],
            height: None,
        }],
        split_rows: true,
        ..row_table(&[], None)
    };
    let first = Cell {
        paragraphs: vec![para("바깥 칸 첫 문단"), para("바깥 칸 둘째 문단")],
        nested: vec![
            Nested {
                after: 1,
                table: grid,
            },
            Nested {
                after: 9,
                table: holder,
            },
        ],
        ..Cell::default()
    };
    let lone = Cell {
        nested: vec![Nested {
            after: 0,
            table: Table {
                align: Align::Center,
                ..row_table(&["홀로 선 표"], Some(30.0))
            },
        }],
        ..Cell::default()
    };
    Table {
        widths: vec![2.0, 1.0],
        header_rows: 1,
        rows: vec![
            Row {
                cells: vec![Cell {
                    colspan: 2,
                    ..cell("표 안의 표")
                }],
                height: None,
            },
            Row {
                cells: vec![first, lone],
                height: None,
            },
        ],
        size: 9.5,
        width: Some(150.0),
        space_before: Some(4.0),
        space_after: Some(6.0),
        split_rows: true,
        ..Table::default()
    }
}

/// A 90 mm table in columns 1 : 2 whose second cell holds a paragraph, the seal 18 mm square
/// and centred, another paragraph, then (`after` past the end) the seal 200 × 100 mm at the
/// right, wider than the cell: the writers shrink it to the cell's inner width.
pub fn table_of_pictures(seal: Image) -> Table {
    let pictures = Cell {
        paragraphs: vec![para("그림 앞 문단"), para("그림 뒤 문단")],
        images: vec![
            CellImage {
                after: 1,
                image: Image {
                    width: 18.0,
                    height: 18.0,
                    align: Align::Center,
                    ..seal.clone()
                },
            },
            CellImage {
                after: 9,
                image: Image {
                    width: 200.0,
                    height: 100.0,
                    align: Align::Right,
                    ..seal
                },
            },
        ],
        ..Cell::default()
    };
    Table {
        widths: vec![1.0, 2.0],
        rows: vec![Row {
            cells: vec![cell("도장 칸"), pictures],
            height: None,
        }],
        size: 9.5,
        width: Some(90.0),
        ..Table::default()
    }
}

/// A body table `levels` tables deep: each table's one cell says `층 n` and holds the next.
pub fn deeply_nested(levels: usize) -> Document {
    let mut inner: Option<Table> = None;
    for n in (0..levels).rev() {
        let nested = inner.take().map(|table| Nested { after: 1, table });
        inner = Some(Table {
            rows: vec![Row {
                cells: vec![Cell {
                    nested: nested.into_iter().collect(),
                    ..cell(&format!("층 {n}"))
                }],
                height: None,
            }],
            ..row_table(&[], None)
        });
    }
    let mut d = Document::new("깊은 표");
    d.blocks.extend(inner.map(Block::Table));
    d
}

/// The body: three paragraphs (hanging indent and factor spacing; first-line indent and
/// exact spacing; at-least spacing), a centred 120 mm table with a fill, four kinds of
/// border, padding, row heights and a rowspan, a left table indented 8 mm, a right one,
/// the table of tables, then the table of pictures.
fn blocks(seal: Image) -> Vec<Block> {
    vec![
        Block::Paragraph(Paragraph {
            runs: vec![
                Run {
                    color: Some(INK),
                    scale: Some(0.9),
                    tracking: Some(-0.1),
                    bold: true,
                    ..Run::text("장평과 자간")
                },
                Run::text(" 내어쓰기 문단"),
            ],
            space_before: 3.0,
            indent: 10.0,
            indent_right: 5.0,
            first_line: -4.0,
            line_spacing: Some(LineSpacing::Factor(1.6)),
            ..Paragraph::default()
        }),
        Block::Paragraph(Paragraph {
            first_line: 3.5,
            line_spacing: Some(LineSpacing::Exact(6.0)),
            ..Paragraph::plain("들여쓰기 문단")
        }),
        Block::Paragraph(Paragraph {
            runs: vec![Run::text("본문 쪽 "), field(Field::Page)],
            line_spacing: Some(LineSpacing::AtLeast(5.0)),
            ..Paragraph::default()
        }),
        Block::Table(Table {
            widths: vec![1.0, 2.0, 1.0],
            rows: vec![
                Row {
                    cells: vec![
                        Cell {
                            shade: true,
                            fill: Some(CREAM),
                            borders: Some(four_sides()),
                            padding: Some(Padding {
                                left: 2.0,
                                right: 3.0,
                                top: 1.0,
                                bottom: 0.5,
                            }),
                            ..cell("채운 칸")
                        },
                        Cell {
                            rowspan: 2,
                            valign: VAlign::Top,
                            borders: Some(four_sides()),
                            ..cell("두 줄 병합")
                        },
                        Cell {
                            borders: Some(rules_only()),
                            ..cell("위아래 선")
                        },
                    ],
                    height: Some(12.0),
                },
                Row {
                    cells: vec![cell("둘째 줄"), cell("끝")],
                    height: None,
                },
            ],
            size: 9.5,
            width: Some(120.0),
            align: Align::Center,
            ..Table::default()
        }),
        // Word joins two tables with nothing between them into one.
        Block::Paragraph(Paragraph::plain("표 사이")),
        Block::Table(Table {
            widths: vec![1.0],
            rows: vec![Row {
                cells: vec![cell("들여 놓은 표")],
                height: Some(8.0),
            }],
            size: 9.5,
            width: Some(100.0),
            indent: 8.0,
            ..Table::default()
        }),
        Block::Paragraph(Paragraph::plain("표 사이")),
        Block::Table(Table {
            widths: vec![1.0],
            rows: vec![Row {
                cells: vec![cell("오른쪽 표")],
                height: None,
            }],
            size: 9.5,
            width: Some(60.0),
            align: Align::Right,
            ..Table::default()
        }),
        Block::Paragraph(Paragraph::plain("표 사이")),
        Block::Table(table_of_tables()),
        Block::Paragraph(Paragraph::plain("표 뒤")),
        Block::Table(table_of_pictures(seal)),
        Block::Paragraph(Paragraph::plain("그림 표 뒤")),
    ]
}

/// The form's header (a line of small grey text and a seal picture) and footer (`- n / N -`
/// from page-number fields), 15 mm and 12 mm from the page's edges.
fn running(seal: Image) -> Running {
    Running {
        header: vec![
            Block::Paragraph(Paragraph {
                runs: vec![Run {
                    color: Some(Rgb::grey(0x60)),
                    ..Run::text("■ 시험 규칙 [별지 제1호서식]")
                }],
                size: 9.0,
                space_after: 0.0,
                ..Paragraph::default()
            }),
            Block::Image(Image {
                width: 8.0,
                height: 8.0,
                align: Align::Left,
                ..seal
            }),
            // No place in a header: left out.
            Block::PageBreak,
        ],
        footer: vec![Block::Paragraph(Paragraph {
            runs: vec![
                Run::text("- "),
                field(Field::Page),
                Run::text(" / "),
                field(Field::Pages),
                Run::text(" -"),
            ],
            align: Align::Center,
            space_after: 0.0,
            ..Paragraph::default()
        })],
        header_top: 15.0,
        footer_bottom: 12.0,
    }
}

/// The official form: every new field set, the document numbering its own pages.
pub fn official_form(seal: Image) -> Document {
    let mut d = Document::new("시험 서식");
    d.footer.left = "시험 서식".into();
    d.footer.fingerprint = "0ff1c1a1".into();
    d.footer.fingerprint_label = "문서확인번호".into();
    d.footer.pages_numbered = true;
    d.blocks = blocks(seal.clone());
    d.running = running(seal);
    d
}

/// Every new field at values no format can hold: not finite, negative, huge.
pub fn unusable_values(seal: Image) -> Document {
    let bad = [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -5.0, 1e9];
    let mut d = Document::new("");
    for (i, &v) in bad.iter().enumerate() {
        let spacing = [
            LineSpacing::Factor(v),
            LineSpacing::Exact(v),
            LineSpacing::AtLeast(v),
        ][i % 3];
        d.blocks.push(Block::Paragraph(Paragraph {
            runs: vec![Run {
                scale: Some(v),
                tracking: Some(v),
                ..field(Field::Pages)
            }],
            space_before: v,
            indent: v,
            indent_right: v,
            first_line: v,
            line_spacing: Some(spacing),
            ..Paragraph::default()
        }));
        let side = Border {
            width: v,
            ..Border::default()
        };
        d.blocks.push(Block::Table(Table {
            widths: vec![v, 1.0],
            rows: vec![Row {
                cells: vec![
                    Cell {
                        borders: Some(Borders {
                            left: side,
                            right: side,
                            top: side,
                            bottom: side,
                        }),
                        padding: Some(Padding {
                            left: v,
                            right: v,
                            top: v,
                            bottom: v,
                        }),
                        rowspan: 3,
                        ..cell("x")
                    },
                    Cell {
                        nested: vec![Nested {
                            after: usize::MAX,
                            table: Table {
                                indent: v,
                                space_before: Some(v),
                                space_after: Some(v),
                                ..row_table(&["z"], Some(v))
                            },
                        }],
                        ..cell("y")
                    },
                ],
                height: Some(v),
            }],
            size: 9.5,
            width: Some(v),
            align: Align::Justify,
            indent: v,
            space_before: Some(v),
            space_after: Some(v),
            split_rows: i % 2 == 0,
            ..Table::default()
        }));
    }
    d.running = Running {
        header: vec![Block::PageBreak],
        footer: vec![Block::Table(Table::default())],
        header_top: f32::NAN,
        footer_bottom: -3.0,
    };
    d.running.header.push(Block::Image(seal));
    d
}
