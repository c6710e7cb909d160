//! Deterministic zip archives: fixed entry times (1980-01-01), entries in the given order,
//! stored uncompressed (DOCX and PDF are compressed already; deflating them again costs time
//! for almost no gain).

pub fn store(files: &[(String, &[u8])]) -> Result<Vec<u8>, formpack_zip::Error> {
    let entries: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    formpack_zip::archive(
        &entries,
        formpack_zip::Method::Stored,
        formpack_zip::DosTime::EPOCH,
    )
}
