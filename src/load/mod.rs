//! Loading: a consortium file (YAML, JSON, TOML by extension; the workbook) → typed model and
//! the source position of every field, or `input-parse` diagnostics.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Code, Diagnostic, Location, Severity, SourceMap};
use crate::limits::{self, Limits};
use crate::model::Consortium;
use crate::program::Program;
use crate::spots::{self, line_col_at};
use crate::world::{Disk, World};

pub mod xlsx;

/// The input formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// YAML (`.yaml`, `.yml`).
    Yaml,
    /// JSON (`.json`).
    Json,
    /// TOML (`.toml`).
    Toml,
    /// An Excel workbook (`.xlsx`) in the layout `formpack init --xlsx` writes.
    Xlsx,
}

/// The three text formats a consortium file can be written in (a workbook is read by [`xlsx`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// YAML (`.yaml`, `.yml`).
    Yaml,
    /// JSON (`.json`).
    Json,
    /// TOML (`.toml`).
    Toml,
}

impl From<TextFormat> for InputFormat {
    fn from(f: TextFormat) -> InputFormat {
        match f {
            TextFormat::Yaml => InputFormat::Yaml,
            TextFormat::Json => InputFormat::Json,
            TextFormat::Toml => InputFormat::Toml,
        }
    }
}

impl InputFormat {
    /// The text format, or `None` for a workbook.
    pub fn text(self) -> Option<TextFormat> {
        match self {
            InputFormat::Yaml => Some(TextFormat::Yaml),
            InputFormat::Json => Some(TextFormat::Json),
            InputFormat::Toml => Some(TextFormat::Toml),
            InputFormat::Xlsx => None,
        }
    }

    /// The format a file name's extension names (case-insensitive), if any.
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
    /// The typed consortium.
    pub data: Consortium,
    /// Where each field path was found, for diagnostics.
    pub map: SourceMap,
    /// SHA-256 (hex) of the file's bytes.
    pub sha256: String,
    /// The folder the file is in: seal paths are relative to it.
    pub dir: PathBuf,
    /// Which format the file was read as.
    pub format: InputFormat,
    /// The program profile the file names (`program`): a built-in one, or the one given
    /// with `--program`.
    pub program: Arc<Program>,
}

impl Input {
    /// The program profile of the file.
    pub fn program(&self) -> &Program {
        &self.program
    }
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
        code: Code::InputParse,
        severity: Severity::Error,
        message,
        location: Location {
            file: Some(file.to_string()),
            line,
            column,
            path,
            ..Location::default()
        },
        detail: None,
    }
}

/// Read and parse a consortium file from the disk. Every failure is an `input-parse`
/// diagnostic.
pub fn load(path: &Path) -> Result<Input, Vec<Diagnostic>> {
    load_in(&Disk, path)
}

/// Read and parse a consortium file through `world`: the disk, or an upload held in memory.
pub fn load_in(world: &dyn World, path: &Path) -> Result<Input, Vec<Diagnostic>> {
    load_with(world, path, None)
}

/// [`load_in`] under a profile read from a file (`--program`), or the built-in profiles when
/// `None`: the file's `program` must name that profile.
pub fn load_with(
    world: &dyn World,
    path: &Path,
    program: Option<&Arc<Program>>,
) -> Result<Input, Vec<Diagnostic>> {
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
    // The size first: an oversized file is refused before it is read.
    if let Ok(size) = world.size(path) {
        limits::check_input_size(&Limits::DEFAULT, &file, size)?;
    }
    let bytes = world.read(path).map_err(|e| {
        vec![parse_error(
            &file,
            None,
            None,
            None,
            format!("파일을 읽을 수 없습니다: {e}"),
        )]
    })?;
    from_bytes_with(&bytes, path, format, program)
}

/// Parse a consortium file's bytes. `path` names it in diagnostics, and its folder is where
/// seal paths are looked up.
pub fn from_bytes(
    bytes: &[u8],
    path: &Path,
    format: InputFormat,
) -> Result<Input, Vec<Diagnostic>> {
    from_bytes_with(bytes, path, format, None)
}

/// [`from_bytes`] under a profile read from a file, or the built-in profiles when `None`.
pub fn from_bytes_with(
    bytes: &[u8],
    path: &Path,
    format: InputFormat,
    program: Option<&Arc<Program>>,
) -> Result<Input, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let limits = Limits::DEFAULT;
    limits::check_input_size(&limits, &file, bytes.len() as u64)?;
    let (data, map) = match format.text() {
        None => {
            limits::check_workbook(&limits, &file, bytes)?;
            let (data, map) = xlsx::parse(bytes, &file)?;
            check_program(&data, &map, program.map(|p| &**p))?;
            (data, map)
        }
        Some(text_format) => {
            let text = std::str::from_utf8(bytes).map_err(|e| {
                let (line, column) = line_col_at(bytes, e.valid_up_to());
                vec![parse_error(
                    &file,
                    Some(line),
                    Some(column),
                    None,
                    "UTF-8 텍스트가 아닙니다: 파일을 UTF-8로 저장하십시오".into(),
                )]
            })?;
            parse_str_with(text, &file, text_format, program.map(|p| &**p))?
        }
    };
    let over = limits::check_model(&limits, &data, &map);
    if !over.is_empty() {
        return Err(over);
    }
    let program = match program {
        Some(p) => p.clone(),
        // Checked above: the file names a built-in profile.
        None => Program::builtin_arc(&data.program).expect("a known program"),
    };
    Ok(Input {
        data,
        map,
        sha256: crate::hash::sha256_hex(bytes),
        dir,
        format,
        program,
    })
}

/// The file's `program` must name the profile given, or a built-in one when none is.
fn check_program(
    data: &Consortium,
    map: &SourceMap,
    given: Option<&Program>,
) -> Result<(), Vec<Diagnostic>> {
    let message = match given {
        Some(p) if p.id != data.program => format!(
            "이 파일의 사업 ‘{}’은(는) --program으로 준 프로필 ‘{}’과 다릅니다",
            data.program, p.id
        ),
        Some(_) => return Ok(()),
        None if Program::by_id(&data.program).is_some() => return Ok(()),
        None => {
            let known: Vec<&str> = Program::builtin().map(|p| p.id.as_str()).collect();
            format!(
                "알 수 없는 사업 ‘{}’: 내장 프로필은 ‘{}’이며, 다른 사업은 --program 파일로 지정합니다",
                data.program,
                known.join("’, ‘")
            )
        }
    };
    let loc = map.locate("program");
    Err(vec![Diagnostic {
        code: Code::InputParse,
        severity: Severity::Error,
        message,
        location: loc,
        detail: None,
    }])
}

/// Parse text in one of the text formats: the typed model, and the position of every field.
/// The file's `program` must name a built-in profile.
pub fn parse_str(
    text: &str,
    file: &str,
    format: TextFormat,
) -> Result<(Consortium, SourceMap), Vec<Diagnostic>> {
    parse_str_with(text, file, format, None)
}

/// [`parse_str`] under a profile read from a file, or the built-in profiles when `None`.
pub fn parse_str_with(
    text: &str,
    file: &str,
    format: TextFormat,
    program: Option<&Program>,
) -> Result<(Consortium, SourceMap), Vec<Diagnostic>> {
    let mut map = SourceMap::new(file);
    map.defer(
        text,
        match format {
            TextFormat::Yaml => spots::yaml,
            TextFormat::Json => spots::json,
            TextFormat::Toml => spots::toml,
        },
    );
    let typed: Result<Consortium, RawError> = match format {
        TextFormat::Yaml => match yaml_within_budget(text, file)?.map_err(yaml_raw) {
            // A file the parser reads only partway is a syntax error wherever the reading
            // stopped: a bad indent can end a mapping early, and its struct then misses a
            // field before the parser reaches the bad line. The syntax error comes first.
            Err(raw) if !raw.syntax => Err(yaml_syntax(text, file)?.unwrap_or(raw)),
            other => other,
        },
        TextFormat::Json => serde_json::from_str(text).map_err(json_raw).map_err(|raw| {
            if raw.syntax {
                return raw;
            }
            serde_json::from_str::<serde::de::IgnoredAny>(text)
                .err()
                .map(json_raw)
                .filter(|r| r.syntax)
                .unwrap_or(raw)
        }),
        TextFormat::Toml => toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| line_col_at(text.as_bytes(), s.start))
                .map(|(l, c)| (Some(l), Some(c)))
                .unwrap_or((None, None));
            RawError {
                line,
                column,
                text: e.message().to_string(),
                syntax: false,
            }
        }),
    };
    let data = match typed {
        Ok(d) => d,
        Err(mut raw) => {
            let mut path = match (raw.line, raw.column) {
                (Some(l), Some(c)) => spots::path_at(map.all_spots(), l, c),
                _ => None,
            };
            // A missing field is reported after the last field of its mapping was read:
            // name the missing field in its container, and point at the container.
            if let Some(field) = raw
                .text
                .split_once("missing field `")
                .and_then(|(_, r)| r.split('`').next())
            {
                let container = match &path {
                    Some(p) if !p.ends_with(']') => {
                        crate::diag::parent_path(p).unwrap_or("").to_string()
                    }
                    Some(p) => p.clone(),
                    None => String::new(),
                };
                let loc = map.locate(&container);
                if !container.is_empty() {
                    raw.line = loc.line;
                    raw.column = loc.column;
                }
                path = Some(if container.is_empty() {
                    field.to_string()
                } else {
                    format!("{container}.{field}")
                });
            }
            let value = match (raw.line, raw.column) {
                (Some(l), Some(c)) => token_at(text, l, c),
                _ => String::new(),
            };
            let (message, detail) = korean_message(&raw, format.into(), path.as_deref(), &value);
            let mut d = parse_error(file, raw.line, raw.column, path, message);
            d.detail = detail;
            return Err(vec![d]);
        }
    };
    let mut errors = Vec::new();
    if data.schema != 1 {
        let loc = map.locate("schema");
        errors.push(parse_error(
            file,
            loc.line,
            loc.column,
            Some("schema".into()),
            format!(
                "지원하지 않는 schema {}: 이 버전은 schema 1 파일만 읽습니다",
                data.schema
            ),
        ));
    }
    if let Err(mut e) = check_program(&data, &map, program) {
        errors.append(&mut e);
    }
    if errors.is_empty() {
        Ok((data, map))
    } else {
        Err(errors)
    }
}

/// A YAML parser's error before translation.
fn yaml_raw(e: serde_saphyr::Error) -> RawError {
    let plain = e.without_snippet();
    let (line, column) = plain
        .location()
        .or_else(|| e.location())
        .map(|l| (Some(l.line() as u32), Some(l.column() as u32)))
        .unwrap_or((None, None));
    RawError {
        line,
        column,
        text: plain.render_with_options(serde_saphyr::render_options! {
            snippets: serde_saphyr::SnippetMode::Off,
        }),
        syntax: matches!(
            plain,
            serde_saphyr::Error::ExternalMessage { .. }
                | serde_saphyr::Error::Eof { .. }
                | serde_saphyr::Error::MultipleDocuments { .. }
        ),
    }
}

/// The first syntax error of a YAML text read to its end without a type (so nothing stops
/// the reading early), if it has one.
fn yaml_syntax(text: &str, file: &str) -> Result<Option<RawError>, Vec<Diagnostic>> {
    let read = yaml_within_budget::<serde::de::IgnoredAny>(text, file)?;
    Ok(read.err().map(yaml_raw).filter(|r| r.syntax))
}

/// A JSON parser's error before translation.
fn json_raw(e: serde_json::Error) -> RawError {
    RawError {
        line: (e.line() > 0).then_some(e.line() as u32),
        column: (e.line() > 0).then_some(e.column() as u32),
        text: e.to_string(),
        syntax: matches!(
            e.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        ),
    }
}

/// Parse YAML within the limits on aliases and parser events. A breach is `input-too-large`
/// (the outer `Err`); any other parser error is left to the caller (the inner `Err`).
#[allow(clippy::result_large_err)]
fn yaml_within_budget<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &str,
) -> Result<Result<T, serde_saphyr::Error>, Vec<Diagnostic>> {
    let limits = Limits::DEFAULT;
    let res = serde_saphyr::from_str_with_options(
        text,
        serde_saphyr::options! {
            strict_booleans: true,
            budget: serde_saphyr::budget! {
                max_aliases: limits.yaml_aliases,
                max_events: limits.yaml_events,
            },
        },
    );
    if let Err(e) = &res {
        if let serde_saphyr::Error::Budget { breach, location } = e.without_snippet() {
            let what = match breach {
                serde_saphyr::budget::BudgetBreach::Aliases { aliases } => format!(
                    "YAML 별칭(*)이 너무 많습니다: {aliases}개 넘게 (한도 {}개)",
                    limits.yaml_aliases
                ),
                serde_saphyr::budget::BudgetBreach::Events { events } => format!(
                    "YAML 항목이 너무 많습니다: 별칭을 펼치면 {events}개 넘게 (한도 {}개)",
                    limits.yaml_events
                ),
                other => format!("YAML 파일이 처리 한도를 넘습니다: {other:?}"),
            };
            let location = Location {
                file: Some(file.to_string()),
                line: Some(location.line() as u32),
                column: Some(location.column() as u32),
                ..Location::default()
            };
            return Err(vec![limits::too_large(location, what)]);
        }
    }
    Ok(res)
}

/// A parser's error before translation.
struct RawError {
    line: Option<u32>,
    column: Option<u32>,
    text: String,
    /// A syntax error rather than a type error.
    syntax: bool,
}

/// One clean Korean line for a parser error, with the usual serde phrasings translated and the
/// field named as the workbook names it (`사업비 4번째 행의 ‘국비’`); a phrasing not translated
/// gets a Korean sentence saying what to look for, and the parser's own words as the detail.
fn korean_message(
    raw: &RawError,
    format: InputFormat,
    path: Option<&str>,
    value: &str,
) -> (String, Option<String>) {
    let (message, detail) = parser_message(raw, format, path.is_some(), value);
    let message = match path {
        Some(p) => format!(
            "{message} ({})",
            crate::workbook::schema::describe(p).unwrap_or_else(|| p.to_string())
        ),
        None => message,
    };
    (message, detail)
}

/// [`korean_message`] before the field is named (`at_field`: the error is at a field).
fn parser_message(
    raw: &RawError,
    format: InputFormat,
    at_field: bool,
    value: &str,
) -> (String, Option<String>) {
    let first = raw
        .text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    // Drop " at line 3 column 5" (serde_json, serde-saphyr).
    let detail = match first.find(" at line ") {
        Some(i) => first[..i].trim_end(),
        None => first,
    };
    let detail = detail.trim_start_matches("error: ").trim();
    let with_path = |m: String| (m, None);
    let tick = |s: &str, after: &str| -> Option<String> {
        let rest = s.split_once(after)?.1;
        let rest = rest.strip_prefix('`')?;
        Some(rest.split('`').next()?.to_string())
    };
    let expected = |s: &str| -> String {
        s.split_once("expected ")
            .map(|(_, e)| e.trim().to_string())
            .unwrap_or_default()
    };
    if let Some(f) = tick(detail, "unknown field ") {
        return with_path(format!("알 수 없는 항목 ‘{f}’: 오타가 아닌지 확인하십시오"));
    }
    if let Some(f) = tick(detail, "missing field ") {
        return with_path(format!("필수 항목 ‘{f}’이(가) 없습니다"));
    }
    if let Some(f) = tick(detail, "duplicate field ") {
        return with_path(format!("항목 ‘{f}’이(가) 두 번 적혀 있습니다"));
    }
    if let Some(v) = tick(detail, "unknown variant ") {
        let allowed = expected(detail).replace("one of ", "");
        return with_path(format!("허용되지 않는 값 ‘{v}’ (허용: {allowed})"));
    }
    if detail.contains("invalid date") || detail.contains("invalid datetime") {
        return with_path(format!("존재하지 않는 날짜입니다: {value}"));
    }
    let int_words = ["i64", "i32", "u32", "integer"];
    if detail.starts_with("invalid ")
        && int_words.iter().any(|t| detail.contains(t))
        && !detail.contains("invalid type")
    {
        let shown = if value.is_empty() {
            String::new()
        } else {
            format!(" ‘{value}’")
        };
        return with_path(format!(
            "정수가 필요한 곳에 값{shown}이(가) 있습니다: 금액은 원 단위 정수(쉼표·소수점 없이)로 적으십시오"
        ));
    }
    if detail.contains("invalid type") || detail.contains("invalid value") {
        let exp = expected(detail);
        let got = detail
            .split_once(':')
            .map(|(_, r)| r.split(", expected").next().unwrap_or("").trim())
            .unwrap_or("");
        let want = if int_words.iter().any(|t| exp.contains(t)) {
            "정수(원 단위 금액·연도·수량)".to_string()
        } else if exp.contains("bool") {
            "true 또는 false".to_string()
        } else if exp.contains("date") {
            "날짜 YYYY-MM-DD".to_string()
        } else if exp.contains("string") || exp.contains("str") {
            "문자열".to_string()
        } else if exp.contains("sequence") || exp.contains("array") {
            "목록".to_string()
        } else if exp.contains("map") || exp.contains("struct") {
            "항목 묶음(매핑)".to_string()
        } else {
            exp.clone()
        };
        return with_path(format!(
            "값의 형식이 틀렸습니다: {want}이어야 합니다 ({got})"
        ));
    }
    // Our own messages (ids, dates) are Korean already.
    if detail.chars().any(|c| ('가'..='힣').contains(&c)) {
        return with_path(detail.to_string());
    }
    let kind = match format {
        InputFormat::Yaml => "YAML",
        InputFormat::Json => "JSON",
        InputFormat::Toml => "TOML",
        InputFormat::Xlsx => "엑셀",
    };
    let message = if raw.syntax || !at_field {
        format!(
            "{kind} 문법 오류입니다: 이 줄 근처에서 괄호·따옴표가 닫혔는지, 쉼표와 들여쓰기가 맞는지 확인하십시오"
        )
    } else {
        "읽을 수 없는 값입니다: 이 항목의 값과 형식을 확인하십시오".to_string()
    };
    (message, Some(detail.to_string()))
}

/// The scalar text at a 1-based line and column (for messages): up to a delimiter.
fn token_at(text: &str, line: u32, column: u32) -> String {
    let Some(l) = text.lines().nth(line.saturating_sub(1) as usize) else {
        return String::new();
    };
    let rest: String = l.chars().skip(column.saturating_sub(1) as usize).collect();
    let rest = rest.trim_start();
    let tok: String = if let Some(q) = rest.strip_prefix('"') {
        format!("\"{}\"", q.split('"').next().unwrap_or(""))
    } else {
        rest.chars()
            .take_while(|c| !matches!(c, ',' | '}' | ']' | '#'))
            .collect()
    };
    tok.trim().chars().take(40).collect()
}
