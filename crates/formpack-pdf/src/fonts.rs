//! The five fonts of the documents, loaded once: their metrics for layout
//! ([`formpack_layout::Fonts`]) and the krilla font objects that embed them.

use std::sync::{Arc, OnceLock};

use formpack_layout::{FontId, FILE_NAMES};

use crate::svg::Charts;
use crate::{Error, ErrorKind};

/// The fonts a render uses: 명조 and 고딕 in regular and bold, and a symbol fallback.
/// Cheap to clone.
#[derive(Clone)]
pub struct Fonts {
    metrics: formpack_layout::Fonts,
    krilla: Arc<[krilla::text::Font; 5]>,
    data: Arc<[krilla::Data; 5]>,
    /// Charts parsed with these fonts (see [`Fonts::svg_tree`]).
    charts: Arc<Charts>,
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
                // The committed fonts are known to parse; a failure is a build defect.
                Fonts::from_data(files, files.map(krilla::Data::from))
                    .expect("the embedded fonts parse")
            })
            .clone()
    }

    /// Fonts from the bytes of the five files named in [`FONT_FILES`](crate::FONT_FILES), in that order (how
    /// `--font-dir` supplies others; the caller reads them). Hinting is stripped before they
    /// are embedded.
    pub fn from_files(files: [Vec<u8>; 5]) -> Result<Fonts, Error> {
        let data = files.map(|bytes| crate::strip::strip_hinting(&bytes).unwrap_or(bytes));
        let bytes: [&[u8]; 5] = [&data[0], &data[1], &data[2], &data[3], &data[4]];
        let metrics = formpack_layout::Fonts::from_data(bytes)
            .map_err(|e| Error::caused(ErrorKind::Font, "", e))?;
        Fonts::with_metrics(metrics, data.map(krilla::Data::from))
    }

    fn from_data(bytes: [&[u8]; 5], data: [krilla::Data; 5]) -> Result<Fonts, Error> {
        let metrics = formpack_layout::Fonts::from_data(bytes)
            .map_err(|e| Error::caused(ErrorKind::Font, "", e))?;
        Fonts::with_metrics(metrics, data)
    }

    fn with_metrics(
        metrics: formpack_layout::Fonts,
        data: [krilla::Data; 5],
    ) -> Result<Fonts, Error> {
        let kept = data.clone();
        let [a, b, c, d, e] = data;
        let load = |i: usize, data: krilla::Data| {
            krilla::text::Font::new(data, 0).ok_or_else(|| {
                Error::new(
                    ErrorKind::Font,
                    format!("cannot load font {}", FILE_NAMES[i]),
                )
            })
        };
        let krilla = [
            load(0, a)?,
            load(1, b)?,
            load(2, c)?,
            load(3, d)?,
            load(4, e)?,
        ];
        Ok(Fonts {
            metrics,
            krilla: Arc::new(krilla),
            data: Arc::new(kept),
            charts: Arc::new(Charts::new()),
        })
    }

    /// The fonts' metrics, for [`formpack_layout::layout`].
    pub fn metrics(&self) -> &formpack_layout::Fonts {
        &self.metrics
    }

    /// The bytes of the font file at `index` in [`FONT_FILES`](crate::FONT_FILES) order,
    /// hinting stripped: what DOCX embeds.
    pub fn file(&self, index: usize) -> Option<&[u8]> {
        self.data.get(index).map(|d| d.as_ref())
    }

    /// An SVG (a chart) parsed with these fonts, once per process (see [`Charts::tree`]).
    pub(crate) fn svg_tree(&self, data: &Arc<Vec<u8>>) -> Result<Arc<resvg::usvg::Tree>, Error> {
        self.charts.tree(data, &self.data)
    }

    /// The krilla font that draws (and embeds) a font.
    pub(crate) fn krilla(&self, id: FontId) -> &krilla::text::Font {
        &self.krilla[id.index()]
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn a_chart_is_parsed_once_by_its_bytes_and_a_bad_one_fails_each_time() {
        let fonts = Fonts::embedded();
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="2" y="14" font-size="10">국비 1</text></svg>"#.as_bytes();
        let (a, b) = (Arc::new(svg.to_vec()), Arc::new(svg.to_vec()));
        let (ta, tb) = (fonts.svg_tree(&a).unwrap(), fonts.svg_tree(&b).unwrap());
        assert!(Arc::ptr_eq(&ta, &tb), "the same bytes, one parse");
        let other = Arc::new(
            svg.iter()
                .map(|&c| if c == b'1' { b'2' } else { c })
                .collect(),
        );
        assert!(!Arc::ptr_eq(&ta, &fonts.svg_tree(&other).unwrap()));
        let bad = Arc::new(b"<svg".to_vec());
        for _ in 0..2 {
            let e = fonts.svg_tree(&bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Image);
            assert!(e.to_string().starts_with("cannot read an SVG image"), "{e}");
        }
    }

    #[test]
    fn from_files_reads_the_same_fonts_and_refuses_junk() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/fonts");
        let files = FILE_NAMES.map(|n| std::fs::read(dir.join(n)).unwrap());
        let f = Fonts::from_files(files.clone()).unwrap();
        assert_eq!(
            f.metrics().resolve(FontId::Sans, '가').1,
            Fonts::embedded().metrics().resolve(FontId::Sans, '가').1
        );
        let mut junk = files;
        junk[2] = b"not a font".to_vec();
        let err = Fonts::from_files(junk).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Font);
    }
}
