//! Incremental builds: a file of an earlier bundle is taken instead of rendered when what it
//! is made from (its *inputs*) is the same and its bytes still hash to what that bundle's
//! manifest recorded. Otherwise it is rendered, so the result is always the bytes a clean
//! build would write.
//!
//! A file's inputs are a SHA-256 over the *engine* — formpack's version and the identity of
//! the sources it was built from (`build.rs`), the fonts and the program profile — and what
//! the file itself is made from: a document's format and fingerprint (which covers its
//! template, everything it shows, its seals, its metadata and the draft flag), the merged PDF's
//! bookmarks and fingerprints, a packet's entries and its guide.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Built, Bytes, MANIFEST};
use crate::program::Program;
use crate::render::Resources;

/// The identity of everything outside a file's own content that shapes its bytes.
pub fn engine(resources: &Resources, program: &Program) -> String {
    inputs(
        "",
        &[
            "formpack",
            env!("CARGO_PKG_VERSION"),
            env!("FORMPACK_SOURCE_HASH"),
            &resources.identity,
            &program.source,
        ],
    )
}

/// SHA-256 (hex) over the engine and the parts, each length-prefixed so no two lists of parts
/// run together.
pub fn inputs(engine: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in std::iter::once(&engine).chain(parts) {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    crate::hash::hex(&h.finalize())
}

/// Files of an earlier build. [`Previous::take`] gives a file's bytes and SHA-256 only when
/// its recorded inputs equal `inputs` and its bytes are the ones recorded.
pub trait Previous: Sync {
    /// The file at `path` made from `inputs`, if the earlier build has it intact.
    fn take(&self, path: &str, inputs: &str) -> Option<(Bytes, String)>;
}

/// A bundle folder on disk, read through its manifest.
pub struct OldBundle {
    dir: PathBuf,
    /// path → (inputs, sha256) as the manifest recorded them.
    entries: HashMap<String, (String, String)>,
}

impl OldBundle {
    /// The bundle in `dir`, or `None` when it has no readable manifest (then nothing is
    /// reused and the build is a full one).
    pub fn open(dir: &Path) -> Option<OldBundle> {
        let text = std::fs::read(dir.join(MANIFEST)).ok()?;
        // Only each file's path, hash and inputs are needed: the figures, signers and titles
        // of a 60-member manifest (0.7 MB) are skipped, not built.
        #[derive(serde::Deserialize)]
        struct Listing {
            files: Vec<Listed>,
        }
        #[derive(serde::Deserialize)]
        struct Listed {
            path: String,
            sha256: String,
            inputs: Option<String>,
        }
        let listing: Listing = serde_json::from_slice(&text).ok()?;
        Some(OldBundle {
            dir: dir.to_path_buf(),
            entries: listing
                .files
                .into_iter()
                .filter_map(|f| Some((f.path, (f.inputs?, f.sha256))))
                .collect(),
        })
    }
}

impl Previous for OldBundle {
    fn take(&self, path: &str, inputs: &str) -> Option<(Bytes, String)> {
        let (old_inputs, sha) = self.entries.get(path)?;
        if old_inputs != inputs {
            return None;
        }
        // A path from the manifest stays inside the folder, or it is not read.
        let rel = Path::new(path);
        if rel
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return None;
        }
        let bytes = std::fs::read(self.dir.join(rel)).ok()?;
        // Edited by hand, or half-written by something else: rendered afresh.
        if &super::hash(&bytes) != sha {
            return None;
        }
        Some((std::sync::Arc::new(bytes), sha.clone()))
    }
}

/// A bundle made earlier in this process (the web server keeps them in memory): its files are
/// taken by path and inputs; they never left memory, so their recorded hash is theirs.
impl Previous for Built {
    fn take(&self, path: &str, inputs: &str) -> Option<(Bytes, String)> {
        let entry = self
            .manifest
            .files
            .iter()
            .find(|f| f.path == path && f.inputs.as_deref() == Some(inputs))?;
        let bytes = self.files.iter().find(|(p, _)| p == path)?.1.clone();
        Some((bytes, entry.sha256.clone()))
    }
}
