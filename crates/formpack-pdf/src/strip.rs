//! Slimming TrueType fonts before they are embedded.
//!
//! The Nanum fonts carry TrueType hinting: bytecode in every glyph (about half of
//! NanumMyeongjo's glyph data) plus `fpgm`/`prep`/`cvt`. PDF viewers do not need it, and
//! krilla's subsetter copies it into every embedded subset. This module rewrites a font
//! once, at load: glyph instructions removed, hinting and editor tables dropped, `post`
//! reduced to format 3 (no glyph names; the PDF has ToUnicode maps) and `name` reduced to
//! the identifying records. Outlines and metrics are unchanged.

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

/// Tables dropped from the font.
fn dropped(tag: &[u8; 4]) -> bool {
    matches!(
        tag,
        b"cvt " | b"fpgm" | b"prep" | b"hdmx" | b"LTSH" | b"VDMX" | b"gasp" | b"DSIG" | b"FFTM"
    ) || tag.starts_with(b"TSI")
}

/// One glyph without its instructions.
fn strip_glyph(g: &[u8], out: &mut Vec<u8>) -> Option<()> {
    if g.is_empty() {
        return Some(());
    }
    let contours = u16_at(g, 0)? as i16;
    if contours >= 0 {
        let n = contours as usize;
        let len_at = 10 + 2 * n;
        let ilen = usize::from(u16_at(g, len_at)?);
        let rest = g.get(len_at + 2 + ilen..)?;
        out.extend_from_slice(g.get(..len_at)?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(rest);
    } else {
        const WORDS: u16 = 0x0001;
        const SCALE: u16 = 0x0008;
        const MORE: u16 = 0x0020;
        const XY_SCALE: u16 = 0x0040;
        const TWO_BY_TWO: u16 = 0x0080;
        const INSTRUCTIONS: u16 = 0x0100;
        let start = out.len();
        out.extend_from_slice(g.get(..10)?);
        let mut at = 10;
        loop {
            let flags = u16_at(g, at)?;
            let mut size = 4 + if flags & WORDS != 0 { 4 } else { 2 };
            if flags & SCALE != 0 {
                size += 2;
            } else if flags & XY_SCALE != 0 {
                size += 4;
            } else if flags & TWO_BY_TWO != 0 {
                size += 8;
            }
            let comp = g.get(at..at + size)?;
            let pos = out.len();
            out.extend_from_slice(comp);
            let cleared = flags & !INSTRUCTIONS;
            out[pos..pos + 2].copy_from_slice(&cleared.to_be_bytes());
            at += size;
            if flags & MORE == 0 {
                break;
            }
        }
        debug_assert!(out.len() > start);
    }
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
    Some(())
}

/// `name` with only records 0–6 (copyright, family, style, unique id, full name, version,
/// PostScript name).
fn slim_name(name: &[u8]) -> Option<Vec<u8>> {
    if u16_at(name, 0)? != 0 {
        return Some(name.to_vec());
    }
    let count = usize::from(u16_at(name, 2)?);
    let storage = usize::from(u16_at(name, 4)?);
    let mut records = Vec::new();
    let mut strings = Vec::new();
    for i in 0..count {
        let r = 6 + 12 * i;
        let id = u16_at(name, r + 6)?;
        if id > 6 {
            continue;
        }
        let len = usize::from(u16_at(name, r + 8)?);
        let off = usize::from(u16_at(name, r + 10)?);
        let s = name.get(storage + off..storage + off + len)?;
        let new_off = u16::try_from(strings.len()).ok()?;
        strings.extend_from_slice(s);
        records.extend_from_slice(name.get(r..r + 8)?);
        records.extend_from_slice(&(len as u16).to_be_bytes());
        records.extend_from_slice(&new_off.to_be_bytes());
    }
    let n = records.len() / 12;
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&(n as u16).to_be_bytes());
    out.extend_from_slice(&((6 + 12 * n) as u16).to_be_bytes());
    out.extend_from_slice(&records);
    out.extend_from_slice(&strings);
    Some(out)
}

fn checksum(d: &[u8]) -> u32 {
    d.chunks(4).fold(0u32, |s, c| {
        let mut b = [0u8; 4];
        b[..c.len()].copy_from_slice(c);
        s.wrapping_add(u32::from_be_bytes(b))
    })
}

/// The font without hinting, or `None` when it is not a plain TrueType font this code
/// understands (the caller then embeds it unchanged).
pub fn strip_hinting(data: &[u8]) -> Option<Vec<u8>> {
    let version = u32_at(data, 0)?;
    if version != 0x0001_0000 && version != u32::from_be_bytes(*b"true") {
        return None;
    }
    let n = usize::from(u16_at(data, 4)?);
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(n);
    for i in 0..n {
        let r = 12 + 16 * i;
        let tag: [u8; 4] = data.get(r..r + 4)?.try_into().ok()?;
        let off = u32_at(data, r + 8)? as usize;
        let len = u32_at(data, r + 12)? as usize;
        let body = data.get(off..off.checked_add(len)?)?;
        if !dropped(&tag) {
            tables.push((tag, body.to_vec()));
        }
    }
    let find =
        |tables: &[([u8; 4], Vec<u8>)], t: &[u8; 4]| tables.iter().position(|(tag, _)| tag == t);
    let (hi, mi, li, gi) = (
        find(&tables, b"head")?,
        find(&tables, b"maxp")?,
        find(&tables, b"loca")?,
        find(&tables, b"glyf")?,
    );
    let long = u16_at(&tables[hi].1, 50)? == 1;
    let glyphs = usize::from(u16_at(&tables[mi].1, 4)?);
    let loca = std::mem::take(&mut tables[li].1);
    let offset = |i: usize| -> Option<usize> {
        if long {
            u32_at(&loca, 4 * i).map(|v| v as usize)
        } else {
            u16_at(&loca, 2 * i).map(|v| usize::from(v) * 2)
        }
    };
    let glyf = std::mem::take(&mut tables[gi].1);
    let mut new_glyf = Vec::with_capacity(glyf.len() / 2);
    let mut new_loca = Vec::with_capacity(4 * (glyphs + 1));
    for i in 0..glyphs {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let (s, e) = (offset(i)?, offset(i + 1)?);
        let g = if e > s { glyf.get(s..e)? } else { &[] };
        strip_glyph(g, &mut new_glyf)?;
    }
    new_loca.extend_from_slice(&(u32::try_from(new_glyf.len()).ok()?).to_be_bytes());
    tables[gi].1 = new_glyf;
    tables[li].1 = new_loca;
    // head: long offsets, checksum adjustment recomputed below.
    tables[hi]
        .1
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    tables[hi].1.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    // maxp 1.0: no instructions, no twilight points, functions or storage.
    if u32_at(&tables[mi].1, 0)? == 0x0001_0000 {
        for at in [16usize, 18, 20, 22, 24, 26] {
            if let Some(b) = tables[mi].1.get_mut(at..at + 2) {
                b.copy_from_slice(&[0, 0]);
            }
        }
    }
    if let Some(pi) = find(&tables, b"post") {
        let p = &mut tables[pi].1;
        if p.len() >= 32 {
            p.truncate(32);
            p[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        }
    }
    if let Some(ni) = find(&tables, b"name") {
        tables[ni].1 = slim_name(&tables[ni].1)?;
    }
    tables.sort_by_key(|t| t.0);

    let n = tables.len();
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    let mut pow = 1usize;
    let mut log = 0u16;
    while pow * 2 <= n {
        pow *= 2;
        log += 1;
    }
    let search = (pow * 16) as u16;
    out.extend_from_slice(&(n as u16).to_be_bytes());
    out.extend_from_slice(&search.to_be_bytes());
    out.extend_from_slice(&log.to_be_bytes());
    out.extend_from_slice(&((n * 16) as u16 - search).to_be_bytes());
    let mut at = 12 + 16 * n;
    for (tag, body) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(body).to_be_bytes());
        out.extend_from_slice(&(at as u32).to_be_bytes());
        out.extend_from_slice(&(body.len() as u32).to_be_bytes());
        at += body.len().div_ceil(4) * 4;
    }
    let mut head_at = 0;
    for (tag, body) in &tables {
        if tag == b"head" {
            head_at = out.len();
        }
        out.extend_from_slice(body);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out.get_mut(head_at + 8..head_at + 12)?
        .copy_from_slice(&adjust.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use skrifa::instance::{LocationRef, Size};
    use skrifa::outline::{DrawSettings, OutlinePen};
    use skrifa::{FontRef, MetadataProvider};

    #[derive(Default)]
    struct Collect(Vec<(char, i32, i32)>);

    impl OutlinePen for Collect {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(('m', x as i32, y as i32));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(('l', x as i32, y as i32));
        }
        fn quad_to(&mut self, _: f32, _: f32, x: f32, y: f32) {
            self.0.push(('q', x as i32, y as i32));
        }
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, x: f32, y: f32) {
            self.0.push(('c', x as i32, y as i32));
        }
        fn close(&mut self) {
            self.0.push(('z', 0, 0));
        }
    }

    fn outline(font: &FontRef, ch: char) -> Vec<(char, i32, i32)> {
        let gid = font.charmap().map(ch).unwrap();
        let g = font.outline_glyphs().get(gid).unwrap();
        let mut pen = Collect::default();
        g.draw(
            DrawSettings::unhinted(Size::unscaled(), LocationRef::default()),
            &mut pen,
        )
        .unwrap();
        pen.0
    }

    #[test]
    fn stripping_keeps_outlines_and_metrics_and_shrinks_the_font() {
        let orig: &[u8] = include_bytes!("../../../assets/fonts/NanumMyeongjo.ttf");
        let slim = strip_hinting(orig).unwrap();
        assert!(
            slim.len() < orig.len() * 3 / 4,
            "{} -> {}",
            orig.len(),
            slim.len()
        );
        let (a, b) = (FontRef::new(orig).unwrap(), FontRef::new(&slim).unwrap());
        for ch in ['가', '힣', '한', 'A', '1', ',', '('] {
            assert_eq!(outline(&a, ch), outline(&b, ch), "{ch}");
            let gid = a.charmap().map(ch).unwrap();
            assert_eq!(b.charmap().map(ch), Some(gid));
            let m = |f: &FontRef| {
                f.glyph_metrics(Size::unscaled(), LocationRef::default())
                    .advance_width(gid)
            };
            assert_eq!(m(&a), m(&b));
        }
        // DejaVu has composite glyphs (accented letters).
        let dv: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
        let slim = strip_hinting(dv).unwrap();
        let (a, b) = (FontRef::new(dv).unwrap(), FontRef::new(&slim).unwrap());
        for ch in ['é', 'Å', '☐', '☑', 'ŵ'] {
            assert_eq!(outline(&a, ch), outline(&b, ch), "{ch}");
        }
    }

    #[test]
    fn garbage_is_refused_not_a_panic() {
        assert!(strip_hinting(b"").is_none());
        assert!(strip_hinting(b"OTTO\0\0\0\0").is_none());
        let mut bad = include_bytes!("../../../assets/fonts/DejaVuSans.ttf")[..2000].to_vec();
        bad[100] ^= 0xff;
        assert!(strip_hinting(&bad).is_none());
    }
}
