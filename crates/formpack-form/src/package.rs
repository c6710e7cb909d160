//! The form's zip package: read within limits, and written again with only the edited
//! entries new. Every other entry is copied raw: its compressed bytes, CRC, sizes, method and
//! time as the form had them.
//!
//! A form is filled once per member from the same bytes, so what does not depend on the
//! values is worked out once per form and kept: each XML part parsed, the character sizes of
//! `header.xml`, and each part deflated in chunks that end on a full flush. An edited part is
//! written as those chunks where no edit touches them and freshly deflated chunks where one
//! does, joined into one stream (a full flush ends on a byte boundary with no reference to
//! what came before, so deflate streams so ended can be concatenated).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::ops::Range;
use std::sync::OnceLock;

use roxmltree::Document;
use zip::{CompressionMethod, ZipArchive};

use crate::error::{not_a_form, Error, ErrorKind};
use crate::plan::Limits;
use crate::splice::Splices;

self_cell::self_cell!(
    /// A part's text and its parsed tree.
    pub(crate) struct Parsed {
        owner: String,
        #[covariant]
        dependent: Document,
    }
);

/// One zip entry as the form has it.
struct Entry {
    name: String,
    /// Deflated (8) or stored (0).
    method: u16,
    crc: u32,
    size: u64,
    /// General purpose flags as the form's local header has them, less the data descriptor
    /// bit (sizes and CRC are written in the header).
    flags: u16,
    /// The compressed bytes' range in the form's bytes.
    data: Range<usize>,
    /// MS-DOS time and date.
    time: u16,
    date: u16,
}

/// A package: the original bytes, its entries, and the text parts read out of it.
pub(crate) struct Package {
    bytes: Vec<u8>,
    entries: Vec<Entry>,
    /// Entry names in the zip's order.
    names: Vec<String>,
    /// The entries formpack reads (XML, the preview, the mimetype), uncompressed: as text
    /// when they are UTF-8 (checked once), else as bytes.
    parts: BTreeMap<String, String>,
    raw: BTreeMap<String, Vec<u8>>,
    parsed: BTreeMap<String, OnceLock<Result<Parsed, Error>>>,
    chunks: BTreeMap<String, OnceLock<Vec<Chunk>>>,
    pub(crate) fonts: OnceLock<BTreeMap<String, u32>>,
    pub(crate) limits: Limits,
}

/// A piece of a part deflated on its own, ending on a full flush.
struct Chunk {
    range: Range<usize>,
    deflated: Vec<u8>,
}

/// Chunks of about this many bytes, ended at a tag boundary.
const CHUNK: usize = 16 * 1024;

/// An edit of a part: its new bytes, or splices into its text (then only the chunks they
/// touch are deflated again).
pub(crate) enum Edit {
    /// New bytes.
    Whole(Vec<u8>),
    /// The part's text with these splices.
    Spliced(Splices),
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
        let mut entries = Vec::with_capacity(zip.len());
        let mut parts = BTreeMap::new();
        let mut raw = BTreeMap::new();
        let mut total = 0u64;
        for i in 0..zip.len() {
            let bad = |e: &dyn std::fmt::Display| {
                not_a_form(format!("zip 항목 {}을 읽지 못했습니다 ({e})", i + 1))
            };
            let entry = {
                let f = zip.by_index_raw(i).map_err(|e| bad(&e))?;
                if f.encrypted() {
                    return Err(Error::new(
                        ErrorKind::Encrypted,
                        "암호가 걸린 zip 항목이 있습니다: 암호를 해제하고 다시 저장한 서식을 쓰십시오",
                    ));
                }
                let method = match f.compression() {
                    CompressionMethod::Stored => 0,
                    CompressionMethod::Deflated => 8,
                    other => return Err(bad(&format!("압축 방식 {other:?}"))),
                };
                let start = f.data_start().ok_or_else(|| bad(&"자료 위치"))? as usize;
                let end = start.saturating_add(f.compressed_size() as usize);
                if end > bytes.len() {
                    return Err(bad(&"잘린 파일"));
                }
                let (date, time) = f.last_modified().map_or((0x21, 0), |t| t.into());
                let at = f.header_start() as usize + 6;
                let flags = bytes
                    .get(at..at + 2)
                    .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
                    & !0x0008;
                Entry {
                    name: f.name().to_string(),
                    method,
                    crc: f.crc32(),
                    size: f.size(),
                    flags,
                    data: start..end,
                    time,
                    date,
                }
            };
            if is_read(&entry.name) {
                let mut f = zip.by_index(i).map_err(|e| bad(&e))?;
                let mut data = Vec::new();
                let read = (&mut f)
                    .take(limits.entry_bytes + 1)
                    .read_to_end(&mut data)
                    .map_err(|e| {
                        not_a_form(format!("{}: 압축을 풀지 못했습니다 ({e})", entry.name))
                    })?;
                total += read as u64;
                if read as u64 > limits.entry_bytes || total > limits.total_bytes {
                    return Err(too_large(format!("{}의 압축을 푼 크기", entry.name)));
                }
                match String::from_utf8(data) {
                    Ok(text) => {
                        parts.insert(entry.name.clone(), text);
                    }
                    Err(e) => {
                        raw.insert(entry.name.clone(), e.into_bytes());
                    }
                }
            }
            entries.push(entry);
        }
        let names = entries.iter().map(|e| e.name.clone()).collect();
        Ok(Package {
            bytes: bytes.to_vec(),
            parsed: parts.keys().map(|k| (k.clone(), OnceLock::new())).collect(),
            chunks: parts.keys().map(|k| (k.clone(), OnceLock::new())).collect(),
            entries,
            names,
            parts,
            raw,
            fonts: OnceLock::new(),
            limits: *limits,
        })
    }

    /// An entry's uncompressed bytes, if formpack reads that entry.
    pub(crate) fn get(&self, name: &str) -> Option<&[u8]> {
        self.parts
            .get(name)
            .map(String::as_bytes)
            .or_else(|| self.raw.get(name).map(Vec::as_slice))
    }

    /// Any entry's uncompressed bytes, inflated now when formpack does not keep it (an
    /// image), within the entry limit; `None` when there is no such entry or it does not
    /// inflate.
    pub(crate) fn entry_bytes(&self, name: &str) -> Option<Vec<u8>> {
        if let Some(b) = self.get(name) {
            return Some(b.to_vec());
        }
        let e = self.entries.iter().find(|e| e.name == name)?;
        let data = self.bytes.get(e.data.clone())?;
        let limit = usize::try_from(self.limits.entry_bytes).unwrap_or(usize::MAX);
        match e.method {
            0 => (data.len() <= limit).then(|| data.to_vec()),
            _ => miniz_oxide::inflate::decompress_to_vec_with_limit(data, limit).ok(),
        }
    }

    /// A part as UTF-8 text.
    pub(crate) fn text(&self, name: &str) -> Result<&str, Error> {
        match self.parts.get(name) {
            Some(t) => Ok(t.strip_prefix('\u{FEFF}').unwrap_or(t)),
            None if self.raw.contains_key(name) => {
                Err(not_a_form(format!("{name}이(가) UTF-8이 아닙니다")))
            }
            None => Err(not_a_form(format!("{name}이(가) 없습니다"))),
        }
    }

    /// A part parsed (once for the form, however many times it is filled).
    pub(crate) fn parsed(&self, name: &str) -> Result<&Parsed, Error> {
        let cell = self
            .parsed
            .get(name)
            .ok_or_else(|| not_a_form(format!("{name}이(가) 없습니다")))?;
        let parsed = cell.get_or_init(|| {
            let text = self.text(name)?.to_string();
            Parsed::try_new(text, |t| crate::xml::parse(name, t.as_str(), &self.limits))
        });
        parsed.as_ref().map_err(Clone::clone)
    }

    /// The package holds an entry of this name.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// Entry names in the zip's order.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// A part's text in chunks deflated each on its own (once for the form).
    fn chunks(&self, name: &str) -> Result<&[Chunk], Error> {
        let text = self.text(name)?;
        let offset = text.as_ptr() as usize - self.parts[name].as_ptr() as usize;
        let cell = &self.chunks[name];
        Ok(cell.get_or_init(|| {
            let mut out = Vec::new();
            let mut at = 0;
            while at < text.len() {
                // End a chunk after a tag, so an edit and a chunk boundary rarely meet.
                let want = (at + CHUNK).min(text.len());
                let end = text.as_bytes()[want..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(text.len(), |k| want + k + 1);
                out.push(Chunk {
                    range: offset + at..offset + end,
                    deflated: deflate_flushed(&text.as_bytes()[at..end]),
                });
                at = end;
            }
            out
        }))
    }

    /// An edited part's CRC-32, size and deflated stream (and its bytes when the entry is
    /// stored): chunks no splice touches as they were deflated, the rest deflated now.
    fn stitched(&self, name: &str, splices: Splices, stored: bool) -> Result<Written, Error> {
        let text = self.text(name)?;
        let offset = text.as_ptr() as usize - self.parts[name].as_ptr() as usize;
        let chunks = self.chunks(name)?;
        let touched = splices.ranges();
        let mut w = Written::new(stored, text.len());
        w.add(&self.parts[name].as_bytes()[..offset], None);
        let mut i = 0;
        let mut pending = splices;
        while i < chunks.len() {
            let r = chunks[i].range.start - offset..chunks[i].range.end - offset;
            let hit =
                |r: &Range<usize>| touched.iter().any(|t| t.start < r.end && t.end >= r.start);
            if !hit(&r) {
                w.add(&text.as_bytes()[r], Some(&chunks[i].deflated));
                i += 1;
                continue;
            }
            // A run of touched chunks, extended while a splice crosses its end.
            let start = r.start;
            let mut end = r.end;
            i += 1;
            while i < chunks.len() {
                let next = chunks[i].range.start - offset..chunks[i].range.end - offset;
                let crossing = touched.iter().any(|t| t.start < end && t.end > end);
                if !crossing && !hit(&next) {
                    break;
                }
                end = next.end;
                i += 1;
            }
            let (inside, rest) = pending.split_at(end);
            pending = rest;
            let piece = inside.apply_within(text, start..end)?;
            w.add(piece.as_bytes(), None);
        }
        Ok(w)
    }

    /// The package with `edits` in place of those entries; every other entry copied raw.
    /// Entry order, methods and times are the form's.
    pub(crate) fn rewrite(&self, edits: BTreeMap<String, Edit>) -> Result<Vec<u8>, Error> {
        let mut edits = edits;
        let mut out = ZipOut::default();
        for e in &self.entries {
            match edits.remove(&e.name) {
                None => out.entry(e, e.crc, e.size, &self.bytes[e.data.clone()]),
                Some(edit) => {
                    let stored = e.method == 0;
                    let w = match edit {
                        Edit::Whole(b) => {
                            let mut w = Written::new(stored, b.len());
                            w.add(&b, None);
                            w
                        }
                        Edit::Spliced(s) => self.stitched(&e.name, s, stored)?,
                    };
                    let (crc, size, data) = w.finish();
                    out.entry(e, crc, size, &data);
                }
            }
        }
        Ok(out.finish())
    }
}

/// An edited entry as it is written: its CRC-32 and size over the pieces, and its data
/// (the pieces deflated, or the bytes themselves for a stored entry).
struct Written {
    crc: crc32fast::Hasher,
    size: u64,
    stored: bool,
    data: Vec<u8>,
}

impl Written {
    fn new(stored: bool, capacity: usize) -> Written {
        Written {
            crc: crc32fast::Hasher::new(),
            size: 0,
            stored,
            data: Vec::with_capacity(if stored { capacity } else { capacity / 4 }),
        }
    }

    /// The next piece of the entry, with its deflated form when one was made already.
    fn add(&mut self, bytes: &[u8], deflated: Option<&[u8]>) {
        self.crc.update(bytes);
        self.size += bytes.len() as u64;
        match (self.stored, deflated) {
            (true, _) => self.data.extend_from_slice(bytes),
            (false, Some(d)) => self.data.extend_from_slice(d),
            (false, None) => deflate_flushed_into(bytes, &mut self.data),
        }
    }

    fn finish(mut self) -> (u32, u64, Vec<u8>) {
        if !self.stored {
            // The final block: empty, fixed Huffman (BFINAL=1, BTYPE=01, end of block).
            self.data.extend_from_slice(&[0x03, 0x00]);
        }
        (self.crc.finalize(), self.size, self.data)
    }
}

/// Raw deflate of `data` ending on a full flush (no final block).
fn deflate_flushed(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    deflate_flushed_into(data, &mut out);
    out
}

thread_local! {
    /// One compressor a thread, reset between pieces (making one zeroes a few hundred KB).
    static COMPRESSOR: std::cell::RefCell<Box<miniz_oxide::deflate::core::CompressorOxide>> =
        std::cell::RefCell::new(Box::new(miniz_oxide::deflate::core::CompressorOxide::new(
            miniz_oxide::deflate::core::create_comp_flags_from_zip_params(1, -15, 0),
        )));
}

/// [`deflate_flushed`], appended to `out`.
fn deflate_flushed_into(data: &[u8], out: &mut Vec<u8>) {
    use miniz_oxide::deflate::core::{compress, TDEFLFlush};
    if data.is_empty() {
        return;
    }
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        let start = out.len();
        out.resize(start + data.len() / 2 + 64, 0);
        let mut at = start;
        let mut input = data;
        loop {
            let (_, used, wrote) = compress(&mut c, input, &mut out[at..], TDEFLFlush::Full);
            at += wrote;
            input = &input[used..];
            if input.is_empty() && at < out.len() {
                break;
            }
            let grow = out.len() - start;
            out.resize(out.len() + grow, 0);
        }
        out.truncate(at);
    });
}

/// A zip written entry by entry: local headers, data, then the central directory.
#[derive(Default)]
struct ZipOut {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl ZipOut {
    fn entry(&mut self, e: &Entry, crc: u32, size: u64, data: &[u8]) {
        let offset = self.out.len() as u32;
        let name = e.name.as_bytes();
        let utf8: u16 = if e.name.is_ascii() { 0 } else { 0x0800 };
        let flags = e.flags | utf8;
        let mut local = Vec::with_capacity(30 + name.len());
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        local.extend_from_slice(&20u16.to_le_bytes());
        local.extend_from_slice(&flags.to_le_bytes());
        local.extend_from_slice(&e.method.to_le_bytes());
        local.extend_from_slice(&e.time.to_le_bytes());
        local.extend_from_slice(&e.date.to_le_bytes());
        local.extend_from_slice(&crc.to_le_bytes());
        local.extend_from_slice(&(data.len() as u32).to_le_bytes());
        local.extend_from_slice(&(size as u32).to_le_bytes());
        local.extend_from_slice(&(name.len() as u16).to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes());
        local.extend_from_slice(name);
        self.out.extend_from_slice(&local);
        self.out.extend_from_slice(data);
        // The central record: the same fields, with version made by, comment, disk,
        // attributes and the local header's offset.
        let c = &mut self.central;
        c.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        c.extend_from_slice(&20u16.to_le_bytes());
        c.extend_from_slice(&local[4..30]);
        // Comment length, disk, internal attributes; external attributes.
        c.extend_from_slice(&[0; 6]);
        c.extend_from_slice(&0u32.to_le_bytes());
        c.extend_from_slice(&offset.to_le_bytes());
        c.extend_from_slice(name);
        self.count += 1;
    }

    fn finish(mut self) -> Vec<u8> {
        let at = self.out.len() as u32;
        let len = self.central.len() as u32;
        self.out.extend_from_slice(&self.central);
        self.out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        self.out.extend_from_slice(&[0; 4]);
        self.out.extend_from_slice(&self.count.to_le_bytes());
        self.out.extend_from_slice(&self.count.to_le_bytes());
        self.out.extend_from_slice(&len.to_le_bytes());
        self.out.extend_from_slice(&at.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out
    }
}
