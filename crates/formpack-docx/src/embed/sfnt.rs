//! A TrueType subset Word and LibreOffice can install: `subsetter` keeps the glyphs (and
//! their components) and renumbers them; it leaves out `cmap` and `OS/2`, which a PDF does
//! not need but an installed font does, so a `cmap` for the kept characters and the
//! original `OS/2` (line metrics, embedding rights) are added and the font is reassembled.

use std::collections::BTreeSet;

/// `font` cut down to the glyphs of `chars` (the ones it has), or `None` when it cannot be
/// parsed or has none of them.
pub(crate) fn subset(font: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let face = ttf_parser::Face::parse(font, 0).ok()?;
    let mut remapper = subsetter::GlyphRemapper::new();
    let mapped: Vec<(u16, u16)> = chars
        .iter()
        .filter_map(|&c| {
            let code = u16::try_from(u32::from(c)).ok().filter(|&u| u != 0xFFFF)?;
            let gid = face.glyph_index(c)?.0;
            Some((code, remapper.remap(gid)))
        })
        .collect();
    if mapped.is_empty() {
        return None;
    }
    let os2 = face
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"OS/2"))?;
    let cut = subsetter::subset(font, 0, &remapper).ok()?;
    let mut tables: Vec<([u8; 4], Vec<u8>)> = tables(&cut)?
        .into_iter()
        .map(|(tag, data)| (tag, data.to_vec()))
        .collect();
    tables.push((*b"cmap", cmap(&mapped)?));
    tables.push((*b"OS/2", os2.to_vec()));
    Some(assemble(tables))
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// The tables of an sfnt, by tag.
fn tables(font: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    (0..usize::from(be16(font, 4)?))
        .map(|i| {
            let at = 12 + 16 * i;
            let tag: [u8; 4] = font.get(at..at + 4)?.try_into().ok()?;
            let (offset, len) = (be32(font, at + 8)? as usize, be32(font, at + 12)? as usize);
            Some((tag, font.get(offset..offset.checked_add(len)?)?))
        })
        .collect()
}

/// A format 4 `cmap` (Windows, Unicode BMP) of `(character, glyph)` pairs sorted by
/// character: one segment per run of consecutive characters on consecutive glyphs (`None`
/// past the format's 8,189 segments).
fn cmap(pairs: &[(u16, u16)]) -> Option<Vec<u8>> {
    let mut segs: Vec<(u16, u16, u16)> = Vec::new(); // start, end, delta
    for &(c, g) in pairs {
        let delta = g.wrapping_sub(c);
        match segs.last_mut() {
            Some(s) if s.1.checked_add(1) == Some(c) && s.2 == delta => s.1 = c,
            _ => segs.push((c, c, delta)),
        }
    }
    segs.push((0xFFFF, 0xFFFF, 1));
    let len = u16::try_from(16 + 8 * segs.len()).ok()?;
    let n = segs.len() as u16;
    let power = 1u16 << (15 - n.leading_zeros()); // largest power of two ≤ n
    let mut sub: Vec<u16> = vec![4, len, 0, 2 * n, 2 * power];
    sub.extend([power.trailing_zeros() as u16, 2 * n - 2 * power]);
    sub.extend(segs.iter().map(|s| s.1));
    sub.push(0);
    sub.extend(segs.iter().map(|s| s.0));
    sub.extend(segs.iter().map(|s| s.2));
    sub.extend(segs.iter().map(|_| 0));
    let mut out = vec![0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12];
    out.extend(sub.iter().flat_map(|v| v.to_be_bytes()));
    Some(out)
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// An sfnt of `tables`: sorted by tag, each padded to four bytes, with their checksums and
/// `head`'s whole-font checksum adjustment.
fn assemble(mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    tables.sort_by_key(|t| t.0);
    for (tag, data) in &mut tables {
        if tag == b"head" && data.len() >= 12 {
            data[8..12].fill(0);
        }
    }
    let n = tables.len() as u16;
    let power = 1u16 << (15 - n.leading_zeros());
    let mut out: Vec<u8> = Vec::new();
    for v in [
        1u16,
        0,
        n,
        16 * power,
        power.trailing_zeros() as u16,
        16 * (n - power),
    ] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in &tables {
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    let mut head_at = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at.filter(|&at| out.len() >= at + 12) {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_merges_runs_and_ends_with_the_sentinel() {
        let table = cmap(&[(0x41, 1), (0x42, 2), (0xAC00, 3)]).unwrap();
        // header 12 bytes, then format 4 with three segments
        assert_eq!(be16(&table, 12), Some(4));
        assert_eq!(be16(&table, 12 + 6), Some(6)); // segCountX2
        let sub = ttf_parser::cmap::Subtable4::parse(&table[12..]).unwrap();
        assert_eq!(sub.glyph_index(0x41).map(|g| g.0), Some(1));
        assert_eq!(sub.glyph_index(0x42).map(|g| g.0), Some(2));
        assert_eq!(sub.glyph_index(0xAC00).map(|g| g.0), Some(3));
        assert_eq!(sub.glyph_index(0x43), None);
    }

    #[test]
    fn checksum_pads_the_last_word() {
        assert_eq!(checksum(&[0, 0, 0, 1, 2]), 1 + 0x0200_0000);
    }
}
