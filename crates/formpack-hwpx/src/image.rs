//! Images: the pixel size read from the PNG or JPEG header, which also checks that the
//! bytes are the format the model says. The bytes go into `BinData/` unchanged.

use formpack_doc::{Image, ImageFormat};

use crate::{Error, ErrorKind};

/// One embedded image: its manifest id (`image1`…), file name and bytes.
#[derive(Debug, Clone)]
pub(crate) struct BinItem {
    /// Manifest item id, also `hc:img@binaryItemIDRef`.
    pub id: String,
    /// Path inside the package, `BinData/image1.png`.
    pub path: String,
    /// Media type in the manifest. Hancom writes `image/jpg` for JPEG.
    pub media_type: &'static str,
    /// The encoded bytes.
    pub data: std::sync::Arc<Vec<u8>>,
}

/// Pixel width and height of an image, checking its signature.
pub(crate) fn pixel_size(img: &Image) -> Result<(u32, u32), Error> {
    let size = match img.format {
        ImageFormat::Png => png_size(&img.data),
        ImageFormat::Jpeg => jpeg_size(&img.data),
        // Rasterised to PNG before any editable backend sees it.
        ImageFormat::Svg => None,
    };
    let (w, h) = size.ok_or_else(|| {
        Error::new(
            ErrorKind::Image,
            format!(
                "the bytes are not a {} image",
                match img.format {
                    ImageFormat::Png => "PNG",
                    ImageFormat::Jpeg => "JPEG",
                    ImageFormat::Svg => "raster (SVG must be rasterised first)",
                }
            ),
        )
    })?;
    if w == 0 || h == 0 {
        return Err(Error::new(ErrorKind::Image, "the image has no pixels"));
    }
    Ok((w, h))
}

/// Width and height from the IHDR chunk, which must come first.
fn png_size(data: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if data.len() < 24 || &data[..8] != SIGNATURE || &data[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&data[16..20]), be(&data[20..24])))
}

/// Width and height from the first start-of-frame marker.
fn jpeg_size(data: &[u8]) -> Option<(u32, u32)> {
    if data.len() < 4 || data[0] != 0xFF || data[1] != 0xD8 {
        return None;
    }
    let mut i = 2;
    while i + 4 <= data.len() {
        if data[i] != 0xFF {
            return None;
        }
        let marker = data[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0xD8 || marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let seg = data.get(i + 4..i + 2 + len)?;
            if seg.len() < 5 {
                return None;
            }
            let h = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
            let w = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
            return Some((w, h));
        }
        if len < 2 {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// Hands out `BinData` items in document order; the same image bytes are stored once.
#[derive(Debug, Default)]
pub(crate) struct BinData {
    pub items: Vec<BinItem>,
}

impl BinData {
    /// The manifest id for an image, adding it on first use.
    pub fn add(&mut self, img: &Image) -> String {
        if let Some(existing) = self.items.iter().find(|it| *it.data == *img.data) {
            return existing.id.clone();
        }
        let n = self.items.len() + 1;
        let (ext, media_type) = match img.format {
            ImageFormat::Png | ImageFormat::Svg => ("png", "image/png"),
            ImageFormat::Jpeg => ("jpg", "image/jpg"),
        };
        let id = format!("image{n}");
        self.items.push(BinItem {
            id: id.clone(),
            path: format!("BinData/{id}.{ext}"),
            media_type,
            data: img.data.clone(),
        });
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_signatures_are_refused() {
        assert_eq!(png_size(b"not a png at all, really not"), None);
        assert_eq!(jpeg_size(b"\xFF\xD8\xFF\xD9"), None);
        assert_eq!(jpeg_size(b""), None);
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 0, 64, 0, 0, 0, 32]);
        assert_eq!(png_size(&png), Some((64, 32)));
    }

    #[test]
    fn jpeg_frame_size_is_found_after_other_segments() {
        // SOI, APP0 (len 4), SOF0 (len 11: precision, h=2, w=3, 1 component)
        let data = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00,
            0x02, 0x00, 0x03, 0x01, 0x01, 0x11, 0x00,
        ];
        assert_eq!(jpeg_size(&data), Some((3, 2)));
    }
}
