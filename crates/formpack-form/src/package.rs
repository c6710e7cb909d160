//! The form's zip package: read within limits, and written again with only the edited
//! entries new. Every other entry is copied raw, its compressed bytes and its header fields
//! as the form had them.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::error::{not_a_form, Error, ErrorKind};
use crate::plan::Limits;

/// A package: the original bytes, and the text parts read out of it.
pub(crate) struct Package {
    bytes: Vec<u8>,
    /// Entry names in the zip's order.
    names: Vec<String>,
    /// The entries formpack reads (XML, the preview, the mimetype), uncompressed.
    parts: BTreeMap<String, Vec<u8>>,
    pub(crate) limits: Limits,
}

/// An entry formpack reads: XML parts, the OPF manifest, relationships, the text preview.
fn is_read(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name == "mimetype"
        || [".xml", ".hpf", ".rels", ".txt"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

fn too_large(what: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::TooLarge,
        format!("서식 파일이 너무 큽니다 ({what}): 입력 한도를 넘었습니다"),
    )
}

impl Package {
    /// Read the zip's directory and the parts formpack reads, refusing a bomb before it
    /// inflates: each entry is read at most one byte past its limit.
    pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Package, Error> {
        if bytes.len() as u64 > limits.file_bytes {
            return Err(too_large(format!(
                "{} 바이트, 한도 {}",
                bytes.len(),
                limits.file_bytes
            )));
        }
        let mut zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| not_a_form(format!("zip 구조가 손상되었습니다 ({e})")))?;
        if zip.len() > limits.entries {
            return Err(too_large(format!(
                "항목 {}개, 한도 {}",
                zip.len(),
                limits.entries
            )));
        }
        let mut names = Vec::with_capacity(zip.len());
        let mut parts = BTreeMap::new();
        let mut total = 0u64;
        for i in 0..zip.len() {
            let mut f = zip
                .by_index(i)
                .map_err(|e| not_a_form(format!("zip 항목 {}을 읽지 못했습니다 ({e})", i + 1)))?;
            let name = f.name().to_string();
            if is_read(&name) {
                let mut data = Vec::new();
                let read = (&mut f)
                    .take(limits.entry_bytes + 1)
                    .read_to_end(&mut data)
                    .map_err(|e| not_a_form(format!("{name}: 압축을 풀지 못했습니다 ({e})")))?;
                total += read as u64;
                if read as u64 > limits.entry_bytes || total > limits.total_bytes {
                    return Err(too_large(format!("{name}의 압축을 푼 크기")));
                }
                parts.insert(name.clone(), data);
            }
            names.push(name);
        }
        Ok(Package {
            bytes: bytes.to_vec(),
            names,
            parts,
            limits: *limits,
        })
    }

    /// An entry's uncompressed bytes, if formpack reads that entry.
    pub(crate) fn get(&self, name: &str) -> Option<&[u8]> {
        self.parts.get(name).map(Vec::as_slice)
    }

    /// A part as UTF-8 text.
    pub(crate) fn text(&self, name: &str) -> Result<&str, Error> {
        let b = self
            .get(name)
            .ok_or_else(|| not_a_form(format!("{name}이(가) 없습니다")))?;
        let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
        std::str::from_utf8(b).map_err(|_| not_a_form(format!("{name}이(가) UTF-8이 아닙니다")))
    }

    /// The package holds an entry of this name.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// Entry names in the zip's order.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// The package with `edits` (entry name → new bytes) in place of those entries; every
    /// other entry copied raw. Entry order, compression method and times are the form's.
    pub(crate) fn rewrite(&self, edits: &BTreeMap<String, Vec<u8>>) -> Result<Vec<u8>, Error> {
        let broken =
            |e: zip::result::ZipError| not_a_form(format!("zip을 다시 쓰지 못했습니다 ({e})"));
        let mut zip = ZipArchive::new(Cursor::new(self.bytes.as_slice())).map_err(broken)?;
        let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(self.bytes.len() + 4096)));
        for i in 0..zip.len() {
            let name = self.names[i].as_str();
            match edits.get(name) {
                Some(data) => {
                    let f = zip.by_index_raw(i).map_err(broken)?;
                    let method = match f.compression() {
                        CompressionMethod::Stored => CompressionMethod::Stored,
                        _ => CompressionMethod::Deflated,
                    };
                    let mut options = SimpleFileOptions::default()
                        .compression_method(method)
                        .compression_level(Some(6));
                    if let Some(t) = f.last_modified() {
                        options = options.last_modified_time(t);
                    }
                    drop(f);
                    out.start_file(name, options).map_err(broken)?;
                    out.write_all(data)
                        .map_err(|e| not_a_form(format!("zip을 다시 쓰지 못했습니다 ({e})")))?;
                }
                None => {
                    let f = zip.by_index_raw(i).map_err(broken)?;
                    out.raw_copy_file(f).map_err(broken)?;
                }
            }
        }
        Ok(out.finish().map_err(broken)?.into_inner())
    }
}
