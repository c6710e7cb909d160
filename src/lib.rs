//! formpack: one consortium file → the complete submission bundle of the 2026
//! 「지역 주도형 AI 대전환」 call.
//!
//! The pipeline, one module a stage:
//! `load` (file or workbook → [`model::Consortium`] + [`diag::SourceMap`]) → `check`
//! (rules → [`diag::Diagnostic`]s) → [`figures`] (every derived total, once) → `compose`
//! (templates → [`doc::Document`]) → `render` (DOCX, PDF backends) → `bundle` → `cli`.

pub use formpack_doc as doc;

pub mod bundle;
pub mod check;
pub mod cli;
pub mod compose;
pub mod diag;
pub mod diff;
pub mod figures;
pub mod hash;
pub mod korean;
pub mod load;
pub mod model;
pub mod program;
pub mod render;
pub mod save;
#[doc(hidden)]
pub mod synth;
pub mod workbook;
pub mod world;
