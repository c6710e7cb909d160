//! The sections of 02 사업계획서 and of the deck's scored slides: the program's scored headings
//! in order, each with what the data file's `plan` writes under it (or nothing, so the prompt
//! shows), then the plan's other sections in file order.

use crate::model::{heading_key, Cell, Consortium, PlanBlock};
use crate::program::{Fact, Program};

/// One section as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanView {
    /// The heading, as the profile (or, for a section of its own, the file) writes it.
    pub heading: String,
    /// The points, for a scored heading.
    pub points: Option<u32>,
    /// What the committee looks for under it (empty for a section of the file's own).
    pub prompt: String,
    /// What 02 fills in under it from the data.
    pub facts: Vec<Fact>,
    /// What the file writes under it; `None` when nothing (the prompt is printed instead).
    /// Tables are padded to their widest row, so a draft of a ragged table prints.
    pub blocks: Option<Vec<PlanBlock>>,
}

/// The sections of `c`'s plan under `program`. Sections with the same heading (an error a
/// final build refuses) are joined, so a draft loses nothing.
pub fn plan_sections(c: &Consortium, program: &Program) -> Vec<PlanView> {
    let mut out: Vec<PlanView> = program
        .evaluation
        .iter()
        .map(|k| PlanView {
            heading: k.heading.clone(),
            points: Some(k.points),
            prompt: k.prompt.clone(),
            facts: k.facts.clone(),
            blocks: None,
        })
        .collect();
    for s in &c.plan {
        let key = heading_key(&s.heading);
        let blocks = s.blocks.iter().map(padded);
        match out.iter_mut().find(|v| heading_key(&v.heading) == key) {
            Some(v) => v.blocks.get_or_insert_with(Vec::new).extend(blocks),
            None => out.push(PlanView {
                heading: key,
                points: None,
                prompt: String::new(),
                facts: Vec::new(),
                blocks: Some(blocks.collect()),
            }),
        }
    }
    for v in &mut out {
        if v.blocks.as_ref().is_some_and(Vec::is_empty) {
            v.blocks = None;
        }
    }
    out
}

/// `n` equal column widths in percent, the rounding given to the first: a plan table's
/// columns in 02 and on the deck.
pub fn equal_widths(n: usize) -> Vec<u32> {
    let n = n.max(1);
    let each = (100 / n) as u32;
    let mut w = vec![each; n];
    w[0] += 100 - each * n as u32;
    w
}

fn padded(b: &PlanBlock) -> PlanBlock {
    match b {
        PlanBlock::Table(rows) => {
            let width = rows.iter().map(Vec::len).max().unwrap_or(0);
            PlanBlock::Table(
                rows.iter()
                    .map(|r| {
                        let mut r = r.clone();
                        r.resize(width, Cell(String::new()));
                        r
                    })
                    .collect(),
            )
        }
        b => b.clone(),
    }
}
