//! Hashes in hex: SHA-256 for the input's identity in the manifest, every file's hash and
//! document fingerprints; a BLAKE3 check value beside each file's SHA-256, for an incremental
//! build's checks (see [`crate::bundle::reuse`]). One place, so every layer hashes the same
//! way.

use sha2::{Digest, Sha256};

/// SHA-256 of `bytes`, as 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A file's check value: BLAKE3 (in key-derivation mode, so it is no plain BLAKE3 of anything
/// else) over the file's SHA-256 in hex, then its bytes, as 64 lower-case hex digits. It binds
/// the two: a manifest whose SHA-256 was edited no longer vouches for the file.
pub fn file_check(sha256_hex: &str, bytes: &[u8]) -> String {
    let mut h = file_check_hasher(sha256_hex);
    h.update(bytes);
    h.finalize().to_hex().to_string()
}

/// [`file_check`] for bytes that arrive in pieces: feed them, then finalise.
pub fn file_check_hasher(sha256_hex: &str) -> blake3::Hasher {
    let mut h = blake3::Hasher::new_derive_key("formpack bundle file check, version 1");
    h.update(sha256_hex.as_bytes());
    h
}

/// Bytes (a finished digest) as lower-case hex digits.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
