//! `formpack check`.

pub fn run(_file: &std::path::Path, _format: super::Format) -> u8 {
    super::not_yet("check")
}
