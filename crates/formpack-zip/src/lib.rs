//! Deterministic zip archives, written in one pass into memory: the entries in the order given,
//! one fixed time on every entry, no extra fields, no data descriptors, Unix permissions 0644.
//!
//! It replaces the `zip` crate's writer for formpack's packages (DOCX, HWPX, PPTX) and the
//! signing packets because a package is many small parts: the `zip` crate set up a new
//! deflate stream for every part (about 3% of a 60-member build went into that set-up alone),
//! while here one libdeflate compressor per thread and level is kept and reused. The layout
//! is the one the `zip` crate writes for the same options, so a stored archive comes out byte
//! for byte the same (a test holds the two side by side); a deflated one differs only in the
//! compressed bytes.

#![deny(missing_docs)]

use std::cell::RefCell;
use std::fmt;

/// How an entry's bytes are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// As they are (already compressed data, or a part a reader wants uncompressed).
    Stored,
    /// Deflated at this libdeflate level (1 fastest … 12 smallest).
    Deflated(u8),
}

/// A date and time as zip stores it (MS-DOS format, two-second resolution).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DosTime {
    time: u16,
    date: u16,
}

impl DosTime {
    /// 1980-01-01 00:00:00, the earliest time zip can store.
    pub const EPOCH: DosTime = DosTime {
        time: 0,
        date: 1 << 5 | 1,
    };

    /// A day at midnight; `None` outside 1980–2107 or for an impossible month or day.
    pub fn midnight(year: u16, month: u8, day: u8) -> Option<DosTime> {
        if !(1980..=2107).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day)
        {
            return None;
        }
        Some(DosTime {
            time: 0,
            date: (year - 1980) << 9 | u16::from(month) << 5 | u16::from(day),
        })
    }
}

/// Why an archive could not be written.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl Error {
    /// An error saying `message`.
    pub fn new(message: impl Into<String>) -> Error {
        Error(message.into())
    }
}

/// An archive being written into memory.
pub struct Writer {
    out: Vec<u8>,
    central: Vec<u8>,
    count: usize,
    time: DosTime,
    /// For [`stored_pieces`]: the archive so far, as pieces before `out`, and their length.
    pieces: Vec<Segment>,
    before: usize,
}

/// A piece of an archive made by [`stored_pieces`]: bytes of its own (headers), or an
/// entry's data as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Headers.
    Own(Vec<u8>),
    /// The data of the entry at this index, stored as it is.
    Entry(usize),
}

impl Writer {
    /// A new archive whose entries all carry `time`.
    pub fn new(time: DosTime) -> Writer {
        Writer::with_capacity(time, 0)
    }

    /// [`Writer::new`], with room for about `bytes` of output.
    pub fn with_capacity(time: DosTime, bytes: usize) -> Writer {
        Writer {
            out: Vec::with_capacity(bytes),
            central: Vec::new(),
            count: 0,
            time,
            pieces: Vec::new(),
            before: 0,
        }
    }

    /// Add an entry: `name` (a relative path with `/`), its bytes and how they are kept.
    pub fn add(&mut self, name: &str, data: &[u8], method: Method) -> Result<(), Error> {
        self.add_entry(name, data, method, None)
    }

    /// [`Writer::add`]; with `by_reference` (stored, index, CRC-32), the data is not copied:
    /// the archive so far becomes a piece, then the entry's data.
    fn add_entry(
        &mut self,
        name: &str,
        data: &[u8],
        method: Method,
        by_reference: Option<(usize, u32)>,
    ) -> Result<(), Error> {
        if let Method::Deflated(level) = method {
            if !(1..=12).contains(&level) {
                return Err(Error(format!(
                    "deflate level {level} is not between 1 and 12"
                )));
            }
        }
        let crc = match by_reference {
            Some((_, crc)) => crc,
            None => crc32fast::hash(data),
        };
        let offset = self.before + self.out.len();
        let (method_id, version) = match method {
            Method::Stored => (0u16, 10u16),
            Method::Deflated(_) => (8, 20),
        };
        // Bit 11: the name is UTF-8 (set, as the zip crate does, only when it is not ASCII).
        let flags: u16 = if name.is_ascii() { 0 } else { 1 << 11 };
        let name_len = u16::try_from(name.len()).map_err(|_| too_large("a name"))?;
        let size = u32::try_from(data.len()).map_err(|_| too_large(name))?;
        // The local header goes first with the compressed size left open.
        let head = self.out.len();
        put32(&mut self.out, 0x0403_4b50);
        put16(&mut self.out, version);
        put16(&mut self.out, flags);
        put16(&mut self.out, method_id);
        put16(&mut self.out, self.time.time);
        put16(&mut self.out, self.time.date);
        put32(&mut self.out, crc);
        put32(&mut self.out, 0); // compressed size, below
        put32(&mut self.out, size);
        put16(&mut self.out, name_len);
        put16(&mut self.out, 0);
        self.out.extend_from_slice(name.as_bytes());
        let start = self.out.len();
        match method {
            Method::Stored if by_reference.is_some() => {}
            Method::Stored => self.out.extend_from_slice(data),
            Method::Deflated(level) => {
                if let Err(e) = deflate_into(data, level, &mut self.out) {
                    self.out.truncate(head);
                    return Err(e);
                }
            }
        }
        let packed = match by_reference {
            Some(_) => data.len(),
            None => self.out.len() - start,
        };
        let packed = u32::try_from(packed).map_err(|_| too_large(name))?;
        self.out[head + 18..head + 22].copy_from_slice(&packed.to_le_bytes());
        if let Some((index, _)) = by_reference {
            self.before += self.out.len() + data.len();
            self.pieces
                .push(Segment::Own(std::mem::take(&mut self.out)));
            self.pieces.push(Segment::Entry(index));
        }
        let offset = u32::try_from(offset).map_err(|_| too_large("the archive"))?;

        let c = &mut self.central;
        put32(c, 0x0201_4b50);
        put16(c, 3 << 8 | version); // made by: Unix
        put16(c, version);
        put16(c, flags);
        put16(c, method_id);
        put16(c, self.time.time);
        put16(c, self.time.date);
        put32(c, crc);
        put32(c, packed);
        put32(c, size);
        put16(c, name_len);
        put16(c, 0); // extra field
        put16(c, 0); // comment
        put16(c, 0); // disk
        put16(c, 0); // internal attributes
        put32(c, 0o100_644 << 16); // a regular file, rw-r--r--
        put32(c, offset);
        c.extend_from_slice(name.as_bytes());
        self.count += 1;
        Ok(())
    }

    /// The finished archive.
    pub fn finish(mut self) -> Result<Vec<u8>, Error> {
        let count = u16::try_from(self.count).map_err(|_| too_large("the number of entries"))?;
        let at = self.before + self.out.len();
        let at = u32::try_from(at).map_err(|_| too_large("the archive"))?;
        let len = u32::try_from(self.central.len()).map_err(|_| too_large("the archive"))?;
        self.out.extend_from_slice(&self.central);
        let o = &mut self.out;
        put32(o, 0x0605_4b50);
        put16(o, 0);
        put16(o, 0);
        put16(o, count);
        put16(o, count);
        put32(o, len);
        put32(o, at);
        put16(o, 0);
        self.out.shrink_to_fit();
        Ok(self.out)
    }
}

/// The stored archive of `entries` (name, bytes, their CRC-32) as pieces: headers of its own
/// between the entries' data, which is not copied. Joined, the pieces are
/// [`archive`]`(…, Method::Stored, time)` byte for byte. A caller that puts the same data in
/// many archives (a document in every member's packet) computes its CRC once ([`crc32`]).
pub fn stored_pieces(entries: &[(&str, &[u8], u32)], time: DosTime) -> Result<Vec<Segment>, Error> {
    let mut w = Writer::new(time);
    for (i, (name, data, crc)) in entries.iter().enumerate() {
        w.add_entry(name, data, Method::Stored, Some((i, *crc)))?;
    }
    let mut pieces = std::mem::take(&mut w.pieces);
    let tail = w.finish()?;
    pieces.retain(|p| !matches!(p, Segment::Own(v) if v.is_empty()));
    pieces.push(Segment::Own(tail));
    Ok(pieces)
}

/// The CRC-32 zip records of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    crc32fast::hash(data)
}

/// An archive of `entries` (name, bytes) all kept with `method`.
pub fn archive(entries: &[(&str, &[u8])], method: Method, time: DosTime) -> Result<Vec<u8>, Error> {
    let total: usize = entries
        .iter()
        .map(|(n, d)| n.len() * 2 + d.len() + 80)
        .sum();
    let mut w = Writer::with_capacity(time, total + 22);
    for (name, data) in entries {
        w.add(name, data, method)?;
    }
    w.finish()
}

fn too_large(what: &str) -> Error {
    Error(format!(
        "{what} is too large for a zip archive without Zip64"
    ))
}

fn put16(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}

fn put32(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}

/// Raw deflate of `data` appended to `out`, with this thread's compressor for `level`. The
/// compressor writes into a scratch buffer kept per thread, so `out` grows by the compressed
/// size only (not by the bound a compressor must be given, about the raw size: held by every
/// package of a bundle until it is written, that was 20 MB at 60 members).
fn deflate_into(data: &[u8], level: u8, out: &mut Vec<u8>) -> Result<(), Error> {
    use libdeflater::{CompressionLvl, Compressor};
    /// One compressor per level used, and the scratch buffer.
    type PerThread = (Vec<(u8, Compressor)>, Vec<u8>);
    thread_local! {
        static COMPRESSORS: RefCell<PerThread> = const { RefCell::new((Vec::new(), Vec::new())) };
    }
    let lvl = CompressionLvl::new(i32::from(level))
        .map_err(|_| Error(format!("deflate level {level} is not between 1 and 12")))?;
    COMPRESSORS.with(|cs| {
        let (cs, scratch) = &mut *cs.borrow_mut();
        let at = match cs.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                cs.push((level, Compressor::new(lvl)));
                cs.len() - 1
            }
        };
        let c = &mut cs[at].1;
        scratch.resize(c.deflate_compress_bound(data.len()), 0);
        let n = c
            .deflate_compress(data, scratch)
            .map_err(|e| Error(format!("cannot deflate: {e}")))?;
        out.extend_from_slice(&scratch[..n]);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read, Write};

    fn entries() -> Vec<(String, Vec<u8>)> {
        vec![
            ("mimetype".into(), b"application/hwp+zip".to_vec()),
            (
                "03_컨소시엄협약서.pdf".into(),
                (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect(),
            ),
            ("word/document.xml".into(), b"<w:document>".repeat(5000)),
            ("empty".into(), Vec::new()),
        ]
    }

    /// Stored archives are the `zip` crate's bytes exactly, for the same options.
    #[test]
    fn stored_archive_is_the_zip_crates_byte_for_byte() {
        let e = entries();
        let ours = archive(
            &e.iter()
                .map(|(n, d)| (n.as_str(), d.as_slice()))
                .collect::<Vec<_>>(),
            Method::Stored,
            DosTime::EPOCH,
        )
        .unwrap();
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        for (n, d) in &e {
            w.start_file(n.as_str(), opts).unwrap();
            w.write_all(d).unwrap();
        }
        let theirs = w.finish().unwrap().into_inner();
        assert_eq!(ours, theirs);
        // As pieces: the same bytes, with every entry's data left where it was.
        let with_crc: Vec<(&str, &[u8], u32)> = e
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice(), crc32(d)))
            .collect();
        let pieces = stored_pieces(&with_crc, DosTime::EPOCH).unwrap();
        let mut joined = Vec::new();
        for p in &pieces {
            match p {
                Segment::Own(v) => joined.extend_from_slice(v),
                Segment::Entry(i) => joined.extend_from_slice(with_crc[*i].1),
            }
        }
        assert_eq!(joined, ours);
        let refs: Vec<usize> = pieces
            .iter()
            .filter_map(|p| match p {
                Segment::Entry(i) => Some(*i),
                Segment::Own(_) => None,
            })
            .collect();
        assert_eq!(refs, (0..e.len()).collect::<Vec<_>>());
    }

    /// Deflated archives read back through the `zip` crate to the same entries, in order, with
    /// the time, permissions and methods asked for; writing twice gives the same bytes.
    #[test]
    fn deflated_archive_reads_back_and_is_deterministic() {
        let e = entries();
        let time = DosTime::midnight(2000, 1, 1).unwrap();
        let write = || {
            let mut w = Writer::new(time);
            for (i, (n, d)) in e.iter().enumerate() {
                let m = if i == 0 {
                    Method::Stored
                } else {
                    Method::Deflated(3)
                };
                w.add(n, d, m).unwrap();
            }
            w.finish().unwrap()
        };
        let bytes = write();
        assert_eq!(bytes, write());
        assert!(bytes.len() < 70_000 + 20_000, "compressed: {}", bytes.len());
        let mut z = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        assert_eq!(z.len(), e.len());
        for (i, (n, d)) in e.iter().enumerate() {
            let mut f = z.by_index(i).unwrap();
            assert_eq!(f.name(), n);
            assert_eq!(f.unix_mode(), Some(0o100_644));
            let want = if i == 0 {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            assert_eq!(f.compression(), want);
            let t = f.last_modified().unwrap();
            assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2000, 1, 1, 0));
            let mut back = Vec::new();
            f.read_to_end(&mut back).unwrap();
            assert_eq!(&back, d, "{n}");
        }
        // The first entry starts the file: `mimetype` readable at offset 30, as HWPX and
        // EPUB readers look for it.
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..57], b"application/hwp+zip");
    }

    #[test]
    fn times_and_levels_out_of_range_are_refused() {
        assert_eq!(DosTime::midnight(1979, 1, 1), None);
        assert_eq!(DosTime::midnight(2026, 13, 1), None);
        assert_eq!(DosTime::midnight(1980, 1, 1), Some(DosTime::EPOCH));
        let mut w = Writer::new(DosTime::EPOCH);
        assert!(w.add("a", b"x", Method::Deflated(0)).is_err());
        assert!(w.add("a", b"x", Method::Deflated(13)).is_err());
        // Nothing of a refused entry is left behind.
        w.add("b", b"y", Method::Stored).unwrap();
        let bytes = w.finish().unwrap();
        let z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        assert_eq!(z.len(), 1);
    }
}
