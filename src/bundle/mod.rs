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
//! 60-member bundle went from 79 MB and 1,400 files to 24 MB and about 610).

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use crate::compose::{self, Composed, DocKind, Prepared, Templates};
use crate::figures::Figures;
use crate::hash::sha256_hex;
use crate::load::Input;
use crate::model::{Consortium, Role};
use crate::program::Program;
use crate::render::{self, Format, Formats, RenderError, Resources};
use crate::world::World;

pub mod manifest;
pub mod packets;
pub mod reuse;
pub mod verify;
pub mod write;
mod zip;

pub use manifest::{FileEntry, Manifest};
pub use reuse::{OldBundle, Previous};

/// The merged PDF's file name.
pub const MERGED_PDF: &str = "00_제출서류_전체.pdf";
/// The manifest's file name, at the top of the bundle.
pub const MANIFEST: &str = "manifest.json";

/// File contents, shared between a document and its copies in the signing packets.
pub type Bytes = Arc<Vec<u8>>;

/// A bundle made in memory: files by relative path (forward slashes), and the manifest.
pub struct Built {
    /// Every file except the manifest, in path order.
    pub files: Vec<(String, Bytes)>,
    /// The manifest describing `files`.
    pub manifest: Manifest,
    /// The paths of `files` taken from a previous build rather than rendered.
    pub reused: Vec<String>,
}

/// A file's bytes with their SHA-256 and inputs, hashed once however many copies the bundle
/// holds.
struct Rendered {
    bytes: Bytes,
    sha256: String,
    inputs: String,
    reused: bool,
}

impl Rendered {
    /// Bytes just made.
    fn made(bytes: Vec<u8>, inputs: String) -> Rendered {
        Rendered {
            sha256: hash(&bytes),
            bytes: Arc::new(bytes),
            inputs,
            reused: false,
        }
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
    /// A signing packet's zip could not be written.
    Packet {
        /// The packet's path.
        file: String,
        /// The zip writer's error.
        source: ::zip::result::ZipError,
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
            BundleError::Packet { source, .. } => Some(source),
        }
    }
}

/// Compose and render everything, taking what it can from `opts.previous`. No file is
/// written here.
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
    let docs = &plan.docs;
    let c = &input.data;
    let formats: Vec<Format> = opts.formats.iter().collect();
    let file = |d: &Prepared, f: Format| format!("{}.{}", d.file_stem, f.extension());
    let engine = reuse::engine(opts.resources, program);
    let previous = opts.previous;
    let take = |path: &str, inputs: String| -> Result<Rendered, String> {
        match previous.and_then(|p| p.take(path, &inputs)) {
            Some((bytes, sha256)) => Ok(Rendered {
                bytes,
                sha256,
                inputs,
                reused: true,
            }),
            None => Err(inputs),
        }
    };

    // What an earlier build can lend: each document's files, and the merged PDF (read and
    // hashed beside them). A file it cannot lend keeps its inputs (`Err`) until it is made.
    let bookmarks: Vec<String> = docs.iter().map(|d| bookmark(d, c)).collect();
    let (lent, merged_lent): (Vec<Vec<Result<Rendered, String>>>, _) = rayon::join(
        || {
            docs.par_iter()
                .map(|d| {
                    formats
                        .iter()
                        .map(|&f| {
                            let inputs = reuse::inputs(
                                &engine,
                                &["document", f.extension(), &d.fingerprint],
                            );
                            take(&file(d, f), inputs)
                        })
                        .collect()
                })
                .collect()
        },
        || {
            opts.formats.contains(Format::Pdf).then(|| {
                let mut made_of = vec!["merged"];
                for (d, mark) in docs.iter().zip(&bookmarks) {
                    made_of.extend([mark.as_str(), d.fingerprint.as_str()]);
                }
                take(MERGED_PDF, reuse::inputs(&engine, &made_of))
            })
        },
    );

    // The documents to render: those with a file to make. Templates are rendered only for
    // these; the merged PDF is made of the documents' PDFs, not composed again.
    let needed: Vec<bool> = lent.iter().map(|l| l.iter().any(Result::is_err)).collect();
    let composed: Vec<Option<Composed>> = plan
        .compose_where(opts.templates, |i| needed[i])
        .map_err(BundleError::Compose)?;

    // Render every missing file, in parallel across documents, and the deck beside them.
    let done = AtomicUsize::new(0);
    let render_one = |(i, l): (usize, Vec<Result<Rendered, String>>)| {
        // A document's formats in parallel too: after a correction only a few documents are
        // made, and the largest (03, every member in it) would otherwise be one thread's work.
        let out = formats
            .par_iter()
            .zip(l)
            .map(|(&f, l)| match l {
                Ok(r) => Ok(r),
                Err(inputs) => {
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
        let Some(spec) = &program.deck else {
            return Ok(None);
        };
        let planned = crate::deck::plan(input, figures, program, opts.draft);
        let path = crate::deck::file_name(spec);
        let (shown, fingerprint) = (planned.shown.clone(), planned.fingerprint.clone());
        let r = match take(&path, reuse::inputs(&engine, &["deck", &fingerprint])) {
            Ok(r) => r,
            Err(inputs) => crate::deck::write(planned, opts.resources)
                .map(|made| Rendered::made(made.bytes, inputs))
                .map_err(|source| BundleError::Deck {
                    file: path.clone(),
                    source,
                })?,
        };
        let e = FileEntry::deck(&path, &spec.file, &r.sha256, &r.inputs, &fingerprint, shown);
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

    // The merged PDF: every document's PDF, page for page, one bookmark each.
    let merged = match merged_lent {
        None => None,
        Some(Ok(r)) => Some(r),
        Some(Err(inputs)) => {
            let at = formats
                .iter()
                .position(|&f| f == Format::Pdf)
                .expect("a merged PDF only with PDF");
            let parts: Vec<(String, &[u8])> = bookmarks
                .iter()
                .zip(&rendered)
                .map(|(mark, outs)| (mark.clone(), outs[at].bytes.as_slice()))
                .collect();
            let bytes = formpack_pdf::merge(&parts).map_err(|e| BundleError::Render {
                file: MERGED_PDF.to_string(),
                source: RenderError::pdf(e),
            })?;
            Some(Rendered::made(bytes, inputs))
        }
    };

    let mut files: Vec<(String, Bytes)> = Vec::new();
    let mut entries: Vec<FileEntry> = Vec::new();
    let mut reused: Vec<String> = Vec::new();
    let mut push = |entry: FileEntry, r: &Rendered| {
        if r.reused {
            reused.push(entry.path.clone());
        }
        files.push((entry.path.clone(), r.bytes.clone()));
        entries.push(entry);
    };
    let entry = |path: &str, r: &Rendered, d: Option<&Prepared>| {
        FileEntry::new(path, &r.sha256, &r.inputs, d, c)
    };

    if let Some(merged) = &merged {
        push(entry(MERGED_PDF, merged, None), merged);
    }
    for (d, outs) in docs.iter().zip(&rendered) {
        for (&f, r) in formats.iter().zip(outs) {
            push(entry(&file(d, f), r, Some(d)), r);
        }
    }

    if let Some((e, r)) = deck {
        push(e, &r);
    }

    // Signing packets: one zip per member, holding the top-level files' bytes.
    let packet_list: Vec<(&crate::model::Member, Vec<usize>)> = c
        .members
        .iter()
        .map(|m| (m, packets::packet_documents(docs, m.id.as_str(), c)))
        .filter(|(_, docs)| !docs.is_empty())
        .collect();
    let zipped: Vec<Rendered> = packet_list
        .par_iter()
        .map(|(m, list)| {
            let ds: Vec<&Prepared> = list.iter().map(|i| &docs[*i]).collect();
            let guide = packets::signing_guide(m, &ds, c, program).into_bytes();
            let mut zip_files: Vec<(String, &[u8])> = Vec::new();
            let mut made_of: Vec<String> = vec!["packet".into()];
            for &i in list {
                for (&f, r) in formats.iter().zip(&rendered[i]) {
                    let name = file(&docs[i], f);
                    made_of.extend([name.clone(), r.inputs.clone()]);
                    zip_files.push((name, r.bytes.as_slice()));
                }
            }
            zip_files.push((packets::GUIDE_FILE.to_string(), guide.as_slice()));
            made_of.push(String::from_utf8_lossy(&guide).into_owned());
            let path = format!("members/{}.zip", m.id);
            let parts: Vec<&str> = made_of.iter().map(String::as_str).collect();
            match take(&path, reuse::inputs(&engine, &parts)) {
                Ok(r) => Ok(r),
                Err(inputs) => zip::store(&zip_files)
                    .map(|z| Rendered::made(z, inputs))
                    .map_err(|source| BundleError::Packet { file: path, source }),
            }
        })
        .collect::<Result<_, BundleError>>()?;
    for ((m, _), zip) in packet_list.iter().zip(&zipped) {
        push(entry(&format!("members/{}.zip", m.id), zip, None), zip);
    }

    let manifest = Manifest::new(input, program, opts.draft, opts.formats, entries);
    files.push((
        MANIFEST.to_string(),
        Arc::new(manifest.to_json().into_bytes()),
    ));
    Ok(Built {
        files,
        manifest,
        reused,
    })
}

/// The bookmark of a document in the merged PDF: `04 참여의사 확인서 — 한국AI융합연구원`.
fn bookmark(d: &Prepared, c: &Consortium) -> String {
    let name = d
        .member
        .as_deref()
        .and_then(|id| c.members.iter().find(|m| m.id.as_str() == id))
        .map(|m| format!(" — {}", m.name))
        .unwrap_or_default();
    format!("{:02} {}{}", d.number, d.title, name)
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
pub fn zip_files(files: &[(String, &[u8])]) -> ::zip::result::ZipResult<Vec<u8>> {
    zip::store(files)
}

/// SHA-256 of bytes, hex.
pub fn hash(bytes: &[u8]) -> String {
    sha256_hex(bytes)
}
