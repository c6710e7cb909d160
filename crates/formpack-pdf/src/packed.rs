//! Reading back a PDF that [`pack`](crate::pack) wrote, at the byte level, for the merged
//! PDF: its objects as written (bodies in the object stream, streams at the top level), its
//! catalog, information dictionary and pages. Nothing is parsed into an object model and no
//! stream is decoded but the object and cross-reference streams, so merging 180 documents
//! costs little more than copying them.
//!
//! Only the layout `pack` writes is accepted; anything else gives `None`, and the caller
//! then reads the file with lopdf.

use std::io::Read;

/// One object of a part: its number and what lies between `obj` and `endobj`.
pub(crate) struct Obj<'a> {
    pub id: u32,
    /// A dictionary, array … (from the object stream), or `<<…>> stream … endstream`.
    pub body: std::borrow::Cow<'a, [u8]>,
    pub is_stream: bool,
}

/// A packed PDF, read.
pub(crate) struct Part<'a> {
    pub objects: Vec<Obj<'a>>,
    pub catalog: u32,
    pub info: Option<u32>,
    /// The page tree's root (the only `/Pages` node: krilla writes a flat tree).
    pub tree: u32,
    pub pages: Vec<u32>,
    /// The first page's MediaBox top, as written (`841.8898`).
    pub first_top: String,
    /// The object and cross-reference streams, which the merged file replaces.
    pub containers: [u32; 2],
}

pub(crate) fn read(pdf: &[u8]) -> Option<Part<'_>> {
    let xref_at = crate::pack::start_xref(pdf)?;
    let (xref_id, xref) = top_object(pdf, xref_at)?;
    let (dict, data) = stream_parts(xref)?;
    let w = array_after(dict, b"/W")?;
    let (w1, w2, w3) = (w.first().copied()?, w.get(1).copied()?, w.get(2).copied()?);
    if (w1, w3) != (1, 2) || !(1..=8).contains(&w2) {
        return None;
    }
    let rows = inflate(data)?;
    let row_len = 1 + w2 as usize + 2;
    if !rows.len().is_multiple_of(row_len) {
        return None;
    }
    let catalog = ref_after(dict, b"/Root")?;
    let info = ref_after(dict, b"/Info");

    let mut objects = Vec::new();
    let mut in_stream: Vec<(u32, usize)> = Vec::new();
    let mut objstm = None;
    for (id, row) in rows.chunks(row_len).enumerate() {
        let field2 = row[1..1 + w2 as usize]
            .iter()
            .fold(0usize, |n, b| (n << 8) | *b as usize);
        let field3 = u16::from_be_bytes([row[row_len - 2], row[row_len - 1]]) as usize;
        let id = u32::try_from(id).ok()?;
        match row[0] {
            0 => {}
            1 if id == xref_id => {}
            1 => {
                let (found, whole) = top_object(pdf, field2)?;
                if found != id {
                    return None;
                }
                if starts_with_dict_of_type(whole, b"/ObjStm") {
                    objstm = Some((id, whole));
                    continue;
                }
                objects.push(Obj {
                    id,
                    body: std::borrow::Cow::Borrowed(whole),
                    is_stream: true,
                });
            }
            2 => in_stream.push((id, field3)),
            _ => return None,
        }
    }
    let (objstm_id, objstm) = objstm?;
    let (dict, data) = stream_parts(objstm)?;
    let n = int_after(dict, b"/N")? as usize;
    let first = int_after(dict, b"/First")? as usize;
    let data = inflate(data)?;
    let head = std::str::from_utf8(data.get(..first)?).ok()?;
    let nums: Vec<usize> = head
        .split_ascii_whitespace()
        .map(|t| t.parse().ok())
        .collect::<Option<_>>()?;
    if nums.len() != 2 * n || nums.iter().any(|&v| v > data.len()) {
        return None;
    }
    let mut bodies: Vec<(u32, Vec<u8>)> = Vec::with_capacity(n);
    for i in 0..n {
        let start = first + nums[2 * i + 1];
        let end = nums.get(2 * i + 3).map_or(data.len(), |o| first + o);
        let body = crate::pack::trim(data.get(start..end)?).to_vec();
        bodies.push((u32::try_from(nums[2 * i]).ok()?, body));
    }
    // Every object the table puts in the stream is there, at its index.
    for (id, index) in &in_stream {
        if bodies.get(*index).map(|b| b.0) != Some(*id) {
            return None;
        }
    }
    let body_of = |id: u32| bodies.iter().find(|b| b.0 == id).map(|b| b.1.as_slice());
    let tree = ref_after(body_of(catalog)?, b"/Pages")?;
    let tree_body = body_of(tree)?;
    let pages = refs_in_array_after(tree_body, b"/Kids")?;
    let first_page = body_of(*pages.first()?)?;
    if !has_name(first_page, b"/Type", b"/Page") {
        return None;
    }
    let top = tokens_in_array_after(first_page, b"/MediaBox")?
        .get(3)?
        .clone();
    objects.extend(bodies.into_iter().map(|(id, body)| Obj {
        id,
        body: std::borrow::Cow::Owned(body),
        is_stream: false,
    }));
    objects.sort_by_key(|o| o.id);
    Some(Part {
        objects,
        catalog,
        info,
        tree,
        pages,
        first_top: top,
        containers: [objstm_id, xref_id],
    })
}

/// The object at `at`: its number and what lies between `obj` and `endobj`, trimmed.
fn top_object(pdf: &[u8], at: usize) -> Option<(u32, &[u8])> {
    let rest = pdf.get(at..)?;
    let line_end = rest.iter().position(|&b| b == b'\n')?;
    let head = std::str::from_utf8(&rest[..line_end]).ok()?;
    let mut parts = head.split_ascii_whitespace();
    let id: u32 = parts.next()?.parse().ok()?;
    if (parts.next()?, parts.next()?) != ("0", "obj") || parts.next().is_some() {
        return None;
    }
    let rest = &rest[line_end..];
    let body = crate::pack::trim_start(rest);
    let is_stream = body.starts_with(b"<<")
        && split_dict(body)
            .is_some_and(|(_, after)| crate::pack::trim_start(after).starts_with(b"stream"));
    let end = if is_stream {
        // A stream: its data may hold anything, so its end is found from its length.
        let (dict, after_dict) = split_dict(body)?;
        let len = int_after(dict, b"/Length")? as usize;
        let s = dict.len() + data_start(after_dict)?;
        let after = body.get(s + len..)?;
        let endobj = crate::pack::find_first(after, b"endobj")?;
        let offset = rest.len() - body.len();
        offset + s + len + endobj
    } else {
        crate::pack::find_first(rest, b"endobj")?
    };
    Some((id, crate::pack::trim(&rest[..end])))
}

fn starts_with_dict_of_type(body: &[u8], kind: &[u8]) -> bool {
    let body = crate::pack::trim_start(body);
    if !body.starts_with(b"<<") {
        return false;
    }
    kind.is_empty() || has_name(split_dict(body).map_or(body, |d| d.0), b"/Type", kind)
}

/// A stream object's dictionary and its (encoded) data.
fn stream_parts(whole: &[u8]) -> Option<(&[u8], &[u8])> {
    let (dict, after) = split_dict(whole)?;
    let len = int_after(dict, b"/Length")? as usize;
    let s = data_start(after)?;
    Some((dict, after.get(s..s + len)?))
}

/// Where a stream's data starts in what follows its dictionary: past `stream` and its end of
/// line.
fn data_start(after_dict: &[u8]) -> Option<usize> {
    let mut s = crate::pack::find_first(after_dict, b"stream")? + b"stream".len();
    if after_dict.get(s) == Some(&b'\r') {
        s += 1;
    }
    if after_dict.get(s) == Some(&b'\n') {
        s += 1;
    }
    Some(s)
}

/// The leading `<< … >>` of `body` and what follows it.
pub(crate) fn split_dict(body: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut depth = 0usize;
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'(' => i = skip_literal(body, i)?,
            b'<' if body.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
            }
            b'>' if body.get(i + 1) == Some(&b'>') => {
                depth = depth.checked_sub(1)?;
                i += 2;
                if depth == 0 {
                    return Some((&body[..i], &body[i..]));
                }
            }
            b'<' => i = i + 1 + body[i + 1..].iter().position(|&b| b == b'>')? + 1,
            _ => i += 1,
        }
    }
    None
}

/// The index just past the literal string that opens at `at`.
fn skip_literal(b: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = at;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn inflate(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b)
}

/// What follows the name `key` (matched whole) in a dictionary's text.
fn after_key<'a>(dict: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(at) = crate::pack::find_first(&dict[from..], key) {
        let end = from + at + key.len();
        if dict.get(end).is_none_or(|&b| is_delimiter(b)) {
            return Some(&dict[end..]);
        }
        from = end;
    }
    None
}

fn tokens(b: &[u8]) -> impl Iterator<Item = &[u8]> {
    b.split(|c| is_delimiter(*c)).filter(|t| !t.is_empty())
}

fn int_after(dict: &[u8], key: &[u8]) -> Option<i64> {
    let t = tokens(after_key(dict, key)?).next()?;
    std::str::from_utf8(t).ok()?.parse().ok()
}

fn ref_after(dict: &[u8], key: &[u8]) -> Option<u32> {
    let mut t = tokens(after_key(dict, key)?);
    let (id, generation, r) = (t.next()?, t.next()?, t.next()?);
    if generation != b"0" || r != b"R" {
        return None;
    }
    std::str::from_utf8(id).ok()?.parse().ok()
}

fn has_name(dict: &[u8], key: &[u8], name: &[u8]) -> bool {
    after_key(dict, key).is_some_and(|rest| {
        let rest = crate::pack::trim_start(rest);
        rest.starts_with(name) && rest.get(name.len()).is_none_or(|&b| is_delimiter(b))
    })
}

/// The text of the array that follows `key`: `[ … ]`.
fn array_text<'a>(dict: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let rest = crate::pack::trim_start(after_key(dict, key)?);
    let rest = rest.strip_prefix(b"[")?;
    let end = rest.iter().position(|&b| b == b']')?;
    Some(&rest[..end])
}

fn array_after(dict: &[u8], key: &[u8]) -> Option<Vec<u64>> {
    tokens(array_text(dict, key)?)
        .map(|t| std::str::from_utf8(t).ok()?.parse().ok())
        .collect()
}

fn tokens_in_array_after(dict: &[u8], key: &[u8]) -> Option<Vec<String>> {
    tokens(array_text(dict, key)?)
        .map(|t| String::from_utf8(t.to_vec()).ok())
        .collect()
}

fn refs_in_array_after(dict: &[u8], key: &[u8]) -> Option<Vec<u32>> {
    let t: Vec<&[u8]> = tokens(array_text(dict, key)?).collect();
    if !t.len().is_multiple_of(3) {
        return None;
    }
    t.chunks(3)
        .map(|c| {
            if c[1] != b"0" || c[2] != b"R" {
                return None;
            }
            std::str::from_utf8(c[0]).ok()?.parse().ok()
        })
        .collect()
}

/// `src` with every indirect reference `n 0 R` renumbered by `map`; `None` when one points to
/// an object `map` does not know. Strings, names and comments are copied untouched.
pub(crate) fn renumber(
    src: &[u8],
    map: &dyn Fn(u32) -> Option<u32>,
    out: &mut Vec<u8>,
) -> Option<()> {
    let mut i = 0;
    while i < src.len() {
        let b = src[i];
        match b {
            b'(' => {
                let end = skip_literal(src, i)?;
                out.extend_from_slice(&src[i..end]);
                i = end;
            }
            b'<' if src.get(i + 1) == Some(&b'<') => {
                out.extend_from_slice(b"<<");
                i += 2;
            }
            b'<' => {
                let end = i + 1 + src[i + 1..].iter().position(|&c| c == b'>')? + 1;
                out.extend_from_slice(&src[i..end]);
                i = end;
            }
            b'/' | b'%' => {
                let stop = if b == b'%' {
                    |c: u8| c == b'\n' || c == b'\r'
                } else {
                    is_delimiter
                };
                let end = i
                    + 1
                    + src[i + 1..]
                        .iter()
                        .position(|&c| stop(c))
                        .unwrap_or(src.len() - i - 1);
                out.extend_from_slice(&src[i..end]);
                i = end;
            }
            b'0'..=b'9' => {
                let end = token_end(src, i);
                if let Some((id, next)) = reference_at(src, i, end) {
                    let new = map(id)?;
                    out.extend_from_slice(format!("{new} 0 R").as_bytes());
                    i = next;
                } else {
                    out.extend_from_slice(&src[i..end]);
                    i = end;
                }
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    Some(())
}

fn token_end(src: &[u8], from: usize) -> usize {
    from + src[from..]
        .iter()
        .position(|&c| is_delimiter(c))
        .unwrap_or(src.len() - from)
}

/// `n 0 R` starting at `at` (whose first token ends at `end`): the number and the index past
/// the `R`.
fn reference_at(src: &[u8], at: usize, end: usize) -> Option<(u32, usize)> {
    let id: u32 = std::str::from_utf8(&src[at..end]).ok()?.parse().ok()?;
    let skip_ws = |mut j: usize| {
        while src.get(j).is_some_and(|c| c.is_ascii_whitespace()) {
            j += 1;
        }
        j
    };
    let g = skip_ws(end);
    if g == end {
        return None;
    }
    let g_end = token_end(src, g);
    if &src[g..g_end] != b"0" {
        return None;
    }
    let r = skip_ws(g_end);
    if r == g_end || src.get(r) != Some(&b'R') {
        return None;
    }
    if src.get(r + 1).is_some_and(|&c| !is_delimiter(c)) {
        return None;
    }
    Some((id, r + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_pack_writes_and_renumbers_only_references() {
        let doc = formpack_doc::xml::parse(
            r#"<document title="가" author="나"><h1>신청서</h1><p>금6,300,000,000원</p></document>"#,
            &|_| None,
        )
        .unwrap();
        let pdf = crate::render(&doc, &crate::Fonts::embedded()).unwrap();
        let part = read(&pdf).expect("a PDF formpack wrote is read at the byte level");
        assert_eq!(part.pages.len(), 1);
        assert_eq!(part.first_top, "841.8898");
        assert!(part.objects.iter().any(|o| o.is_stream));
        assert!(part.info.is_some());

        let mut out = Vec::new();
        let src = b"<</A 12 0 R/B [1 0 R 2 0 R]/N 3 0/S (7 0 R)/H <0A0B>/F12 0 R>>";
        renumber(src, &|id| Some(id + 100), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<</A 112 0 R/B [101 0 R 102 0 R]/N 3 0/S (7 0 R)/H <0A0B>/F12 0 R>>"
        );
        assert!(renumber(b"<</P 5 0 R>>", &|_| None, &mut Vec::new()).is_none());
        assert!(read(b"%PDF-1.7\nnot one of ours").is_none());
    }

    #[test]
    fn damaged_files_give_none_or_a_part_never_a_panic() {
        let doc =
            formpack_doc::xml::parse(r#"<document><p>가나다</p></document>"#, &|_| None).unwrap();
        let pdf = crate::render(&doc, &crate::Fonts::embedded()).unwrap();
        // Bytes changed across the file, the cross-reference and object streams' dictionaries
        // and the tail most densely; and the file cut short.
        let tail = pdf.len().saturating_sub(600);
        let spots = (0..pdf.len()).step_by(97).chain(tail..pdf.len());
        for (n, at) in spots.enumerate() {
            let mut bad = pdf.clone();
            bad[at] = bad[at].wrapping_add(1 + (n % 250) as u8);
            let _ = read(&bad);
            let _ = read(&pdf[..at]);
            // Unguarded: a panic here fails the test (the public `merge` would catch it).
            let _ = crate::merge::merge(&[("가".into(), &bad)], &[[0; 32]]);
        }
    }
}
