//! `formpack convert FROM TO`: between YAML, JSON, TOML and the workbook, in any direction.
//!
//! The input is loaded exactly as `check` and `build` load it (so an unreadable input exits 2
//! with its `input-parse` diagnostics) and the model is written in the format of TO's
//! extension. Converting is lossless: reading TO gives a `Consortium` equal to FROM's.
//!
//! Overwrite policy: TO is replaced if it exists, because converting is repeatable and the
//! usual workflow regenerates the same target (a workbook re-exported after each YAML edit).
//! The write is atomic (a temporary file beside TO, then a rename), so a failed conversion
//! never leaves a half-written TO. Converting a file onto itself is refused: it would silently
//! drop the comments of a YAML file.

use std::sync::Arc;

use crate::program::Program;
use std::error::Error;
use std::path::Path;

use crate::load::{self, InputFormat};
use crate::save::{self, Overwrite, SaveError};

/// Run `formpack convert FROM TO`; the exit status.
pub fn run(from: &Path, to: &Path, program: Option<&Arc<Program>>) -> u8 {
    let Some(format) = InputFormat::from_path(to) else {
        eprintln!(
            "formpack: 출력 파일 형식을 알 수 없습니다: {} (확장자는 .yaml, .yml, .json, .toml, .xlsx 중 하나)",
            to.display()
        );
        return 2;
    };
    if same_file(from, to) {
        eprintln!(
            "formpack: 입력과 출력이 같은 파일입니다: {} (다른 이름으로 변환하십시오)",
            to.display()
        );
        return 2;
    }
    let input = match load::load_with(&crate::world::Disk, from, program) {
        Ok(i) => i,
        Err(diags) => {
            for d in &diags {
                eprintln!(
                    "{}: {}[{}] {}",
                    d.location,
                    d.severity.label_ko(),
                    d.code,
                    d.message
                );
            }
            return 2;
        }
    };
    let bytes = match save::to_bytes_for(&input.data, format, input.program()) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("formpack: {}", with_cause(&e));
            return 2;
        }
    };
    if let Err(e) = save::write_atomic(to, &bytes, Overwrite::Replace) {
        eprintln!("formpack: {}에 쓸 수 없습니다: {e}", to.display());
        return 2;
    }
    println!("{} → {}", from.display(), to.display());
    0
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A save error as the command line prints it: the context, then its cause
/// (`YAML로 쓸 수 없습니다: …`).
pub(super) fn with_cause(e: &SaveError) -> String {
    match e.source() {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    }
}
