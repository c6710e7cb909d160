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

/// The catalog, information dictionary, outline root and page tree root of the merged file.
const CATALOG: ObjectId = (1, 0);
const INFO: ObjectId = (2, 0);
const OUTLINES: ObjectId = (3, 0);
const PAGES: ObjectId = (4, 0);
/// The first number given to the parts' objects.
const FIRST_PART_ID: u32 = 5;

/// One PDF of `parts` (bookmark title, PDF bytes) in order, with the first part's title and
/// author.
/// `digests` are the parts' SHA-256, which the file identifier is made of.
pub(crate) fn merge(parts: &[(String, &[u8])], digests: &[[u8; 32]]) -> Result<Vec<u8>, Error> {
    if parts.is_empty() {
        return Err(Error::new(ErrorKind::NoDocuments, "no documents to merge"));
    }
    if digests.len() != parts.len() {
        return Err(Error::new(
            ErrorKind::Write,
            format!("{} parts but {} digests", parts.len(), digests.len()),
        ));
    }
    // Our own PDFs are read at the byte level; anything else through lopdf's object model.
    let read: Option<Vec<crate::packed::Part>> = parts
        .par_iter()
        .map(|(_, b)| crate::packed::read(b))
        .collect();
    if let Some(merged) = read.and_then(|r| merge_packed(parts, digests, &r)) {
        return Ok(merged);
    }
    let loaded: Vec<Pdf> = parts
        .par_iter()
        .map(|(mark, bytes)| {
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
    // The first part's information dictionary (title, author, producer) is the merged file's.
    let info = loaded[0]
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| loaded[0].get_dictionary(id))
        .cloned()
        .unwrap_or_default();
    for ((mark, _), part) in parts.iter().zip(loaded) {
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

    // One outline item per part, in order.
    let items: Vec<ObjectId> = (0..parts.len() as u32).map(|i| (next + i, 0)).collect();
    for (i, ((mark, _), (page, top))) in parts.iter().zip(&firsts).enumerate() {
        let mut item = Dictionary::new();
        item.set("Title", text_string(mark));
        item.set("Parent", Object::Reference(OUTLINES));
        if i > 0 {
            item.set("Prev", Object::Reference(items[i - 1]));
        }
        if let Some(n) = items.get(i + 1) {
            item.set("Next", Object::Reference(*n));
        }
        item.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(*page),
                Object::Name(b"XYZ".to_vec()),
                Object::Integer(0),
                Object::Real(*top),
                Object::Integer(0),
            ]),
        );
        objects.insert(items[i], Object::Dictionary(item));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", Object::Reference(items[0]));
    outlines.set(
        "Last",
        Object::Reference(*items.last().expect("one part at least")),
    );
    outlines.set("Count", Object::Integer(items.len() as i64));
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
    catalog.set(
        "Lang",
        Object::String(b"ko".to_vec(), StringFormat::Literal),
    );
    objects.insert(CATALOG, Object::Dictionary(catalog));

    objects.insert(INFO, Object::Dictionary(info));

    let id = file_id(parts, digests);

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
fn file_id(parts: &[(String, &[u8])], digests: &[[u8; 32]]) -> Vec<u8> {
    let mut h = Sha256::new();
    for ((mark, bytes), d) in parts.iter().zip(digests) {
        h.update((mark.len() as u64).to_le_bytes());
        h.update(mark.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
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

/// The merged file from parts read at the byte level: every object's text copied with its
/// references renumbered, streams' data untouched; `None` if a part refers to something the
/// merged file replaces (then lopdf does it).
fn merge_packed(
    parts: &[(String, &[u8])],
    digests: &[[u8; 32]],
    read: &[crate::packed::Part],
) -> Option<Vec<u8>> {
    use crate::pack::Entry;
    use std::io::Write;
    let kept = |part: &crate::packed::Part, id: u32| {
        id != part.catalog
            && Some(id) != part.info
            && !part.containers.contains(&id)
            && id != part.tree
    };
    // Numbers: 1–4 the catalog, information, outline and page tree; each part's objects in
    // turn; the outline items; one object stream per part, one for the merged file's own
    // objects; the cross-reference stream.
    let mut bases = Vec::with_capacity(read.len());
    let mut next = FIRST_PART_ID;
    for part in read {
        bases.push(next);
        let n = part.objects.iter().filter(|o| kept(part, o.id)).count();
        next += u32::try_from(n).ok()?;
    }
    let n_parts = u32::try_from(parts.len()).ok()?;
    let items: Vec<u32> = (next..next + n_parts).collect();
    let part_stms: Vec<u32> = (next + n_parts..next + 2 * n_parts).collect();
    let own_stm = next + 2 * n_parts;
    let xref_id = own_stm + 1;

    // Each part on its own, in parallel: its streams written out with their dictionaries'
    // references renumbered (data untouched), its other objects renumbered into its own
    // object stream.
    let chunks: Vec<Chunk> = read
        .par_iter()
        .zip(&bases)
        .zip(&part_stms)
        .map(|((part, &base), &stm)| {
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
            let mut c = Chunk {
                bytes: Vec::with_capacity(size),
                at: Vec::new(),
                in_stream: Vec::new(),
                kids: part.pages.iter().map(|p| map(*p)).collect::<Option<_>>()?,
                first: (map(*part.pages.first()?)?, part.first_top.as_str()),
            };
            let (mut index, mut bodies) = (Vec::new(), Vec::new());
            for o in part.objects.iter().filter(|o| kept(part, o.id)) {
                let id = map(o.id)?;
                if o.is_stream {
                    c.at.push((id, c.bytes.len()));
                    writeln!(c.bytes, "{id} 0 obj").ok()?;
                    let (dict, rest) = crate::packed::split_dict(&o.body)?;
                    crate::packed::renumber(dict, &map, &mut c.bytes)?;
                    c.bytes.extend_from_slice(rest);
                    c.bytes.extend_from_slice(b"\nendobj\n");
                } else {
                    c.in_stream.push(id);
                    index.extend([id as usize, bodies.len()]);
                    crate::packed::renumber(&o.body, &map, &mut bodies)?;
                    bodies.push(b'\n');
                }
            }
            if !index.is_empty() {
                c.at.push((stm, c.bytes.len()));
                crate::pack::object_stream(&mut c.bytes, stm as usize, &index, &bodies)?;
            }
            Some(c)
        })
        .collect::<Option<_>>()?;

    // The merged file's own objects: catalog, information (the first part's), outline with
    // one item per part, page tree.
    let info_id = read[0].info?;
    let info_body = &read[0].objects.iter().find(|o| o.id == info_id)?.body;
    let mut info = Vec::new();
    crate::packed::renumber(info_body, &|_| None, &mut info)?;
    let mut own: Vec<(u32, Vec<u8>)> = vec![
        (
            CATALOG.0,
            format!(
                "<</Type/Catalog/Pages {} 0 R/Outlines {} 0 R/Lang (ko)>>",
                PAGES.0, OUTLINES.0
            )
            .into_bytes(),
        ),
        (INFO.0, info),
        (
            OUTLINES.0,
            format!(
                "<</Type/Outlines/First {} 0 R/Last {} 0 R/Count {}>>",
                items.first()?,
                items.last()?,
                items.len()
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
    for (i, ((mark, _), c)) in parts.iter().zip(&chunks).enumerate() {
        let (page, top) = c.first;
        let mut item = format!("<</Title {}/Parent {} 0 R", hex_text(mark), OUTLINES.0);
        if i > 0 {
            item += &format!("/Prev {} 0 R", items[i - 1]);
        }
        if let Some(n) = items.get(i + 1) {
            item += &format!("/Next {n} 0 R");
        }
        item += &format!("/Dest [{page} 0 R /XYZ 0 {top} 0]>>");
        own.push((items[i], item.into_bytes()));
    }

    // The file: header, the parts' chunks, the merged file's object stream, the
    // cross-reference stream.
    let total: usize = chunks.iter().map(|c| c.bytes.len()).sum();
    let mut out: Vec<u8> = Vec::with_capacity(total + 64 * 1024);
    out.extend_from_slice(b"%PDF-1.7\n%\x80\x80\x80\x80\n");
    let mut entries = vec![Entry::Free; xref_id as usize + 1];
    for (c, &stm) in chunks.iter().zip(&part_stms) {
        let base = out.len();
        for &(id, at) in &c.at {
            entries[id as usize] = Entry::At(base + at);
        }
        for (i, &id) in c.in_stream.iter().enumerate() {
            entries[id as usize] = Entry::InStream(stm as usize, i);
        }
        out.extend_from_slice(&c.bytes);
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
    let id: String = file_id(parts, digests)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    let trailer = format!(
        "/Root {} 0 R/Info {} 0 R/ID [<{id}> <{id}>]",
        CATALOG.0, INFO.0
    );
    crate::pack::xref_stream(&mut out, &mut entries, xref_id as usize, &trailer)?;
    Some(out)
}

/// One part of the merged file, written on its own: its objects' bytes (streams, then its
/// object stream) with their offsets in them, the objects its object stream holds in order,
/// its pages, and its first page with the top of its MediaBox (the bookmark's target).
struct Chunk<'a> {
    bytes: Vec<u8>,
    at: Vec<(u32, usize)>,
    in_stream: Vec<u32>,
    kids: Vec<u32>,
    first: (u32, &'a str),
}

/// [`utf16_text`] as the text of a hex string: `<FEFF…>`.
fn hex_text(s: &str) -> String {
    let hex: String = utf16_text(s).iter().map(|b| format!("{b:02X}")).collect();
    format!("<{hex}>")
}
