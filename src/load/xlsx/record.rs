//! What reading a workbook records besides values: the diagnostics, the cell of every field
//! (the [`SourceMap`]) and the header or label of every field, for messages.

use std::collections::BTreeMap;

use crate::diag::{parent_path, Diagnostic, Location, Severity, SourceMap, Spot};
use crate::workbook::schema::cell_name;

pub(super) struct Record<'a> {
    file: &'a str,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) map: SourceMap,
    /// Field path → its header (or 항목 label), for messages.
    labels: BTreeMap<String, &'static str>,
}

impl<'a> Record<'a> {
    pub(super) fn new(file: &'a str) -> Record<'a> {
        Record {
            file,
            errors: Vec::new(),
            map: SourceMap::new(file),
            labels: BTreeMap::new(),
        }
    }

    /// An `input-parse` error at a cell; the message is prefixed with `sheet!cell: `.
    pub(super) fn error(
        &mut self,
        sheet: &str,
        row: u32,
        col: u32,
        path: Option<String>,
        message: String,
    ) {
        let cell = cell_name(row, col);
        self.errors.push(Diagnostic {
            code: crate::diag::Code::InputParse,
            severity: Severity::Error,
            message: format!("{sheet}!{cell}: {message}"),
            location: Location {
                file: Some(self.file.to_string()),
                sheet: Some(sheet.to_string()),
                cell: Some(cell),
                path,
                ..Location::default()
            },
            detail: None,
        });
    }

    /// An `input-parse` error naming a sheet but no cell.
    pub(super) fn sheet_error(&mut self, sheet: &str, message: String) {
        self.errors.push(Diagnostic {
            code: crate::diag::Code::InputParse,
            severity: Severity::Error,
            message,
            location: Location {
                file: Some(self.file.to_string()),
                sheet: Some(sheet.to_string()),
                ..Location::default()
            },
            detail: None,
        });
    }

    /// An `input-too-large` error at a cell: a sheet whose cells span more than the limit.
    pub(super) fn too_large(&mut self, sheet: &str, row: u32, col: u32, message: String) {
        let cell = cell_name(row, col);
        self.errors.push(crate::limits::too_large(
            Location {
                file: Some(self.file.to_string()),
                sheet: Some(sheet.to_string()),
                cell: Some(cell.clone()),
                ..Location::default()
            },
            format!("{sheet}!{cell}: {message}"),
        ));
    }

    /// Record a field's cell, and the cell as the spot of each of its not yet recorded
    /// parents.
    pub(super) fn spot(&mut self, path: &str, sheet: &str, row: u32, col: u32) {
        let spot = Spot::Cell {
            sheet: sheet.to_string(),
            cell: cell_name(row, col),
        };
        let mut p = path;
        self.map.spots.insert(p.to_string(), spot.clone());
        while let Some(parent) = parent_path(p) {
            if parent.is_empty() {
                break;
            }
            self.map
                .spots
                .entry(parent.to_string())
                .or_insert_with(|| spot.clone());
            p = parent;
        }
    }

    /// Record the header (or label) a field is read under.
    pub(super) fn label(&mut self, path: String, label: &'static str) {
        self.labels.insert(path, label);
    }

    /// The field's header as a message prefix (`국비: `), or nothing.
    pub(super) fn label_prefix(&self, path: &str) -> String {
        self.labels
            .get(path)
            .map(|h| format!("{h}: "))
            .unwrap_or_default()
    }

    /// The field's header as a message suffix (` (국비)`), or nothing.
    pub(super) fn label_suffix(&self, path: &str) -> String {
        self.labels
            .get(path)
            .map(|h| format!(" ({h})"))
            .unwrap_or_default()
    }
}
