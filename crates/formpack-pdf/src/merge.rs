//! The merged PDF made of the documents' own PDFs, page for page (issue #15).
//!
//! Every object of every part is copied as it is (streams stay compressed) with its number
//! shifted past the parts before it; the parts' catalogs, page trees and information
//! dictionaries are replaced by one of each, and one bookmark per part points to its first
//! page. Nothing is laid out, drawn or compressed again, so the merged PDF of a bundle costs a
//! copy of its parts: a correction that changes one document does not draw the other 180.
//! The parts formpack wrote are read at the byte level ([`packed`](crate::packed): object
//! texts with their references renumbered, stream data untouched); any other PDF goes through
//! lopdf's object model.
//!
//! The trade: each part keeps its own font subsets, so the merged file is about the sum of its
//! parts (the sample: 1.2 MB instead of 0.22 MB drawn as one document with one subset).

use std::collections::{BTreeMap, HashMap};

use lopdf::{Dictionary, Document as Pdf, Object, ObjectId, StringFormat};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::{Error, ErrorKind};

/// What the merged file names as its producer when it has its own information dictionary.
const PRODUCER: &str = "formpack";

/// The catalog, information dictionary, outline root and page tree root of the merged file.
const CATALOG: ObjectId = (1, 0);
const INFO: ObjectId = (2, 0);
const OUTLINES: ObjectId = (3, 0);
const PAGES: ObjectId = (4, 0);
/// The first number given to the parts' objects.
const FIRST_PART_ID: u32 = 5;
/// The most objects a merged file may have: the implementation limit PDF 1.7 gives readers
/// (Annex C). A 60-member bundle's has about 8,000.
const MAX_OBJECTS: u32 = 8_388_607;

/// One part of a merged file, as the caller has it: its bookmark, its SHA-256 (the file
/// identifier is made of the digests, and an unchanged part is recognised by it), and its
/// bytes when they are in memory. A part without bytes must be one the earlier merged file
/// can lend (see [`merge_reusing`](crate::merge_reusing)).
pub struct Part<'a> {
    /// The bookmark title.
    pub mark: &'a str,
    /// The group it belongs to: parts in a row with the same group share one parent
    /// bookmark of that title (closed), under which each has its own.
    pub group: Option<&'a str>,
    /// The part's PDF, when in memory.
    pub bytes: Option<&'a [u8]>,
    /// The SHA-256 of the part's PDF.
    pub digest: [u8; 32],
}

/// Where one part lies in a merged file, recorded with it so that the next merge can copy an
/// unchanged part's bytes out of it instead of reading and renumbering the part again: the
/// part's digest and size, its first object number and how many objects it has (its own
/// object stream is the one after them), where its bytes start and how long they are, its
/// top-level objects (streams) with their offsets from that start, its pages, and the top of
/// its first page's MediaBox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartLayout {
    /// The part's SHA-256.
    pub digest: [u8; 32],
    /// The part's size in bytes.
    pub size: u64,
    /// The first object number of the part's objects.
    pub base: u32,
    /// How many of the part's objects the merged file holds (its object stream not counted).
    pub objects: u32,
    /// Where the part's bytes start in the merged file.
    pub offset: u64,
    /// How many bytes they take.
    pub length: u64,
    /// The objects written at the top level (streams, then the part's object stream) and
    /// their offsets from `offset`.
    pub streams: Vec<(u32, u64)>,
    /// The part's pages, in order.
    pub pages: Vec<u32>,
    /// The top of the first page's MediaBox, as written.
    pub top: String,
}

/// An earlier merged file and its layout, to copy unchanged parts from.
pub struct Old<'a> {
    /// The earlier merged file (its hash checked by the caller).
    pub bytes: &'a [u8],
    /// Its layout, as [`Merged::layout`] gave it.
    pub layout: &'a [PartLayout],
}

/// A merged file and where its parts lie in it.
pub struct Merged {
    /// The file.
    pub bytes: Vec<u8>,
    /// One entry per part, in order; empty when the parts were not all formpack's own PDFs
    /// (merged through lopdf, nothing to copy next time).
    pub layout: Vec<PartLayout>,
}

/// The merged file's own title and author (its information dictionary); without them it
/// takes the first part's.
#[derive(Debug, Clone, Copy)]
pub struct Meta<'a> {
    /// The title a reader shows for the file.
    pub title: &'a str,
    /// Its author.
    pub author: &'a str,
}

/// What [`merge_reusing`](crate::merge_reusing) did.
pub enum Merge {
    /// The merged file.
    Done(Merged),
    /// These parts (indices) were given without bytes and the earlier file cannot lend them
    /// (not in it, or its objects would be numbered differently now): call again with them.
    Needs(Vec<usize>),
}

/// One PDF of `parts` (bookmark title, PDF bytes) in order, with the first part's title and
/// author.
/// `digests` are the parts' SHA-256, which the file identifier is made of.
pub(crate) fn merge(parts: &[(String, &[u8])], digests: &[[u8; 32]]) -> Result<Vec<u8>, Error> {
    if digests.len() != parts.len() {
        return Err(Error::new(
            ErrorKind::Write,
            format!("{} parts but {} digests", parts.len(), digests.len()),
        ));
    }
    let given: Vec<Part> = parts
        .iter()
        .zip(digests)
        .map(|((mark, bytes), digest)| Part {
            mark,
            group: None,
            bytes: Some(bytes),
            digest: *digest,
        })
        .collect();
    match merge_reusing(&given, None, None)? {
        Merge::Done(m) => Ok(m.bytes),
        Merge::Needs(_) => Err(Error::new(
            ErrorKind::Internal,
            "a part given with its bytes was asked for",
        )),
    }
}

/// [`merge`] of parts some of which may be left in `old`: a part whose digest `old` records at
/// the object numbers it gets now is copied from there as it is (the same part at the same
/// numbers gives the same bytes, so the result is what a merge of every part would write);
/// the others are read from their bytes.
pub(crate) fn merge_reusing(
    parts: &[Part],
    old: Option<Old>,
    meta: Option<Meta>,
) -> Result<Merge, Error> {
    if parts.is_empty() {
        return Err(Error::new(ErrorKind::NoDocuments, "no documents to merge"));
    }
    let by_digest: HashMap<[u8; 32], &PartLayout> = old
        .as_ref()
        .map(|o| o.layout.iter().map(|l| (l.digest, l)).collect())
        .unwrap_or_default();
    // How many objects each part brings: recorded for a part the earlier file holds, else
    // read. The first part is always read (the merged file takes its information dictionary).
    let recorded = |p: &Part| by_digest.get(&p.digest).copied();
    let missing: Vec<usize> = parts
        .iter()
        .enumerate()
        .filter(|(i, p)| p.bytes.is_none() && (*i == 0 || recorded(p).is_none()))
        .map(|(i, _)| i)
        .collect();
    if !missing.is_empty() {
        return Ok(Merge::Needs(missing));
    }
    let read: Vec<Option<Option<crate::packed::Part>>> = parts
        .par_iter()
        .enumerate()
        .map(|(i, p)| match recorded(p) {
            Some(_) if i > 0 => None,
            _ => Some(p.bytes.and_then(crate::packed::read)),
        })
        .collect();
    if read.iter().all(|r| !matches!(r, Some(None))) {
        let read: Vec<Option<crate::packed::Part>> =
            read.into_iter().map(Option::flatten).collect();
        if let Some(m) = merge_packed(parts, &read, old.as_ref(), &by_digest, meta) {
            return Ok(m);
        }
    }
    // Not all formpack's own PDFs: every part through lopdf, with every part's bytes.
    let missing: Vec<usize> = parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.bytes.is_none())
        .map(|(i, _)| i)
        .collect();
    if !missing.is_empty() {
        return Ok(Merge::Needs(missing));
    }
    let marks: Vec<(&str, Option<&str>)> = parts.iter().map(|p| (p.mark, p.group)).collect();
    let parts: Vec<(String, &[u8], [u8; 32])> = parts
        .iter()
        .map(|p| (p.mark.to_string(), p.bytes.unwrap_or_default(), p.digest))
        .collect();
    merge_lopdf(&parts, &marks, meta).map(|bytes| {
        Merge::Done(Merged {
            bytes,
            layout: Vec::new(),
        })
    })
}

/// The merge of any PDFs, through lopdf's object model.
fn merge_lopdf(
    parts: &[(String, &[u8], [u8; 32])],
    marks: &[(&str, Option<&str>)],
    meta: Option<Meta>,
) -> Result<Vec<u8>, Error> {
    let loaded: Vec<Pdf> = parts
        .par_iter()
        .map(|(mark, bytes, _)| {
            Pdf::load_mem(bytes).map_err(|e| {
                Error::new(
                    ErrorKind::Write,
                    format!("cannot read the PDF of {mark}: {e}"),
                )
            })
        })
        .collect::<Result<_, _>>()?;

    let mut objects: BTreeMap<ObjectId, Object> = BTreeMap::new();
    let mut kids: Vec<Object> = Vec::new();
    let mut firsts: Vec<(ObjectId, f32)> = Vec::new();
    let mut next = FIRST_PART_ID;
    // The merged file's title and author, or the first part's information dictionary.
    let info = match meta {
        Some(m) => {
            let mut d = Dictionary::new();
            d.set("Title", text_string(m.title));
            d.set("Author", text_string(m.author));
            d.set("Producer", text_string(PRODUCER));
            d
        }
        None => loaded[0]
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .and_then(|id| loaded[0].get_dictionary(id))
            .cloned()
            .unwrap_or_default(),
    };
    for ((mark, _, _), part) in parts.iter().zip(loaded) {
        let pages: Vec<ObjectId> = part.page_iter().collect();
        let Some(&first) = pages.first() else {
            return Err(Error::new(
                ErrorKind::Write,
                format!("{mark}: a PDF without pages"),
            ));
        };
        let top = page_top(&part, first).ok_or_else(|| {
            Error::new(
                ErrorKind::Write,
                format!("{mark}: a page without its own MediaBox"),
            )
        })?;
        // The part's objects, less those the merged file replaces, numbered on from `next`
        // without gaps (so the file has one cross-reference section and can be packed).
        let dropped = structural(&part);
        let mut renumber: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
        for id in part.objects.keys().filter(|id| !dropped.contains(id)) {
            renumber.insert(*id, (next, 0));
            next += 1;
        }
        for (id, mut obj) in part.objects {
            let Some(&new) = renumber.get(&id) else {
                continue;
            };
            let is_page = pages.contains(&id);
            if let (true, Object::Dictionary(d)) = (is_page, &mut obj) {
                d.remove(b"Parent");
            }
            if !renumber_refs(&mut obj, &renumber) {
                return Err(Error::new(
                    ErrorKind::Write,
                    format!("{mark}: object {id:?} refers to the part's own catalog or page tree"),
                ));
            }
            if let (true, Object::Dictionary(d)) = (is_page, &mut obj) {
                d.set("Parent", Object::Reference(PAGES));
            }
            objects.insert(new, obj);
        }
        kids.extend(pages.iter().map(|p| Object::Reference(renumber[p])));
        firsts.push((renumber[&first], top));
    }

    // The outline: a bookmark per part, groups under one closed parent each.
    let (items, (first, last, count)) = crate::outline::outline(marks, next, OUTLINES.0);
    for it in items {
        let (page, top) = firsts[it.part];
        let mut item = Dictionary::new();
        item.set("Title", text_string(&it.title));
        item.set("Parent", Object::Reference((it.parent, 0)));
        if let Some(p) = it.prev {
            item.set("Prev", Object::Reference((p, 0)));
        }
        if let Some(n) = it.next {
            item.set("Next", Object::Reference((n, 0)));
        }
        if let Some((f, l, c)) = it.kids {
            item.set("First", Object::Reference((f, 0)));
            item.set("Last", Object::Reference((l, 0)));
            item.set("Count", Object::Integer(c));
        }
        item.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Integer(0),
                Object::Real(top),
                Object::Integer(0),
            ]),
        );
        objects.insert((it.id, 0), Object::Dictionary(item));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", Object::Reference((first, 0)));
    outlines.set("Last", Object::Reference((last, 0)));
    outlines.set("Count", Object::Integer(count));
    objects.insert(OUTLINES, Object::Dictionary(outlines));

    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Count", Object::Integer(kids.len() as i64));
    tree.set("Kids", Object::Array(kids));
    objects.insert(PAGES, Object::Dictionary(tree));

    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(PAGES));
    catalog.set("Outlines", Object::Reference(OUTLINES));
    // The bookmarks panel open: the file is read by its documents.
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    catalog.set(
        "Lang",
        Object::String(b"ko".to_vec(), StringFormat::Literal),
    );
    objects.insert(CATALOG, Object::Dictionary(catalog));

    objects.insert(INFO, Object::Dictionary(info));

    let id = file_id(
        parts
            .iter()
            .map(|(m, b, d)| (m.as_str(), b.len() as u64, d)),
    );

    let mut out = Pdf::with_version("1.7");
    out.max_id = objects.keys().map(|k| k.0).max().unwrap_or(0);
    out.objects = objects;
    out.trailer.set("Root", Object::Reference(CATALOG));
    out.trailer.set("Info", Object::Reference(INFO));
    out.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    let mut bytes = Vec::new();
    // Dictionaries in object streams, with a cross-reference stream, like the parts.
    out.save_modern(&mut bytes).map_err(|e| {
        Error::new(
            ErrorKind::Write,
            format!("cannot write the merged PDF: {e}"),
        )
    })?;
    Ok(bytes)
}

/// The objects of a part that the merged file replaces: its catalog, page tree nodes,
/// information dictionary, and the object and cross-reference streams it was read from.
fn structural(part: &Pdf) -> Vec<ObjectId> {
    let mut out: Vec<ObjectId> = ["Root", "Info"]
        .iter()
        .filter_map(|k| part.trailer.get(k.as_bytes()).ok()?.as_reference().ok())
        .collect();
    for (id, obj) in &part.objects {
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        let kind = dict.get(b"Type").ok().and_then(|t| t.as_name().ok());
        if matches!(
            kind,
            Some(b"Pages" | b"Catalog" | b"ObjStm" | b"XRef" | b"Outlines")
        ) {
            out.push(*id);
        }
    }
    out
}

/// The top edge of a page (its MediaBox's upper y), where its bookmark points.
fn page_top(part: &Pdf, page: ObjectId) -> Option<f32> {
    let dict = part.get_dictionary(page).ok()?;
    let bbox = dict.get(b"MediaBox").ok()?.as_array().ok()?;
    bbox.get(3)?.as_float().ok()
}

/// Every reference in `obj` to its new number; `false` if one points to an object the merged
/// file replaces.
fn renumber_refs(obj: &mut Object, to: &BTreeMap<ObjectId, ObjectId>) -> bool {
    match obj {
        Object::Reference(id) => match to.get(id) {
            Some(new) => {
                *id = *new;
                true
            }
            None => false,
        },
        Object::Array(items) => items.iter_mut().all(|o| renumber_refs(o, to)),
        Object::Dictionary(d) => d.iter_mut().all(|(_, o)| renumber_refs(o, to)),
        Object::Stream(s) => s.dict.iter_mut().all(|(_, o)| renumber_refs(o, to)),
        _ => true,
    }
}

/// The parts' SHA-256 digests, each hashed on its own, in parallel.
pub(crate) fn digests(parts: &[(String, &[u8])]) -> Vec<[u8; 32]> {
    parts
        .par_iter()
        .map(|(_, b)| Sha256::digest(b).into())
        .collect()
}

/// The file identifier: from the content, as krilla does, so equal input gives equal bytes.
/// Made of the parts' digests, so a caller that hashed them already does not hash them again.
fn file_id<'a>(parts: impl Iterator<Item = (&'a str, u64, &'a [u8; 32])>) -> Vec<u8> {
    let mut h = Sha256::new();
    for (mark, size, d) in parts {
        h.update((mark.len() as u64).to_le_bytes());
        h.update(mark.as_bytes());
        h.update(size.to_le_bytes());
        h.update(d);
    }
    h.finalize()[..16].to_vec()
}

/// A PDF text string's bytes: UTF-16BE with its byte order mark (Korean titles).
fn utf16_text(s: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    bytes
}

/// [`utf16_text`] as an object, written in hex.
fn text_string(s: &str) -> Object {
    Object::String(utf16_text(s), StringFormat::Hexadecimal)
}

/// The merged file from parts read at the byte level (`read`, for the parts `old` does not
/// lend) or copied out of `old`: every object's text copied with its references renumbered,
/// streams' data untouched; `None` if a part refers to something the merged file replaces
/// (then lopdf does it).
///
/// Numbers: 1–4 the catalog, information, outline and page tree; each part's objects in turn,
/// then its object stream; the outline items; the merged file's own object stream; the
/// cross-reference stream. A part's objects are numbered from where the parts before it end,
/// so a part keeps its numbers, and its bytes, as long as the parts before it keep their
/// object counts: a correction that changes what a document says but not how many objects
/// its PDF has leaves every other part where it was.
fn merge_packed(
    parts: &[Part],
    read: &[Option<crate::packed::Part>],
    old: Option<&Old>,
    by_digest: &HashMap<[u8; 32], &PartLayout>,
    meta: Option<Meta>,
) -> Option<Merge> {
    use crate::pack::Entry;
    use std::borrow::Cow;
    use std::io::Write;
    let kept = |part: &crate::packed::Part, id: u32| {
        id != part.catalog
            && Some(id) != part.info
            && !part.containers.contains(&id)
            && id != part.tree
    };
    let count = |i: usize| -> Option<u32> {
        match &read[i] {
            Some(part) => {
                u32::try_from(part.objects.iter().filter(|o| kept(part, o.id)).count()).ok()
            }
            None => by_digest.get(&parts[i].digest).map(|l| l.objects),
        }
    };
    let mut bases = Vec::with_capacity(parts.len());
    let mut next = FIRST_PART_ID;
    for i in 0..parts.len() {
        bases.push(next);
        next = next.checked_add(count(i)?)?.checked_add(1)?;
        // Past what a PDF reader takes (a recorded count that is not one): not merged here.
        if next > MAX_OBJECTS {
            return None;
        }
    }
    // Each part copied from the earlier file when it holds it at the same numbers, else read.
    let lent: Vec<Option<&PartLayout>> = parts
        .iter()
        .zip(&bases)
        .map(|(p, &base)| {
            let (o, l) = (old?, by_digest.get(&p.digest)?);
            (l.base == base && lendable(l, o.bytes)).then_some(*l)
        })
        .collect();
    let mut needs = Vec::new();
    let mut late: Vec<Option<crate::packed::Part>> = Vec::new();
    for (i, (p, l)) in parts.iter().zip(&lent).enumerate() {
        late.push(None);
        if l.is_some() || read[i].is_some() {
            continue;
        }
        // Recorded, but its numbers moved: read after all.
        match p.bytes {
            Some(b) => {
                let part = crate::packed::read(b)?;
                // Numbered above by the recorded count: it must be the part's.
                let n = part.objects.iter().filter(|o| kept(&part, o.id)).count();
                if u32::try_from(n).ok() != count(i) {
                    return None;
                }
                late[i] = Some(part);
            }
            None => needs.push(i),
        }
    }
    if !needs.is_empty() {
        return Some(Merge::Needs(needs));
    }
    let marks: Vec<(&str, Option<&str>)> = parts.iter().map(|p| (p.mark, p.group)).collect();
    let (items, root) = crate::outline::outline(&marks, next, OUTLINES.0);
    let own_stm = next.checked_add(u32::try_from(items.len()).ok()?)?;
    let xref_id = own_stm + 1;

    // Each part on its own, in parallel: copied, or its streams written out with their
    // dictionaries' references renumbered (data untouched) and its other objects renumbered
    // into its own object stream.
    let chunks: Vec<Chunk> = (0..parts.len())
        .into_par_iter()
        .map(|i| {
            let base = bases[i];
            if let (Some(l), Some(o)) = (lent[i], old) {
                let at = |n: u64| usize::try_from(n).ok();
                let (from, len) = (at(l.offset)?, at(l.length)?);
                let streams: Vec<(u32, usize)> = l
                    .streams
                    .iter()
                    .map(|&(id, rel)| Some((id, at(rel)?)))
                    .collect::<Option<_>>()?;
                let in_stream = (base..base + l.objects)
                    .filter(|id| !streams.iter().any(|(s, _)| s == id))
                    .collect();
                return Some(Chunk {
                    bytes: Cow::Borrowed(o.bytes.get(from..from + len)?),
                    at: streams,
                    in_stream,
                    kids: l.pages.clone(),
                    first: (*l.pages.first()?, Cow::Borrowed(l.top.as_str())),
                });
            }
            let part = read[i].as_ref().or(late[i].as_ref())?;
            let stm = base + count(i)?;
            let mut new_ids: HashMap<u32, u32> = part
                .objects
                .iter()
                .filter(|o| kept(part, o.id))
                .zip(base..)
                .map(|(o, n)| (o.id, n))
                .collect();
            // The part's page tree is replaced by the merged one: its pages' /Parent points
            // there.
            new_ids.insert(part.tree, PAGES.0);
            let map = |id: u32| new_ids.get(&id).copied();
            let size: usize = part.objects.iter().map(|o| o.body.len() + 24).sum();
            let mut bytes = Vec::with_capacity(size);
            let mut c = Chunk {
                bytes: Cow::Borrowed(&[]),
                at: Vec::new(),
                in_stream: Vec::new(),
                kids: part.pages.iter().map(|p| map(*p)).collect::<Option<_>>()?,
                first: (
                    map(*part.pages.first()?)?,
                    Cow::Borrowed(part.first_top.as_str()),
                ),
            };
            let (mut index, mut bodies) = (Vec::new(), Vec::new());
            for o in part.objects.iter().filter(|o| kept(part, o.id)) {
                let id = map(o.id)?;
                if o.is_stream {
                    c.at.push((id, bytes.len()));
                    writeln!(bytes, "{id} 0 obj").ok()?;
                    let (dict, rest) = crate::packed::split_dict(&o.body)?;
                    crate::packed::renumber(dict, &map, &mut bytes)?;
                    bytes.extend_from_slice(rest);
                    bytes.extend_from_slice(b"\nendobj\n");
                } else {
                    c.in_stream.push(id);
                    index.extend([id as usize, bodies.len()]);
                    crate::packed::renumber(&o.body, &map, &mut bodies)?;
                    bodies.push(b'\n');
                }
            }
            // Every part has pages, which go into its object stream.
            c.at.push((stm, bytes.len()));
            crate::pack::object_stream(&mut bytes, stm as usize, &index, &bodies)?;
            c.bytes = Cow::Owned(bytes);
            Some(c)
        })
        .collect::<Option<_>>()?;

    // The merged file's own objects: catalog, information (the first part's), outline with
    // one item per part, page tree.
    let info = match meta {
        Some(m) => format!(
            "<</Title {}/Author {}/Producer {}>>",
            hex_text(m.title),
            hex_text(m.author),
            hex_text(PRODUCER)
        )
        .into_bytes(),
        None => {
            let first = read[0].as_ref()?;
            let info_id = first.info?;
            let info_body = &first.objects.iter().find(|o| o.id == info_id)?.body;
            let mut info = Vec::new();
            crate::packed::renumber(info_body, &|_| None, &mut info)?;
            info
        }
    };
    let mut own: Vec<(u32, Vec<u8>)> = vec![
        (
            CATALOG.0,
            format!(
                "<</Type/Catalog/Pages {} 0 R/Outlines {} 0 R/PageMode/UseOutlines/Lang (ko)>>",
                PAGES.0, OUTLINES.0
            )
            .into_bytes(),
        ),
        (INFO.0, info),
        (
            OUTLINES.0,
            format!(
                "<</Type/Outlines/First {} 0 R/Last {} 0 R/Count {}>>",
                root.0, root.1, root.2
            )
            .into_bytes(),
        ),
    ];
    let kids: Vec<String> = chunks
        .iter()
        .flat_map(|c| &c.kids)
        .map(|k| format!("{k} 0 R"))
        .collect();
    own.push((
        PAGES.0,
        format!(
            "<</Type/Pages/Count {}/Kids [{}]>>",
            kids.len(),
            kids.join(" ")
        )
        .into_bytes(),
    ));
    for it in items {
        let c = chunks.get(it.part)?;
        let (page, top) = (&c.first.0, &c.first.1);
        let mut item = format!("<</Title {}/Parent {} 0 R", hex_text(&it.title), it.parent);
        if let Some(p) = it.prev {
            item += &format!("/Prev {p} 0 R");
        }
        if let Some(n) = it.next {
            item += &format!("/Next {n} 0 R");
        }
        if let Some((f, l, count)) = it.kids {
            item += &format!("/First {f} 0 R/Last {l} 0 R/Count {count}");
        }
        item += &format!("/Dest [{page} 0 R /XYZ 0 {top} 0]>>");
        own.push((it.id, item.into_bytes()));
    }

    // The file: header, the parts' chunks, the merged file's object stream, the
    // cross-reference stream.
    let total: usize = chunks.iter().map(|c| c.bytes.len()).sum();
    let mut out: Vec<u8> = Vec::with_capacity(total + 64 * 1024);
    out.extend_from_slice(b"%PDF-1.7\n%\x80\x80\x80\x80\n");
    let mut entries = vec![Entry::Free; xref_id as usize + 1];
    let mut layout = Vec::with_capacity(parts.len());
    for ((c, p), &base) in chunks.iter().zip(parts).zip(&bases) {
        let offset = out.len();
        let stm = c.at.last()?.0;
        for &(id, at) in &c.at {
            entries[id as usize] = Entry::At(offset + at);
        }
        for (i, &id) in c.in_stream.iter().enumerate() {
            entries[id as usize] = Entry::InStream(stm as usize, i);
        }
        out.extend_from_slice(&c.bytes);
        layout.push(PartLayout {
            digest: p.digest,
            size: match p.bytes {
                Some(b) => b.len() as u64,
                None => by_digest.get(&p.digest)?.size,
            },
            base,
            objects: stm - base,
            offset: offset as u64,
            length: c.bytes.len() as u64,
            streams: c.at.iter().map(|&(id, at)| (id, at as u64)).collect(),
            pages: c.kids.clone(),
            top: c.first.1.to_string(),
        });
    }
    let (mut index, mut bodies) = (Vec::new(), Vec::new());
    for (i, (id, body)) in own.iter().enumerate() {
        entries[*id as usize] = Entry::InStream(own_stm as usize, i);
        index.extend([*id as usize, bodies.len()]);
        bodies.extend_from_slice(body);
        bodies.push(b'\n');
    }
    entries[own_stm as usize] = Entry::At(out.len());
    crate::pack::object_stream(&mut out, own_stm as usize, &index, &bodies)?;
    let id: String = file_id(
        layout
            .iter()
            .zip(parts)
            .map(|(l, p)| (p.mark, l.size, &l.digest)),
    )
    .iter()
    .map(|b| format!("{b:02X}"))
    .collect();
    let trailer = format!(
        "/Root {} 0 R/Info {} 0 R/ID [<{id}> <{id}>]",
        CATALOG.0, INFO.0
    );
    crate::pack::xref_stream(&mut out, &mut entries, xref_id as usize, &trailer)?;
    Some(Merge::Done(Merged { bytes: out, layout }))
}

/// Whether a recorded part can be copied out of the earlier file: its bytes lie inside it,
/// and each of its top-level objects starts where the layout says, with the number it says;
/// the numbers are the part's own (its object stream right after its objects).
fn lendable(l: &PartLayout, old: &[u8]) -> bool {
    let (Ok(from), Ok(len)) = (usize::try_from(l.offset), usize::try_from(l.length)) else {
        return false;
    };
    let Some(chunk) = from.checked_add(len).and_then(|end| old.get(from..end)) else {
        return false;
    };
    let end = l.base.checked_add(l.objects);
    let own = |id: u32| id >= l.base && Some(id) < end;
    let Some(((stm, _), rest)) = l.streams.split_last() else {
        return false;
    };
    Some(*stm) == end
        && rest.iter().all(|(id, _)| own(*id))
        && !l.pages.is_empty()
        && l.pages.iter().all(|p| own(*p))
        && l.streams.iter().all(|&(id, rel)| {
            usize::try_from(rel)
                .ok()
                .and_then(|rel| chunk.get(rel..))
                .is_some_and(|b| b.starts_with(format!("{id} 0 obj\n").as_bytes()))
        })
}

/// One part of the merged file, written on its own: its objects' bytes (streams, then its
/// object stream) with their offsets in them, the objects its object stream holds in order,
/// its pages, and its first page with the top of its MediaBox (the bookmark's target).
struct Chunk<'a> {
    bytes: std::borrow::Cow<'a, [u8]>,
    at: Vec<(u32, usize)>,
    in_stream: Vec<u32>,
    kids: Vec<u32>,
    first: (u32, std::borrow::Cow<'a, str>),
}

/// [`utf16_text`] as the text of a hex string: `<FEFF…>`.
fn hex_text(s: &str) -> String {
    let hex: String = utf16_text(s).iter().map(|b| format!("{b:02X}")).collect();
    format!("<{hex}>")
}
