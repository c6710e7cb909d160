//! `formpack init [--xlsx] PATH`: a blank consortium file to fill in.
//!
//! - `--xlsx` (or a `.xlsx` PATH): the workbook of [`crate::workbook`], with notes on every
//!   header, drop-downs for every closed list and the schema, program and revision prefilled.
//! - otherwise a `.yaml`/`.yml` PATH: [`save::blank_yaml`], every key of DATA.md with a Korean
//!   comment. It loads as it is: unknown values are blank (`null`), lists are empty and their
//!   item shapes are given as comments, so `check` reports `field-missing` gaps, not a parse
//!   error.
//!
//! Both are written by [`save::blank`].
//!
//! An existing PATH is never overwritten (exit 2): it is probably a file someone filled in.

use std::path::Path;

use std::sync::Arc;

use crate::load::InputFormat;
use crate::program::Program;
use crate::save::{self, Overwrite};

/// Run `formpack init [--xlsx] PATH` for the program given (`--program`), or the newest
/// built-in one; the exit status.
pub fn run(path: &Path, want_xlsx: bool, program: Option<&Arc<Program>>) -> u8 {
    let program = program.map_or(Program::default_builtin(), |p| &**p);
    let format = match (want_xlsx, InputFormat::from_path(path)) {
        (_, Some(InputFormat::Xlsx)) => InputFormat::Xlsx,
        (false, Some(InputFormat::Yaml)) => InputFormat::Yaml,
        (true, _) => {
            eprintln!(
                "formpack: --xlsx로 만드는 통합문서의 이름은 .xlsx로 끝나야 합니다: {}",
                path.display()
            );
            return 2;
        }
        (false, _) => {
            eprintln!(
                "formpack: 빈 양식은 YAML(.yaml, .yml) 또는 통합문서(--xlsx, .xlsx)로 만듭니다: {}",
                path.display()
            );
            return 2;
        }
    };
    if path.exists() {
        eprintln!(
            "formpack: 이미 있는 파일은 덮어쓰지 않습니다: {} (다른 이름을 쓰거나 먼저 옮기십시오)",
            path.display()
        );
        return 2;
    }
    let bytes = match save::blank(format, program) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("formpack: {}", super::convert::with_cause(&e));
            return 2;
        }
    };
    match save::write_atomic(path, &bytes, Overwrite::Refuse) {
        Ok(()) => {
            println!("빈 양식을 만들었습니다: {}", path.display());
            0
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "formpack: 이미 있는 파일은 덮어쓰지 않습니다: {}",
                path.display()
            );
            2
        }
        Err(e) => {
            eprintln!("formpack: {}에 쓸 수 없습니다: {e}", path.display());
            2
        }
    }
}
