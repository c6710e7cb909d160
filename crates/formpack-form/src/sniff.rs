//! What kind of file a form is, and the files formpack refuses before reading them.

use crate::error::{not_a_form, Error, ErrorKind};
use crate::package::Package;
use crate::Kind;

/// OLE2 compound file: HWP 5.0, and also an encrypted Office file.
const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Headers of DRM containers used in Korean offices (Fasoo, SoftCamp, MarkAny, …): the
/// file is wrapped, not a form.
const DRM_MARKS: [&[u8]; 5] = [
    b"<## FASOO",
    b"SCDSA",
    b"DRMONE",
    b"<DOCUMENT SAFER",
    b"MarkAny",
];

/// Refuse an HWP 5.0 file, an encrypted Office file and a DRM-wrapped one, each with what to do.
pub(crate) fn refuse_unfillable(bytes: &[u8]) -> Result<(), Error> {
    if bytes.starts_with(&OLE) {
        if contains_utf16(bytes, "EncryptedPackage") {
            return Err(Error::new(
                ErrorKind::Encrypted,
                "암호가 걸린 Word 파일입니다: Word에서 암호를 해제하고 .docx로 다시 저장하십시오",
            ));
        }
        if contains_utf16(bytes, "WordDocument") {
            return Err(Error::new(
                ErrorKind::NotAForm,
                "Word 97-2003 문서(.doc)는 채울 수 없습니다: Word에서 [다른 이름으로 저장]으로 \
                 'Word 문서(*.docx)'를 골라 저장한 파일을 쓰십시오",
            ));
        }
        if !contains_utf16(bytes, "FileHeader") && !contains_utf16(bytes, "BodyText") {
            return Err(not_a_form(
                "한글(.hwpx)이나 Word(.docx) 문서가 아닌 옛 형식의 파일입니다: 한글에서 HWPX로, Word에서 .docx로 저장한 파일을 쓰십시오",
            ));
        }
        return Err(Error::new(
            ErrorKind::Hwp5,
            "한글 97~2022의 .hwp 파일은 채울 수 없습니다: 한글에서 [파일 → 다른 이름으로 저장]으로 \
             파일 형식을 'HWPX'로 골라 저장한 .hwpx 파일을 쓰십시오",
        ));
    }
    let head = &bytes[..bytes.len().min(64)];
    if DRM_MARKS
        .iter()
        .any(|m| head.windows(m.len()).any(|w| w == *m))
    {
        return Err(Error::new(
            ErrorKind::Encrypted,
            "문서보안(DRM)이 걸린 파일입니다: 문서보안을 해제(반출 신청)한 파일을 쓰십시오",
        ));
    }
    if !bytes.starts_with(b"PK") {
        return Err(not_a_form(
            "HWPX나 DOCX 파일이 아닙니다 (zip 형식이 아님): 한글에서 HWPX로, Word에서 .docx로 저장한 파일을 쓰십시오",
        ));
    }
    Ok(())
}

fn contains_utf16(bytes: &[u8], s: &str) -> bool {
    let pat: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(pat.len()).any(|w| w == pat.as_slice())
}

/// HWPX (an `application/hwp+zip` mimetype or a `Contents/content.hpf`) or DOCX
/// (`word/document.xml`).
pub(crate) fn kind(p: &Package) -> Result<Kind, Error> {
    let mimetype = p.get("mimetype").map(|b| b.trim_ascii());
    if mimetype == Some(b"application/hwp+zip".as_slice()) || p.has("Contents/content.hpf") {
        return Ok(Kind::Hwpx);
    }
    if p.has("word/document.xml") {
        return Ok(Kind::Docx);
    }
    Err(not_a_form(
        "zip 파일이지만 HWPX(한글)나 DOCX(Word) 문서가 아닙니다",
    ))
}

/// An HWPX saved with a password lists encrypted parts in `META-INF/manifest.xml`.
pub(crate) fn refuse_encrypted_package(p: &Package, kind: Kind) -> Result<(), Error> {
    let encrypted = match kind {
        Kind::Hwpx => p
            .get("META-INF/manifest.xml")
            .is_some_and(|m| m.windows(15).any(|w| w == b"encryption-data")),
        Kind::Docx => false,
    };
    if encrypted {
        return Err(Error::new(
            ErrorKind::Encrypted,
            "암호가 걸린 한글 파일입니다: 한글에서 [보안 → 문서 암호 해제] 후 HWPX로 다시 저장하십시오",
        ));
    }
    Ok(())
}
