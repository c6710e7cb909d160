//! The deck's slides from the figures: each slide's items placed and measured, tables
//! continued on further slides (`(계속)`), text too long for its slide cut with the whole of it
//! in the slide's notes, so nothing leaves a slide at any consortium size.

use std::collections::BTreeMap;
use std::sync::Arc;

use formpack_pptx::{Align, Cell, Deck, Frame, Item, Para, Slide, SLIDE_H, SLIDE_W};

use super::fit::{self, Grid, Part};
use crate::compose::charts;
use crate::figures::{Figures, Ratio};
use crate::korean::won;
use crate::load::Input;
use crate::model::Role;
use crate::program::Program;

/// One source (or the total) of an amount.
type Pick = fn(&crate::figures::Sources) -> i64;

/// Left margin and content width, millimetres.
pub const X: f32 = 15.0;
/// See [`X`].
pub const W: f32 = SLIDE_W - 30.0;
/// Where a slide's content begins, below its title, and where it must end, above the footer.
const TOP: f32 = 32.0;
/// See [`TOP`]. The footer's box starts 12 mm above the slide's foot.
pub const BOTTOM: f32 = SLIDE_H - 14.0;
/// A slide title's size (the writer's) and the gap between stacked items, in pt and mm.
const TITLE_PT: f32 = 26.0;
const GAP: f32 = 4.0;
/// What the notes of a slide say before the whole texts cut on it.
const NOTES_HEAD: &str = "슬라이드에 줄여 실은 글의 전문:";

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

fn or_blank(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// A text box at `y`, as tall as its paragraphs stand.
fn text_at(y: f32, paras: Vec<Para>) -> (Item, f32) {
    let h = paras_height(&paras);
    let item = Item::Text {
        frame: Frame { x: X, y, w: W, h },
        paras,
    };
    (item, h)
}

fn paras_height(paras: &[Para]) -> f32 {
    paras
        .iter()
        .map(|p| fit::height(&p.text, p.size, p.bold, W))
        .sum()
}

/// The notes of a slide whose texts were cut (empty when none was).
fn notes(cut: &[String]) -> String {
    if cut.is_empty() {
        return String::new();
    }
    format!("{NOTES_HEAD}\n{}", cut.join("\n"))
}

/// A slide's title, cut to one line (the whole title goes to `cut`).
fn titled(title: String, cut: &mut Vec<String>) -> String {
    match fit::cut(&title, TITLE_PT, true, W, 1) {
        Some(short) => {
            cut.push(format!("제목: {title}"));
            short
        }
        None => title,
    }
}

/// A table as slides: `above` and the table's first part on the first slide (the table at
/// `y`), the rest on slides titled `… (계속)`, each with its header row.
struct TableSlides<'a> {
    title: &'a str,
    above: Vec<Item>,
    above_cut: Vec<String>,
    y: f32,
    frame_x: f32,
    frame_w: f32,
    parts: &'a [u32],
    size: f32,
    total_last: bool,
}

impl TableSlides<'_> {
    fn slides(mut self, header: Vec<Cell>, rows: Vec<Vec<Cell>>) -> Vec<Slide> {
        let grid = Grid::new(self.frame_w, self.parts, self.size);
        let parts = fit::paginate(
            &grid,
            header,
            rows,
            BOTTOM - self.y,
            BOTTOM - TOP,
            self.total_last,
        );
        let mut above = Some((
            std::mem::take(&mut self.above),
            std::mem::take(&mut self.above_cut),
        ));
        parts
            .into_iter()
            .enumerate()
            .map(|(i, part)| {
                let (mut items, mut cut) = above.take().unwrap_or_default();
                let y = if i == 0 { self.y } else { TOP };
                let title = if i == 0 {
                    self.title.to_string()
                } else {
                    format!("{} (계속)", self.title)
                };
                let title = titled(title, &mut cut);
                cut.extend(part.cut.iter().cloned());
                if !part.rows.is_empty() {
                    items.push(self.table(y, part));
                }
                Slide {
                    title,
                    items,
                    notes: notes(&cut),
                }
            })
            .collect()
    }

    fn table(&self, y: f32, part: Part) -> Item {
        Item::Table {
            frame: Frame {
                x: self.frame_x,
                y,
                w: self.frame_w,
                h: part.height(),
            },
            widths: self.parts.to_vec(),
            rows: part.rows,
            size: self.size,
            heights: part.heights,
        }
    }
}

/// A table the width of the slide at [`TOP`], alone on its slides.
fn table_slides(
    title: &str,
    parts: &[u32],
    size: f32,
    header: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
    total_last: bool,
) -> Vec<Slide> {
    TableSlides {
        title,
        above: Vec::new(),
        above_cut: Vec::new(),
        y: TOP,
        frame_x: X,
        frame_w: W,
        parts,
        size,
        total_last,
    }
    .slides(header, rows)
}

/// Paragraphs cut to stand at most `room` mm tall: whole paragraphs while they fit, the next
/// cut at a line with `…`, none after. Returns them and whether anything was cut.
fn fit_paras(paras: Vec<Para>, room: f32) -> (Vec<Para>, bool) {
    let mut used = 0.0;
    let mut out = Vec::new();
    for p in paras {
        let h = fit::height(&p.text, p.size, p.bold, W);
        if used + h <= room {
            used += h;
            out.push(p);
            continue;
        }
        let lines = ((room - used) / fit::line_mm(p.size)).floor() as usize;
        if lines > 0 {
            if let Some(text) = fit::cut(&p.text, p.size, p.bold, W, lines) {
                out.push(Para { text, ..p });
            }
        }
        return (out, true);
    }
    (out, false)
}

/// The slides of the title page: 「사업명」, the title (from 34 pt down to 24 pt before it is
/// cut at three lines), 신청 지자체, 주관기관 and the date, centred on the slide.
fn title_slide(program: &Program, title: &str, region: &str, lead: &str, date: String) -> Slide {
    let mut cut = Vec::new();
    let size = [34.0, 30.0, 27.0, 24.0]
        .into_iter()
        .find(|s| fit::wrap(title, *s, true, W).len() <= 2)
        .unwrap_or(24.0);
    let shown = match fit::cut(title, size, true, W, 3) {
        Some(short) => {
            cut.push(format!("과제명: {title}"));
            short
        }
        None => title.to_string(),
    };
    let blocks = vec![
        vec![Para::new(format!("「{}」", program.name), 18.0).align(Align::Center)],
        vec![Para::new(shown, size).bold().align(Align::Center)],
        vec![
            Para::new(format!("신청 지자체  {region}"), 20.0).align(Align::Center),
            Para::new(format!("주관기관  {lead}"), 20.0).align(Align::Center),
            Para::new(date, 18.0).align(Align::Center),
        ],
    ];
    let gaps = [6.0, 14.0];
    let total: f32 = blocks.iter().map(|b| paras_height(b)).sum::<f32>() + gaps.iter().sum::<f32>();
    let mut y = ((SLIDE_H - total) / 2.0 - 6.0).max(20.0);
    let mut items = Vec::new();
    for (i, paras) in blocks.into_iter().enumerate() {
        let (item, h) = text_at(y, paras);
        items.push(item);
        y += h + gaps.get(i).copied().unwrap_or(0.0);
    }
    Slide {
        title: String::new(),
        items,
        notes: notes(&cut),
    }
}

/// A plan section's slides: its paragraphs, subheadings and bullets in one text box (cut to
/// its share of the slide, the whole in the notes), and its first table below them,
/// continued on further slides; the prompt when nothing is written.
fn plan_slides(title: &str, s: &crate::compose::PlanView) -> Vec<Slide> {
    use crate::model::PlanBlock;
    let mut cut = Vec::new();
    let Some(blocks) = &s.blocks else {
        let title_line = titled(title.to_string(), &mut cut);
        let (paras, _) = fit_paras(
            vec![Para::new(format!("[작성 필요: {}]", s.prompt), 18.0)],
            BOTTOM - TOP,
        );
        let (item, _) = text_at(TOP + 8.0, paras);
        return vec![Slide {
            title: title_line,
            items: vec![item],
            notes: notes(&cut),
        }];
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
    let table = first_table.filter(|r| !r.is_empty());
    // With a table below, the text takes at most 60% of the slide.
    let room = if table.is_some() {
        (BOTTOM - TOP) * 0.6
    } else {
        BOTTOM - TOP
    };
    let whole: Vec<String> = paras.iter().map(|p| p.text.clone()).collect();
    let (paras, was_cut) = fit_paras(paras, room);
    if was_cut {
        cut.push(format!("본문:\n{}", whole.join("\n")));
    }
    let mut above = Vec::new();
    let mut y = TOP;
    if !paras.is_empty() {
        let (item, h) = text_at(TOP, paras);
        above.push(item);
        y = TOP + h + GAP;
    }
    let Some(rows) = table else {
        return vec![Slide {
            title: titled(title.to_string(), &mut cut),
            items: above,
            notes: notes(&cut),
        }];
    };
    let widths = crate::compose::equal_widths(rows[0].len());
    let mut rows = rows
        .iter()
        .map(|r| r.iter().map(|c| cell(c.0.clone())).collect());
    let header = rows.next().unwrap_or_default();
    TableSlides {
        title,
        above,
        above_cut: cut,
        y,
        frame_x: X,
        frame_w: W,
        parts: &widths,
        size: 14.0,
        total_last: false,
    }
    .slides(header, rows.collect())
}

/// The deck of a consortium, and the figures it prints.
pub fn deck(input: &Input, f: &Figures, program: &Program) -> (Deck, BTreeMap<String, String>) {
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
    let mut slides = vec![title_slide(
        program,
        &title,
        &region,
        &name_of(Role::Lead),
        date,
    )];
    slides.extend(overview(
        input,
        f,
        program,
        &title,
        &region,
        &name_of(Role::Lead),
    ));
    slides.extend(members(input, f, &mut shown));
    slides.extend(subprojects(input, f, &mut shown));
    slides.push(budget(f, program, &mut shown));
    slides.extend(schedule(f, program));
    // One slide a scored heading, carrying what `plan` says under it (or the prompt), then
    // one a section of `plan` under a heading of its own.
    let sections = crate::compose::plan_sections(c, program);
    for (i, s) in sections.iter().enumerate() {
        let title = match s.points {
            Some(p) => format!("{}. {} ({p}점)", i + 1, s.heading),
            None => format!("{}. {}", i + 1, s.heading),
        };
        slides.extend(plan_slides(&title, s));
    }
    shown.insert("총사업비".into(), won(f.total.total()));
    (
        Deck {
            title: title.clone(),
            author: name_of(Role::Lead),
            slides,
        },
        shown,
    )
}

/// 사업 개요: the project in one table.
fn overview(
    input: &Input,
    f: &Figures,
    program: &Program,
    title: &str,
    region: &str,
    lead: &str,
) -> Vec<Slide> {
    let c = &input.data;
    let period = format!(
        "{} ~ {}",
        program.period.start.official(),
        program.period.end.official()
    );
    let rows = vec![
        vec![cell("과제명"), cell(title)],
        vec![cell("신청 지자체"), cell(region)],
        vec![cell("주관기관"), cell(lead)],
        vec![cell("지역 주력산업"), cell(or_blank(&c.project.industry))],
        vec![cell("사업기간"), cell(&period)],
        vec![
            cell("총사업비"),
            cell(format!(
                "{}원 (국비 {}원, 지방비 {}원, 민간부담금 {}원)",
                won(f.total.total()),
                won(f.total.national),
                won(f.total.local),
                won(f.total.private())
            )),
        ],
        vec![cell("사업 요약"), cell(or_blank(&c.project.summary))],
    ];
    table_slides(
        "사업 개요",
        &[22, 78],
        14.0,
        vec![cell("구분"), cell("내용")],
        rows,
        false,
    )
}

/// 컨소시엄 구성: every member with its role, type, budget and share, and the total.
fn members(input: &Input, f: &Figures, shown: &mut BTreeMap<String, String>) -> Vec<Slide> {
    let total = f.total.total();
    let header = vec![
        cell("기관명"),
        cell("구분"),
        cell("유형"),
        num("사업비 (원)"),
        num("비율"),
    ];
    let mut rows = Vec::new();
    for m in &input.data.members {
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
    table_slides(
        "컨소시엄 구성",
        &[34, 14, 16, 22, 14],
        13.0,
        header,
        rows,
        true,
    )
}

/// 세부사업: each with its field, lead and budget.
fn subprojects(input: &Input, f: &Figures, shown: &mut BTreeMap<String, String>) -> Vec<Slide> {
    let c = &input.data;
    let header = vec![
        cell("세부사업"),
        cell("분야"),
        cell("주관"),
        num("사업비 (원)"),
    ];
    let mut rows = Vec::new();
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
    table_slides("세부사업", &[44, 12, 26, 18], 13.0, header, rows, false)
}

/// 사업비: 02's source-by-year table and 02's chart, and the matching ratios.
fn budget(f: &Figures, program: &Program, shown: &mut BTreeMap<String, String>) -> Slide {
    let total = f.total.total();
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
    // 구분 16, each year 21, 합계 24, 비율 14 (of 170 mm).
    let mut parts = vec![16];
    parts.extend(f.years.iter().map(|_| 21));
    parts.extend([24, 14]);
    let table_w = 170.0;
    let grid = Grid::new(table_w, &parts, 11.0);
    let heights: Vec<f32> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| grid.row_height(r, i == 0))
        .collect();
    let table_h: f32 = heights.iter().sum();
    let chart = charts::sources(f);
    let chart_w = W - table_w - 8.0;
    let chart_h = chart_w * chart.height_mm / charts::WIDTH_MM;
    let (ratios, _) = text_at(
        TOP + table_h.max(chart_h) + 2.0 * GAP,
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
    );
    Slide {
        title: "사업비".into(),
        items: vec![
            Item::Table {
                frame: Frame {
                    x: X,
                    y: TOP,
                    w: table_w,
                    h: table_h,
                },
                widths: parts,
                rows,
                size: 11.0,
                heights,
            },
            Item::Picture {
                frame: Frame {
                    x: X + table_w + 8.0,
                    y: TOP,
                    w: chart_w,
                    h: chart_h,
                },
                // The SVG until `make` rasterises it: the fingerprint covers the chart's source.
                png: Arc::new(chart.svg.into_bytes()),
                name: "재원별·연차별 사업비".into(),
            },
            ratios,
        ],
        notes: String::new(),
    }
}

/// 추진 일정: the period by budget year.
fn schedule(f: &Figures, program: &Program) -> Vec<Slide> {
    let header = vec![
        cell("연차"),
        cell("기간"),
        num("국비 (원)"),
        num("총사업비 (원)"),
    ];
    let mut rows = Vec::new();
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
    table_slides("추진 일정", &[18, 42, 20, 20], 14.0, header, rows, false)
}
