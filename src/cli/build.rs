//! `formpack build` and `formpack templates export`.

use std::path::Path;

pub fn run(
    _file: &Path,
    _out: &Path,
    _draft: bool,
    _templates: Option<&Path>,
    _font_dir: Option<&Path>,
) -> u8 {
    super::not_yet("build")
}

pub fn export_templates(_dir: &Path) -> u8 {
    super::not_yet("templates export")
}
