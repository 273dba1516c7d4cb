//! Video segments (issue 15) checked by their box structure, never decoded, as frames are checked by
//! their header: a gateway pushes one every two seconds per camera, and the boxes say what matters — an
//! init segment (`ftyp` then `moov`, no media), a media segment (`moof` then its `mdat`), sizes that add up
//! to the bytes received, and no sound: a kitchen's talk is private, so an init segment with any track
//! but video (sound, or something a player might play as sound) is refused.
//!
//! Only the few boxes needed are walked (ISO/IEC 14496-12: a 32-bit size and a four-character type, a
//! 64-bit size when the 32-bit one is 1, "to the end" when it is 0): a full MP4 parser would cost more
//! than the check.

pub use mingchu_types::video::MAX_SEGMENT_BYTES;

/// Which segment a gateway says it pushes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentKind {
    Init,
    Media,
}

/// Why a segment was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SegmentError {
    #[error("the segment is empty")]
    Empty,
    #[error("the segment is larger than {max} bytes")]
    TooLarge { max: usize },
    #[error("a box at byte {at} has a size that does not fit the segment")]
    BadSize { at: usize },
    #[error("an init segment is an `ftyp` box then a `moov` box, with no media")]
    NotInit,
    #[error("a media segment is a `moof` box followed by its `mdat` box")]
    NotMedia,
    #[error("the video has a track that is not video (sound is never sent from a kitchen)")]
    HasSound,
}

/// One box: its type and its content (without the header).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mp4Box<'a> {
    kind: [u8; 4],
    body: &'a [u8],
}

/// The boxes one after another in `bytes` (which they must fill exactly); `offset` is where `bytes`
/// begins in the segment, for the error.
fn boxes(bytes: &[u8], offset: usize) -> Result<Vec<Mp4Box<'_>>, SegmentError> {
    let mut out = vec![];
    let mut at = 0;
    while at < bytes.len() {
        let bad = || SegmentError::BadSize { at: offset + at };
        let rest = &bytes[at..];
        if rest.len() < 8 {
            return Err(bad());
        }
        let size32 = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as u64;
        let kind = [rest[4], rest[5], rest[6], rest[7]];
        let (size, header) = match size32 {
            0 => (rest.len() as u64, 8),
            1 => {
                let large = rest.get(8..16).ok_or_else(bad)?;
                (u64::from_be_bytes(large.try_into().map_err(|_| bad())?), 16)
            }
            n => (n, 8),
        };
        if size < header as u64 || size > rest.len() as u64 {
            return Err(bad());
        }
        out.push(Mp4Box { kind, body: &rest[header..size as usize] });
        at += size as usize;
    }
    Ok(out)
}

/// The child boxes of type `kind` in a container's body (a nested box's error names its place within
/// its parent).
fn children<'a>(body: &'a [u8], kind: &[u8; 4]) -> Result<Vec<Mp4Box<'a>>, SegmentError> {
    Ok(boxes(body, 0)?.into_iter().filter(|b| &b.kind == kind).collect())
}

/// Whether every track of a `moov` box's body is video: each `mdia`'s `hdlr` says `vide` (a track
/// without one could be anything, so it counts as not video). No track at all is no init segment.
fn only_video(moov: &[u8]) -> Result<bool, SegmentError> {
    let tracks = children(moov, b"trak")?;
    if tracks.is_empty() {
        return Err(SegmentError::NotInit);
    }
    for trak in &tracks {
        let mut handlers = vec![];
        for mdia in children(trak.body, b"mdia")? {
            for hdlr in children(mdia.body, b"hdlr")? {
                // version and flags (4 bytes), pre_defined (4), then the handler type.
                handlers.push(hdlr.body.get(8..12));
            }
        }
        if handlers.is_empty() || handlers.iter().any(|h| *h != Some(b"vide")) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Checks a segment's bytes as the `kind` the gateway says it is.
pub fn check_segment(bytes: &[u8], kind: SegmentKind) -> Result<(), SegmentError> {
    if bytes.is_empty() {
        return Err(SegmentError::Empty);
    }
    if bytes.len() > MAX_SEGMENT_BYTES {
        return Err(SegmentError::TooLarge { max: MAX_SEGMENT_BYTES });
    }
    let top = boxes(bytes, 0)?;
    let kinds: Vec<&[u8; 4]> = top.iter().map(|b| &b.kind).collect();
    match kind {
        SegmentKind::Init => {
            if kinds.first() != Some(&b"ftyp") || kinds.iter().any(|k| *k == b"mdat" || *k == b"moof") {
                return Err(SegmentError::NotInit);
            }
            let moovs: Vec<&Mp4Box> = top.iter().filter(|b| &b.kind == b"moov").collect();
            if moovs.is_empty() {
                return Err(SegmentError::NotInit);
            }
            for moov in moovs {
                if !only_video(moov.body)? {
                    return Err(SegmentError::HasSound);
                }
            }
        }
        SegmentKind::Media => {
            // `styp`, `sidx` and `prft` may come first; then each `moof` is followed by its `mdat`.
            let media: Vec<&[u8; 4]> = kinds.into_iter().filter(|k| !matches!(*k, b"styp" | b"sidx" | b"prft")).collect();
            let pairs_ok = !media.is_empty() && media.len().is_multiple_of(2) && media.chunks(2).all(|p| p[0] == b"moof" && p[1] == b"mdat");
            if !pairs_ok {
                return Err(SegmentError::NotMedia);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mp4box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut out = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(body);
        out
    }

    fn moov(handler: &[u8; 4]) -> Vec<u8> {
        let mut hdlr = vec![0; 8];
        hdlr.extend_from_slice(handler);
        hdlr.extend_from_slice(&[0; 12]);
        mp4box(b"moov", &[mp4box(b"mvhd", &[0; 100]), mp4box(b"trak", &mp4box(b"mdia", &mp4box(b"hdlr", &hdlr)))].concat())
    }

    fn init(handler: &[u8; 4]) -> Vec<u8> {
        [mp4box(b"ftyp", b"iso6\0\0\0\0iso6mp41"), moov(handler)].concat()
    }

    fn media() -> Vec<u8> {
        [mp4box(b"styp", b"msdh\0\0\0\0"), mp4box(b"moof", &mp4box(b"mfhd", &[0; 8])), mp4box(b"mdat", &[7; 300])].concat()
    }

    #[test]
    fn an_init_segment_is_ftyp_and_moov_without_sound() {
        assert_eq!(check_segment(&init(b"vide"), SegmentKind::Init), Ok(()));
        assert_eq!(check_segment(&init(b"soun"), SegmentKind::Init), Err(SegmentError::HasSound));
        assert_eq!(check_segment(&init(b"sbtl"), SegmentKind::Init), Err(SegmentError::HasSound), "only video");
        // A second `moov` with sound behind a silent one, and a track that does not say what it is.
        assert_eq!(check_segment(&[init(b"vide"), moov(b"soun")].concat(), SegmentKind::Init), Err(SegmentError::HasSound));
        let unnamed = [mp4box(b"ftyp", b"iso6"), mp4box(b"moov", &mp4box(b"trak", &mp4box(b"mdia", &[])))].concat();
        assert_eq!(check_segment(&unnamed, SegmentKind::Init), Err(SegmentError::HasSound));
        let empty = [mp4box(b"ftyp", b"iso6"), mp4box(b"moov", &mp4box(b"mvhd", &[0; 100]))].concat();
        assert_eq!(check_segment(&empty, SegmentKind::Init), Err(SegmentError::NotInit), "no track at all");
        assert_eq!(check_segment(&moov(b"vide"), SegmentKind::Init), Err(SegmentError::NotInit));
        assert_eq!(check_segment(&[init(b"vide"), media()].concat(), SegmentKind::Init), Err(SegmentError::NotInit));
        assert_eq!(check_segment(&init(b"vide"), SegmentKind::Media), Err(SegmentError::NotMedia));
    }

    #[test]
    fn a_media_segment_is_moof_then_mdat() {
        assert_eq!(check_segment(&media(), SegmentKind::Media), Ok(()));
        let two = [media(), mp4box(b"moof", &[]), mp4box(b"mdat", &[1; 10])].concat();
        assert_eq!(check_segment(&two, SegmentKind::Media), Ok(()));
        let lone = [mp4box(b"moof", &[]), mp4box(b"moof", &[])].concat();
        assert_eq!(check_segment(&lone, SegmentKind::Media), Err(SegmentError::NotMedia));
        assert_eq!(check_segment(&mp4box(b"styp", &[]), SegmentKind::Media), Err(SegmentError::NotMedia));
    }

    #[test]
    fn sizes_must_add_up_and_fit() {
        let mut cut = media();
        cut.truncate(cut.len() - 1);
        assert!(matches!(check_segment(&cut, SegmentKind::Media), Err(SegmentError::BadSize { .. })));
        let mut extra = media();
        extra.extend_from_slice(&[0, 0, 0]);
        assert!(matches!(check_segment(&extra, SegmentKind::Media), Err(SegmentError::BadSize { at }) if at == media().len()));
        // A 64-bit size, and a last box running to the end.
        let mut large = vec![0, 0, 0, 1];
        large.extend_from_slice(b"mdat");
        large.extend_from_slice(&(16u64 + 4).to_be_bytes());
        large.extend_from_slice(&[9; 4]);
        let open_ended = [mp4box(b"moof", &[]), vec![0, 0, 0, 0], b"mdat".to_vec(), vec![5; 40]].concat();
        assert_eq!(check_segment(&[mp4box(b"moof", &[]), large].concat(), SegmentKind::Media), Ok(()));
        assert_eq!(check_segment(&open_ended, SegmentKind::Media), Ok(()));
        assert_eq!(check_segment(&[0, 0, 0, 4, b'm', b'o', b'o', b'f'], SegmentKind::Media), Err(SegmentError::BadSize { at: 0 }));
        assert_eq!(check_segment(&[], SegmentKind::Media), Err(SegmentError::Empty));
        assert_eq!(check_segment(&vec![0; MAX_SEGMENT_BYTES + 1], SegmentKind::Media), Err(SegmentError::TooLarge { max: MAX_SEGMENT_BYTES }));
    }

    /// What Debian's ffmpeg writes for HLS with fMP4 (as `camera-push` will): passes as it is, sound refused.
    #[test]
    fn ffmpeg_s_own_segments_pass_and_its_sound_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let run = |sound: bool, name: &str| {
            let mut args: Vec<&str> =
                "-loglevel error -f lavfi -i testsrc=size=320x180:rate=12 -f lavfi -i sine -t 4 -c:v libx264 -preset veryfast -g 24"
                    .split(' ')
                    .collect();
            args.extend(if sound { ["-c:a", "aac"] } else { ["-an", "-sn"] });
            let init = format!("{name}.mp4");
            args.extend(["-f", "hls", "-hls_time", "2", "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", &init, "-hls_playlist_type", "vod"]);
            let playlist = format!("{name}.m3u8");
            args.push(&playlist);
            let status =
                std::process::Command::new("ffmpeg").args(&args).current_dir(dir.path()).status().expect("ffmpeg (installed by `cargo xtask setup`)");
            assert!(status.success());
            std::fs::read(dir.path().join(&init)).unwrap()
        };
        assert_eq!(check_segment(&run(false, "video"), SegmentKind::Init), Ok(()));
        for n in 0..2 {
            let media = std::fs::read(dir.path().join(format!("video{n}.m4s"))).unwrap();
            assert_eq!(check_segment(&media, SegmentKind::Media), Ok(()), "segment {n}");
            assert_eq!(check_segment(&media, SegmentKind::Init), Err(SegmentError::NotInit));
        }
        assert_eq!(check_segment(&run(true, "sound"), SegmentKind::Init), Err(SegmentError::HasSound));
    }
}
