//! 09 사업계획 발표자료: the deck for the committee's 대면평가, as PPTX (16:9). Every figure on it
//! comes from [`Figures`] (the same numbers 01 and 02 print), the budget chart is 02's chart
//! as a picture, and each scored heading of the profile gets a slide carrying the prompt of
//! what the committee looks for, for the lead to replace with the plan.

use std::collections::BTreeMap;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use formpack_pptx::{Align, Cell, Deck, Frame, Item, Para, Slide, SLIDE_W};

use crate::compose::charts;
use crate::figures::{Figures, Ratio};
use crate::korean::won;
use crate::load::Input;
use crate::model::Role;
use crate::program::Program;
use crate::render::Resources;

/// One source (or the total) of an amount.
type Pick = fn(&crate::figures::Sources) -> i64;

/// Left margin and content width, millimetres.
const X: f32 = 15.0;
const W: f32 = SLIDE_W - 30.0;

fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        align: Align::Left,
    }
}

fn num(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        align: Align::Right,
    }
}

fn table(y: f32, widths: &[u32], rows: Vec<Vec<Cell>>, size: f32) -> Item {
    Item::Table {
        frame: Frame {
            x: X,
            y,
            w: W,
            h: 0.0,
        },
        widths: widths.to_vec(),
        rows,
        size,
    }
}

fn text(y: f32, h: f32, paras: Vec<Para>) -> Item {
    Item::Text {
        frame: Frame { x: X, y, w: W, h },
        paras,
    }
}

fn or_blank(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// The deck as a bundle holds it.
pub struct Made {
    /// The PPTX file.
    pub bytes: Vec<u8>,
    /// The figures it prints: name → text as printed (for the manifest and `verify`).
    pub shown: BTreeMap<String, String>,
    /// Its 문서확인번호, printed at the foot of every slide.
    pub fingerprint: String,
    /// How many slides it has.
    pub slides: usize,
}

/// Why a deck could not be made.
#[derive(Debug)]
pub enum DeckError {
    /// The chart could not be drawn.
    Chart(formpack_pdf::Error),
    /// The package could not be written.
    Write(formpack_pptx::Error),
}

impl std::fmt::Display for DeckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeckError::Chart(e) => write!(f, "발표자료의 그림을 그릴 수 없습니다: {e}"),
            DeckError::Write(e) => write!(f, "발표자료를 쓸 수 없습니다: {e}"),
        }
    }
}

impl std::error::Error for DeckError {}

/// The deck before it is written: its slides (the chart still as SVG), the figures they
/// print and the 문서확인번호. Cheap: nothing is rasterised, so `diff` can fingerprint it.
pub struct Planned {
    /// The slides; pictures hold SVG until [`make`] rasterises them.
    pub deck: Deck,
    /// The figures it prints: name → text as printed.
    pub shown: BTreeMap<String, String>,
    /// Its 문서확인번호.
    pub fingerprint: String,
}

/// The deck planned: every slide footed with the deck's title and its 문서확인번호 (a hash of
/// everything the slides show), and, for a draft, `초안 — 제출용 아님` on the title slide.
pub fn plan(input: &Input, f: &Figures, program: &Program, draft: bool) -> Planned {
    let (mut deck, shown) = deck(input, f, program);
    if draft {
        if let Some(first) = deck.slides.first_mut() {
            first.items.push(text(
                12.0,
                12.0,
                vec![Para::new("초안 — 제출용 아님", 18.0).bold()],
            ));
        }
    }
    let mut h = Sha256::new();
    h.update(b"formpack-deck-1");
    h.update(format!("{deck:?}").as_bytes());
    let fingerprint: String = h.finalize()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let foot = program
        .deck
        .as_ref()
        .map_or_else(String::new, |d| d.title.clone());
    let n = deck.slides.len();
    for (i, s) in deck.slides.iter_mut().enumerate() {
        s.items.push(Item::Text {
            frame: Frame {
                x: X,
                y: formpack_pptx::SLIDE_H - 12.0,
                w: W,
                h: 6.0,
            },
            paras: vec![Para::new(
                format!("{foot}  {} / {n}  ·  문서확인번호 {fingerprint}", i + 1),
                10.0,
            )
            .align(Align::Right)],
        });
    }
    Planned {
        deck,
        shown,
        fingerprint,
    }
}

/// The deck, written: [`plan`], its charts rasterised with the document fonts.
pub fn make(
    input: &Input,
    f: &Figures,
    program: &Program,
    res: &Resources,
    draft: bool,
) -> Result<Made, DeckError> {
    write(plan(input, f, program, draft), res)
}

/// A planned deck written: its charts rasterised with the document fonts, then the package.
pub fn write(planned: Planned, res: &Resources) -> Result<Made, DeckError> {
    let Planned {
        mut deck,
        shown,
        fingerprint,
    } = planned;
    for s in &mut deck.slides {
        for item in &mut s.items {
            if let Item::Picture { png, .. } = item {
                let raster = formpack_pdf::rasterize_svg(png, res.fonts(), CHART_PX)
                    .map_err(DeckError::Chart)?;
                *png = Arc::new(raster);
            }
        }
    }
    let bytes = formpack_pptx::write(&deck).map_err(DeckError::Write)?;
    Ok(Made {
        bytes,
        shown,
        fingerprint,
        slides: deck.slides.len(),
    })
}

/// The deck's file name: the profile's stem with `.pptx`.
pub fn file_name(spec: &crate::program::DeckSpec) -> String {
    format!("{}.pptx", spec.file)
}

/// Whether a bundle path is the deck (the one PPTX beside the forms).
pub fn is_deck(path: &str) -> bool {
    path.ends_with(".pptx")
}

/// A plan section on a slide: its paragraphs, subheadings and bullets in one text box, and its
/// first table below them; the prompt when nothing is written.
fn plan_items(s: &crate::compose::PlanView) -> Vec<Item> {
    use crate::model::PlanBlock;
    let Some(blocks) = &s.blocks else {
        return vec![text(
            40.0,
            100.0,
            vec![Para::new(format!("[작성 필요: {}]", s.prompt), 18.0)],
        )];
    };
    let mut paras = Vec::new();
    let mut first_table = None;
    for b in blocks {
        match b {
            PlanBlock::Text(t) => paras.push(Para::new(t.clone(), 16.0)),
            PlanBlock::Subheading(t) => paras.push(Para::new(t.clone(), 18.0).bold()),
            PlanBlock::Bullets(items) => {
                paras.extend(items.iter().map(|t| Para::new(format!("• {t}"), 16.0)));
            }
            PlanBlock::Table(rows) => {
                first_table.get_or_insert(rows);
            }
        }
    }
    let mut items = Vec::new();
    let text_h = if first_table.is_some() { 60.0 } else { 130.0 };
    if !paras.is_empty() {
        items.push(text(32.0, text_h, paras));
    }
    if let Some(rows) = first_table.filter(|r| !r.is_empty()) {
        let widths = crate::compose::equal_widths(rows[0].len());
        let rows = rows
            .iter()
            .map(|r| r.iter().map(|c| cell(c.0.clone())).collect())
            .collect();
        let y = if items.is_empty() {
            32.0
        } else {
            32.0 + text_h + 4.0
        };
        items.push(table(y, &widths, rows, 14.0));
    }
    items
}

/// Pixel width of a chart on a slide.
const CHART_PX: u32 = 1600;

/// The deck of a consortium, and the figures it prints.
fn deck(input: &Input, f: &Figures, program: &Program) -> (Deck, BTreeMap<String, String>) {
    let mut shown: BTreeMap<String, String> = BTreeMap::new();
    let c = &input.data;
    let name_of = |role: Role| {
        c.members
            .iter()
            .find(|m| m.role == role)
            .map(|m| m.name.clone())
            .unwrap_or_default()
    };
    let title = or_blank(&c.project.title);
    let region = program
        .region(c.project.region.as_deref().unwrap_or(""))
        .map_or_else(|| or_blank(&c.project.region), |r| r.official.clone());
    let date = c.application_date.map(|d| d.official()).unwrap_or_default();
    let period = format!(
        "{} ~ {}",
        program.period.start.official(),
        program.period.end.official()
    );
    let total = f.total.total();
    let mut slides = Vec::new();

    // 1. Title.
    slides.push(Slide {
        title: String::new(),
        items: vec![
            text(
                45.0,
                14.0,
                vec![Para::new(format!("「{}」", program.name), 18.0).align(Align::Center)],
            ),
            text(
                62.0,
                30.0,
                vec![Para::new(&title, 34.0).bold().align(Align::Center)],
            ),
            text(
                110.0,
                40.0,
                vec![
                    Para::new(format!("신청 지자체  {region}"), 20.0).align(Align::Center),
                    Para::new(format!("주관기관  {}", name_of(Role::Lead)), 20.0)
                        .align(Align::Center),
                    Para::new(date, 18.0).align(Align::Center),
                ],
            ),
        ],
    });

    // 2. 사업 개요.
    let rows = vec![
        vec![cell("구분"), cell("내용")],
        vec![cell("과제명"), cell(&title)],
        vec![cell("신청 지자체"), cell(&region)],
        vec![cell("주관기관"), cell(name_of(Role::Lead))],
        vec![cell("지역 주력산업"), cell(or_blank(&c.project.industry))],
        vec![cell("사업기간"), cell(&period)],
        vec![
            cell("총사업비"),
            cell(format!(
                "{}원 (국비 {}원, 지방비 {}원, 민간부담금 {}원)",
                won(total),
                won(f.total.national),
                won(f.total.local),
                won(f.total.private())
            )),
        ],
        vec![cell("사업 요약"), cell(or_blank(&c.project.summary))],
    ];
    slides.push(Slide {
        title: "사업 개요".into(),
        items: vec![table(32.0, &[22, 78], rows, 14.0)],
    });

    // 3. 컨소시엄 구성.
    let mut rows = vec![vec![
        cell("기관명"),
        cell("구분"),
        cell("유형"),
        num("사업비 (원)"),
        num("비율"),
    ]];
    for m in &c.members {
        let figures = f.member(m.id.as_str());
        let t = figures.map(|x| x.total.total()).unwrap_or(0);
        let share = Ratio::new(t, total).percent();
        // Named as the forms name them, so one name means one figure across the bundle (a
        // member without budget rows, the region, has no figures of its own).
        if figures.is_some() {
            shown.insert(format!("기관[{}] 합계", m.id), won(t));
            shown.insert(format!("기관[{}] 비율", m.id), share.clone());
        }
        rows.push(vec![
            cell(&m.name),
            cell(m.role.label()),
            cell(m.kind.label()),
            num(won(t)),
            num(share),
        ]);
    }
    rows.push(vec![
        cell("합계"),
        cell(""),
        cell(""),
        num(won(total)),
        num(Ratio::new(total, total).percent()),
    ]);
    slides.push(Slide {
        title: "컨소시엄 구성".into(),
        items: vec![table(32.0, &[34, 14, 16, 22, 14], rows, 13.0)],
    });

    // 4. 세부사업.
    let mut rows = vec![vec![
        cell("세부사업"),
        cell("분야"),
        cell("주관"),
        num("사업비 (원)"),
    ]];
    for s in &c.subprojects {
        let figures = f.subproject(s.id.as_str());
        let t = figures.map(|x| x.total.total()).unwrap_or(0);
        let lead = c
            .members
            .iter()
            .find(|m| m.id == s.lead)
            .map(|m| m.name.clone())
            .unwrap_or_default();
        if figures.is_some() {
            shown.insert(format!("세부사업[{}] 합계", s.id), won(t));
        }
        rows.push(vec![
            cell(or_blank(&s.title)),
            cell(s.field.label()),
            cell(lead),
            num(won(t)),
        ]);
    }
    slides.push(Slide {
        title: "세부사업".into(),
        items: vec![table(32.0, &[44, 12, 26, 18], rows, 13.0)],
    });

    // 5. 사업비: the table of 02 and its chart.
    let mut header = vec![cell("구분")];
    header.extend(
        f.years
            .iter()
            .enumerate()
            .map(|(i, y)| num(format!("{}차년도 ({y})", i + 1))),
    );
    header.extend([num("합계"), num("비율")]);
    let mut rows = vec![header];
    // (row label, the forms' name of the figure, the amount)
    let lines: [(&str, &str, Pick); 5] = [
        ("국비", "국비", |s| s.national),
        ("지방비", "지방비", |s| s.local),
        ("민간 현금", "민간부담금 현금", |s| {
            s.private_cash
        }),
        ("민간 현물", "민간부담금 현물", |s| {
            s.private_in_kind
        }),
        ("합계", "합계", |s| s.total()),
    ];
    for (label, name, pick) in lines {
        let mut row = vec![cell(label)];
        for y in &f.years {
            let v = won(f.by_year.get(y).map(pick).unwrap_or(0));
            shown.insert(format!("{y}년 {name}"), v.clone());
            row.push(num(v));
        }
        let share = Ratio::new(pick(&f.total), total).percent();
        shown.insert(name.to_string(), won(pick(&f.total)));
        if name != "합계" {
            shown.insert(format!("{name} 비율"), share.clone());
        }
        row.push(num(won(pick(&f.total))));
        row.push(num(share));
        rows.push(row);
    }
    let chart = charts::sources(f);
    // The SVG until `make` rasterises it: the fingerprint covers the chart's source.
    let png = chart.svg.into_bytes();
    let chart_w = W - 178.0;
    let chart_h = chart_w * chart.height_mm / charts::WIDTH_MM;
    slides.push(Slide {
        title: "사업비".into(),
        items: vec![
            Item::Table {
                frame: Frame {
                    x: X,
                    y: 32.0,
                    w: 170.0,
                    h: 0.0,
                },
                widths: vec![16, 21, 21, 24, 14],
                rows,
                size: 11.0,
            },
            Item::Picture {
                frame: Frame {
                    x: X + 178.0,
                    y: 32.0,
                    w: chart_w,
                    h: chart_h,
                },
                png: Arc::new(png),
                name: "재원별·연차별 사업비".into(),
            },
            text(
                150.0,
                20.0,
                vec![Para::new(
                    format!(
                        "지방비+민간 {} (기준 {}% 이상), 지방비 {} (기준 {}% 이상)",
                        f.matching_ratio.percent(),
                        program.match_total_min_pct,
                        f.local_ratio.percent(),
                        program.match_local_min_pct
                    ),
                    14.0,
                )],
            ),
        ],
    });

    // 6. 추진 일정: the period by budget year.
    let mut rows = vec![vec![
        cell("연차"),
        cell("기간"),
        num("국비 (원)"),
        num("총사업비 (원)"),
    ]];
    for (i, y) in f.years.iter().enumerate() {
        let start = if *y == program.period.start.year {
            program.period.start.official()
        } else {
            format!("{y}. 1. 1.")
        };
        let end = if *y == program.period.end.year {
            program.period.end.official()
        } else {
            format!("{y}. 12. 31.")
        };
        let s = f.by_year.get(y).copied().unwrap_or_default();
        rows.push(vec![
            cell(format!("{}차년도 ({y})", i + 1)),
            cell(format!("{start} ~ {end}")),
            num(won(s.national)),
            num(won(s.total())),
        ]);
    }
    slides.push(Slide {
        title: "추진 일정".into(),
        items: vec![table(32.0, &[18, 42, 20, 20], rows, 14.0)],
    });

    // 7… one slide a scored heading, carrying what `plan` says under it (or the prompt), then
    // one a section of `plan` under a heading of its own.
    let sections = crate::compose::plan_sections(c, program);
    for (i, s) in sections.iter().enumerate() {
        let title = match s.points {
            Some(p) => format!("{}. {} ({p}점)", i + 1, s.heading),
            None => format!("{}. {}", i + 1, s.heading),
        };
        slides.push(Slide {
            title,
            items: plan_items(s),
        });
    }

    shown.insert("총사업비".into(), won(total));
    (
        Deck {
            title: title.clone(),
            author: name_of(Role::Lead),
            slides,
        },
        shown,
    )
}
