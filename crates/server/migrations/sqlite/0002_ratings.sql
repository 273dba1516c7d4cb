-- Diners' smiley ratings: one per device per unit per day (a second vote that day replaces the first).
-- `device` is the random id from the signed device cookie; nothing else identifies the diner.
CREATE TABLE ratings (
    unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    device      TEXT NOT NULL,
    day         TEXT NOT NULL,
    smiley      TEXT NOT NULL CHECK (smiley IN ('satisfied', 'neutral', 'unsatisfied')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (unit_id, device, day)
);

-- The page counts the last 90 days per unit.
CREATE INDEX ratings_by_unit_day ON ratings (unit_id, day);
