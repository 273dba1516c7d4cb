-- When each noted minute's first frame came (UTC ms, the server's time of receipt), so that every server
-- of several can tell a camera's state and whether it has a picture to show, though only the server its
-- gateway pushes to holds its frames (crates/server/src/cameras.rs, `public_heard`). Older minutes get the
-- minute's last millisecond: a frame came no later than that.
ALTER TABLE camera_minutes ADD COLUMN first_ms INTEGER;
UPDATE camera_minutes SET first_ms = minute * 60000 + 59999;
