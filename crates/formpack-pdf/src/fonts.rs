//! The five fonts of the documents, parsed once: glyph ids and advance widths for measuring,
//! and the krilla font objects for drawing.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::PdfError;

/// The font files, by role. The same names are expected in a `--font-dir`.
pub(crate) const FILE_NAMES: [&str; 5] = [
    "NanumMyeongjo.ttf",
    "NanumMyeongjoBold.ttf",
    "NanumGothic.ttf",
    "NanumGothicBold.ttf",
    "DejaVuSans.ttf",
];

/// Which of the five fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontId {
    Serif = 0,
    SerifBold = 1,
    Sans = 2,
    SansBold = 3,
    /// DejaVu Sans: per-character fallback for glyphs the Nanum fonts lack (☐ ☑ …).
    Symbol = 4,
}

impl FontId {
    pub fn of(face: formpack_doc::Face, bold: bool) -> FontId {
        match (face, bold) {
            (formpack_doc::Face::Serif, false) => FontId::Serif,
            (formpack_doc::Face::Serif, true) => FontId::SerifBold,
            (formpack_doc::Face::Sans, false) => FontId::Sans,
            (formpack_doc::Face::Sans, true) => FontId::SansBold,
        }
    }
}

/// One parsed font: character map with advances (in em) and the krilla handle.
pub(crate) struct FontData {
    pub krilla: krilla::text::Font,
    map: HashMap<char, (u16, f32)>,
    notdef_advance: f32,
}

impl FontData {
    fn parse(name: &str, data: krilla::Data, strip: bool) -> Result<FontData, PdfError> {
        let data = match strip
            .then(|| crate::strip::strip_hinting(data.as_ref()))
            .flatten()
        {
            Some(slim) => krilla::Data::from(slim),
            None => data,
        };
        let bytes: &[u8] = data.as_ref();
        let font = FontRef::new(bytes)
            .map_err(|e| PdfError::new(format!("cannot read font {name}: {e}")))?;
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
        let krilla = krilla::text::Font::new(data, 0)
            .ok_or_else(|| PdfError::new(format!("cannot load font {name}")))?;
        Ok(FontData {
            krilla,
            map,
            notdef_advance,
        })
    }

    /// Glyph id and advance (in em) of a character, if the font has it.
    pub fn glyph(&self, ch: char) -> Option<(u16, f32)> {
        self.map.get(&ch).copied()
    }
}

/// The fonts a render uses: 명조 and 고딕 in regular and bold, and a symbol fallback.
/// Cheap to clone.
#[derive(Clone)]
pub struct Fonts {
    inner: Arc<[FontData; 5]>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts { .. }")
    }
}

static EMBEDDED: OnceLock<Fonts> = OnceLock::new();

impl Fonts {
    /// The fonts committed in `assets/fonts`, compiled into the binary. Parsed once per
    /// process.
    pub fn embedded() -> Fonts {
        EMBEDDED
            .get_or_init(|| {
                // Stripped of hinting by build.rs.
                let files: [&'static [u8]; 5] = [
                    include_bytes!(concat!(env!("OUT_DIR"), "/NanumMyeongjo.ttf")),
                    include_bytes!(concat!(env!("OUT_DIR"), "/NanumMyeongjoBold.ttf")),
                    include_bytes!(concat!(env!("OUT_DIR"), "/NanumGothic.ttf")),
                    include_bytes!(concat!(env!("OUT_DIR"), "/NanumGothicBold.ttf")),
                    include_bytes!(concat!(env!("OUT_DIR"), "/DejaVuSans.ttf")),
                ];
                let data = files.map(krilla::Data::from);
                // The committed fonts are known to parse; a failure is a build defect.
                Fonts::from_data(data, false).expect("the embedded fonts parse")
            })
            .clone()
    }

    /// The same five file names read from another folder (`--font-dir`).
    pub fn from_dir(dir: &Path) -> Result<Fonts, PdfError> {
        let mut data = Vec::with_capacity(5);
        for name in FILE_NAMES {
            let path = dir.join(name);
            let bytes = std::fs::read(&path)
                .map_err(|e| PdfError::new(format!("cannot read {}: {e}", path.display())))?;
            data.push(krilla::Data::from(bytes));
        }
        let data: [krilla::Data; 5] = data
            .try_into()
            .map_err(|_| PdfError::new("five font files expected"))?;
        Fonts::from_data(data, true)
    }

    /// `strip`: remove hinting first (fonts from a folder; the embedded ones already are).
    fn from_data(data: [krilla::Data; 5], strip: bool) -> Result<Fonts, PdfError> {
        let [a, b, c, d, e] = data;
        let inner = [
            FontData::parse(FILE_NAMES[0], a, strip)?,
            FontData::parse(FILE_NAMES[1], b, strip)?,
            FontData::parse(FILE_NAMES[2], c, strip)?,
            FontData::parse(FILE_NAMES[3], d, strip)?,
            FontData::parse(FILE_NAMES[4], e, strip)?,
        ];
        Ok(Fonts {
            inner: Arc::new(inner),
        })
    }

    pub(crate) fn get(&self, id: FontId) -> &FontData {
        &self.inner[id as usize]
    }

    /// The font, glyph id and advance (em) used for `ch` when the text asks for `primary`:
    /// the primary font when it has the glyph, else the symbol fallback, else the primary's
    /// `.notdef`.
    pub(crate) fn resolve(&self, primary: FontId, ch: char) -> (FontId, u16, f32) {
        if let Some((g, a)) = self.get(primary).glyph(ch) {
            return (primary, g, a);
        }
        if let Some((g, a)) = self.get(FontId::Symbol).glyph(ch) {
            return (FontId::Symbol, g, a);
        }
        (primary, 0, self.get(primary).notdef_advance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_in_nanum_and_boxes_fall_back() {
        let f = Fonts::embedded();
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
    fn from_dir_reads_the_same_files_and_reports_missing_ones() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/fonts");
        let f = Fonts::from_dir(&dir).unwrap();
        assert_eq!(
            f.resolve(FontId::Sans, '가').1,
            Fonts::embedded().resolve(FontId::Sans, '가').1
        );
        let err = Fonts::from_dir(Path::new("/nonexistent-font-dir")).unwrap_err();
        assert!(err.to_string().contains("NanumMyeongjo.ttf"));
    }
}
