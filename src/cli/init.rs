//! `formpack init`.

pub fn run(_path: &std::path::Path, _xlsx: bool) -> u8 {
    super::not_yet("init")
}
