//! Deterministic zip archives: fixed entry times (1980-01-01), entries in the given order,
//! stored uncompressed (DOCX and PDF are compressed already; deflating them again costs time
//! for almost no gain).

use super::{Bytes, Piece};

pub fn store(files: &[(String, &[u8])]) -> Result<Vec<u8>, formpack_zip::Error> {
    let entries: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    formpack_zip::archive(
        &entries,
        formpack_zip::Method::Stored,
        formpack_zip::DosTime::EPOCH,
    )
}

/// [`store`] of files held as [`Bytes`] (each in one buffer) with their CRC-32, as a file of
/// pieces: the zip's headers between the files' own bytes, which are not copied. The same
/// bytes as [`store`].
pub fn store_pieces(files: &[(String, Bytes, u32)]) -> Result<Bytes, formpack_zip::Error> {
    let entries: Vec<(&str, &[u8], u32)> = files
        .iter()
        .map(|(n, b, crc)| match b.as_whole() {
            Some(data) => Ok((n.as_str(), data, *crc)),
            None => Err(formpack_zip::Error::new(format!("{n}: not in one buffer"))),
        })
        .collect::<Result<_, _>>()?;
    let pieces = formpack_zip::stored_pieces(&entries, formpack_zip::DosTime::EPOCH)?
        .into_iter()
        .map(|s| match s {
            formpack_zip::Segment::Own(v) => Piece::Own(v),
            formpack_zip::Segment::Entry(i) => Piece::Of(files[i].1.clone()),
        })
        .collect();
    Ok(Bytes::from_pieces(pieces))
}
