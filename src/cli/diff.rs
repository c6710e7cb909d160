//! `formpack diff`.

pub fn run(_old: &std::path::Path, _new: &std::path::Path, _format: super::Format) -> u8 {
    super::not_yet("diff")
}
