//! 09 사업계획 발표자료: the deck for the committee's 대면평가, as PPTX (16:9). Every figure on it
//! comes from [`Figures`] (the same numbers 01 and 02 print), the budget chart is 02's chart
//! as a picture, and each scored heading of the profile gets a slide carrying the prompt of
//! what the committee looks for, for the lead to replace with the plan.

use std::collections::BTreeMap;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use formpack_pptx::{Align, Deck, Frame, Item, Para};

use crate::figures::Figures;
use crate::load::Input;
use crate::program::Program;
use crate::render::{chart_png, ChartError, Resources};

mod fit;
mod slides;

use slides::{deck, W, X};

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
    Chart(ChartError),
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
            first.items.push(Item::Text {
                frame: Frame {
                    x: X,
                    y: 8.0,
                    w: W,
                    h: fit::line_mm(18.0),
                },
                paras: vec![Para::new("초안 — 제출용 아님", 18.0)
                    .bold()
                    .color(formpack_pptx::ON_BAND)],
                fill: None,
            });
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
            fill: None,
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
                let raster = chart_png(png, res, CHART_PX).map_err(DeckError::Chart)?;
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

/// A written deck's text, slide by slide (what `verify` reads back).
pub fn text(bytes: &[u8]) -> Result<String, formpack_pptx::Error> {
    formpack_pptx::text(bytes)
}

/// How many slides a written deck has, if it reads as one.
pub fn slide_count(bytes: &[u8]) -> Option<usize> {
    formpack_pptx::slide_count(bytes).ok()
}

/// Pixel width of a chart on a slide.
const CHART_PX: u32 = 1600;
