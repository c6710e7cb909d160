//! `cargo test -p formpack-docx --test sample -- --ignored` writes the rich sample (final and
//! draft) to `$FORMPACK_DOCX_SAMPLE_DIR` (default: the system temp dir), for opening in
//! Word, Hancom Office or LibreOffice by hand.

use crate::common;

#[test]
#[ignore = "writes files for a manual look"]
fn write_samples() {
    let dir = std::env::var_os("FORMPACK_DOCX_SAMPLE_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let mut d = common::rich();
    std::fs::write(
        dir.join("formpack-sample.docx"),
        formpack_docx::render(&d).unwrap(),
    )
    .unwrap();
    d.watermark = Some("초안".into());
    std::fs::write(
        dir.join("formpack-sample-draft.docx"),
        formpack_docx::render(&d).unwrap(),
    )
    .unwrap();
}
