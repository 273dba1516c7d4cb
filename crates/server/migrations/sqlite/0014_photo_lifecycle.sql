-- The media lifecycle: when each photo was uploaded (UTC ms, by the server's clock), so that photos no
-- review, message or report took up within a day can be swept; and its thumbnail's size, so that the
-- media store's use (photo and thumbnail) can be held to a quota. Older photos get their upload time
-- from created_at and a thumbnail size of 0 (not recorded then: their use is slightly undercounted).
ALTER TABLE photos ADD COLUMN uploaded_ms INTEGER;
ALTER TABLE photos ADD COLUMN thumb_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE photos SET uploaded_ms = CAST((julianday(created_at) - 2440587.5) * 86400000 AS INTEGER);
CREATE INDEX photos_by_upload ON photos (uploaded_ms);
-- Whether a photo is attached to anything, asked by the sweep (and by every photo view).
CREATE INDEX review_photos_by_photo ON review_photos (photo_id);
CREATE INDEX message_photos_by_photo ON message_photos (photo_id);
CREATE INDEX report_photos_by_photo ON report_photos (photo_id);
