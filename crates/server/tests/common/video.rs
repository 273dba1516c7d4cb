//! Real fMP4 video from Debian's ffmpeg, as a camera's gateway sends it (the video's suites), made once
//! per test binary.

use std::sync::OnceLock;

/// What ffmpeg made once for the whole suite: an init segment and 2-s media segments with the contract's
/// profile, and an init segment with a sound track.
pub struct Clips {
    pub init: Vec<u8>,
    pub media: Vec<Vec<u8>>,
    pub sound_init: Vec<u8>,
}

/// Encodes `seconds` of ffmpeg's test picture (and a tone, with `sound`) as HLS with fMP4 segments, as a
/// gateway does; returns the init segment and the media segments.
fn encode(dir: &std::path::Path, name: &str, seconds: u32, sound: bool) -> (Vec<u8>, Vec<Vec<u8>>) {
    let mut args: Vec<String> = "-loglevel error -f lavfi -i testsrc2=size=160x120:rate=10".split(' ').map(str::to_owned).collect();
    if sound {
        args.extend(["-f", "lavfi", "-i", "sine"].map(str::to_owned));
    }
    args.extend(format!("-t {seconds} -c:v libx264 -pix_fmt yuv420p -preset veryfast -g 20").split(' ').map(str::to_owned));
    args.extend(mingchu_types::video::X264_PROFILE.map(str::to_owned));
    args.extend((if sound { ["-c:a", "aac"] } else { ["-an", "-sn"] }).map(str::to_owned));
    let init = format!("{name}.mp4");
    args.extend(
        ["-f", "hls", "-hls_time", "2", "-hls_segment_type", "fmp4", "-hls_playlist_type", "vod", "-hls_fmp4_init_filename"].map(str::to_owned),
    );
    args.extend([init.clone(), format!("{name}.m3u8")]);
    let status = std::process::Command::new("ffmpeg").args(&args).current_dir(dir).status().expect("ffmpeg (installed by `cargo xtask setup`)");
    assert!(status.success(), "ffmpeg {args:?}");
    let media = (0..).map(|n| dir.join(format!("{name}{n}.m4s"))).take_while(|p| p.exists()).map(|p| std::fs::read(p).unwrap()).collect();
    (std::fs::read(dir.join(init)).unwrap(), media)
}

pub fn clips() -> &'static Clips {
    static CLIPS: OnceLock<Clips> = OnceLock::new();
    CLIPS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (init, media) = encode(dir.path(), "video", 6, false);
        assert!(media.len() >= 3, "{} segments", media.len());
        let (sound_init, _) = encode(dir.path(), "sound", 2, true);
        Clips { init, media, sound_init }
    })
}
