//! Loading: a consortium file (YAML, JSON, TOML by extension; the workbook) → typed model and
//! the source position of every field, or `input-parse` diagnostics.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Location, Severity, SourceMap};
use crate::model::Consortium;

pub mod xlsx;

/// The input formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Yaml,
    Json,
    Toml,
    Xlsx,
}

impl InputFormat {
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "yaml" | "yml" => InputFormat::Yaml,
            "json" => InputFormat::Json,
            "toml" => InputFormat::Toml,
            "xlsx" => InputFormat::Xlsx,
            _ => return None,
        })
    }
}

/// A loaded consortium file.
#[derive(Debug, Clone)]
pub struct Input {
    pub data: Consortium,
    /// Where each field path was found, for diagnostics.
    pub map: SourceMap,
    /// SHA-256 (hex) of the file's bytes.
    pub sha256: String,
    /// The folder the file is in: seal paths are relative to it.
    pub dir: PathBuf,
    pub format: InputFormat,
}

/// An `input-parse` diagnostic at a file position.
pub fn parse_error(
    file: &str,
    line: Option<u32>,
    column: Option<u32>,
    path: Option<String>,
    message: String,
) -> Diagnostic {
    Diagnostic {
        code: "input-parse",
        severity: Severity::Error,
        message,
        location: Location {
            file: Some(file.to_string()),
            line,
            column,
            path,
            ..Location::default()
        },
    }
}

/// Read and parse a consortium file. Every failure is an `input-parse` diagnostic.
pub fn load(path: &Path) -> Result<Input, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let Some(format) = InputFormat::from_path(path) else {
        return Err(vec![parse_error(
            &file,
            None,
            None,
            None,
            "파일 형식을 알 수 없습니다: 확장자는 .yaml, .yml, .json, .toml, .xlsx 중 하나여야 합니다".into(),
        )]);
    };
    let bytes = std::fs::read(path).map_err(|e| {
        vec![parse_error(
            &file,
            None,
            None,
            None,
            format!("파일을 읽을 수 없습니다: {e}"),
        )]
    })?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let (data, map) = match format {
        InputFormat::Xlsx => xlsx::parse(&bytes, &file)?,
        _ => {
            let text = std::str::from_utf8(&bytes).map_err(|e| {
                let (line, column) = line_col_at(&bytes, e.valid_up_to());
                vec![parse_error(
                    &file,
                    Some(line),
                    Some(column),
                    None,
                    "UTF-8 텍스트가 아닙니다: 파일을 UTF-8로 저장하십시오".into(),
                )]
            })?;
            parse_str(text, &file, format)?
        }
    };
    Ok(Input {
        data,
        map,
        sha256: sha256_hex(&bytes),
        dir,
        format,
    })
}

/// Parse text in one of the text formats.
pub fn parse_str(
    text: &str,
    file: &str,
    format: InputFormat,
) -> Result<(Consortium, SourceMap), Vec<Diagnostic>> {
    let map = SourceMap::new(file);
    let data: Consortium = match format {
        InputFormat::Yaml => serde_saphyr::from_str(text).map_err(|e| {
            let (line, column) = e
                .location()
                .map(|l| (Some(l.line() as u32), Some(l.column() as u32)))
                .unwrap_or((None, None));
            vec![parse_error(file, line, column, None, e.to_string())]
        })?,
        InputFormat::Json => serde_json::from_str(text).map_err(|e| {
            vec![parse_error(
                file,
                Some(e.line() as u32),
                Some(e.column() as u32),
                None,
                e.to_string(),
            )]
        })?,
        InputFormat::Toml => toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| line_col_at(text.as_bytes(), s.start))
                .map(|(l, c)| (Some(l), Some(c)))
                .unwrap_or((None, None));
            vec![parse_error(
                file,
                line,
                column,
                None,
                e.message().to_string(),
            )]
        })?,
        InputFormat::Xlsx => unreachable!("workbooks are not text"),
    };
    Ok((data, map))
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col_at(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() as u32 + 1;
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[start..]).chars().count() as u32 + 1;
    (line, col)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
