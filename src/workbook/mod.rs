//! The Excel workbook: the layout shared by the writer ([`crate::save`], used by `formpack init
//! --xlsx` and `convert`) and the reader ([`crate::load::xlsx`], calamine).
//!
//! # Layout
//! - `과제`: a key/value sheet with the columns `항목 | 값 | 설명`, one row per scalar of the top
//!   level, of `project` (incl. `period`, `director`, `manager`) and of `local_contribution`
//!   except its schedule (payer, payee, account). See [`schema::KV_ROWS`].
//! - `참여기관`, `세부사업`, `사업비`, `취득자산`, `지방비납입` (the schedule): one row per item,
//!   one column per field (nested fields flattened: `대표자 성명` is
//!   `members[i].representative.name`). See [`schema::TABLES`].
//!
//! A blank cell is an absent field, so an empty string (`title: ""`) or an all-empty nested
//! object (`representative: {}`) in a text file comes back absent; everything else round-trips.
//!
//! - [`schema`]: the sheets, rows, columns and cell types, and cell naming (`A1`, headers).
//! - [`grid`]: the cells a model (or a blank workbook) fills, before any styling.

pub mod grid;
pub mod schema;
