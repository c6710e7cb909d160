//! The Excel workbook (calamine). Not implemented yet.

use crate::diag::{Diagnostic, SourceMap};
use crate::model::Consortium;

pub fn parse(_bytes: &[u8], file: &str) -> Result<(Consortium, SourceMap), Vec<Diagnostic>> {
    Err(vec![super::parse_error(
        file,
        None,
        None,
        None,
        "엑셀 통합문서(.xlsx) 입력은 아직 지원하지 않습니다".into(),
    )])
}
