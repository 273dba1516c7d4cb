-- 可抓拍、可示警、可处置、可感测: kitchen sensors, their readings, and the alerts of camera analytics and
-- sensors with how each was dealt with. An alert's state (待核实, overdue, …) is not stored: it follows
-- from its answer and the clock (mingchu_types::watch::AlertFacts).

-- A unit's sensors. The gateway's token is kept only as its SHA-256 hash; NULL means revoked. `source_id`
-- is the supervision platform's own id for a sensor it sent (unique within the unit), NULL for one added
-- with `mingchu-server sensor add`.
CREATE TABLE sensors (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('refrigerator', 'freezer', 'sample_refrigerator', 'disinfection_cabinet', 'cold_dish_room')),
    name        TEXT NOT NULL,
    token_hash  TEXT,
    source_id   TEXT,
    created_ms  INTEGER NOT NULL,       -- UTC ms, the server's clock
    UNIQUE (unit_id, source_id)
);
CREATE INDEX sensors_by_unit ON sensors (unit_id);

-- Every reading, by the gateway's time (a backlog comes late and out of order): a repeat of a time is
-- the same reading and changes nothing.
CREATE TABLE sensor_readings (
    sensor_id  INTEGER NOT NULL REFERENCES sensors(id) ON DELETE CASCADE,
    at_ms      INTEGER NOT NULL,
    tenths     INTEGER NOT NULL,        -- tenths of °C
    PRIMARY KEY (sensor_id, at_ms)
);

-- Alerts, from a camera's box (with its snapshot, kept in the media store as snapshots/<id>.jpg and shown
-- only to the unit's owner and its regulators) or a sensor out of range. Sightings of the same camera and
-- category within the duplicate window are folded into one (`last_ms`, `sightings`); a sensor's excursion
-- is one alert whatever order its readings came in.
CREATE TABLE alerts (
    id                 TEXT PRIMARY KEY,                 -- 'AL…'
    unit_id            INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    camera_id          INTEGER REFERENCES cameras(id) ON DELETE SET NULL,
    sensor_id          INTEGER REFERENCES sensors(id) ON DELETE SET NULL,
    category           TEXT NOT NULL,
    confidence_percent INTEGER,
    at_ms              INTEGER NOT NULL,                 -- the sighting, or the excursion's start
    raised_ms          INTEGER NOT NULL,                 -- the server's clock: the deadline runs from here
    last_ms            INTEGER NOT NULL,
    sightings          INTEGER NOT NULL,
    worst_tenths       INTEGER,
    snapshot           INTEGER NOT NULL CHECK (snapshot IN (0, 1)),
    verdict            TEXT CHECK (verdict IN ('confirmed', 'false_alarm')),
    note               TEXT,                             -- may name staff: never public
    photo_id           TEXT REFERENCES photos(id),
    answered_ms        INTEGER,
    overrule_note      TEXT,
    overruled_by       TEXT,
    overruled_ms       INTEGER
);
CREATE INDEX alerts_by_unit ON alerts (unit_id, raised_ms);
CREATE INDEX alerts_by_camera ON alerts (camera_id, category, last_ms);
CREATE INDEX alerts_by_sensor ON alerts (sensor_id, at_ms);
CREATE INDEX alerts_by_photo ON alerts (photo_id);
