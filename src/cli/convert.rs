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

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::load::{self, xlsx, InputFormat};
use crate::model::Consortium;

pub fn run(from: &Path, to: &Path) -> u8 {
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
    let input = match load::load(from) {
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
    let bytes = match serialize(&input.data, format) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("formpack: {e}");
            return 2;
        }
    };
    if let Err(e) = write_atomic(to, &bytes, true) {
        eprintln!("formpack: {}에 쓸 수 없습니다: {e}", to.display());
        return 2;
    }
    println!("{} → {}", from.display(), to.display());
    0
}

/// The model in one of the formats. YAML via serde-saphyr, JSON pretty, TOML pretty (dates as
/// strings, which the model reads back), the workbook as `formpack init --xlsx` lays it out.
pub fn serialize(c: &Consortium, format: InputFormat) -> Result<Vec<u8>, String> {
    match format {
        InputFormat::Yaml => serde_saphyr::to_string(c)
            .map(String::into_bytes)
            .map_err(|e| format!("YAML로 쓸 수 없습니다: {e}")),
        InputFormat::Json => serde_json::to_string_pretty(c)
            .map(|s| (s + "\n").into_bytes())
            .map_err(|e| format!("JSON으로 쓸 수 없습니다: {e}")),
        InputFormat::Toml => toml::to_string_pretty(c)
            .map(String::into_bytes)
            .map_err(|e| format!("TOML로 쓸 수 없습니다: {e}")),
        InputFormat::Xlsx => xlsx::write_workbook(Some(c)),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder, synced, then
/// renamed over `path` (`overwrite`) or hard-linked to it, which fails if `path` exists.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.formpack-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if overwrite {
            std::fs::rename(&tmp, path)
        } else {
            match std::fs::hard_link(&tmp, path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(e),
                // A file system without hard links: check, then rename (a small race).
                Err(_) if !path.exists() => std::fs::rename(&tmp, path)?,
                Err(e) => return Err(e),
            }
            let _ = std::fs::remove_file(&tmp);
            Ok(())
        }
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
