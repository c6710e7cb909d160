//! What several test files do the same way: run the binary, read a bundle folder back.
// Each test file uses its own part of this.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// The sample consortium file.
pub const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/sample-consortium.yaml"
);

/// Run the built binary without colour.
pub fn formpack(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_formpack"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

/// Every file under `dir`: relative path (forward slashes) → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}
