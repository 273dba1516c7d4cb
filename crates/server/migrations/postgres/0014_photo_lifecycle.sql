-- The media lifecycle (as SQLite's 0014): when each photo was uploaded (UTC ms, by the server's clock),
-- so that photos no review, message or report took up within a day can be swept; and its thumbnail's
-- size, so that the media store's use can be held to a quota. Older photos get their upload time from
-- created_at and a thumbnail size of 0.
ALTER TABLE photos ADD COLUMN uploaded_ms BIGINT;
ALTER TABLE photos ADD COLUMN thumb_bytes BIGINT NOT NULL DEFAULT 0;
UPDATE photos SET uploaded_ms = (EXTRACT(EPOCH FROM created_at::timestamptz) * 1000)::BIGINT;
CREATE INDEX photos_by_upload ON photos (uploaded_ms);
-- Whether a photo is attached to anything, asked by the sweep (and by every photo view).
CREATE INDEX review_photos_by_photo ON review_photos (photo_id);
CREATE INDEX message_photos_by_photo ON message_photos (photo_id);
CREATE INDEX report_photos_by_photo ON report_photos (photo_id);
