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

/// [`pair`] of each of `files`, in parallel, hashing once the run of bytes that all of them
/// begin with (the signing packets: every one opens with the consortium agreement, a quarter
/// of a megabyte at 60 members). Comparing that run costs a fraction of hashing it.
pub fn pairs_sharing_prefix(files: &[&[u8]]) -> Vec<(String, String)> {
    use rayon::prelude::*;
    let Some(first) = files.first() else {
        return Vec::new();
    };
    let shared = files[1..]
        .iter()
        .map(|f| common_prefix(first, f))
        .min()
        .unwrap_or(0);
    let mut start = Pair::new();
    start.update(&first[..shared]);
    files
        .par_iter()
        .map(|f| {
            let mut p = start.clone();
            p.update(&f[shared..]);
            p.finish()
        })
        .collect()
}

/// How many leading bytes `a` and `b` share, compared in blocks (a block compare is a memcmp).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 4096;
    let n = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= n && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + a[at..n]
        .iter()
        .zip(&b[at..n])
        .take_while(|(x, y)| x == y)
        .count()
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
        // Longer than a piece, sharing 200,001 bytes (not a block or piece boundary).
        let base: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut other = base.clone();
        other[200_001] ^= 1;
        let short = base[..1000].to_vec();
        for files in [
            vec![&base[..], &other[..], &base[..]],
            vec![&base[..], &short[..]],
            vec![&base[..]],
            vec![&b""[..], &base[..]],
        ] {
            let got = pairs_sharing_prefix(&files);
            let want: Vec<_> = files.iter().map(|f| plain(f)).collect();
            assert_eq!(got, want);
            for f in &files {
                assert_eq!(pair(f), plain(f));
            }
        }
        assert_eq!(common_prefix(&base, &other), 200_001);
        assert_eq!(common_prefix(&base, &short), 1000);
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
