//! The integration tests of `formpack`, in one test binary: each file beside this one is a
//! module, and what several of them share is in `common`, once.

mod bundle;
mod charts;
mod check_rules;
mod cli_check;
mod common;
mod compose;
mod deck;
mod docx_office;
mod hanja;
mod hwpx;
mod incremental;
mod layers;
mod limits;
mod load_errors;
mod no_call_constants;
mod official;
mod plan;
mod profiles;
mod properties;
mod serve;
mod serve_browser;
mod signature;
mod typeset;
mod xlsx;
