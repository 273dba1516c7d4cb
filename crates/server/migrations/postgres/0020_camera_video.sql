-- The kitchen in motion (as SQLite's 0020): when a camera's current run of video began and its newest
-- noted segment ended. Read SQLite's file for what each column means.
ALTER TABLE cameras ADD COLUMN video_from_ms BIGINT;
ALTER TABLE cameras ADD COLUMN video_heard_ms BIGINT;
