//! `formpack check FILE [--format text|json]`: exit 0 with no errors (warnings allowed), 1 with
//! rule errors, 2 when the input cannot be read.

use std::io::Write;
use std::path::Path;

use super::{report, ReportFormat};
use crate::diag::has_errors;
use crate::program::Program;
use crate::world::Disk;
use std::sync::Arc;

pub fn run(file: &Path, format: ReportFormat, program: Option<&Arc<Program>>) -> u8 {
    let (diags, figures, code) = match crate::load::load_with(&Disk, file, program) {
        Err(diags) => (diags, None, 2),
        Ok(input) => {
            let (figures, diags) = crate::check::check_with_files(&Disk, &input);
            let code = if has_errors(&diags) { 1 } else { 0 };
            (diags, Some(figures), code)
        }
    };
    let out = match format {
        ReportFormat::Json => report::json(&diags),
        ReportFormat::Text => report::text(&diags, figures.as_ref(), report::use_color()),
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    code
}
