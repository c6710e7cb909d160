//! Saving: typed model → file: YAML, JSON, TOML and the workbook.
//!
//! Every writer of a consortium file is here; `convert` and `init` only choose the format and
//! the path.
//!
//! - [`to_bytes`]: a [`Consortium`] in one of the formats. YAML via serde-saphyr, JSON pretty,
//!   TOML pretty (dates as strings, which the model reads back), the workbook as laid out by
//!   [`crate::workbook`]. Reading the bytes back gives an equal `Consortium` (see
//!   [`crate::workbook`] for the one thing the workbook cannot keep: empty values).
//! - [`blank`]: a blank file to fill in for a program, YAML ([`blank_yaml`]) or the workbook.
//! - [`write_atomic`]: the bytes to a path without ever leaving a half-written file.
//!
//! The same input always gives the same bytes.

use crate::load::InputFormat;
use crate::model::Consortium;
use crate::program::Program;

mod error;
mod file;
pub mod marked;
mod workbook;

pub use error::{SaveError, SaveErrorKind};
pub use file::{write_atomic, Overwrite};

/// The blank YAML consortium file before the program's values are filled in.
const BLANK_YAML: &str = include_str!("blank.yaml");

/// The blank YAML consortium file for `program`: every key of DATA.md with a Korean comment,
/// the program's id, and examples taken from the profile (its years, regions, 비목). It loads
/// as it is: unknown values are blank (`null`), lists are empty and their item shapes are
/// given as comments, so `check` reports `field-missing` gaps, not a parse error.
pub fn blank_yaml(program: &Program) -> String {
    let day_before = program.deadline.add_days(-1);
    let first = program.regions.first();
    let values = [
        ("name", program.name.clone()),
        ("id", program.id.clone()),
        ("example_date", day_before.to_string()),
        ("region_count", program.regions.len().to_string()),
        (
            "region_short",
            first.map_or(String::new(), |r| r.short.clone()),
        ),
        (
            "region_official",
            first.map_or(String::new(), |r| r.official.clone()),
        ),
        ("period_start", program.period.start.to_string()),
        ("period_end", program.period.end.to_string()),
        (
            "year",
            program.years.first().map_or(String::new(), i32::to_string),
        ),
        (
            "category",
            program.categories.first().cloned().unwrap_or_default(),
        ),
        ("categories", program.categories.join(", ")),
        (
            "headings",
            program
                .evaluation
                .iter()
                .map(|e| e.heading.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
        ),
        (
            "heading",
            program
                .evaluation
                .first()
                .map_or(String::new(), |e| e.heading.clone()),
        ),
    ];
    let mut s = BLANK_YAML.to_string();
    for (k, v) in values {
        s = s.replace(&format!("{{{{{k}}}}}"), &v);
    }
    s
}

/// The model in `format`; a workbook's drop-downs list the values of the built-in profile the
/// model names.
pub fn to_bytes(c: &Consortium, format: InputFormat) -> Result<Vec<u8>, SaveError> {
    to_bytes_for(c, format, program_of(c))
}

/// [`to_bytes`] with the workbook's drop-downs taken from `program`.
pub fn to_bytes_for(
    c: &Consortium,
    format: InputFormat,
    program: &Program,
) -> Result<Vec<u8>, SaveError> {
    match format {
        InputFormat::Yaml => serde_saphyr::to_string(c)
            .map(String::into_bytes)
            .map_err(|e| SaveError::new(SaveErrorKind::Yaml, e)),
        InputFormat::Json => serde_json::to_string_pretty(c)
            .map(|s| (s + "\n").into_bytes())
            .map_err(|e| SaveError::new(SaveErrorKind::Json, e)),
        InputFormat::Toml => toml::to_string_pretty(c)
            .map(String::into_bytes)
            .map_err(|e| SaveError::new(SaveErrorKind::Toml, e)),
        InputFormat::Xlsx => workbook_bytes(Some(c), program),
    }
}

/// The profile a model names, for the workbook's drop-downs; the newest built-in one when it
/// names none that is built in.
fn program_of(c: &Consortium) -> &'static Program {
    Program::by_id(&c.program).unwrap_or_else(Program::default_builtin)
}

/// A blank file to fill in for `program`: [`blank_yaml`], or the workbook with notes on every
/// header, drop-downs for every closed list (the program's regions and 비목 among them) and the
/// schema, program and revision prefilled. JSON and TOML have no blank file
/// ([`SaveErrorKind::NoBlank`]).
pub fn blank(format: InputFormat, program: &Program) -> Result<Vec<u8>, SaveError> {
    match format {
        InputFormat::Yaml => Ok(blank_yaml(program).into_bytes()),
        InputFormat::Xlsx => workbook_bytes(None, program),
        InputFormat::Json | InputFormat::Toml => {
            Err(SaveError::without_cause(SaveErrorKind::NoBlank(format)))
        }
    }
}

fn workbook_bytes(c: Option<&Consortium>, program: &Program) -> Result<Vec<u8>, SaveError> {
    if let Some(why) = c.and_then(workbook::plan_misfit) {
        return Err(SaveError::new(SaveErrorKind::Workbook, why));
    }
    workbook::workbook(c, program).map_err(|e| SaveError::new(SaveErrorKind::Workbook, e))
}
