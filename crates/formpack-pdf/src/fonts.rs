//! The five fonts of the documents, loaded once: their metrics for layout
//! ([`formpack_layout::Fonts`]) and the krilla font objects that embed them.

use std::sync::{Arc, OnceLock};

use formpack_layout::{FontId, FILE_NAMES};

use crate::{Error, ErrorKind};

/// The fonts a render uses: 명조 and 고딕 in regular and bold, and a symbol fallback.
/// Cheap to clone.
#[derive(Clone)]
pub struct Fonts {
    metrics: formpack_layout::Fonts,
    krilla: Arc<[krilla::text::Font; 5]>,
    data: Arc<[krilla::Data; 5]>,
    /// The fonts as an SVG font database, made on the first chart.
    svg: Arc<OnceLock<Arc<resvg::usvg::fontdb::Database>>>,
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
            svg: Arc::new(OnceLock::new()),
        })
    }

    /// The fonts' metrics, for [`formpack_layout::layout`].
    pub fn metrics(&self) -> &formpack_layout::Fonts {
        &self.metrics
    }

    /// The bytes of the five fonts, in [`FONT_FILES`](crate::FONT_FILES) order.
    pub(crate) fn data(&self) -> &[krilla::Data; 5] {
        &self.data
    }

    /// The fonts as an SVG font database (made once).
    pub(crate) fn svg_database(&self) -> Arc<resvg::usvg::fontdb::Database> {
        self.svg.get_or_init(|| crate::svg::database(self)).clone()
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
