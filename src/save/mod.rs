//! Saving: typed model → file: YAML, JSON, TOML and the workbook.
//!
//! Every writer of a consortium file is here; `convert` and `init` only choose the format and
//! the path.
//!
//! - [`to_bytes`]: a [`Consortium`] in one of the formats. YAML via serde-saphyr, JSON pretty,
//!   TOML pretty (dates as strings, which the model reads back), the workbook as laid out by
//!   [`crate::workbook`]. Reading the bytes back gives an equal `Consortium` (see
//!   [`crate::workbook`] for the one thing the workbook cannot keep: empty values).
//! - [`blank`]: a blank file to fill in, YAML ([`BLANK_YAML`]) or the workbook.
//! - [`write_atomic`]: the bytes to a path without ever leaving a half-written file.
//!
//! The same input always gives the same bytes.

use crate::load::InputFormat;
use crate::model::Consortium;

mod error;
mod file;
mod workbook;

pub use error::{SaveError, SaveErrorKind};
pub use file::{write_atomic, Overwrite};

/// The blank YAML consortium file: every key of DATA.md with a Korean comment. It loads as it
/// is: unknown values are blank (`null`), lists are empty and their item shapes are given as
/// comments, so `check` reports `field-missing` gaps, not a parse error.
pub const BLANK_YAML: &str = include_str!("blank.yaml");

/// The model in `format`.
pub fn to_bytes(c: &Consortium, format: InputFormat) -> Result<Vec<u8>, SaveError> {
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
        InputFormat::Xlsx => workbook_bytes(Some(c)),
    }
}

/// A blank file to fill in: [`BLANK_YAML`], or the workbook with notes on every header,
/// drop-downs for every closed list and the schema, program and revision prefilled. JSON and
/// TOML have no blank file ([`SaveErrorKind::NoBlank`]).
pub fn blank(format: InputFormat) -> Result<Vec<u8>, SaveError> {
    match format {
        InputFormat::Yaml => Ok(BLANK_YAML.as_bytes().to_vec()),
        InputFormat::Xlsx => workbook_bytes(None),
        InputFormat::Json | InputFormat::Toml => {
            Err(SaveError::without_cause(SaveErrorKind::NoBlank(format)))
        }
    }
}

fn workbook_bytes(c: Option<&Consortium>) -> Result<Vec<u8>, SaveError> {
    workbook::workbook(c).map_err(|e| SaveError::new(SaveErrorKind::Workbook, e))
}
