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

use crate::compose::{self, Composed, DocKind, Templates};
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
    /// Taken from the previous build when it has the file intact, else made by `render`.
    fn get<E>(
        previous: Option<&dyn Previous>,
        path: &str,
        inputs: String,
        render: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Rendered, E> {
        if let Some((bytes, sha256)) = previous.and_then(|p| p.take(path, &inputs)) {
            return Ok(Rendered {
                bytes,
                sha256,
                inputs,
                reused: true,
            });
        }
        let bytes = render()?;
        Ok(Rendered {
            sha256: hash(&bytes),
            bytes: Arc::new(bytes),
            inputs,
            reused: false,
        })
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
            BundleError::Packet { source, .. } => Some(source),
        }
    }
}

/// Compose and render everything. No file is written here.
pub fn make(
    world: &dyn World,
    input: &Input,
    figures: &Figures,
    program: &Program,
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Built, BundleError> {
    let composed = compose::compose_all(world, input, figures, program, opts.templates, opts.draft)
        .map_err(BundleError::Compose)?;
    let c = &input.data;
    let formats: Vec<Format> = opts.formats.iter().collect();
    let file = |d: &Composed, f: Format| format!("{}.{}", d.file_stem, f.extension());
    let engine = reuse::engine(opts.resources, program);
    let previous = opts.previous;

    // Render every document in every format, in parallel across documents, and the merged PDF
    // beside them.
    let done = AtomicUsize::new(0);
    let render_one = |d: &Composed| -> Result<Vec<Rendered>, BundleError> {
        let out = formats
            .iter()
            .map(|&f| {
                let path = file(d, f);
                let inputs = reuse::inputs(&engine, &["document", f.extension(), &d.fingerprint]);
                Rendered::get(previous, &path, inputs, || {
                    render::render(&d.doc, f, opts.resources)
                })
                .map_err(|source| BundleError::Render { file: path, source })
            })
            .collect();
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, composed.len());
        out
    };
    let render_merged = || -> Result<Option<Rendered>, BundleError> {
        if !opts.formats.contains(Format::Pdf) {
            return Ok(None);
        }
        let parts: Vec<(String, &formpack_doc::Document)> =
            composed.iter().map(|d| (bookmark(d, c), &d.doc)).collect();
        let mut made_of = vec!["merged"];
        for (d, (mark, _)) in composed.iter().zip(&parts) {
            made_of.extend([mark.as_str(), d.fingerprint.as_str()]);
        }
        let inputs = reuse::inputs(&engine, &made_of);
        Rendered::get(previous, MERGED_PDF, inputs, || {
            render::render_merged(&parts, opts.resources)
        })
        .map(Some)
        .map_err(|source| BundleError::Render {
            file: MERGED_PDF.to_string(),
            source,
        })
    };
    let (rendered, merged) = rayon::join(
        || {
            composed
                .par_iter()
                .map(render_one)
                .collect::<Result<Vec<_>, _>>()
        },
        render_merged,
    );
    let (rendered, merged) = (rendered?, merged?);

    let mut files: Vec<(String, Bytes)> = Vec::new();
    let mut entries: Vec<FileEntry> = Vec::new();
    let mut reused: Vec<String> = Vec::new();
    let mut push = |path: String, r: &Rendered, d: Option<&Composed>| {
        entries.push(FileEntry::new(&path, &r.sha256, &r.inputs, d, c));
        if r.reused {
            reused.push(path.clone());
        }
        files.push((path, r.bytes.clone()));
    };

    if let Some(merged) = &merged {
        push(MERGED_PDF.to_string(), merged, None);
    }
    for (d, outs) in composed.iter().zip(&rendered) {
        for (&f, r) in formats.iter().zip(outs) {
            push(file(d, f), r, Some(d));
        }
    }

    // Signing packets: one zip per member, holding the top-level files' bytes.
    let packet_list: Vec<(&crate::model::Member, Vec<usize>)> = c
        .members
        .iter()
        .map(|m| (m, packets::packet_documents(&composed, m.id.as_str(), c)))
        .filter(|(_, docs)| !docs.is_empty())
        .collect();
    let zipped: Vec<Rendered> = packet_list
        .par_iter()
        .map(|(m, docs)| {
            let ds: Vec<&Composed> = docs.iter().map(|i| &composed[*i]).collect();
            let guide = packets::signing_guide(m, &ds, c, program).into_bytes();
            let mut zip_files: Vec<(String, &[u8])> = Vec::new();
            let mut made_of: Vec<String> = vec!["packet".into()];
            for &i in docs {
                for (&f, r) in formats.iter().zip(&rendered[i]) {
                    let name = file(&composed[i], f);
                    made_of.extend([name.clone(), r.inputs.clone()]);
                    zip_files.push((name, r.bytes.as_slice()));
                }
            }
            zip_files.push((packets::GUIDE_FILE.to_string(), guide.as_slice()));
            made_of.push(String::from_utf8_lossy(&guide).into_owned());
            let path = format!("members/{}.zip", m.id);
            let parts: Vec<&str> = made_of.iter().map(String::as_str).collect();
            let inputs = reuse::inputs(&engine, &parts);
            Rendered::get(previous, &path, inputs, || zip::store(&zip_files))
                .map_err(|source| BundleError::Packet { file: path, source })
        })
        .collect::<Result<_, BundleError>>()?;
    for ((m, _), zip) in packet_list.iter().zip(&zipped) {
        push(format!("members/{}.zip", m.id), zip, None);
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
fn bookmark(d: &Composed, c: &Consortium) -> String {
    let name = d
        .member
        .as_deref()
        .and_then(|id| c.members.iter().find(|m| m.id.as_str() == id))
        .map(|m| format!(" — {}", m.name))
        .unwrap_or_default();
    format!("{:02} {}{}", d.number, d.title, name)
}

/// The member ids that sign a document: the member itself for per-member documents; every
/// member for the consortium agreement; the region and the lead for 01 and 06; nobody for 02.
pub fn signers(kind: DocKind, member: Option<&str>, c: &Consortium) -> Vec<String> {
    let with_role = |r: Role| -> Vec<String> {
        c.members
            .iter()
            .filter(|m| m.role == r)
            .map(|m| m.id.to_string())
            .collect()
    };
    match kind {
        DocKind::BudgetSummary => Vec::new(),
        DocKind::Agreement => c.members.iter().map(|m| m.id.to_string()).collect(),
        DocKind::Application | DocKind::LocalContribution => {
            let mut v = with_role(Role::Applicant);
            v.extend(with_role(Role::Lead));
            v
        }
        _ => member.map(|m| vec![m.to_string()]).unwrap_or_default(),
    }
}

/// SHA-256 of bytes, hex.
pub fn hash(bytes: &[u8]) -> String {
    sha256_hex(bytes)
}
