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

/// A file an earlier build lends: its SHA-256, and its bytes when they were asked for (or
/// were in memory anyway).
pub struct Lent {
    /// SHA-256 (hex) of the file's bytes, as recorded and checked.
    pub sha256: String,
    /// The bytes; `None` when the file was only checked and stays where it is.
    pub bytes: Option<Bytes>,
}

/// Files of an earlier build. A file is lent only when its recorded inputs equal `inputs` and
/// its bytes are the ones recorded.
pub trait Previous: Sync {
    /// Whether the earlier build recorded `path` as made from `inputs`. Reads no file.
    fn lists(&self, path: &str, inputs: &str) -> bool;
    /// The file at `path` made from `inputs`, if the earlier build has it intact. A file on
    /// disk is read into memory only when `keep` is set; otherwise its hash is checked as it
    /// streams past and the file stays where it is.
    fn lend(&self, path: &str, inputs: &str, keep: bool) -> Option<Lent>;
}

/// A bundle folder on disk, read through its manifest.
pub struct OldBundle {
    dir: PathBuf,
    /// path → what the manifest recorded of it.
    entries: HashMap<String, Recorded>,
}

/// A file as the manifest recorded it, and whether [`OldBundle::precheck`] found it intact.
struct Recorded {
    inputs: String,
    sha256: String,
    checked: std::sync::atomic::AtomicBool,
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
                .filter_map(|f| {
                    let r = Recorded {
                        inputs: f.inputs?,
                        sha256: f.sha256,
                        checked: Default::default(),
                    };
                    Some((f.path, r))
                })
                .collect(),
        })
    }

    /// Check files against their recorded hashes until `stop` is set, so that [`lend`]
    /// finds them checked: run while the input is still being read, it fills a core that
    /// would otherwise wait (a no-change rebuild checks every file anyway).
    ///
    /// [`lend`]: Previous::lend
    pub fn precheck(&self, stop: &std::sync::atomic::AtomicBool) {
        use std::sync::atomic::Ordering;
        for (path, r) in &self.entries {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            if let Some(at) = self.inside(path) {
                if hash_file(&at, Some(stop)).is_ok_and(|h| h == r.sha256) {
                    r.checked.store(true, Ordering::Relaxed);
                }
            }
        }
    }

    /// The file at `path` in the folder, when the path stays inside it.
    fn inside(&self, path: &str) -> Option<PathBuf> {
        let rel = Path::new(path);
        rel.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
            .then(|| self.dir.join(rel))
    }
}

impl Previous for OldBundle {
    fn lists(&self, path: &str, inputs: &str) -> bool {
        self.entries.get(path).is_some_and(|r| r.inputs == inputs)
    }

    fn lend(&self, path: &str, inputs: &str, keep: bool) -> Option<Lent> {
        let r = self.entries.get(path)?;
        let sha = &r.sha256;
        if r.inputs != inputs {
            return None;
        }
        // A path from the manifest stays inside the folder, or it is not read.
        let at = self.inside(path)?;
        // Edited by hand, or half-written by something else: rendered afresh.
        let bytes = if keep {
            let bytes = std::fs::read(at).ok()?;
            (&super::hash(&bytes) == sha).then_some(Some(std::sync::Arc::new(bytes)))?
        } else {
            let checked = r.checked.load(std::sync::atomic::Ordering::Relaxed);
            (checked || &hash_file(&at, None).ok()? == sha).then_some(None)?
        };
        Some(Lent {
            sha256: sha.clone(),
            bytes,
        })
    }
}

/// SHA-256 (hex) of a file, read through one reused buffer per thread: a no-change rebuild
/// checks every file of the bundle (54 MB at 60 members) without holding any of it. Given up
/// (an error) as soon as `stop` is set.
fn hash_file(path: &Path, stop: Option<&std::sync::atomic::AtomicBool>) -> std::io::Result<String> {
    use std::cell::RefCell;
    use std::io::Read;
    thread_local! {
        static BUF: RefCell<Vec<u8>> = RefCell::new(vec![0; 1 << 17]);
    }
    let mut file = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    BUF.with(|buf| {
        let mut buf = buf.borrow_mut();
        loop {
            if stop.is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed)) {
                return Err(std::io::Error::other("stopped"));
            }
            match file.read(&mut buf) {
                Ok(0) => return Ok(()),
                Ok(n) => h.update(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    })?;
    Ok(crate::hash::hex(&h.finalize()))
}

/// A bundle made earlier in this process (the web server keeps them in memory): its files are
/// lent by path and inputs, always with their bytes; they never left memory, so their recorded
/// hash is theirs.
impl Previous for Built {
    fn lists(&self, path: &str, inputs: &str) -> bool {
        self.lend(path, inputs, false).is_some()
    }

    fn lend(&self, path: &str, inputs: &str, _keep: bool) -> Option<Lent> {
        let entry = self
            .manifest
            .files
            .iter()
            .find(|f| f.path == path && f.inputs.as_deref() == Some(inputs))?;
        let bytes = self.files.iter().find(|(p, _)| p == path)?.1.clone();
        Some(Lent {
            sha256: entry.sha256.clone(),
            bytes: Some(bytes),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    /// A folder with a manifest listing `good.pdf` and `bad.pdf`; `bad.pdf` was edited after.
    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let (good, bad) = (b"good bytes".to_vec(), b"bad bytes".to_vec());
        let entry = |path: &str, bytes: &[u8]| serde_json::json!({"path": path, "sha256": super::super::hash(bytes), "inputs": "i"});
        let manifest =
            serde_json::json!({"files": [entry("good.pdf", &good), entry("bad.pdf", &bad)]});
        std::fs::write(dir.path().join(MANIFEST), manifest.to_string()).unwrap();
        std::fs::write(dir.path().join("good.pdf"), &good).unwrap();
        std::fs::write(dir.path().join("bad.pdf"), b"edited by hand").unwrap();
        dir
    }

    #[test]
    fn a_prechecked_file_is_lent_and_an_edited_one_never() {
        let dir = folder();
        for stop in [false, true] {
            let old = OldBundle::open(dir.path()).unwrap();
            // Stopped at once, nothing is checked ahead and `lend` checks each file itself.
            old.precheck(&AtomicBool::new(stop));
            let checked = |p: &str| {
                old.entries[p]
                    .checked
                    .load(std::sync::atomic::Ordering::Relaxed)
            };
            assert_eq!(checked("good.pdf"), !stop);
            assert!(!checked("bad.pdf"));
            for keep in [false, true] {
                let lent = old.lend("good.pdf", "i", keep).expect("intact");
                assert_eq!(lent.bytes.is_some(), keep);
                assert!(old.lend("bad.pdf", "i", keep).is_none(), "edited");
                assert!(
                    old.lend("good.pdf", "other inputs", keep).is_none(),
                    "stale"
                );
            }
        }
    }
}
