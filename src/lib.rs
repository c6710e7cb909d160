//! formpack: one consortium file → the complete submission bundle of the 2026
//! 「지역 주도형 AI 대전환」 call.
//!
//! The pipeline, one module a stage (ARCHITECTURE.md draws it):
//!
//! [`load`] (a file or workbook, read through a [`world::World`] → [`model::Consortium`] and a
//! [`diag::SourceMap`]) → [`check`] (rules → [`diag::Diagnostic`]s) → [`figures`] (every derived
//! total, computed once) → [`compose`] (templates → [`doc::Document`]s) → [`render`] (one
//! backend crate per [`render::Format`]) → [`bundle`] (files, packets, manifest, `verify`) →
//! [`cli`].
//!
//! Beside the stages: [`korean`] (won, amounts in words, dates, particles), [`hash`] and
//! [`spots`] (where each field is in a text), used by several stages; [`workbook`] (the
//! workbook's layout) shared by the reader in [`load`] and the writers in [`save`]; [`diff`]
//! (what changed between two files or bundles, who signs again).

pub use formpack_doc as doc;

pub mod bundle;
pub mod check;
pub mod cli;
pub mod compose;
pub mod deck;
pub mod diag;
pub mod diff;
pub mod figures;
pub mod hash;
pub mod korean;
pub mod limits;
pub mod load;
pub mod model;
pub mod program;
pub mod render;
pub mod save;
pub mod serve;
pub mod spots;
#[doc(hidden)]
pub mod synth;
pub mod timing;
pub mod workbook;
pub mod world;
