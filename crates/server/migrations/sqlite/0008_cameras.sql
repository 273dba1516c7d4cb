-- Kitchen cameras (明厨亮灶): what each looks at and how it is shown. Their frames live on disk under
-- <data>/frames/<id>/<capture ms>.jpg, not here. The gateway's token is kept only as its SHA-256 hash;
-- NULL means revoked (or never issued): the camera cannot send.
CREATE TABLE cameras (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    area        TEXT NOT NULL CHECK (area IN ('rough_prep', 'cutting', 'cooking', 'special_room', 'washing', 'portioning', 'storeroom')),
    public      INTEGER NOT NULL CHECK (public IN (0, 1)),
    delay_secs  INTEGER NOT NULL CHECK (delay_secs >= 0),
    opens       TEXT NOT NULL,          -- 'HH:MM', China time
    closes      TEXT NOT NULL,          -- 'HH:MM'; '24:00' is midnight
    token_hash  TEXT,
    created_at  INTEGER NOT NULL        -- UTC milliseconds since 1970, from the server's clock
);
CREATE INDEX cameras_by_unit ON cameras (unit_id);

-- The minutes (UTC minutes since 1970) of a camera's public hours in which it sent at least one frame:
-- its uptime. One row per minute; rows older than 8 days are pruned now and then.
CREATE TABLE camera_minutes (
    camera_id  INTEGER NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
    minute     INTEGER NOT NULL,
    PRIMARY KEY (camera_id, minute)
);
