-- When each noted minute's first frame came (as SQLite's 0015): UTC ms, the server's time of receipt, so
-- that every server can tell a camera's state and whether it has a picture to show. Older minutes get the
-- minute's last millisecond.
ALTER TABLE camera_minutes ADD COLUMN first_ms BIGINT;
UPDATE camera_minutes SET first_ms = minute * 60000 + 59999;
