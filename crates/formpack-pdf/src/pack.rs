//! Packing a finished PDF's small objects into one compressed object stream (PDF 1.5).
//!
//! krilla writes every dictionary as plain text: fonts, descriptors and their width arrays,
//! pages and their resources, outline entries, plus a 20-byte cross-reference line per
//! object. Moving every object that is not a stream into a deflated object stream, with a
//! cross-reference stream in place of the table, takes about 5% off a one-page form and 9%
//! off the merged PDF. The objects themselves are copied byte for byte, with the same numbers;
//! streams (content, fonts, images, CMaps) stay where they are.
//!
//! Only the layout krilla writes is accepted (one cross-reference table, generation 0, no
//! incremental update); anything else is returned as it came.

use std::io::Write;

/// `pdf` with its non-stream objects in one object stream, or `None` when the file is not
/// laid out as expected (the caller then keeps it unchanged).
pub fn pack(pdf: &[u8]) -> Option<Vec<u8>> {
    let xref_at = start_xref(pdf)?;
    let (offsets, trailer) = xref_table(pdf, xref_at)?;
    let size = offsets.len();

    // Each object's bytes run from its offset to the next object's (or the table).
    let mut by_offset: Vec<(usize, usize)> = offsets
        .iter()
        .enumerate()
        .filter_map(|(id, off)| off.map(|o| (o, id)))
        .collect();
    by_offset.sort_unstable();
    let mut objects = Vec::with_capacity(by_offset.len());
    for (i, &(start, id)) in by_offset.iter().enumerate() {
        let end = by_offset.get(i + 1).map_or(xref_at, |&(o, _)| o);
        if start >= end || end > pdf.len() {
            return None;
        }
        objects.push((id, Object::split(&pdf[start..end], id)?));
    }

    // The file's first two lines: version and the binary marker comment.
    let header_end = nth_newline(pdf, 2)?;
    let mut out = Vec::with_capacity(pdf.len());
    out.extend_from_slice(&pdf[..header_end]);
    out.push(b'\n');

    // Streams stay top-level, in their original order; the rest go into the object stream.
    let objstm_id = size;
    let xref_id = size + 1;
    let mut entries = vec![Entry::Free; size + 2];
    let mut index = Vec::new();
    let mut bodies = Vec::new();
    for (id, obj) in objects {
        if obj.is_stream {
            entries[id] = Entry::At(out.len());
            out.extend_from_slice(obj.whole);
            if !obj.whole.ends_with(b"\n") {
                out.push(b'\n');
            }
        } else {
            entries[id] = Entry::InStream(objstm_id, index.len() / 2);
            index.push(id);
            index.push(bodies.len());
            bodies.extend_from_slice(obj.body);
            bodies.push(b'\n');
        }
    }
    if index.is_empty() {
        return None;
    }
    entries[objstm_id] = Entry::At(out.len());
    object_stream(&mut out, objstm_id, &index, &bodies)?;
    xref_stream(&mut out, &mut entries, xref_id, &trailer)?;
    Some(out)
}

/// Where an object is: nowhere (free), at a byte offset, or in an object stream (its number
/// and the index in it).
#[derive(Clone, Copy)]
pub(crate) enum Entry {
    Free,
    At(usize),
    InStream(usize, usize),
}

/// Write object `id`: an object stream of `bodies` (each followed by a newline), whose pairs
/// of object number and offset into `bodies` are `index`.
pub(crate) fn object_stream(
    out: &mut Vec<u8>,
    id: usize,
    index: &[usize],
    bodies: &[u8],
) -> Option<()> {
    let head = index
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(" ")
        + "\n";
    let mut data = Vec::with_capacity(head.len() + bodies.len());
    data.extend_from_slice(head.as_bytes());
    data.extend_from_slice(bodies);
    let packed = deflate(&data)?;
    write!(
        out,
        "{id} 0 obj\n<</Type/ObjStm/N {}/First {}/Filter/FlateDecode/Length {}>>\nstream\n",
        index.len() / 2,
        head.len(),
        packed.len()
    )
    .ok()?;
    out.extend_from_slice(&packed);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    Some(())
}

/// Write object `xref_id`, the cross-reference stream of `entries` (one per object number,
/// `xref_id` among them), then `startxref` and the end of the file. `trailer` is what the
/// stream's dictionary holds besides its own keys (`/Root … /Info … /ID […]`).
pub(crate) fn xref_stream(
    out: &mut Vec<u8>,
    entries: &mut [Entry],
    xref_id: usize,
    trailer: &str,
) -> Option<()> {
    // Cross-reference stream: type (1 byte), offset or object-stream number, index or
    // generation (2 bytes).
    let xref_offset = out.len();
    *entries.get_mut(xref_id)? = Entry::At(xref_offset);
    let max_stream = entries
        .iter()
        .map(|e| match e {
            Entry::InStream(s, _) => *s,
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    let width = offset_width(xref_offset.max(max_stream));
    let mut rows = Vec::with_capacity(entries.len() * (width + 3));
    for (id, e) in entries.iter().enumerate() {
        let (kind, field2, field3) = match *e {
            // Object 0 heads the free list with generation 65535, as in a table.
            Entry::Free => (0u8, 0usize, if id == 0 { 0xFFFF } else { 0 }),
            Entry::At(offset) => (1, offset, 0),
            Entry::InStream(stm, i) => (2, stm, i),
        };
        rows.push(kind);
        rows.extend_from_slice(&(field2 as u64).to_be_bytes()[8 - width..]);
        rows.extend_from_slice(&u16::try_from(field3).ok()?.to_be_bytes());
    }
    let rows = deflate(&rows)?;
    write!(
        out,
        "{xref_id} 0 obj\n<</Type/XRef/Size {}/W[1 {width} 2]{trailer}/Filter/FlateDecode/Length {}>>\nstream\n",
        entries.len(),
        rows.len()
    )
    .ok()?;
    out.extend_from_slice(&rows);
    write!(out, "\nendstream\nendobj\nstartxref\n{xref_offset}\n%%EOF").ok()?;
    Some(())
}

/// One object as written: `N 0 obj … endobj`.
struct Object<'a> {
    /// Everything from `N 0 obj` to `endobj` inclusive.
    whole: &'a [u8],
    /// What lies between `obj` and `endobj`, trimmed.
    body: &'a [u8],
    is_stream: bool,
}

impl<'a> Object<'a> {
    fn split(bytes: &'a [u8], id: usize) -> Option<Object<'a>> {
        let prefix = format!("{id} 0 obj");
        if !bytes.starts_with(prefix.as_bytes()) {
            return None;
        }
        let end = find_last(bytes, b"endobj")?;
        let whole = &bytes[..end + b"endobj".len()];
        let body = trim(&bytes[prefix.len()..end]);
        Some(Object {
            whole,
            body,
            is_stream: body.ends_with(b"endstream"),
        })
    }
}

/// zlib-wrapped deflate at level 6 (object and cross-reference streams: small, and they
/// compress well), with one libdeflate compressor per thread.
fn deflate(data: &[u8]) -> Option<Vec<u8>> {
    use std::cell::RefCell;
    thread_local! {
        static COMPRESSOR: RefCell<Option<libdeflater::Compressor>> = const { RefCell::new(None) };
    }
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        let c = match &mut *c {
            Some(c) => c,
            None => c.insert(libdeflater::Compressor::new(
                libdeflater::CompressionLvl::new(6).ok()?,
            )),
        };
        let mut out = vec![0; c.zlib_compress_bound(data.len())];
        let n = c.zlib_compress(data, &mut out).ok()?;
        out.truncate(n);
        out.shrink_to_fit();
        Some(out)
    })
}

/// Bytes needed for offsets up to `max`.
fn offset_width(max: usize) -> usize {
    let bits = usize::BITS - max.leading_zeros();
    (bits.div_ceil(8) as usize).max(1)
}

/// The offset after `startxref` at the end of the file.
pub(crate) fn start_xref(pdf: &[u8]) -> Option<usize> {
    let at = find_last(pdf, b"startxref")?;
    let rest = &pdf[at + b"startxref".len()..];
    let digits: Vec<u8> = trim(rest)
        .iter()
        .copied()
        .take_while(u8::is_ascii_digit)
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

/// The object offsets of the table at `at` (index = object number; `None` for free
/// entries) and the trailer's entries other than `/Size`, as written.
fn xref_table(pdf: &[u8], at: usize) -> Option<(Vec<Option<usize>>, String)> {
    let rest = pdf.get(at..)?;
    let rest = rest.strip_prefix(b"xref")?;
    let rest = trim_start(rest);
    let line_end = rest.iter().position(|&b| b == b'\n' || b == b'\r')?;
    let section = std::str::from_utf8(&rest[..line_end]).ok()?;
    let (first, count) = section.trim().split_once(' ')?;
    let (first, count): (usize, usize) = (first.parse().ok()?, count.trim().parse().ok()?);
    if first != 0 {
        return None;
    }
    let mut rows = trim_start(&rest[line_end..]);
    let mut offsets = Vec::with_capacity(count);
    for _ in 0..count {
        let row = rows.get(..20)?;
        let text = std::str::from_utf8(&row[..18]).ok()?;
        let mut parts = text.split(' ');
        let (offset, generation, kind) = (parts.next()?, parts.next()?, parts.next()?);
        match kind {
            "f" => offsets.push(None),
            "n" if generation == "00000" => offsets.push(Some(offset.parse().ok()?)),
            _ => return None,
        }
        rows = &rows[20..];
    }
    let trailer = trim_start(rows).strip_prefix(b"trailer")?;
    let open = find_first(trailer, b"<<")?;
    let close = find_last(&trailer[..find_first(trailer, b"startxref")?], b">>")?;
    let inner = std::str::from_utf8(&trailer[open + 2..close]).ok()?;
    Some((offsets, without_size(inner)?))
}

/// The trailer's entries without `/Size N` (the cross-reference stream has its own).
fn without_size(inner: &str) -> Option<String> {
    let at = inner.find("/Size")?;
    let after = &inner[at + "/Size".len()..];
    let digits_start = after.len() - after.trim_start().len();
    let digits = after[digits_start..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 {
        return None;
    }
    Some(format!(
        "{}{}",
        &inner[..at],
        &after[digits_start + digits..]
    ))
}

fn nth_newline(pdf: &[u8], n: usize) -> Option<usize> {
    pdf.iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(n - 1)
        .map(|(i, _)| i)
}

pub(crate) fn find_first(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

pub(crate) fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

pub(crate) fn trim(b: &[u8]) -> &[u8] {
    let b = trim_start(b);
    let n = b
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_whitespace())
        .count();
    &b[..b.len() - n]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_widths() {
        assert_eq!(offset_width(0), 1);
        assert_eq!(offset_width(255), 1);
        assert_eq!(offset_width(256), 2);
        assert_eq!(offset_width(70_000), 3);
        assert_eq!(offset_width(16_777_216), 4);
    }

    #[test]
    fn size_is_dropped_from_the_trailer() {
        assert_eq!(
            without_size("/Size 31/Root 30 0 R/ID[(a)(b)]").as_deref(),
            Some("/Root 30 0 R/ID[(a)(b)]")
        );
        assert_eq!(without_size("/Root 1 0 R"), None);
    }

    /// A short document with a table and a check box, as krilla writes it.
    fn krilla_pdf() -> Vec<u8> {
        let parse = |x: &str| formpack_doc::xml::parse(x, &|_| None).unwrap();
        let a = parse(
            r#"<document title="가" author="나"><h1>신청서</h1>
            <table widths="30,70" header="0"><tr><td shade="true">기관명</td><td>☑ 한빛 (주)</td></tr></table>
            <p>금6,300,000,000원(금육십삼억원)</p></document>"#,
        );
        crate::write_unpacked(&a, &crate::Fonts::embedded())
            .unwrap()
            .0
    }

    #[test]
    fn every_object_survives_unchanged_under_its_number() {
        let raw = krilla_pdf();
        let packed = pack(&raw).expect("krilla's layout is recognised");
        assert!(packed.len() < raw.len(), "{} ≥ {}", packed.len(), raw.len());
        assert!(packed.starts_with(b"%PDF-1.7\n"));
        assert_eq!(pack(&raw).unwrap(), packed, "deterministic");

        let before = lopdf::Document::load_mem(&raw).unwrap();
        let after = lopdf::Document::load_mem(&packed).unwrap();
        for (id, obj) in &before.objects {
            let Some(got) = after.objects.get(id) else {
                panic!("object {id:?} is missing");
            };
            match (obj, got) {
                (lopdf::Object::Stream(x), lopdf::Object::Stream(y)) => {
                    assert_eq!((&x.dict, &x.content), (&y.dict, &y.content), "{id:?}");
                }
                _ => assert!(obj == got, "object {id:?} differs"),
            }
        }
        for key in [b"Root".as_slice(), b"Info", b"ID"] {
            assert!(
                before.trailer.get(key).unwrap() == after.trailer.get(key).unwrap(),
                "{}",
                String::from_utf8_lossy(key)
            );
        }
        assert_eq!(after.get_pages().len(), 1);
        let text = after.extract_text(&[1]).unwrap();
        assert!(text.contains("금6,300,000,000원(금육십삼억원)"), "{text}");
    }

    #[test]
    fn qpdf_finds_no_error_when_it_is_installed() {
        let path = std::env::temp_dir().join(format!("formpack-pack-{}.pdf", std::process::id()));
        std::fs::write(&path, pack(&krilla_pdf()).unwrap()).unwrap();
        let run = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output();
        let _ = std::fs::remove_file(&path);
        let Ok(out) = run else {
            eprintln!("qpdf is not installed; skipped");
            return;
        };
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        assert!(
            text.contains("No syntax or stream encoding errors"),
            "{text}"
        );
    }

    #[test]
    fn anything_else_is_left_alone() {
        assert!(pack(b"").is_none());
        assert!(pack(b"%PDF-1.7\nnot a pdf\nstartxref\n5\n%%EOF").is_none());
        assert!(pack(&[0xff; 64]).is_none());
    }
}
