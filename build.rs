//! Gives the binary an identity of everything it is built from (`FORMPACK_SOURCE_HASH`): the
//! Rust sources of every crate (each crate's `src`, `build.rs` and `Cargo.toml`, not its tests,
//! benches or fixtures; the vendored krilla too), the templates, the embedded profiles and
//! fonts, `Cargo.toml` and `Cargo.lock`. An incremental build reuses a file from an old bundle only when the old
//! bundle was made by a binary with the same identity, so a changed renderer never leaves a
//! stale file behind — even between two builds that carry the same version number.

use std::fs;
use std::path::{Path, PathBuf};

const INPUTS: [&str; 7] = [
    "src",
    "vendor",
    "templates",
    "programs",
    "assets/fonts",
    "Cargo.toml",
    "Cargo.lock",
];

/// What of each crate under `crates/` goes into the binary. A crate's tests are not watched, so
/// editing one does not rebuild this crate.
const CRATE_PARTS: [&str; 3] = ["src", "build.rs", "Cargo.toml"];

/// The watched parts of every crate under `crates/`, sorted. A new crate also changes
/// `Cargo.toml` (its dependency), which is watched.
fn crate_inputs() -> Vec<PathBuf> {
    let mut crates: Vec<PathBuf> = fs::read_dir("crates")
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    crates.sort();
    crates
        .iter()
        .filter(|c| c.is_dir())
        .flat_map(|c| CRATE_PARTS.map(|p| c.join(p)))
        .filter(|p| p.exists())
        .collect()
}

fn files(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = fs::read_dir(p)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            // Build output of the member crates and their tests' fixtures are not sources.
            let name = e.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == "target" || name.starts_with('.') {
                continue;
            }
            files(&e, out);
        }
    } else if p.is_file() {
        out.push(p.to_path_buf());
    }
}

/// FNV-1a, 64 bits: stable, and enough to tell two source trees apart.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= u64::from(*b);
        *hash = hash.wrapping_mul(0x100_0000_01b3);
    }
}

fn main() {
    let mut all = Vec::new();
    let watched = INPUTS.iter().map(PathBuf::from).chain(crate_inputs());
    for i in watched {
        println!("cargo:rerun-if-changed={}", i.display());
        files(&i, &mut all);
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in &all {
        fnv(&mut h, f.to_string_lossy().as_bytes());
        fnv(&mut h, &[0]);
        fnv(&mut h, &fs::read(f).unwrap_or_default());
        fnv(&mut h, &[0]);
    }
    println!("cargo:rustc-env=FORMPACK_SOURCE_HASH={h:016x}");
}
