-- Diners' photos, re-encoded on upload; the files live under <data>/media/<id>.jpg and <id>.thumb.jpg.
-- A photo is attached to a review, message or report when that is submitted.
CREATE TABLE photos (
    id          TEXT PRIMARY KEY,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    bytes       INTEGER NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
