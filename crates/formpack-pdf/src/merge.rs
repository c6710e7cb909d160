//! The merged PDF made of the documents' own PDFs, page for page (issue #15).
//!
//! Every object of every part is copied as it is (streams stay compressed) with its number
//! shifted past the parts before it; the parts' catalogs, page trees and information
//! dictionaries are replaced by one of each, and one bookmark per part points to its first
//! page. Nothing is laid out, drawn or compressed again, so the merged PDF of a bundle costs a
//! copy of its parts: a correction that changes one document does not draw the other 180.
//!
//! The trade: each part keeps its own font subsets, so the merged file is about the sum of its
//! parts (the sample: 1.2 MB instead of 0.22 MB drawn as one document with one subset).

use std::collections::BTreeMap;

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
pub fn merge(parts: &[(String, &[u8])]) -> Result<Vec<u8>, Error> {
    if parts.is_empty() {
        return Err(Error::new(ErrorKind::NoDocuments, "no documents to merge"));
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

    // The file identifier: from the content, as krilla does, so equal input gives equal bytes.
    let mut h = Sha256::new();
    for (mark, bytes) in parts {
        h.update((mark.len() as u64).to_le_bytes());
        h.update(mark.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    let id = h.finalize()[..16].to_vec();

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

/// A PDF text string: UTF-16BE with its byte order mark (Korean titles).
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}
