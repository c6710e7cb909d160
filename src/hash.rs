//! Hashes in hex: SHA-256 for the input's identity in the manifest, every file's hash and
//! document fingerprints; a BLAKE3 check value beside each file's SHA-256, for an incremental
//! build's checks (see [`crate::bundle::reuse`]). One place, so every layer hashes the same
//! way.

use sha2::{Digest, Sha256};

/// SHA-256 of `bytes`, as 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A file's check value: BLAKE3 (in key-derivation mode, so it is no plain BLAKE3 of anything
/// else) over the file's bytes, then its SHA-256 in hex (always 64 digits, so the two cannot
/// run together), as 64 lower-case hex digits. It binds the two: a manifest whose SHA-256 was
/// edited no longer vouches for the file. The bytes come first so that both hashes are taken
/// in one pass over them, and files that begin alike share the work (see [`Pair`]).
pub fn file_check(sha256_hex: &str, bytes: &[u8]) -> String {
    let mut h = file_check_hasher();
    h.update(bytes);
    finish_check(h, sha256_hex)
}

/// [`file_check`] for bytes that arrive in pieces: feed them, then [`finish_check`].
pub fn file_check_hasher() -> blake3::Hasher {
    blake3::Hasher::new_derive_key("formpack bundle file check, version 2")
}

/// The check value of the bytes fed to `h`, under the file's SHA-256 (hex).
pub fn finish_check(mut h: blake3::Hasher, sha256_hex: &str) -> String {
    h.update(sha256_hex.as_bytes());
    h.finalize().to_hex().to_string()
}

/// A file's SHA-256 and check value taken together, a piece at a time: each piece is read
/// from memory once for both (a large file no longer goes through the cache twice), and the
/// state after a run of bytes can be cloned for files that begin with the same run.
#[derive(Clone)]
pub struct Pair {
    sha: Sha256,
    check: blake3::Hasher,
}

/// How much of a file each hash takes at a time in [`Pair::update`]: small enough to stay
/// in the cache between the two.
const PIECE: usize = 64 * 1024;

impl Pair {
    /// Nothing hashed yet.
    pub fn new() -> Pair {
        Pair {
            sha: Sha256::new(),
            check: file_check_hasher(),
        }
    }

    /// Feed bytes to both hashes.
    pub fn update(&mut self, bytes: &[u8]) {
        for piece in bytes.chunks(PIECE) {
            self.sha.update(piece);
            self.check.update(piece);
        }
    }

    /// The SHA-256 (hex) and the check value of everything fed.
    pub fn finish(self) -> (String, String) {
        let sha256 = hex(&self.sha.finalize());
        let check = finish_check(self.check, &sha256);
        (sha256, check)
    }
}

impl Default for Pair {
    fn default() -> Pair {
        Pair::new()
    }
}

/// Both hashes of `bytes` in one pass: (SHA-256, check value).
pub fn pair(bytes: &[u8]) -> (String, String) {
    let mut p = Pair::new();
    p.update(bytes);
    p.finish()
}

/// [`pair`] of each of `files`, each given as consecutive slices, in parallel, hashing once
/// the slices that all of them begin with (the signing packets: every one opens with the
/// consortium agreement's entries, a quarter of a megabyte at 60 members). A slice is shared
/// when it is the same memory or the same bytes.
pub fn pairs_sharing_prefix(files: &[Vec<&[u8]>]) -> Vec<(String, String)> {
    use rayon::prelude::*;
    let Some(first) = files.first() else {
        return Vec::new();
    };
    let same = |a: &&[u8], b: &&[u8]| a.len() == b.len() && (a.as_ptr() == b.as_ptr() || a == b);
    let shared = files[1..]
        .iter()
        .map(|f| first.iter().zip(f).take_while(|(a, b)| same(a, b)).count())
        .min()
        .unwrap_or(first.len());
    let mut start = Pair::new();
    first[..shared].iter().for_each(|s| start.update(s));
    files
        .par_iter()
        .map(|f| {
            let mut p = start.clone();
            f[shared..].iter().for_each(|s| p.update(s));
            p.finish()
        })
        .collect()
}

/// Bytes (a finished digest) as lower-case hex digits.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// A SHA-256 in hex ([`hex`]'s output) as its 32 bytes; `None` unless it is 64 hex digits.
pub fn digest_from_hex(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (o, pair) in out.iter_mut().zip(hex.as_bytes().chunks(2)) {
        *o = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_and_shared_prefixes_give_the_plain_hashes() {
        let plain = |b: &[u8]| {
            let sha = hex(&Sha256::digest(b));
            let check = file_check(&sha, b);
            (sha, check)
        };
        // Longer than a piece (64 KB), in slices of 200,001 and 99,999 bytes.
        let base: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let (head, tail) = base.split_at(200_001);
        let mut other_tail = tail.to_vec();
        other_tail[5] ^= 1;
        let copy_of_head = head.to_vec();
        let join = |s: &[&[u8]]| s.concat();
        for files in [
            // The same head (the same memory, and a copy), different tails.
            vec![
                vec![head, tail],
                vec![head, &other_tail[..]],
                vec![&copy_of_head[..], tail],
            ],
            // One file the other's first slice only, one that shares nothing.
            vec![vec![head, tail], vec![head]],
            vec![vec![head, tail], vec![tail, head]],
            vec![vec![head, tail]],
            vec![vec![&b""[..]], vec![head, tail]],
        ] {
            let got = pairs_sharing_prefix(&files);
            let want: Vec<_> = files.iter().map(|f| plain(&join(f))).collect();
            assert_eq!(got, want);
            for f in &files {
                assert_eq!(pair(&join(f)), plain(&join(f)));
            }
        }
        // The check value binds the SHA-256: another one gives another check value.
        let (sha, check) = pair(&base);
        assert_ne!(file_check(&sha256_hex(b"x"), &base), check);
        assert_eq!(sha, sha256_hex(&base));
        // The digest back from its hex.
        let digest: [u8; 32] = Sha256::digest(&base).into();
        assert_eq!(digest_from_hex(&sha), Some(digest));
        assert_eq!(digest_from_hex(&sha[..62]), None);
        assert_eq!(digest_from_hex(&format!("{}zz", &sha[..62])), None);
    }
}
