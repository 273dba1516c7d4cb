-- The kitchen in motion (issue 15): a camera's video segments are kept only by the server its gateway
-- pushes to (nginx hashes the camera's id), which notes here, at most once a minute, that the video is
-- coming, so that any other server can tell whether the camera's delayed video can be played
-- (crates/server/src/camera_video.rs). Both UTC ms, the server's clock:
--   video_from_ms:  the capture time of the first segment of the current run (since the video last stopped);
--   video_heard_ms: the end of the newest noted segment.
ALTER TABLE cameras ADD COLUMN video_from_ms INTEGER;
ALTER TABLE cameras ADD COLUMN video_heard_ms INTEGER;
