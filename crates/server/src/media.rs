//! Diners' photos: recognised by their bytes, refused before decoding when their declared size is a
//! decompression bomb, decoded with memory limits, turned upright by their EXIF orientation, then
//! re-encoded as JPEG, so that no metadata (GPS position, phone model) survives. A thumbnail is kept.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// What a photo may be, and what is kept of it.
#[derive(Clone, Debug)]
pub struct PhotoRules {
    /// The largest upload, in bytes.
    pub max_bytes: usize,
    /// The most pixels a photo may declare (a 12 MP phone photo is 12 million).
    pub max_pixels: u64,
    /// The longest side a photo may declare.
    pub max_side: u32,
    /// The long edge of the kept photo.
    pub long_edge: u32,
    /// The long edge of the thumbnail.
    pub thumb_edge: u32,
    pub jpeg_quality: u8,
}

impl Default for PhotoRules {
    fn default() -> PhotoRules {
        PhotoRules { max_bytes: 12 * 1024 * 1024, max_pixels: 50_000_000, max_side: 12_000, long_edge: 1600, thumb_edge: 360, jpeg_quality: 82 }
    }
}

/// Why a photo was refused. Each has its own words for people (see the error codes in the API).
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {max} bytes")]
    TooLarge { max: usize },
    #[error("only JPEG, PNG and WebP photos are accepted")]
    UnsupportedType,
    #[error("the photo declares {width}×{height} pixels, more than allowed")]
    TooManyPixels { width: u32, height: u32 },
    #[error("the photo is damaged or incomplete: {0}")]
    Corrupt(String),
}

/// A photo as kept: upright, without metadata, JPEG.
#[derive(Debug)]
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumb: Vec<u8>,
}

/// Checks, decodes, orients and re-encodes an uploaded photo. CPU-heavy: call it off the async runtime.
pub fn process_photo(bytes: &[u8], rules: &PhotoRules) -> Result<Photo, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    if bytes.len() > rules.max_bytes {
        return Err(PhotoError::TooLarge { max: rules.max_bytes });
    }
    // By the bytes, never by a name or a declared content type.
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(PhotoError::UnsupportedType),
    };
    let corrupt = |e: image::ImageError| PhotoError::Corrupt(e.to_string());
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        // The JPEG decoder fills a cut-off picture with grey rather than failing.
        return Err(PhotoError::Corrupt("the JPEG ends before its end-of-image marker".into()));
    }

    // The header alone says how large the picture claims to be: refuse bombs before decoding.
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().map_err(corrupt)?;
    if width > rules.max_side || height > rules.max_side || u64::from(width) * u64::from(height) > rules.max_pixels {
        return Err(PhotoError::TooManyPixels { width, height });
    }

    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(rules.max_side);
    limits.max_image_height = Some(rules.max_side);
    limits.max_alloc = Some(rules.max_pixels * 4 + (64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    picture.apply_orientation(orientation);

    let kept = shrink(&picture, rules.long_edge);
    let thumb = shrink(&kept, rules.thumb_edge);
    Ok(Photo { width: kept.width(), height: kept.height(), jpeg: encode(&kept, rules.jpeg_quality)?, thumb: encode(&thumb, 75)? })
}

/// Whether the end-of-image marker follows the last start-of-scan. Inside scan data a 0xFF byte is
/// always stuffed or a marker, so FF D9 there is the real end; an EXIF thumbnail comes before the main
/// scan, and data some phones append after the end (motion photos) does not matter.
pub(crate) fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let Some(last_scan) = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]) else {
        return false;
    };
    bytes[last_scan..].windows(2).any(|w| w == [0xFF, 0xD9])
}

/// The picture with its long edge at most `edge`, flattened onto white (JPEG has no transparency).
fn shrink(picture: &DynamicImage, edge: u32) -> DynamicImage {
    // `thumbnail` averages each output pixel's whole area: as good as a filter for shrinking, and
    // several times faster than `resize` on a 12 MP photo.
    let fitted = if picture.width().max(picture.height()) > edge { picture.thumbnail(edge, edge) } else { picture.clone() };
    if !fitted.color().has_alpha() {
        return fitted;
    }
    let mut rgba = fitted.to_rgba8();
    for pixel in rgba.pixels_mut() {
        let [r, g, b, a] = pixel.0;
        let over_white = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        pixel.0 = [over_white(r), over_white(g), over_white(b), 255];
    }
    DynamicImage::ImageRgba8(rgba)
}

fn encode(picture: &DynamicImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    let rgb = picture.to_rgb8();
    JpegEncoder::new_with_quality(&mut out, quality).encode_image(&rgb).map_err(|e| PhotoError::Corrupt(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jpeg_is_complete_only_with_its_end_marker_after_the_last_scan() {
        assert!(jpeg_is_complete(&[0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 0xFF, 0x00, 3, 0xFF, 0xD9]));
        assert!(jpeg_is_complete(&[0xFF, 0xD8, 0xFF, 0xDA, 1, 0xFF, 0xD9, b'm', b'p', b'4']), "data after the end is fine");
        assert!(!jpeg_is_complete(&[0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 3]));
        // A thumbnail's end marker before the main scan does not count.
        assert!(!jpeg_is_complete(&[0xFF, 0xD8, 0xFF, 0xDA, 0xFF, 0xD9, 0xFF, 0xDA, 1, 2]));
        assert!(!jpeg_is_complete(&[0xFF, 0xD8]));
    }

    #[test]
    fn shrinking_keeps_the_aspect_and_flattens_alpha() {
        let picture = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(3200, 1600, image::Rgba([0, 0, 0, 0])));
        let small = shrink(&picture, 1600);
        assert_eq!((small.width(), small.height()), (1600, 800));
        let px = small.to_rgba8().get_pixel(10, 10).0;
        assert_eq!(px, [255, 255, 255, 255], "transparent becomes white, not black");
    }
}
