//! Every rule of the call (PROGRAM.md, DATA.md's diagnostic table) over a loaded file.
//!
//! Rules read their figures from [`Figures`] (never re-adding the budget) and their limits from
//! [`Program`] (never a literal). Ratios are exact: [`crate::figures::Ratio`] cross-multiplies.
//! The order of findings is deterministic: theme by theme, and within a theme in file order.

use crate::diag::{Code, Diagnostic, Severity};
use crate::figures::{Figures, Ratio};
use crate::load::Input;
use crate::model::Consortium;
use crate::program::Program;

mod assets;
mod budget;
mod contribution;
mod dates;
mod fields;
mod glyphs;
mod ids;
mod members;
mod plan;
pub mod regno;
mod seals;

pub use seals::seals;

/// Check a loaded file against every rule. Errors and warnings, in a stable order.
pub fn check(input: &Input, figures: &Figures, program: &Program) -> Vec<Diagnostic> {
    let mut cx = Cx {
        input,
        data: &input.data,
        fig: figures,
        program,
        out: Vec::new(),
    };
    ids::check(&mut cx);
    fields::check(&mut cx);
    members::check(&mut cx);
    budget::check(&mut cx);
    assets::check(&mut cx);
    contribution::check(&mut cx);
    dates::check(&mut cx);
    plan::check(&mut cx);
    glyphs::check(&mut cx);
    cx.out
}

/// The program named by the file (the loader has already refused unknown ones), its figures,
/// and every finding.
pub fn check_input(input: &Input) -> (Figures, Vec<Diagnostic>) {
    let program = input.program();
    let figures = Figures::compute(&input.data, program);
    let diags = check(input, &figures, program);
    (figures, diags)
}

/// [`check_input`] and the files it names (the seal images), read through `world`: what
/// `check`, `build` and the page report.
pub fn check_with_files(
    world: &dyn crate::world::World,
    input: &Input,
) -> (Figures, Vec<Diagnostic>) {
    let (figures, mut diags) = check_input(input);
    diags.extend(seals(world, input));
    (figures, diags)
}

/// What every rule module works with.
pub(crate) struct Cx<'a> {
    pub input: &'a Input,
    pub data: &'a Consortium,
    pub fig: &'a Figures,
    pub program: &'a Program,
    pub out: Vec<Diagnostic>,
}

impl Cx<'_> {
    pub fn error(&mut self, code: Code, path: &str, message: String) {
        self.push(code, Severity::Error, path, message);
    }

    pub fn warn(&mut self, code: Code, path: &str, message: String) {
        self.push(code, Severity::Warning, path, message);
    }

    fn push(&mut self, code: Code, severity: Severity, path: &str, message: String) {
        self.out.push(Diagnostic {
            code,
            severity,
            message,
            location: self.input.map.locate(path),
            detail: None,
        });
    }

    /// A member's display name for messages (`재단법인 한빛테크노파크`), or the id itself.
    pub fn member_name(&self, id: &str) -> String {
        self.data
            .members
            .iter()
            .find(|m| m.id.as_str() == id)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// The first budget row matching `pred`, as a path (`budget[3]`), or `budget`.
    pub fn first_budget_row(&self, pred: impl Fn(&crate::model::BudgetRow) -> bool) -> String {
        self.data
            .budget
            .iter()
            .position(pred)
            .map(|i| format!("budget[{i}]"))
            .unwrap_or_else(|| "budget".to_string())
    }
}

use crate::korean::won;

/// `…은 총사업비 23,900,000,000원의 20%(4,780,000,000원)에 1원 못 미칩니다` for a minimum that
/// is not met: what/whole are Korean nouns naming the numerator and denominator.
pub(crate) fn below_min(what: &str, whole: &str, r: Ratio, pct: i64) -> String {
    let need = r.min_num_for(pct);
    format!(
        "{what} {}원은 {whole} {}원의 {pct}%({}원)에 {}원 못 미칩니다 (현재 {}).",
        won(r.num),
        won(r.den),
        won(need),
        won(need.saturating_sub(r.num)),
        r.percent()
    )
}

/// The same for a maximum that is exceeded.
pub(crate) fn above_max(what: &str, whole: &str, r: Ratio, pct: i64) -> String {
    let max = r.max_num_for(pct);
    format!(
        "{what} {}원은 {whole} {}원의 {pct}%({}원)를 {}원 넘습니다 (현재 {}).",
        won(r.num),
        won(r.den),
        won(max),
        won(r.num.saturating_sub(max)),
        r.percent()
    )
}

/// Empty or blank text counts as missing.
pub(crate) fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|t| t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(won(0), "0");
        assert_eq!(won(999), "999");
        assert_eq!(won(1000), "1,000");
        assert_eq!(won(4_779_999_999), "4,779,999,999");
        assert_eq!(won(-184_000_000), "-184,000,000");
        assert_eq!(won(i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn minimum_message() {
        let m = below_min(
            "지방비",
            "총사업비",
            Ratio::new(4_779_999_999, 23_900_000_000),
            20,
        );
        assert_eq!(
            m,
            "지방비 4,779,999,999원은 총사업비 23,900,000,000원의 20%(4,780,000,000원)에 1원 못 미칩니다 (현재 20.00%)."
        );
    }
}
