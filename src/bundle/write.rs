//! Writing a bundle so that a failed or interrupted run never leaves a half-written one:
//! everything goes into a temporary folder beside the target, which then replaces it.
//!
//! Replacing is two renames (old → `.<name>.old-<pid>`, new → target) followed by deleting
//! the old folder; if the process dies between the two renames the previous bundle is still
//! complete under its `.old` name. A target that exists, is not empty and has no
//! `manifest.json` is refused, so `-o` can never wipe a folder that formpack did not make.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::MANIFEST;

/// What can be written as a file: a slice, or [`Bytes`](super::Bytes) (piece by piece).
pub trait Contents: Sync {
    /// Write all of it to `file`.
    fn write_into(&self, file: &mut fs::File) -> io::Result<()>;
}

impl Contents for [u8] {
    fn write_into(&self, file: &mut fs::File) -> io::Result<()> {
        io::Write::write_all(file, self)
    }
}

impl Contents for super::Bytes {
    fn write_into(&self, file: &mut fs::File) -> io::Result<()> {
        self.write_to(file)
    }
}

/// Write `files` (relative paths with `/`) as the folder `target`, atomically.
pub fn write_atomic<'a, I, B>(target: &Path, files: I) -> io::Result<()>
where
    I: IntoIterator<Item = io::Result<(&'a str, &'a B)>>,
    B: Contents + ?Sized + 'a,
{
    write_atomic_reusing(target, files, &|_| false, &[])
}

/// [`write_atomic`], where a file for which `unchanged` holds is already in `target` with
/// these bytes (an incremental build checked its hash): it is hard-linked into the new folder
/// instead of written again, and written when linking fails (a file system without links).
/// The files `in_place` are in `target` too (hash checked) but not in memory: linked, or
/// copied when linking fails.
pub fn write_atomic_reusing<'a, I, B>(
    target: &Path,
    files: I,
    unchanged: &(dyn Fn(&str) -> bool + Sync),
    in_place: &[&str],
) -> io::Result<()>
where
    I: IntoIterator<Item = io::Result<(&'a str, &'a B)>>,
    B: Contents + ?Sized + 'a,
{
    refuse_foreign(target)?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "출력 폴더 이름이 없습니다"))?
        .to_string_lossy()
        .into_owned();
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = fs::remove_dir_all(&tmp);
    let result = (|| -> io::Result<()> {
        fs::create_dir(&tmp)?;
        let mut planned = Vec::new();
        let mut dirs = std::collections::BTreeSet::new();
        for f in files {
            let (rel, bytes) = f?;
            let path = safe_join(&tmp, rel)?;
            if let Some(dir) = path.parent() {
                dirs.insert(dir.to_path_buf());
            }
            let old = unchanged(rel).then(|| safe_join(target, rel)).transpose()?;
            planned.push((path, Source::Bytes(bytes, old)));
        }
        for rel in in_place {
            let path = safe_join(&tmp, rel)?;
            if let Some(dir) = path.parent() {
                dirs.insert(dir.to_path_buf());
            }
            planned.push((path, Source::Old(safe_join(target, rel)?)));
        }
        for dir in dirs {
            fs::create_dir_all(dir)?;
        }
        // Hundreds of files on a 2-core machine: writing them in parallel halves the time.
        planned
            .par_iter()
            .try_for_each(|(path, source)| match source {
                Source::Bytes(_, Some(old)) | Source::Old(old)
                    if fs::hard_link(old, path).is_ok() =>
                {
                    Ok(())
                }
                Source::Bytes(bytes, _) => bytes.write_into(&mut fs::File::create(path)?),
                Source::Old(old) => fs::copy(old, path).map(drop),
            })
    })();
    crate::timing::mark("write: files");
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if target.exists() {
        fs::rename(target, &old)?;
        if let Err(e) = fs::rename(&tmp, target) {
            let _ = fs::rename(&old, target);
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
        crate::timing::mark("write: renamed");
        let _ = fs::remove_dir_all(&old);
    } else {
        fs::rename(&tmp, target)?;
    }
    Ok(())
}

/// Where a file of the new folder comes from: bytes in memory (and the same file in the old
/// folder, when it is unchanged), or only the old folder.
enum Source<'a, B: ?Sized> {
    Bytes(&'a B, Option<PathBuf>),
    Old(PathBuf),
}

/// `target` already holds exactly `built`: every file was taken from it intact (hash-checked
/// when taken), its `manifest.json` has the same bytes, and it holds no other file.
pub fn already_written(target: &Path, built: &super::Built) -> bool {
    if built.reused.len() + 1 != built.files.len() + built.in_place.len() {
        return false;
    }
    let Some((_, manifest)) = built.files.iter().find(|(p, _)| p == super::MANIFEST) else {
        return false;
    };
    if fs::read(target.join(super::MANIFEST)).ok().as_deref() != manifest.as_whole() {
        return false;
    }
    let mut on_disk = std::collections::BTreeSet::new();
    if list(target, "", &mut on_disk).is_err() {
        return false;
    }
    let expected: std::collections::BTreeSet<String> = built
        .files
        .iter()
        .map(|(p, _)| p.clone())
        .chain(built.in_place.iter().cloned())
        .collect();
    on_disk == expected
}

/// Every file under `dir`, as relative paths with forward slashes.
fn list(dir: &Path, prefix: &str, out: &mut std::collections::BTreeSet<String>) -> io::Result<()> {
    for e in fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        if e.file_type()?.is_dir() {
            list(&e.path(), &format!("{rel}/"), out)?;
        } else {
            out.insert(rel);
        }
    }
    Ok(())
}

fn refuse_foreign(target: &Path) -> io::Result<()> {
    if !target.exists() {
        return Ok(());
    }
    if !target.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{}은(는) 폴더가 아닙니다", target.display()),
        ));
    }
    let empty = fs::read_dir(target)?.next().is_none();
    if empty || target.join(MANIFEST).is_file() {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{}에 formpack이 만들지 않은 파일이 있어 덮어쓰지 않습니다 (manifest.json 없음). 빈 폴더나 새 폴더를 지정하십시오",
                target.display()
            ),
        ))
    }
}

/// Join a relative path made of plain components only (no `..`, no root, no prefix).
fn safe_join(base: &Path, rel: &str) -> io::Result<PathBuf> {
    let mut p = base.to_path_buf();
    for part in rel.split('/') {
        if part.is_empty() || part == "." || part == ".." || part.contains(['\\', ':', '\0']) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("안전하지 않은 파일 경로: {rel}"),
            ));
        }
        p.push(part);
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files<'a>(
        v: &'a [(&'a str, &'a [u8])],
    ) -> impl Iterator<Item = io::Result<(&'a str, &'a [u8])>> {
        v.iter().map(|(a, b)| Ok((*a, &b[..])))
    }

    #[test]
    fn failure_midway_keeps_previous_bundle() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        write_atomic(
            &target,
            files(&[("manifest.json", b"{}"), ("a.txt", b"first")]),
        )
        .unwrap();
        // Second run fails after writing one file.
        let second = vec![
            Ok(("manifest.json", &b"{2}"[..])),
            Err(io::Error::other("disk full")),
            Ok(("a.txt", &b"second"[..])),
        ];
        assert!(write_atomic(&target, second).is_err());
        assert_eq!(fs::read(target.join("a.txt")).unwrap(), b"first");
        assert_eq!(fs::read(target.join("manifest.json")).unwrap(), b"{}");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("out")]);
        // A third, good run replaces it.
        write_atomic(
            &target,
            files(&[("manifest.json", b"{3}"), ("b/c.txt", b"third")]),
        )
        .unwrap();
        assert!(!target.join("a.txt").exists());
        assert_eq!(fs::read(target.join("b/c.txt")).unwrap(), b"third");
    }

    #[test]
    fn refuses_foreign_folder_and_unsafe_paths() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("precious.txt"), b"x").unwrap();
        let err = write_atomic(dir.path(), files(&[("manifest.json", b"{}")])).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert!(dir.path().join("precious.txt").exists());
        let target = dir.path().join("out");
        assert!(write_atomic(&target, files(&[("../x", b"{}")])).is_err());
        assert!(!dir.path().join("x").exists());
        assert!(!target.exists());
    }
}
