//! `cargo test -p formpack-hwpx --test sample -- --ignored` writes the sample documents (the
//! rich sample, final and draft; the hand-built one; every realistic fixture) as .hwpx files
//! to `$FORMPACK_HWPX_SAMPLE_DIR` (default: `<temp dir>/formpack-hwpx-samples`), for
//! `scripts/hwpx/validate.sh`, `scripts/hwpx/render.py` or opening in Hancom Office by hand.

use crate::common;

#[test]
#[ignore = "writes files for validators and a manual look"]
fn write_samples() {
    let dir = std::env::var_os("FORMPACK_HWPX_SAMPLE_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("formpack-hwpx-samples"));
    for path in common::write_samples(&dir) {
        println!("{}", path.display());
    }
}
