//! `formpack convert`.

pub fn run(_from: &std::path::Path, _to: &std::path::Path) -> u8 {
    super::not_yet("convert")
}
