//! ECMA-376 Part 1 §17.8.1 font obfuscation: the first 32 bytes of the font XORed with the
//! 16 bytes of the font's key, a GUID read from its last hex pair to its first.

use sha2::{Digest, Sha256};

/// A GUID (`{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`) made from the font's own bytes, so the
/// same font subset always gets the same key and the package stays byte-identical.
pub(crate) fn font_key(font: &[u8]) -> String {
    let hash = Sha256::digest(font);
    let hex: String = hash[..16].iter().map(|b| format!("{b:02X}")).collect();
    format!(
        "{{{}-{}-{}-{}-{}}}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The 16 key bytes of a GUID string: its hex pairs, last pair first.
pub(crate) fn key_bytes(key: &str) -> [u8; 16] {
    let digits: Vec<u8> = key
        .chars()
        .filter_map(|c| c.to_digit(16))
        .map(|d| d as u8)
        .collect();
    let mut out = [0u8; 16];
    for (i, pair) in digits.chunks(2).take(16).enumerate() {
        out[15 - i] = pair[0] << 4 | pair.get(1).copied().unwrap_or(0);
    }
    out
}

/// The font with its first 32 bytes XORed with the key (its own inverse).
pub(crate) fn obfuscate(font: &[u8], key: &str) -> Vec<u8> {
    let key = key_bytes(key);
    let mut out = font.to_vec();
    for (i, b) in out.iter_mut().take(32).enumerate() {
        *b ^= key[i % 16];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_bytes_run_from_the_last_hex_pair() {
        let key = "{00112233-4455-6677-8899-AABBCCDDEEFF}";
        let bytes = key_bytes(key);
        assert_eq!(bytes[0], 0xFF);
        assert_eq!(bytes[15], 0x00);
        assert_eq!(bytes[7], 0x88);
    }

    #[test]
    fn obfuscation_touches_32_bytes_and_undoes_itself() {
        let font: Vec<u8> = (0..64).collect();
        let key = font_key(&font);
        assert_eq!(key.len(), 38);
        let hidden = obfuscate(&font, &key);
        assert_ne!(hidden[..32], font[..32]);
        assert_eq!(hidden[32..], font[32..]);
        assert_eq!(obfuscate(&hidden, &key), font);
    }
}
