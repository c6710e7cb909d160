//! The submission bundle: every document in each chosen format, the merged PDF, each member's
//! signing packet (one zip), and `manifest.json` — made in memory, then written atomically
//! (see [`write`](mod@write)).
//!
//! Layout under the output folder:
//! ```text
//! 00_제출서류_전체.pdf            all documents in submission order, one bookmark each
//! 01_사업신청서.docx / .pdf …     every document
//! members/<id>.zip               the member's signing packet: its documents and 서명안내.txt
//! manifest.json                  hashes, fingerprints, figures, signers
//! ```
//!
//! A packet is a zip only, not also a folder of copies: it is what is sent to the member (one
//! attachment), its documents are the top-level files byte for byte (`verify` checks each
//! entry), and a folder beside it would store every document a third time (issue #15: the
//! 60-member bundle went from 79 MB and 1,400 files to 24 MB and about 610). In memory a
//! packet is pieces: its zip headers between the documents' own bytes ([`Bytes`]).

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::compose::{self, Composed, DocKind, Prepared, Templates};
use crate::figures::Figures;
use crate::hash::sha256_hex;
use crate::load::Input;
use crate::model::{Consortium, Role};
use crate::program::Program;
use crate::render::{self, Format, Formats, RenderError, Resources};
use crate::world::World;
use sha2::Digest as _;
use sha2::Sha256;

mod bytes;
pub mod manifest;
pub mod packets;
pub mod reuse;
pub mod verify;
pub mod write;
mod zip;

pub use manifest::{FileEntry, Hashes, Manifest, MergedLayout};
pub use reuse::{Lent, OldBundle, Previous};

/// The merged PDF's file name.
pub const MERGED_PDF: &str = "00_제출서류_전체.pdf";
/// The manifest's file name, at the top of the bundle.
pub const MANIFEST: &str = "manifest.json";

pub use bytes::{Bytes, Piece};

/// A bundle made in memory: files by relative path (forward slashes), and the manifest.
pub struct Built {
    /// Every file in memory: those made now, those an earlier build lent with their bytes, and
    /// the manifest last.
    pub files: Vec<(String, Bytes)>,
    /// Files an earlier build's folder holds intact (hash checked) that were not read into
    /// memory: a writer links or copies them from there. Always empty when the earlier build
    /// was in memory, or when there was none.
    pub in_place: Vec<String>,
    /// The manifest describing `files`.
    pub manifest: Manifest,
    /// The paths of `files` taken from a previous build rather than rendered.
    pub reused: Vec<String>,
    /// What the PDFs drawn now from official forms left out or drew as text, a line each
    /// (`04_….pdf: 5쪽: 그리기 개체 — 그리지 않았습니다`), sorted; files taken from a previous
    /// build are not drawn again and add nothing.
    pub notes: Vec<String>,
}

/// A file's hashes and inputs, and its bytes when they are in memory: made now, or lent by
/// an earlier build with its bytes. A file lent without them stays in the earlier build's
/// folder ([`Built::in_place`]).
struct Rendered {
    bytes: Option<Bytes>,
    hashes: Hashes,
    inputs: String,
    reused: bool,
}

impl Rendered {
    /// Bytes just made.
    fn made(bytes: Vec<u8>, inputs: String) -> Rendered {
        Rendered::made_hashed(Hashes::of(&bytes), Bytes::from(bytes), inputs)
    }

    /// Bytes just made, whose hashes were taken already.
    fn made_hashed(hashes: Hashes, bytes: Bytes, inputs: String) -> Rendered {
        Rendered {
            hashes,
            bytes: Some(bytes),
            inputs,
            reused: false,
        }
    }

    /// A file an earlier build lent.
    fn lent(lent: reuse::Lent, inputs: String) -> Rendered {
        Rendered {
            bytes: lent.bytes,
            hashes: lent.hashes,
            inputs,
            reused: true,
        }
    }

    /// The bytes, which are in memory whenever a packet or the merged PDF that holds the file
    /// is made (see `needs` in [`make`]).
    fn body(&self) -> &[u8] {
        self.bytes
            .as_ref()
            .and_then(Bytes::as_whole)
            .expect("a file that goes into a new packet or merged PDF is read into memory")
    }
}

/// What a bundle is made with, besides the input: chosen by the caller (CLI flags, a server's
/// form).
pub struct Options<'a> {
    /// The compiled templates (built-in or overridden).
    pub templates: &'a Templates,
    /// What the backends need (fonts).
    pub resources: &'a Resources,
    /// The formats every document is rendered to. The merged PDF comes with [`Format::Pdf`].
    pub formats: Formats,
    /// Mark every page `초안`: for review, never for submission.
    pub draft: bool,
    /// An earlier build whose intact, unchanged files are taken instead of rendered
    /// (incremental build); `None` renders everything.
    pub previous: Option<&'a dyn Previous>,
}

/// Why a bundle could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum BundleError {
    /// A template or the data could not make a document.
    Compose(compose::ComposeError),
    /// A backend could not write a file.
    Render {
        /// The file that was being written.
        file: String,
        /// The backend's error.
        source: RenderError,
    },
    /// The 발표자료 deck could not be written.
    Deck {
        /// The deck's path.
        file: String,
        /// Why.
        source: crate::deck::DeckError,
    },
    /// An official form could not be filled.
    Form {
        /// The document's file.
        file: String,
        /// Why, with the map's line.
        source: crate::compose::official::FormError,
    },
    /// A signing packet's zip could not be written.
    Packet {
        /// The packet's path.
        file: String,
        /// The zip writer's error.
        source: formpack_zip::Error,
    },
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleError::Compose(e) => write!(f, "{e}"),
            BundleError::Render { file, source } => {
                write!(f, "{file}: 문서를 만들 수 없습니다: {source}")
            }
            BundleError::Deck { file, source } => write!(f, "{file}: {source}"),
            BundleError::Form { file, source } => {
                write!(f, "{file}: 공식 서식을 채울 수 없습니다: {source}")
            }
            BundleError::Packet { file, source } => {
                write!(f, "{file}: 서명 묶음을 만들 수 없습니다: {source}")
            }
        }
    }
}

impl std::error::Error for BundleError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BundleError::Compose(e) => Some(e),
            BundleError::Render { source, .. } => Some(source),
            BundleError::Deck { source, .. } => Some(source),
            BundleError::Form { source, .. } => Some(source),
            BundleError::Packet { source, .. } => Some(source),
        }
    }
}

/// Compose and render everything, taking what it can from `opts.previous`. No file is
/// written here.
///
/// With an earlier build, what every file is made from (its inputs) is worked out first, so
/// that before any file is read it is known which packets and whether the merged PDF must be
/// made again. A lent document file is read into memory only when one of those holds it;
/// every other lent file is only checked against its recorded hash (a no-change rebuild holds
/// nothing in memory).
pub fn make(
    world: &dyn World,
    input: &Input,
    figures: &Figures,
    program: &Program,
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Built, BundleError> {
    let plan = compose::prepare_all(world, input, figures, program, opts.templates, opts.draft)
        .map_err(BundleError::Compose)?;
    crate::timing::mark("make: prepared");
    let docs = &plan.docs;
    let c = &input.data;
    let formats: Vec<Format> = opts.formats.iter().collect();
    let pdf_at = formats.iter().position(|&f| f == Format::Pdf);
    // A document filled into an official form is that filled form (HWPX or DOCX) whatever the
    // formats, and its PDF drawn from the filled form when PDF is among them.
    let doc_formats: Vec<Vec<Format>> = docs
        .iter()
        .map(|d| match &d.official {
            Some(o) => {
                let mut own = vec![official_format(o)];
                own.extend(pdf_at.map(|_| Format::Pdf));
                own
            }
            None => formats.clone(),
        })
        .collect();
    let pdf_of = |i: usize| doc_formats[i].iter().position(|&f| f == Format::Pdf);
    let file = |d: &Prepared, f: Format| format!("{}.{}", d.file_stem, f.extension());
    let engine = reuse::engine(opts.resources, program);
    let previous = opts.previous;
    let lists = |path: &str, inputs: &str| previous.is_some_and(|p| p.lists(path, inputs));
    let lend =
        |path: &str, inputs: &str, keep: bool| previous.and_then(|p| p.lend(path, inputs, keep));

    // What every file is made from.
    let doc_inputs: Vec<Vec<String>> = docs
        .iter()
        .zip(&doc_formats)
        .map(|(d, formats)| {
            formats
                .iter()
                .map(|f| reuse::inputs(&engine, &["document", f.extension(), &d.fingerprint]))
                .collect()
        })
        .collect();
    let bookmarks: Vec<Bookmark> = docs.iter().map(|d| bookmark(d, c)).collect();
    let merged_meta = merged_meta(c, program);
    let merged_inputs = pdf_at.map(|_| {
        let mut made_of = vec!["merged", &merged_meta.0, &merged_meta.1];
        for (d, mark) in docs.iter().zip(&bookmarks) {
            let group = mark.group.as_deref().unwrap_or("");
            made_of.extend([group, mark.mark.as_str(), d.fingerprint.as_str()]);
        }
        reuse::inputs(&engine, &made_of)
    });
    let packets: Vec<Packet> = c
        .members
        .iter()
        .filter_map(|m| {
            let list = packets::packet_documents(docs, m.id.as_str(), c);
            if list.is_empty() {
                return None;
            }
            let ds: Vec<&Prepared> = list.iter().map(|i| &docs[*i]).collect();
            let guide = packets::signing_guide(m, &ds, c, program, pdf_at.is_some());
            // Each entry's name and inputs, in the zip's order, then the guide.
            let entries: Vec<(String, &str)> = list
                .iter()
                .flat_map(|&i| {
                    doc_formats[i]
                        .iter()
                        .zip(&doc_inputs[i])
                        .map(move |(&f, x)| (i, f, x))
                })
                .map(|(i, f, x)| (file(&docs[i], f), x.as_str()))
                .collect();
            let mut made_of: Vec<&str> = vec!["packet"];
            for (name, x) in &entries {
                made_of.extend([name.as_str(), x]);
            }
            made_of.push(&guide);
            let inputs = reuse::inputs(&engine, &made_of);
            Some(Packet {
                path: format!("members/{}.zip", m.id),
                list,
                guide: guide.into_bytes(),
                inputs,
            })
        })
        .collect();
    // An earlier merged PDF made by this engine: the documents it holds unchanged are copied
    // out of it, so only the first document's PDF (its information dictionary) and the
    // documents it does not hold are needed in memory for a new one.
    let layout_engine = reuse::inputs(&engine, &["merged layout"]);
    let old_layout = previous.and_then(|p| p.merged_layout(&layout_engine));
    let in_old_layout: std::collections::HashSet<&str> = old_layout
        .iter()
        .flat_map(|l| &l.parts)
        .map(|p| p.sha256.as_str())
        .collect();
    let deck = program.deck.as_ref().map(|spec| {
        let planned = crate::deck::plan(input, figures, program, opts.draft);
        let inputs = reuse::inputs(&engine, &["deck", &planned.fingerprint]);
        (crate::deck::file_name(spec), spec, planned, inputs)
    });

    // Which of the merged PDF and the packets must be made: their inputs changed, or (found
    // below) their file is not intact. A document file is needed in memory when one of them
    // holds it.
    let mut merged_made = merged_inputs
        .as_deref()
        .is_some_and(|i| !lists(MERGED_PDF, i));
    let mut packet_made: Vec<bool> = packets.iter().map(|p| !lists(&p.path, &p.inputs)).collect();
    let needs = |merged_made: bool, packet_made: &[bool]| -> Vec<Vec<bool>> {
        let mut need: Vec<Vec<bool>> = doc_formats.iter().map(|f| vec![false; f.len()]).collect();
        if merged_made && pdf_at.is_some() {
            let upto = if old_layout.is_some() { 1 } else { docs.len() };
            for (i, n) in need.iter_mut().enumerate().take(upto) {
                if let Some(at) = pdf_of(i) {
                    n[at] = true;
                }
            }
        }
        for (p, _) in packets.iter().zip(packet_made).filter(|(_, &made)| made) {
            for &i in &p.list {
                need[i].iter_mut().for_each(|n| *n = true);
            }
        }
        need
    };
    let need = needs(merged_made, &packet_made);
    crate::timing::mark("make: planned");

    // Everything the earlier build can lend, read or checked in parallel: each document's
    // files (a file it cannot lend keeps its inputs, `Err`, until it is made), the merged
    // PDF, the packets and the deck.
    let (mut lent, (merged_lent, (packets_lent, deck_lent))) = rayon::join(
        || {
            docs.par_iter()
                .enumerate()
                .map(|(i, d)| {
                    doc_formats[i]
                        .iter()
                        .enumerate()
                        .map(|(at, &f)| {
                            let inputs = doc_inputs[i][at].clone();
                            match lend(&file(d, f), &inputs, need[i][at]) {
                                Some(l) => Ok(Rendered::lent(l, inputs)),
                                None => Err(inputs),
                            }
                        })
                        .collect::<Vec<Result<Rendered, String>>>()
                })
                .collect::<Vec<_>>()
        },
        || {
            rayon::join(
                || {
                    let inputs = merged_inputs.as_deref()?;
                    if merged_made {
                        // To copy from: read whatever it was made from, hash checked.
                        let old = old_layout
                            .as_ref()
                            .and_then(|_| previous?.merged_source(&layout_engine));
                        return Some(Err(old));
                    }
                    lend(MERGED_PDF, inputs, false).map(|l| Ok(Rendered::lent(l, inputs.into())))
                },
                || {
                    rayon::join(
                        || {
                            packets
                                .par_iter()
                                .zip(&packet_made)
                                .map(|(p, &made)| {
                                    if made {
                                        return None;
                                    }
                                    lend(&p.path, &p.inputs, false)
                                        .map(|l| Rendered::lent(l, p.inputs.clone()))
                                })
                                .collect::<Vec<_>>()
                        },
                        || {
                            let (path, _, _, inputs) = deck.as_ref()?;
                            lend(path, inputs, false).map(|l| Rendered::lent(l, inputs.clone()))
                        },
                    )
                },
            )
        },
    );
    crate::timing::mark("make: lent");
    // The merged PDF lent (`Ok`), or the earlier one to copy from (`Err`, when it is intact).
    let (merged_lent, mut merged_source) = match merged_lent {
        Some(Ok(r)) => (Some(r), None),
        Some(Err(old)) => (None, old),
        None => (None, None),
    };
    // A packet or merged PDF that was listed but is not intact is made after all; the
    // document files it holds that were only checked are read now (rarely: after a hand edit).
    merged_made |= merged_inputs.is_some() && merged_lent.is_none();
    for (made, l) in packet_made.iter_mut().zip(&packets_lent) {
        *made |= l.is_none();
    }
    let mut need = needs(merged_made, &packet_made);
    if merged_made && pdf_at.is_some() {
        // Documents the earlier merged PDF does not hold (or whose recorded hash is not one).
        for (i, (n, l)) in need.iter_mut().zip(&lent).enumerate() {
            let Some(at) = pdf_of(i) else { continue };
            if let Ok(r) = &l[at] {
                let sha = r.hashes.sha256.as_str();
                if !in_old_layout.contains(sha) || crate::hash::digest_from_hex(sha).is_none() {
                    n[at] = true;
                }
            }
        }
    }
    if merged_made && merged_source.is_none() {
        // Nothing to copy from after all: every document's PDF.
        for (i, n) in need.iter_mut().enumerate() {
            if let Some(at) = pdf_of(i) {
                n[at] = true;
            }
        }
    }
    lent.par_iter_mut().enumerate().for_each(|(i, l)| {
        for (at, r) in l.iter_mut().enumerate() {
            if let Ok(lent_file) = r {
                if need[i][at] && lent_file.bytes.is_none() {
                    let inputs = std::mem::take(&mut lent_file.inputs);
                    *r = match lend(&file(&docs[i], doc_formats[i][at]), &inputs, true) {
                        Some(l) => Ok(Rendered::lent(l, inputs)),
                        None => Err(inputs),
                    };
                }
            }
        }
    });

    // The documents to render: those with a file to make. Templates are rendered only for
    // these; the merged PDF is made of the documents' PDFs, not composed again.
    // An official form's document is filled and read back where its files are made.
    let needed: Vec<bool> = lent
        .iter()
        .zip(docs)
        .map(|(l, d)| d.official.is_none() && l.iter().any(Result::is_err))
        .collect();
    // The fonts (parsed on first use) beside the composing, when a rebuild draws a PDF: it
    // draws a few documents and would otherwise wait for the fonts in the first one (a
    // 60-member correction 0.94–0.98× in turns). Not in a full build, which composes 182
    // documents on both cores and was 1.02× slower with it.
    let draws_pdf = lent
        .iter()
        .enumerate()
        .any(|(i, l)| pdf_of(i).is_some_and(|at| l[at].is_err()))
        && lent.iter().flatten().any(Result::is_ok);
    let (composed, ()) = rayon::join(
        || plan.compose_where(opts.templates, |i| needed[i]),
        || {
            if draws_pdf {
                opts.resources.fonts();
            }
        },
    );
    let composed: Vec<Option<Composed>> = composed.map_err(BundleError::Compose)?;

    crate::timing::mark("make: composed");
    // Render every missing file, in parallel across documents, and the deck beside them.
    let done = AtomicUsize::new(0);
    let notes = std::sync::Mutex::new(Vec::new());
    let render_one = |(i, l): (usize, Vec<Result<Rendered, String>>)| {
        // A document's formats in parallel too: after a correction only a few documents are
        // made, and the largest (03, every member in it) would otherwise be one thread's work.
        let out = doc_formats[i]
            .par_iter()
            .zip(l)
            .map(|(&f, l)| match l {
                Ok(r) => Ok(r),
                Err(inputs) => {
                    if let Some(o) = &docs[i].official {
                        let form_error = |source| BundleError::Form {
                            file: file(&docs[i], f),
                            source,
                        };
                        let bytes = o.fill().map_err(form_error)?;
                        if f != Format::Pdf {
                            return Ok(Rendered::made(bytes, inputs));
                        }
                        let printable = docs[i].official_printable(&bytes).map_err(form_error)?;
                        let (pdf, left) = render::official_pdf(&printable, opts.resources)
                            .map_err(|source| BundleError::Render {
                                file: file(&docs[i], f),
                                source,
                            })?;
                        if let Ok(mut n) = notes.lock() {
                            let name = file(&docs[i], f);
                            n.extend(left.into_iter().map(|l| format!("{name}: {l}")));
                        }
                        return Ok(Rendered::made(pdf, inputs));
                    }
                    let d = composed[i]
                        .as_ref()
                        .expect("composed when a file is missing");
                    let bytes = render::render(&d.doc, f, opts.resources).map_err(|source| {
                        BundleError::Render {
                            file: file(d, f),
                            source,
                        }
                    })?;
                    Ok(Rendered::made(bytes, inputs))
                }
            })
            .collect::<Result<Vec<_>, BundleError>>();
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, docs.len());
        out
    };
    // 09 발표자료: not a form (no template, no page), so not in the merged PDF; nobody signs
    // it, so not in any packet. Its figures and 문서확인번호 go into the manifest like a form's.
    // Made from the input alone, beside the documents.
    let make_deck = || -> Result<Option<(FileEntry, Rendered)>, BundleError> {
        let Some((path, spec, planned, inputs)) = deck else {
            return Ok(None);
        };
        let (shown, fingerprint) = (planned.shown.clone(), planned.fingerprint.clone());
        let r = match deck_lent {
            Some(r) => r,
            None => crate::deck::write(planned, opts.resources)
                .map(|made| Rendered::made(made.bytes, inputs.clone()))
                .map_err(|source| BundleError::Deck {
                    file: path.clone(),
                    source,
                })?,
        };
        let e = FileEntry::deck(&path, &spec.file, &r.hashes, &r.inputs, &fingerprint, shown);
        Ok(Some((e, r)))
    };
    let (rendered, deck) = rayon::join(
        || {
            lent.into_par_iter()
                .enumerate()
                .map(render_one)
                .collect::<Result<Vec<_>, _>>()
        },
        make_deck,
    );
    let (rendered, deck) = (rendered?, deck?);
    crate::timing::mark("make: rendered");

    // The merged PDF (every document's PDF, page for page, one bookmark each) and the
    // signing packets (one zip per member, holding the top-level files' bytes), side by side.
    let make_merged = || -> Result<Option<(Rendered, Option<MergedLayout>)>, BundleError> {
        let (Some(_), Some(inputs)) = (pdf_at, &merged_inputs) else {
            return Ok(None);
        };
        if let Some(r) = merged_lent {
            // Made from the same documents by the same engine: the same layout.
            return Ok(Some((r, old_layout.clone())));
        }
        let failed = |message: String| BundleError::Render {
            file: MERGED_PDF.to_string(),
            source: RenderError::merging(message),
        };
        // The merged PDF's parts: each document's PDF (an official form's drawn from it).
        let sources = merged_parts(&pdf_of, docs.len());
        let marks: Vec<&Bookmark> = sources.iter().map(|&(i, _)| &bookmarks[i]).collect();
        // The file identifier is made of the parts' SHA-256, known already: each part was
        // hashed when made, or checked against the manifest that records it. A part left out
        // of memory has a well-formed recorded hash (see `need` above); one in memory whose
        // recorded hash is not one is hashed again rather than trusted.
        let digests: Vec<[u8; 32]> = sources
            .iter()
            .map(|&(i, at)| {
                let r = &rendered[i][at];
                crate::hash::digest_from_hex(&r.hashes.sha256)
                    .or_else(|| {
                        r.bytes
                            .as_ref()
                            .and_then(Bytes::as_whole)
                            .map(|b| Sha256::digest(b).into())
                    })
                    .unwrap_or_default()
            })
            .collect();
        let old = merged_source.take();
        // PDFs read only because the layout moved under them (a document before them gained
        // or lost objects).
        let mut late: Vec<Option<Bytes>> = vec![None; sources.len()];
        let merged = loop {
            let parts: Vec<formpack_pdf::Part> = sources
                .iter()
                .zip(&marks)
                .zip(&late)
                .zip(&digests)
                .map(|(((&(i, at), mark), late), digest)| formpack_pdf::Part {
                    mark: &mark.mark,
                    group: mark.group.as_deref(),
                    bytes: rendered[i][at]
                        .bytes
                        .as_ref()
                        .or(late.as_ref())
                        .and_then(Bytes::as_whole),
                    digest: *digest,
                })
                .collect();
            let from = old.as_ref().and_then(|(bytes, layout)| {
                Some(formpack_pdf::Old {
                    bytes: bytes.as_whole()?,
                    layout,
                })
            });
            let meta = formpack_pdf::Meta {
                title: &merged_meta.0,
                author: &merged_meta.1,
            };
            match formpack_pdf::merge_reusing(&parts, from, Some(meta)) {
                Ok(formpack_pdf::Merge::Done(m)) => break m,
                Ok(formpack_pdf::Merge::Needs(list)) => {
                    if list
                        .iter()
                        .any(|&k| late[k].is_some() || parts[k].bytes.is_some())
                    {
                        return Err(failed(format!("{} parts asked for twice", list.len())));
                    }
                    for k in list {
                        let (i, at) = sources[k];
                        let path = file(&docs[i], Format::Pdf);
                        // Checked intact earlier in this build; changed since, it stops it.
                        late[k] = lend(&path, &rendered[i][at].inputs, true)
                            .and_then(|l| l.bytes)
                            .map(Some)
                            .ok_or_else(|| {
                                failed(format!(
                                    "{path}이(가) 빌드 도중 바뀌었습니다. 다시 실행하십시오"
                                ))
                            })?;
                    }
                }
                Err(e) => {
                    return Err(BundleError::Render {
                        file: MERGED_PDF.to_string(),
                        source: RenderError::pdf(e),
                    })
                }
            }
        };
        crate::timing::mark("  merged PDF made");
        let layout = (!merged.layout.is_empty())
            .then(|| MergedLayout::new(layout_engine.clone(), &merged.layout));
        Ok(Some((Rendered::made(merged.bytes, inputs.clone()), layout)))
    };
    let make_packets = || -> Result<Vec<Rendered>, BundleError> {
        // The CRC-32 of every document file a new packet holds, once (the agreement is in
        // every packet).
        let mut in_new = vec![false; docs.len()];
        for (p, l) in packets.iter().zip(&packets_lent) {
            if l.is_none() {
                p.list.iter().for_each(|&i| in_new[i] = true);
            }
        }
        let crcs: Vec<Vec<u32>> = rendered
            .par_iter()
            .zip(&in_new)
            .map(|(outs, &used)| {
                outs.iter()
                    .map(|r| match used {
                        true => formpack_zip::crc32(r.body()),
                        false => 0,
                    })
                    .collect()
            })
            .collect();
        // Each packet lent as it is (`Ok`), or a new zip, hashed below (`Err`): headers
        // between the documents' own bytes, which are not copied.
        let zips: Vec<Result<Rendered, Bytes>> = packets
            .par_iter()
            .zip(packets_lent)
            .map(|(p, l)| {
                if let Some(r) = l {
                    return Ok(Ok(r));
                }
                let mut zip_files: Vec<(String, Bytes, u32)> = Vec::new();
                for &i in &p.list {
                    for ((&f, r), &crc) in doc_formats[i].iter().zip(&rendered[i]).zip(&crcs[i]) {
                        let bytes = r.bytes.clone().expect("read into memory (see `need`)");
                        zip_files.push((file(&docs[i], f), bytes, crc));
                    }
                }
                let guide = p.guide.clone();
                let crc = formpack_zip::crc32(&guide);
                zip_files.push((packets::GUIDE_FILE.to_string(), Bytes::from(guide), crc));
                zip::store_pieces(&zip_files)
                    .map(Err)
                    .map_err(|source| BundleError::Packet {
                        file: p.path.clone(),
                        source,
                    })
            })
            .collect::<Result<_, _>>()?;
        crate::timing::mark("  packets zipped");
        // Every new packet opens with the agreement's entries: hash them once.
        let new: Vec<Vec<&[u8]>> = zips
            .iter()
            .filter_map(|z| z.as_ref().err().map(|b| b.slices().collect()))
            .collect();
        let mut hashes = crate::hash::pairs_sharing_prefix(&new).into_iter();
        crate::timing::mark("  packets hashed");
        Ok(zips
            .into_iter()
            .zip(&packets)
            .map(|(z, p)| match z {
                Ok(lent) => lent,
                Err(bytes) => Rendered::made_hashed(
                    Hashes::from(hashes.next().expect("one pair per new packet")),
                    bytes,
                    p.inputs.clone(),
                ),
            })
            .collect())
    };
    let (merged, zipped) = rayon::join(make_merged, make_packets);
    let (merged, zipped) = (merged?, zipped?);
    crate::timing::mark("make: merged PDF and packets");

    let mut files: Vec<(String, Bytes)> = Vec::new();
    let mut in_place: Vec<String> = Vec::new();
    let mut entries: Vec<FileEntry> = Vec::new();
    let mut reused: Vec<String> = Vec::new();
    let mut push = |entry: FileEntry, r: &Rendered| {
        if r.reused {
            reused.push(entry.path.clone());
        }
        match &r.bytes {
            Some(b) => files.push((entry.path.clone(), b.clone())),
            None => in_place.push(entry.path.clone()),
        }
        entries.push(entry);
    };
    let entry = |path: &str, r: &Rendered, d: Option<&Prepared>| {
        FileEntry::new(path, &r.hashes, &r.inputs, d, c)
    };

    if let Some((merged, layout)) = merged {
        let mut e = entry(MERGED_PDF, &merged, None);
        e.layout = layout;
        push(e, &merged);
    }
    // The documents' entries (each with its figures and signers) made in parallel.
    let doc_entries: Vec<Vec<FileEntry>> = docs
        .par_iter()
        .zip(&rendered)
        .zip(&doc_formats)
        .map(|((d, outs), formats)| {
            formats
                .iter()
                .zip(outs)
                .map(|(&f, r)| entry(&file(d, f), r, Some(d)))
                .collect()
        })
        .collect();
    for (es, outs) in doc_entries.into_iter().zip(&rendered) {
        for (e, r) in es.into_iter().zip(outs) {
            push(e, r);
        }
    }
    if let Some((e, r)) = deck {
        push(e, &r);
    }
    for (p, zip) in packets.iter().zip(&zipped) {
        push(entry(&p.path, zip, None), zip);
    }

    // The plan (every document's data and context: 182 trees at 60 members) is freed beside
    // the manifest's writing, not after it (measured: 4% of a no-change rebuild's CPU).
    let ((manifest, json), ()) = rayon::join(
        || {
            let m = Manifest::new(input, program, opts.draft, opts.formats, entries);
            let json = m.to_json();
            (m, json)
        },
        move || drop((plan, composed, packets, rendered)),
    );
    files.push((MANIFEST.to_string(), Bytes::from(json.into_bytes())));
    let mut notes = notes.into_inner().unwrap_or_default();
    notes.sort();
    Ok(Built {
        files,
        in_place,
        manifest,
        reused,
        notes,
    })
}

/// The merged PDF's parts in submission order: each document with a PDF, and which of its
/// formats that is.
fn merged_parts(pdf_of: &dyn Fn(usize) -> Option<usize>, docs: usize) -> Vec<(usize, usize)> {
    (0..docs)
        .filter_map(|i| pdf_of(i).map(|at| (i, at)))
        .collect()
}

/// The format of an official form's filled file: its own.
fn official_format(o: &compose::OfficialDoc) -> Format {
    match o.form.kind() {
        formpack_form::Kind::Hwpx => Format::Hwpx,
        formpack_form::Kind::Docx => Format::Docx,
    }
}

/// A member's signing packet as planned: the documents it holds (indices into the plan), its
/// guide and what it is made from.
struct Packet {
    path: String,
    list: Vec<usize>,
    guide: Vec<u8>,
    inputs: String,
}

/// A document's bookmark in the merged PDF: `01 사업신청서`, or for a member's document its
/// name under the document's group (`04 참여의사 확인서` › `한국AI융합연구원`).
struct Bookmark {
    group: Option<String>,
    mark: String,
}

fn bookmark(d: &Prepared, c: &Consortium) -> Bookmark {
    let title = format!("{:02} {}", d.number, d.title);
    let member = d
        .member
        .as_deref()
        .and_then(|id| c.members.iter().find(|m| m.id.as_str() == id));
    match member {
        Some(m) => Bookmark {
            group: Some(title),
            mark: m.name.clone(),
        },
        None => Bookmark {
            group: None,
            mark: title,
        },
    }
}

/// The merged PDF's title and author: `「사업명」 제출서류 — 과제명`, the lead's name.
fn merged_meta(c: &Consortium, program: &Program) -> (String, String) {
    let project = c.project.title.as_deref().unwrap_or_default();
    let title = format!("「{}」 제출서류 — {project}", program.name);
    let lead = c.members.iter().find(|m| m.role == Role::Lead);
    (title, lead.map(|m| m.name.clone()).unwrap_or_default())
}

/// The member ids that sign a document: the member itself for per-member documents; every
/// member for the consortium agreement; the region and the lead for 01 and 06; nobody for the
/// two parts of 02.
pub fn signers(kind: DocKind, member: Option<&str>, c: &Consortium) -> Vec<String> {
    let with_role = |r: Role| -> Vec<String> {
        c.members
            .iter()
            .filter(|m| m.role == r)
            .map(|m| m.id.to_string())
            .collect()
    };
    match kind {
        DocKind::BusinessPlan | DocKind::BudgetSummary => Vec::new(),
        DocKind::Agreement => c.members.iter().map(|m| m.id.to_string()).collect(),
        DocKind::Application | DocKind::LocalContribution => {
            let mut v = with_role(Role::Applicant);
            v.extend(with_role(Role::Lead));
            v
        }
        _ => member.map(|m| vec![m.to_string()]).unwrap_or_default(),
    }
}

/// A deterministic zip of `files` in the given order, stored uncompressed (fixed times): the
/// signing packets, and the whole bundle as `formpack serve` hands it out.
pub fn zip_files(files: &[(String, &[u8])]) -> Result<Vec<u8>, formpack_zip::Error> {
    zip::store(files)
}

/// SHA-256 of bytes, hex.
pub fn hash(bytes: &[u8]) -> String {
    sha256_hex(bytes)
}
