//! Where formpack reads files from: the inputs, seal images, template overrides and fonts all
//! come through a [`World`], in the spirit of typst's `World`. The command line reads the disk
//! ([`Disk`]); a server holding an upload in memory uses [`Memory`], so no name a user typed
//! ever reaches the file system.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// A source of files. Paths are as the user gave them (relative paths are relative to
/// wherever the world is rooted: the working directory for [`Disk`]).
pub trait World: Sync {
    /// The whole content of a file.
    fn read(&self, path: &Path) -> io::Result<Arc<Vec<u8>>>;

    /// The files directly inside a folder (not its sub-folders), sorted by path.
    fn list(&self, dir: &Path) -> io::Result<Vec<PathBuf>>;

    /// A file's size in bytes, known without reading it (so an oversized input is refused
    /// before it is read).
    fn size(&self, path: &Path) -> io::Result<u64>;
}

/// The local file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl World for Disk {
    fn read(&self, path: &Path) -> io::Result<Arc<Vec<u8>>> {
        std::fs::read(path).map(Arc::new)
    }

    fn size(&self, path: &Path) -> io::Result<u64> {
        std::fs::metadata(path).map(|m| m.len())
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let mut out: Vec<PathBuf> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .collect();
        out.sort();
        Ok(out)
    }
}

/// Files held in memory, by path. Paths are normalised (`a/./b` is `a/b`); a path that climbs
/// out (`..`) or is absolute never matches, so a seal named `../../etc/passwd` in an uploaded
/// file is simply not found.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    files: BTreeMap<PathBuf, Arc<Vec<u8>>>,
}

impl Memory {
    /// An empty world.
    pub fn new() -> Memory {
        Memory::default()
    }

    /// Add (or replace) a file. Returns `false` and adds nothing for a path that is absolute
    /// or climbs out with `..`.
    pub fn insert(&mut self, path: impl AsRef<Path>, bytes: impl Into<Arc<Vec<u8>>>) -> bool {
        match normalise(path.as_ref()) {
            Some(p) => {
                self.files.insert(p, bytes.into());
                true
            }
            None => false,
        }
    }
}

impl World for Memory {
    fn read(&self, path: &Path) -> io::Result<Arc<Vec<u8>>> {
        normalise(path)
            .and_then(|p| self.files.get(&p).cloned())
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "파일이 없습니다"))
    }

    fn size(&self, path: &Path) -> io::Result<u64> {
        self.read(path).map(|b| b.len() as u64)
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let dir = normalise(dir)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "폴더가 없습니다"))?;
        let out: Vec<PathBuf> = self
            .files
            .keys()
            .filter(|p| p.parent() == Some(dir.as_path()))
            .cloned()
            .collect();
        if out.is_empty() {
            return Err(io::Error::new(io::ErrorKind::NotFound, "폴더가 없습니다"));
        }
        Ok(out)
    }
}

/// `a/./b` → `a/b`; `None` for an absolute path or one with `..`.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_reads_what_was_put_and_nothing_outside() {
        let mut w = Memory::new();
        assert!(w.insert("in/seal.png", vec![1, 2, 3]));
        assert!(!w.insert("../x", vec![0]));
        assert!(!w.insert("/etc/passwd", vec![0]));
        assert_eq!(*w.read(Path::new("in/./seal.png")).unwrap(), vec![1, 2, 3]);
        assert!(w.read(Path::new("in/../in/seal.png")).is_err());
        assert!(w.read(Path::new("/in/seal.png")).is_err());
        assert_eq!(
            w.list(Path::new("in")).unwrap(),
            vec![PathBuf::from("in/seal.png")]
        );
        assert!(w.list(Path::new("out")).is_err());
    }

    #[test]
    fn disk_lists_files_sorted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.hbs"), "b").unwrap();
        std::fs::write(dir.path().join("a.hbs"), "a").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let names: Vec<_> = Disk
            .list(dir.path())
            .unwrap()
            .into_iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.hbs", "b.hbs"]);
        assert_eq!(*Disk.read(&dir.path().join("a.hbs")).unwrap(), b"a");
    }
}
