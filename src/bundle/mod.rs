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

use rayon::prelude::*;

use crate::compose::{self, DocKind, Prepared, Templates};
use crate::figures::Figures;
use crate::hash::sha256_hex;
use crate::load::Input;
use crate::model::{Consortium, Role};
use crate::program::Program;
use crate::render::{Formats, RenderError, Resources};
use crate::world::World;
use plan::Plan;

mod bytes;
mod documents;
mod lend;
pub mod manifest;
mod merged;
mod packed;
pub mod packets;
mod plan;
pub mod reuse;
mod session;
pub mod verify;
pub mod write;
mod zip;

pub use manifest::{FileEntry, Hashes, Manifest, MergedLayout};
pub use reuse::{Lent, OldBundle, Previous};
pub use session::{build, refuse_unless_draft, BuildError, Refused};

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

/// A file of the new bundle: made now, or lent by an earlier build. Its hashes and inputs,
/// and its bytes when they are in memory; a file lent without them stays in the earlier
/// build's folder ([`Built::in_place`]).
struct BundleFile {
    bytes: Option<Bytes>,
    hashes: Hashes,
    inputs: String,
    lent: bool,
}

impl BundleFile {
    /// Bytes just made.
    fn made(bytes: Vec<u8>, inputs: String) -> BundleFile {
        BundleFile::made_hashed(Hashes::of(&bytes), Bytes::from(bytes), inputs)
    }

    /// Bytes just made, whose hashes were taken already.
    fn made_hashed(hashes: Hashes, bytes: Bytes, inputs: String) -> BundleFile {
        BundleFile {
            hashes,
            bytes: Some(bytes),
            inputs,
            lent: false,
        }
    }

    /// A file an earlier build lent.
    fn lent(lent: reuse::Lent, inputs: String) -> BundleFile {
        BundleFile {
            bytes: lent.bytes,
            hashes: lent.hashes,
            inputs,
            lent: true,
        }
    }

    /// The bytes, which are in memory whenever a packet or the merged PDF that holds the file
    /// is made (see [`lend`](mod@lend)).
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
    /// The formats every document is rendered to. The merged PDF comes with
    /// [`Format::Pdf`](crate::render::Format::Pdf).
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
/// written here. The phases, each in its own module:
///
/// 1. `plan.rs`: what every file is made from, before any file is read;
/// 2. `lend.rs`: what the earlier build can lend, read or only checked;
/// 3. `documents.rs`: compose and render what is still missing, and the deck;
/// 4. `merged.rs` and [`packets`], side by side;
/// 5. the manifest (`finish`).
pub fn make(
    world: &dyn World,
    input: &Input,
    figures: &Figures,
    program: &Program,
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Built, BundleError> {
    let prepared = compose::prepare_all(world, input, figures, program, opts.templates, opts.draft)
        .map_err(BundleError::Compose)?;
    crate::timing::mark("make: prepared");
    let mut plan = Plan::new(prepared, input, figures, program, opts);
    let lent = lend::lend(&plan, opts.previous);
    let made = documents::make(&mut plan, lent.docs, lent.deck, opts, progress)?;
    crate::timing::mark("make: rendered");
    let start = merged::MergedStart {
        lent: lent.merged,
        source: lent.merged_source,
        old_layout: lent.old_layout,
        previous: opts.previous,
    };
    let (merged, packets) = rayon::join(
        || merged::make(&plan, start, &made.files),
        || packed::make(&plan, lent.packets, &made.files),
    );
    let (merged, packets) = (merged?, packets?);
    crate::timing::mark("make: merged PDF and packets");
    Ok(finish(input, program, opts, plan, merged, packets, made))
}

/// The manifest over every file, and the bundle: the merged PDF, the documents, the deck and
/// the packets, in that order.
fn finish(
    input: &Input,
    program: &Program,
    opts: &Options,
    plan: Plan,
    merged: Option<(BundleFile, Option<MergedLayout>)>,
    packets: Vec<BundleFile>,
    made: documents::Documents,
) -> Built {
    let c = &input.data;
    let mut files: Vec<(String, Bytes)> = Vec::new();
    let mut in_place: Vec<String> = Vec::new();
    let mut entries: Vec<FileEntry> = Vec::new();
    let mut reused: Vec<String> = Vec::new();
    let mut push = |entry: FileEntry, r: &BundleFile| {
        if r.lent {
            reused.push(entry.path.clone());
        }
        match &r.bytes {
            Some(b) => files.push((entry.path.clone(), b.clone())),
            None => in_place.push(entry.path.clone()),
        }
        entries.push(entry);
    };
    let entry = |path: &str, r: &BundleFile, d: Option<&Prepared>| {
        FileEntry::new(path, &r.hashes, &r.inputs, d, c)
    };
    if let Some((merged, layout)) = merged {
        let mut e = entry(MERGED_PDF, &merged, None);
        e.layout = layout;
        push(e, &merged);
    }
    // The documents' entries (each with its figures and signers) made in parallel.
    let doc_entries: Vec<Vec<FileEntry>> = plan
        .docs()
        .par_iter()
        .zip(&made.files)
        .zip(&plan.formats)
        .map(|((d, outs), formats)| {
            formats
                .iter()
                .zip(outs)
                .map(|(&f, r)| entry(&Plan::file(d, f), r, Some(d)))
                .collect()
        })
        .collect();
    for (es, outs) in doc_entries.into_iter().zip(&made.files) {
        for (e, r) in es.into_iter().zip(outs) {
            push(e, r);
        }
    }
    let documents::Documents {
        files: doc_files,
        deck,
        notes,
        composed,
    } = made;
    if let Some((e, r)) = deck {
        push(e, &r);
    }
    for (p, zip) in plan.packets.iter().zip(&packets) {
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
        move || drop((plan, composed, packets, doc_files)),
    );
    files.push((MANIFEST.to_string(), Bytes::from(json.into_bytes())));
    let mut notes = notes;
    notes.sort();
    Built {
        files,
        in_place,
        manifest,
        reused,
        notes,
    }
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
