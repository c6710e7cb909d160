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
//! - `사업계획` (`plan`, optional when read): one row per paragraph, subheading, list item or
//!   table row, with the columns `평가 항목 | 종류 | 내용 | 표 2열 … 표 8열`. See [`schema::PLAN`]
//!   and the reading rules in [`crate::load::xlsx`]. Without a plan, it lists the program's
//!   scored headings with empty rows, the committee's prompt as the note of each `내용` cell.
//!
//! A blank cell is an absent field, so an empty string (`title: ""`) or an all-empty nested
//! object (`representative: {}`) in a text file comes back absent; everything else round-trips.
//! In the plan, the same goes for an empty block, list item or table row and a section with
//! no blocks (a blank row is skipped) and for a table's last column when it is all `""`; and
//! since rows are what tell blocks apart, two lists, or two tables, back to back in one
//! section come back as one.
//!
//! - [`schema`]: the sheets, rows, columns and cell types, and cell naming (`A1`, headers).
//! - [`grid`]: the cells a model (or a blank workbook) fills, before any styling.

pub mod grid;
pub mod schema;
