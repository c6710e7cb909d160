//! The five fonts of the documents as metrics: which glyph each character maps to, and its
//! advance width. Read from the font bytes with skrifa; no drawing library is involved.

use std::collections::HashMap;
use std::sync::Arc;

use formpack_doc::Face;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::error::{Error, ErrorKind};

/// The font files, in [`FontId`] order. Exporters and `--font-dir` use the same names.
pub const FILE_NAMES: [&str; 5] = [
    "NanumMyeongjo.ttf",
    "NanumMyeongjoBold.ttf",
    "NanumGothic.ttf",
    "NanumGothicBold.ttf",
    "DejaVuSans.ttf",
];

/// Which of the five fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontId {
    /// 나눔명조.
    Serif = 0,
    /// 나눔명조 Bold.
    SerifBold = 1,
    /// 나눔고딕.
    Sans = 2,
    /// 나눔고딕 Bold.
    SansBold = 3,
    /// DejaVu Sans: per-character fallback for glyphs the Nanum fonts lack (☐ ☑ …).
    Symbol = 4,
}

impl FontId {
    /// The font of a face and weight.
    pub fn of(face: Face, bold: bool) -> FontId {
        match (face, bold) {
            (Face::Serif, false) => FontId::Serif,
            (Face::Serif, true) => FontId::SerifBold,
            (Face::Sans, false) => FontId::Sans,
            (Face::Sans, true) => FontId::SansBold,
        }
    }

    /// Index into [`FILE_NAMES`] and into arrays of the five fonts.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One font's character map with advances in em.
struct Metrics {
    map: HashMap<char, (u16, f32)>,
    notdef_advance: f32,
}

impl Metrics {
    fn parse(name: &str, bytes: &[u8]) -> Result<Metrics, Error> {
        let font = FontRef::new(bytes).map_err(|e| {
            Error::new(ErrorKind::Font, format!("cannot read font {name}")).with_source(e)
        })?;
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        let upem = f32::from(metrics.units_per_em.max(1));
        let glyphs = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let mut map = HashMap::new();
        for (cp, gid) in font.charmap().mappings() {
            let Some(ch) = char::from_u32(cp) else {
                continue;
            };
            let Ok(g) = u16::try_from(gid.to_u32()) else {
                continue;
            };
            let adv = glyphs.advance_width(gid).unwrap_or(0.0) / upem;
            map.insert(ch, (g, adv));
        }
        let notdef_advance = glyphs
            .advance_width(skrifa::GlyphId::new(0))
            .unwrap_or(upem / 2.0)
            / upem;
        Ok(Metrics {
            map,
            notdef_advance,
        })
    }
}

/// The metrics of the five fonts, parsed once. Cheap to clone.
#[derive(Clone)]
pub struct Fonts {
    inner: Arc<[Metrics; 5]>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts { .. }")
    }
}

/// The ordinary form of a half- or full-width character (`･` → `·`, `Ａ` → `A`), drawn when no
/// font has the variant itself; the text keeps the character as written.
fn width_variant(ch: char) -> Option<char> {
    match ch as u32 {
        0xFF65 => Some('·'),
        0xFF61 => Some('。'),
        0xFF62 => Some('「'),
        0xFF63 => Some('」'),
        0xFF64 => Some('、'),
        c @ 0xFF01..=0xFF5E => char::from_u32(c - 0xFEE0),
        _ => None,
    }
}

impl Fonts {
    /// Parse the five font files, given in [`FontId`] order (see [`FILE_NAMES`]).
    pub fn from_data(files: [&[u8]; 5]) -> Result<Fonts, Error> {
        let [a, b, c, d, e] = files;
        let inner = [
            Metrics::parse(FILE_NAMES[0], a)?,
            Metrics::parse(FILE_NAMES[1], b)?,
            Metrics::parse(FILE_NAMES[2], c)?,
            Metrics::parse(FILE_NAMES[3], d)?,
            Metrics::parse(FILE_NAMES[4], e)?,
        ];
        Ok(Fonts {
            inner: Arc::new(inner),
        })
    }

    /// Glyph id and advance (in em) of a character in one font, if the font has it.
    pub fn glyph(&self, font: FontId, ch: char) -> Option<(u16, f32)> {
        self.inner[font.index()].map.get(&ch).copied()
    }

    /// The font, glyph id and advance (em) used for `ch` when the text asks for `primary`,
    /// character by character through [`FontId::fallbacks`]: the primary font when it has
    /// the glyph, else the symbol fallback (☐ ☑ …), else 나눔고딕 of the same weight (the
    /// only bundled font with hanja: 姜 in a 명조 name), else any other of the five; a
    /// character none of them has is the primary's `.notdef` (see [`Fonts::missing`]).
    pub fn resolve(&self, primary: FontId, ch: char) -> (FontId, u16, f32) {
        for c in std::iter::once(ch).chain(width_variant(ch)) {
            for id in primary.fallbacks() {
                if let Some((g, a)) = self.glyph(id, c) {
                    return (id, g, a);
                }
            }
        }
        (primary, 0, self.inner[primary.index()].notdef_advance)
    }

    /// Whether any of the five fonts has a glyph for `ch` (or for its ordinary width).
    pub fn has(&self, ch: char) -> bool {
        std::iter::once(ch)
            .chain(width_variant(ch))
            .any(|c| self.inner.iter().any(|m| m.map.contains_key(&c)))
    }

    /// The characters of `text` that no font has, each once, in the order they first occur:
    /// what would print as a box. Characters the layout does not draw (line breaks, controls)
    /// and spaces are never missing.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            let Some(c) = drawn(c) else {
                continue;
            };
            if !self.has(c) && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

impl FontId {
    /// The fonts tried for a character when the text asks for `self`, in order: itself, the
    /// symbol font, 나눔고딕 of the same weight, then the rest.
    ///
    /// The symbol font comes before 나눔고딕 so that every character drawn before hanja fell
    /// back (☐ ☑ and the other symbols 나눔명조 lacks) keeps its font, and a document without a
    /// missing character keeps its bytes; DejaVu Sans has no CJK ideographs, so hanja go on to
    /// 나눔고딕 (4,620 of them), whose weight matches the text's.
    pub fn fallbacks(self) -> impl Iterator<Item = FontId> {
        let same_weight = match self {
            FontId::Serif | FontId::Sans => FontId::Sans,
            FontId::SerifBold | FontId::SansBold => FontId::SansBold,
            FontId::Symbol => FontId::Symbol,
        };
        let order = [self, FontId::Symbol, same_weight];
        let rest = [
            FontId::Sans,
            FontId::SansBold,
            FontId::Serif,
            FontId::SerifBold,
        ];
        let mut seen = [false; 5];
        order
            .into_iter()
            .chain(rest)
            .filter(move |id| !std::mem::replace(&mut seen[id.index()], true))
    }
}

/// A space-like character as the space the layout sets for it.
pub(crate) fn normalize(c: char) -> char {
    match c {
        '\t' | '\u{a0}' | '\u{3000}' => ' ',
        c => c,
    }
}

/// The character the layout draws for `c`, or `None` for one it never draws as a glyph:
/// line breaks, controls and spaces (spaces have no glyph to miss).
pub(crate) fn drawn(c: char) -> Option<char> {
    if c == '\n' || c == '\r' || c.is_control() || normalize(c) == ' ' {
        None
    } else {
        Some(c)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The committed fonts (with hinting; metrics are the same as the stripped ones).
    pub(crate) fn fonts() -> Fonts {
        use std::sync::OnceLock;
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS
            .get_or_init(|| {
                let dir =
                    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/fonts");
                let data = FILE_NAMES.map(|n| std::fs::read(dir.join(n)).expect("committed font"));
                Fonts::from_data([&data[0], &data[1], &data[2], &data[3], &data[4]]).unwrap()
            })
            .clone()
    }

    #[test]
    fn hangul_in_nanum_and_boxes_fall_back() {
        let f = fonts();
        let (id, g, a) = f.resolve(FontId::Serif, '한');
        assert_eq!(id, FontId::Serif);
        assert!(g > 0 && a > 0.5);
        let (id, g, _) = f.resolve(FontId::Serif, '☐');
        assert_eq!(id, FontId::Symbol);
        assert!(g > 0);
        let (id, _, _) = f.resolve(FontId::Sans, '☑');
        assert_eq!(id, FontId::Symbol);
    }

    #[test]
    fn hanja_the_serif_lacks_fall_back_to_gothic_of_the_same_weight() {
        let f = fonts();
        assert!(
            f.glyph(FontId::Serif, '姜').is_none(),
            "나눔명조 has no hanja"
        );
        let (id, g, a) = f.resolve(FontId::Serif, '姜');
        assert_eq!(id, FontId::Sans);
        assert!(g > 0 && a > 0.5);
        assert_eq!(f.resolve(FontId::SerifBold, '姜').0, FontId::SansBold);
        assert_eq!(f.resolve(FontId::SansBold, '姜').0, FontId::SansBold);
        // What resolved before keeps its font.
        assert_eq!(f.resolve(FontId::Serif, '한').0, FontId::Serif);
        assert_eq!(f.resolve(FontId::SerifBold, '☐').0, FontId::Symbol);
        assert!(f.has('姜') && f.has('☐'));
    }

    #[test]
    fn every_font_is_tried_once_primary_first() {
        for id in [
            FontId::Serif,
            FontId::SerifBold,
            FontId::Sans,
            FontId::SansBold,
            FontId::Symbol,
        ] {
            let order: Vec<FontId> = id.fallbacks().collect();
            assert_eq!(order.len(), 5, "{order:?}");
            assert_eq!(order[0], id);
            let mut sorted = order.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), 5);
        }
    }

    #[test]
    fn missing_lists_what_no_font_has_once_each() {
        let f = fonts();
        assert!(!f.has('\u{20000}'), "no bundled font has 𠀀");
        assert_eq!(f.missing("姜하늘 𠀀\t𪚥\n𠀀 ☐"), ['\u{20000}', '\u{2A6A5}']);
        assert!(f.missing("대표자 홍길동\r\n\u{3000}").is_empty());
    }

    #[test]
    fn a_file_that_is_not_a_font_is_a_font_error() {
        let junk: &[u8] = b"not a font";
        let err = Fonts::from_data([junk; 5]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Font);
        assert!(err.to_string().contains("NanumMyeongjo.ttf"), "{err}");
        assert!(std::error::Error::source(&err).is_some());
    }
}
