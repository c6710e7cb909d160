//! The error of [`super::to_bytes`] and [`super::blank`].

use std::error::Error;
use std::fmt;

use crate::load::InputFormat;

/// A model (or blank file) that could not be written in the format asked for.
///
/// Its [`Display`](fmt::Display) is the Korean context (`YAML로 쓸 수 없습니다`); the serialiser's
/// own error, when there is one, is its [`source`](Error::source). The command line prints
/// both, as `context: cause`.
#[derive(Debug)]
pub struct SaveError {
    kind: SaveErrorKind,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

/// What could not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SaveErrorKind {
    /// serde-saphyr refused to write the model as YAML.
    Yaml,
    /// serde_json refused to write the model as JSON.
    Json,
    /// The toml crate refused to write the model as TOML.
    Toml,
    /// rust_xlsxwriter could not build the workbook.
    Workbook,
    /// There is no blank file in this format: blank files are YAML or the workbook.
    NoBlank(InputFormat),
}

impl SaveError {
    pub(super) fn new(
        kind: SaveErrorKind,
        source: impl Into<Box<dyn Error + Send + Sync + 'static>>,
    ) -> SaveError {
        SaveError {
            kind,
            source: Some(source.into()),
        }
    }

    pub(super) fn without_cause(kind: SaveErrorKind) -> SaveError {
        SaveError { kind, source: None }
    }

    /// What could not be written.
    pub fn kind(&self) -> SaveErrorKind {
        self.kind
    }
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            SaveErrorKind::Yaml => f.write_str("YAML로 쓸 수 없습니다"),
            SaveErrorKind::Json => f.write_str("JSON으로 쓸 수 없습니다"),
            SaveErrorKind::Toml => f.write_str("TOML로 쓸 수 없습니다"),
            SaveErrorKind::Workbook => f.write_str("통합문서를 만들 수 없습니다"),
            SaveErrorKind::NoBlank(_) => {
                f.write_str("빈 양식은 YAML(.yaml, .yml) 또는 통합문서(.xlsx)로 만듭니다")
            }
        }
    }
}

impl Error for SaveError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cause_is_the_source_not_part_of_the_message() {
        let e = SaveError::new(SaveErrorKind::Toml, "bad value");
        assert_eq!(e.to_string(), "TOML로 쓸 수 없습니다");
        assert_eq!(e.source().unwrap().to_string(), "bad value");
        assert_eq!(e.kind(), SaveErrorKind::Toml);
        let e = SaveError::without_cause(SaveErrorKind::NoBlank(InputFormat::Json));
        assert!(e.source().is_none());
    }
}
