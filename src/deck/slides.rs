//! The deck's slides from the figures: each slide's items placed and measured, tables
//! continued on further slides (`(계속)`), text too long for its slide cut with the whole of it
//! in the slide's notes, so nothing leaves a slide at any consortium size.

use std::collections::BTreeMap;
use std::sync::Arc;

use formpack_pptx::{
    Align, Cell, Deck, Frame, Item, Para, Slide, BAND_FILL, ON_BAND, SLIDE_H, SLIDE_W, TITLE_PT,
    TITLE_W,
};

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
/// The gap between stacked items, millimetres.
const GAP: f32 = 4.0;
/// A light panel's fill (the theme's lt2) and the colour of a figure to stress.
const PANEL: &str = "EEF1F5";
/// See [`PANEL`].
const STRESS: &str = "2F5F9E";
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
        fill: None,
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
    match fit::cut(&title, TITLE_PT, true, TITLE_W, 1) {
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
                    tag: String::new(),
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

/// The title page: a band of the slide's colour holding 「사업명」 and the title (from 34 pt
/// down to 24 pt before it is cut at three lines), then 신청 지자체 in large type, 주관기관 and
/// the date.
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
    let band = Item::Text {
        frame: Frame {
            x: 0.0,
            y: 0.0,
            w: SLIDE_W,
            h: TITLE_BAND_H,
        },
        paras: vec![
            Para::new(format!("「{}」", program.name), 18.0)
                .align(Align::Center)
                .color(ON_BAND),
            Para::new(" ", 10.0),
            Para::new(shown, size)
                .bold()
                .align(Align::Center)
                .color(ON_BAND),
        ],
        fill: Some(BAND_FILL.into()),
    };
    let centred = |p: Para| p.align(Align::Center);
    let y = TITLE_BAND_H + 14.0;
    let (paras, was_cut) = fit_paras(
        vec![
            centred(Para::new(region, 28.0).bold().color(STRESS)),
            centred(Para::new(" ", 8.0)),
            centred(Para::new(format!("주관기관  {lead}"), 20.0)),
            centred(Para::new(date, 18.0)),
        ],
        BOTTOM - y,
    );
    if was_cut {
        cut.push(format!("주관기관: {lead}"));
    }
    let (who, _) = text_at(y, paras);
    Slide {
        title: String::new(),
        items: vec![band, who],
        notes: notes(&cut),
        tag: String::new(),
    }
}

/// The title page's band, millimetres: room for 「사업명」 and three lines of the title at 24 pt,
/// or two at 34 pt.
const TITLE_BAND_H: f32 = 80.0;

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
            tag: String::new(),
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
            tag: String::new(),
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
    slides.extend(schedule(input, f, program));
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
    for s in slides.iter_mut().filter(|s| !s.title.is_empty()) {
        s.tag = region.clone();
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
        let t = f.member(m.id.as_str()).map_or(0, |x| x.total.total());
        // A member with no budget (the region, in the sample) shows a dash; the others'
        // figures are named as the forms name them, so one name is one figure in the bundle.
        let (amount, share) = if t == 0 {
            ("—".to_string(), "—".to_string())
        } else {
            let share = Ratio::new(t, total).percent();
            shown.insert(format!("기관[{}] 합계", m.id), won(t));
            shown.insert(format!("기관[{}] 비율", m.id), share.clone());
            (won(t), share)
        };
        rows.push(vec![
            cell(&m.name),
            cell(m.role.label()),
            cell(m.kind.label()),
            num(amount),
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
    let panels_y = BOTTOM - PANEL_H;
    let chart = charts::sources(f);
    // The chart beside the table, no taller than the room above the ratio panels.
    let room = panels_y - GAP - TOP;
    let mut chart_w = W - table_w - 8.0;
    let mut chart_h = chart_w * chart.height_mm / charts::WIDTH_MM;
    if chart_h > room {
        chart_w *= room / chart_h;
        chart_h = room;
    }
    let mut items = vec![
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
    ];
    items.extend(ratio_panels(f, program, panels_y));
    Slide {
        title: "사업비".into(),
        items,
        notes: String::new(),
        tag: String::new(),
    }
}

/// A ratio panel's height, millimetres.
const PANEL_H: f32 = 34.0;

/// The call's three ratios as panels across the slide's foot, each with its figure large, the
/// profile's threshold, and whether it is met (by cross-multiplication).
fn ratio_panels(f: &Figures, program: &Program, y: f32) -> Vec<Item> {
    let national_max = 100 - program.match_total_min_pct;
    let ratios = [
        (
            "국비 비율",
            f.national_ratio,
            format!("{national_max}% 이하"),
            f.national_ratio.at_most(national_max),
        ),
        (
            "지방비 비율",
            f.local_ratio,
            format!("{}% 이상", program.match_local_min_pct),
            f.local_ratio.at_least(program.match_local_min_pct),
        ),
        (
            "지방비+민간 비율",
            f.matching_ratio,
            format!("{}% 이상", program.match_total_min_pct),
            f.matching_ratio.at_least(program.match_total_min_pct),
        ),
    ];
    let w = (W - 2.0 * GAP) / 3.0;
    ratios
        .into_iter()
        .enumerate()
        .map(|(i, (label, ratio, rule, met))| Item::Text {
            frame: Frame {
                x: X + i as f32 * (w + GAP),
                y,
                w,
                h: PANEL_H,
            },
            paras: vec![
                Para::new(label, 14.0).align(Align::Center),
                Para::new(ratio.percent(), 28.0)
                    .bold()
                    .align(Align::Center)
                    .color(if met { STRESS } else { UNMET }),
                Para::new(
                    format!("기준 {rule} · {}", if met { "충족" } else { "미충족" }),
                    12.0,
                )
                .align(Align::Center),
            ],
            fill: Some(PANEL.into()),
        })
        .collect()
}

/// The colour of a ratio that misses its threshold.
const UNMET: &str = "B9574F";

/// 추진 일정: 02's quarterly schedule (the start, each subproject in the years it has a
/// budget, each payment of the local contribution, the settlement), continued when long.
fn schedule(input: &Input, f: &Figures, program: &Program) -> Vec<Slide> {
    let s = crate::compose::schedule::quarterly(&input.data, f, program);
    let mut header = vec![cell("추진 내용")];
    let mut years = s
        .years
        .iter()
        .flat_map(|(y, n)| std::iter::repeat_n(*y, *n));
    header.extend(s.quarters.iter().map(|q| Cell {
        text: format!("{}\n{q}", years.next().unwrap_or_default()),
        align: Align::Center,
    }));
    let rows = s
        .rows
        .into_iter()
        .map(|(label, marks)| {
            let mut row = vec![cell(
                label.unwrap_or_else(|| crate::compose::MISSING.into()),
            )];
            row.extend(marks.into_iter().map(|m| Cell {
                text: if m { "●" } else { "" }.into(),
                align: Align::Center,
            }));
            row
        })
        .collect();
    let mut parts = vec![28];
    parts.extend(std::iter::repeat_n(8, s.quarters.len()));
    let (note, h) = text_at(
        TOP,
        vec![Para::new(
            "※ 세부사업은 사업비가 편성된 연도의 분기에, 지방비 납입은 납입기한이 든 분기에 표시하였습니다.",
            12.0,
        )],
    );
    TableSlides {
        title: "추진 일정",
        above: vec![note],
        above_cut: Vec::new(),
        y: TOP + h + GAP,
        frame_x: X,
        frame_w: W,
        parts: &parts,
        size: 12.0,
        total_last: false,
    }
    .slides(header, rows)
}
