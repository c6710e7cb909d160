//! `formpack diff OLD NEW`.

use std::path::Path;

use super::ReportFormat;
use std::sync::Arc;

use crate::diff::{diff_with, text};
use crate::program::Program;

pub fn run(old: &Path, new: &Path, format: ReportFormat, program: Option<&Arc<Program>>) -> u8 {
    let report = match diff_with(old, new, program) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("formpack: {e}");
            return 2;
        }
    };
    match format {
        ReportFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serialises")
        ),
        ReportFormat::Text => print!("{}", text(&report)),
    }
    0
}
