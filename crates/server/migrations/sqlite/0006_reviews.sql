-- Diners' reviews. `held` ones wait for the regulator's moderation and are shown to nobody else.
CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    text         TEXT NOT NULL,
    smiley       TEXT CHECK (smiley IN ('satisfied', 'neutral', 'unsatisfied')),
    state        TEXT NOT NULL CHECK (state IN ('published', 'held')),
    hold_reason  TEXT,
    device       TEXT,
    day          TEXT NOT NULL,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX reviews_by_unit ON reviews (unit_id, state, id);

CREATE TABLE review_photos (
    review_id  INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    photo_id   TEXT NOT NULL REFERENCES photos(id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (review_id, position)
);

-- The owner's one public answer under a review (editable; the owner can never change the review).
CREATE TABLE owner_replies (
    review_id  INTEGER PRIMARY KEY REFERENCES reviews(id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    day        TEXT NOT NULL
);
