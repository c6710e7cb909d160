//! Incremental builds: a file of an earlier bundle is taken instead of rendered when what it
//! is made from (its *inputs*) is the same and its bytes still hash to what that bundle's
//! manifest recorded. Otherwise it is rendered, so the result is always the bytes a clean
//! build would write.
//!
//! The check uses the file's check value when the manifest records one (every manifest
//! written since it was added: BLAKE3 over the file's bytes and its SHA-256, see
//! [`crate::hash::file_check`]), else its SHA-256: a no-change rebuild of 60 members reads
//! 52 MB, and BLAKE3 goes through it 2.5 times as fast on one core. Both are cryptographic
//! hashes; an edited or truncated file fails either, and so does a file whose SHA-256 was
//! edited in the manifest (the check value covers it).
//!
//! A file's inputs are a SHA-256 over the *engine* — formpack's version and the identity of
//! the sources it was built from (`build.rs`), the fonts and the program profile — and what
//! the file itself is made from: a document's format and fingerprint (which covers its
//! template, everything it shows, its seals, its metadata and the draft flag), the merged PDF's
//! bookmarks and fingerprints, a packet's entries and its guide.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use super::manifest::MergedLayout;
use super::{Built, Bytes, Hashes, MANIFEST, MERGED_PDF};
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

/// A file an earlier build lends: its hashes, and its bytes when they were asked for (or
/// were in memory anyway).
pub struct Lent {
    /// The file's hashes, as recorded and checked (the check value computed when it was not
    /// recorded).
    pub hashes: Hashes,
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
    /// The merged PDF's recorded layout, when `engine` (see [`MergedLayout::engine`]) wrote it.
    /// Reads no file.
    fn merged_layout(&self, engine: &str) -> Option<MergedLayout>;
    /// The merged PDF's bytes, whatever it was made from, when they are the ones recorded,
    /// with its layout under `engine`: the new merged PDF copies unchanged documents out of it.
    fn merged_source(&self, engine: &str) -> Option<(Bytes, Vec<formpack_pdf::PartLayout>)>;
}

/// A bundle folder on disk, read through its manifest.
pub struct OldBundle {
    dir: PathBuf,
    /// path → what the manifest recorded of it.
    entries: HashMap<String, Recorded>,
    /// The merged PDF's layout, as recorded.
    layout: Option<MergedLayout>,
}

/// A file as the manifest recorded it, and its hashes once [`OldBundle::precheck`] found it
/// intact.
struct Recorded {
    inputs: String,
    hashes: Hashes,
    checked: std::sync::OnceLock<Hashes>,
}

impl Recorded {
    /// The file's hashes when `digest` is of the bytes recorded: the check value compared when
    /// recorded, else the SHA-256 (and the check value kept for the new manifest).
    fn check(&self, digest: Digest) -> Option<Hashes> {
        match (&self.hashes.check, digest.sha256) {
            (Some(c), _) => (*c == digest.check).then(|| self.hashes.clone()),
            (None, Some(sha256)) => (sha256 == self.hashes.sha256).then_some(Hashes {
                sha256,
                check: Some(digest.check),
            }),
            (None, None) => None,
        }
    }

    /// Whether the SHA-256 must be computed too (an older manifest with no check value).
    fn wants_sha256(&self) -> bool {
        self.hashes.check.is_none()
    }

    /// What is computed of bytes to check them against this record.
    fn digest(&self, bytes: &[u8]) -> Digest {
        Digest {
            check: crate::hash::file_check(&self.hashes.sha256, bytes),
            sha256: self.wants_sha256().then(|| super::hash(bytes)),
        }
    }
}

/// What was computed of a file: its check value under the recorded SHA-256 (valid only if the
/// file's SHA-256 is that one: compared directly, or through a recorded check value), and its
/// SHA-256 when the manifest has no check value to compare.
struct Digest {
    check: String,
    sha256: Option<String>,
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
            check: Option<String>,
            inputs: Option<String>,
            layout: Option<MergedLayout>,
        }
        let mut listing: Listing = serde_json::from_slice(&text).ok()?;
        let layout = listing
            .files
            .iter_mut()
            .find(|f| f.path == MERGED_PDF)
            .and_then(|f| f.layout.take());
        Some(OldBundle {
            dir: dir.to_path_buf(),
            layout,
            entries: listing
                .files
                .into_iter()
                .filter_map(|f| {
                    let r = Recorded {
                        inputs: f.inputs?,
                        hashes: Hashes {
                            sha256: f.sha256,
                            check: f.check,
                        },
                        checked: Default::default(),
                    };
                    Some((f.path, r))
                })
                .collect(),
        })
    }

    /// Check files against their recorded hashes until `stop` is set, so that [`lend`]
    /// finds them checked: run while the input is still being read, it fills a core that
    /// would otherwise wait (a no-change rebuild checks every file anyway). Measured: the
    /// same check on a thread of its own that went on while the documents were prepared was
    /// slower, for no change and for a correction alike (it took the cores from preparing).
    ///
    /// [`lend`]: Previous::lend
    pub fn precheck(&self, stop: &std::sync::atomic::AtomicBool) {
        use std::sync::atomic::Ordering;
        // The documents first, then the packets, the merged PDF last: after a correction the
        // build is likelier to take a document than a packet (every packet holding the
        // agreement is made again) or the merged PDF, and those are the bulk of the bytes.
        let mut order: Vec<(u8, &String, &Recorded)> = self
            .entries
            .iter()
            .map(|(path, r)| {
                let rank = match path.as_str() {
                    super::MERGED_PDF => 2,
                    p if p.starts_with("members/") => 1,
                    _ => 0,
                };
                (rank, path, r)
            })
            .collect();
        order.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for (_, path, r) in order {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            if let Some(at) = self.inside(path) {
                if let Some(h) = hash_file(&at, r, Some(stop)).ok().and_then(|d| r.check(d)) {
                    let _ = r.checked.set(h);
                }
            }
        }
    }

    /// The file at `path`, recorded as `r`, read into memory when its bytes are the ones
    /// recorded.
    fn read_intact(&self, path: &str, r: &Recorded) -> Option<Lent> {
        let bytes = std::fs::read(self.inside(path)?).ok()?;
        let hashes = r.check(r.digest(&bytes))?;
        Some(Lent {
            hashes,
            bytes: Some(Bytes::from(bytes)),
        })
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
        if r.inputs != inputs {
            return None;
        }
        // A path from the manifest stays inside the folder, or it is not read.
        let at = self.inside(path)?;
        // Edited by hand, or half-written by something else: rendered afresh.
        if keep {
            return self.read_intact(path, r);
        }
        let hashes = match r.checked.get() {
            Some(h) => h.clone(),
            None => r.check(hash_file(&at, r, None).ok()?)?,
        };
        Some(Lent {
            hashes,
            bytes: None,
        })
    }

    fn merged_layout(&self, engine: &str) -> Option<MergedLayout> {
        self.layout.clone().filter(|l| l.engine == engine)
    }

    fn merged_source(&self, engine: &str) -> Option<(Bytes, Vec<formpack_pdf::PartLayout>)> {
        let parts = self.merged_layout(engine)?.parts()?;
        let lent = self.read_intact(MERGED_PDF, self.entries.get(MERGED_PDF)?)?;
        Some((lent.bytes?, parts))
    }
}

/// [`Recorded::digest`] of a file, read through one reused buffer per thread: a no-change
/// rebuild checks every file of the bundle (52 MB at 60 members) without holding any of it.
/// Given up (an error) as soon as `stop` is set.
fn hash_file(
    path: &Path,
    r: &Recorded,
    stop: Option<&std::sync::atomic::AtomicBool>,
) -> std::io::Result<Digest> {
    use std::cell::RefCell;
    use std::io::Read;
    thread_local! {
        static BUF: RefCell<Vec<u8>> = RefCell::new(vec![0; 1 << 17]);
    }
    let mut file = std::fs::File::open(path)?;
    let mut sha = r.wants_sha256().then(Sha256::new);
    let mut h = crate::hash::file_check_hasher();
    BUF.with(|buf| {
        let mut buf = buf.borrow_mut();
        loop {
            if stop.is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed)) {
                return Err(std::io::Error::other("stopped"));
            }
            match file.read(&mut buf) {
                Ok(0) => return Ok(()),
                Ok(n) => {
                    h.update(&buf[..n]);
                    if let Some(s) = &mut sha {
                        s.update(&buf[..n]);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    })?;
    Ok(Digest {
        check: crate::hash::finish_check(h, &r.hashes.sha256),
        sha256: sha.map(|s| crate::hash::hex(&s.finalize())),
    })
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
            hashes: Hashes {
                sha256: entry.sha256.clone(),
                check: entry.check.clone(),
            },
            bytes: Some(bytes),
        })
    }

    fn merged_layout(&self, engine: &str) -> Option<MergedLayout> {
        self.manifest
            .files
            .iter()
            .find(|f| f.path == MERGED_PDF)?
            .layout
            .clone()
            .filter(|l| l.engine == engine)
    }

    fn merged_source(&self, engine: &str) -> Option<(Bytes, Vec<formpack_pdf::PartLayout>)> {
        let parts = self.merged_layout(engine)?.parts()?;
        let bytes = self.files.iter().find(|(p, _)| p == MERGED_PDF)?.1.clone();
        Some((bytes, parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder with a manifest listing `good.pdf` and `bad.pdf` (with their check values when
    /// `check`; without, as an older manifest); `bad.pdf` was edited after.
    fn folder(check: bool) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let (good, bad) = (b"good bytes".to_vec(), b"bad bytes".to_vec());
        let entry = |path: &str, bytes: &[u8]| {
            let mut e = serde_json::json!({"path": path, "sha256": super::super::hash(bytes), "inputs": "i"});
            if check {
                e["check"] = Hashes::of(bytes).check.into();
            }
            e
        };
        let manifest =
            serde_json::json!({"files": [entry("good.pdf", &good), entry("bad.pdf", &bad)]});
        std::fs::write(dir.path().join(MANIFEST), manifest.to_string()).unwrap();
        std::fs::write(dir.path().join("good.pdf"), &good).unwrap();
        std::fs::write(dir.path().join("bad.pdf"), b"edited by hand").unwrap();
        dir
    }

    #[test]
    fn a_prechecked_file_is_lent_and_an_edited_one_never() {
        let good = Hashes::of(b"good bytes");
        for check in [true, false] {
            let dir = folder(check);
            for stop in [false, true] {
                let old = OldBundle::open(dir.path()).unwrap();
                // Stopped at once, nothing is checked ahead and `lend` checks each file itself.
                old.precheck(&std::sync::atomic::AtomicBool::new(stop));
                let checked = |p: &str| old.entries[p].checked.get().is_some();
                assert_eq!(checked("good.pdf"), !stop);
                assert!(!checked("bad.pdf"));
                for keep in [false, true] {
                    let lent = old.lend("good.pdf", "i", keep).expect("intact");
                    assert_eq!(lent.bytes.is_some(), keep);
                    // Both hashes, the check value computed when the manifest had none.
                    assert_eq!(lent.hashes, good);
                    assert!(old.lend("bad.pdf", "i", keep).is_none(), "edited");
                    assert!(
                        old.lend("good.pdf", "other inputs", keep).is_none(),
                        "stale"
                    );
                }
            }
        }
    }

    /// The manifest edited: a wrong check value with the right SHA-256, or a wrong SHA-256
    /// with the right check value. Neither file is lent (the second would carry a wrong
    /// SHA-256 into the new manifest).
    #[test]
    fn a_file_is_not_lent_when_its_manifest_entry_was_edited() {
        let edits: [(&str, String); 2] = [
            ("check", Hashes::of(b"other bytes").check.unwrap()),
            ("sha256", super::super::hash(b"other bytes")),
        ];
        for (field, value) in edits {
            let dir = folder(true);
            let text = std::fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
            let mut m: serde_json::Value = serde_json::from_str(&text).unwrap();
            m["files"][0][field] = value.into();
            std::fs::write(dir.path().join(MANIFEST), m.to_string()).unwrap();
            let old = OldBundle::open(dir.path()).unwrap();
            old.precheck(&std::sync::atomic::AtomicBool::new(false));
            for keep in [false, true] {
                assert!(old.lend("good.pdf", "i", keep).is_none(), "{field}");
            }
        }
    }
}
