//! `formpack verify`.

pub fn run(_dir: &std::path::Path) -> u8 {
    super::not_yet("verify")
}
