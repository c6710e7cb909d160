//! Writing a file atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

/// What [`write_atomic`] does when the path already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Replace the file (`convert`: regenerating a target is the normal workflow).
    Replace,
    /// Leave it and fail with [`std::io::ErrorKind::AlreadyExists`] (`init`: an existing file
    /// is probably one someone filled in).
    Refuse,
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder, synced, then
/// renamed over `path` ([`Overwrite::Replace`]) or hard-linked to it, which fails if `path`
/// exists ([`Overwrite::Refuse`]). On failure the temporary file is removed and `path` is as
/// it was.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: Overwrite) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.formpack-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if overwrite == Overwrite::Replace {
            std::fs::rename(&tmp, path)
        } else {
            match std::fs::hard_link(&tmp, path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(e),
                // A file system without hard links: check, then rename (a small race).
                Err(_) if !path.exists() => std::fs::rename(&tmp, path)?,
                Err(e) => return Err(e),
            }
            let _ = std::fs::remove_file(&tmp);
            Ok(())
        }
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
