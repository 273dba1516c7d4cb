-- 今日后厨 (as SQLite's 0016): the kitchen's own daily records, appended and never changed or deleted; a
-- correction is a new version of the same record. Read SQLite's file for what each column means.

ALTER TABLE units ADD COLUMN kitchen_stamp BIGINT NOT NULL DEFAULT 0;

CREATE TABLE kitchen_staff (
    unit_id           BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    id                TEXT NOT NULL,
    name              TEXT NOT NULL,
    post              TEXT NOT NULL,
    cert_number       TEXT NOT NULL,
    cert_issued       TEXT NOT NULL,
    cert_valid_until  TEXT NOT NULL,
    active            BOOLEAN NOT NULL,
    updated_ms        BIGINT NOT NULL,
    PRIMARY KEY (unit_id, id)
);

CREATE TABLE kitchen_certificates (
    unit_id      BIGINT NOT NULL,
    staff_id     TEXT NOT NULL,
    number       TEXT NOT NULL,
    issued       TEXT NOT NULL,
    valid_until  TEXT NOT NULL,
    PRIMARY KEY (unit_id, staff_id, number, issued),
    FOREIGN KEY (unit_id, staff_id) REFERENCES kitchen_staff (unit_id, id) ON DELETE CASCADE
);

CREATE TABLE kitchen_records (
    id                TEXT NOT NULL,
    version           BIGINT NOT NULL CHECK (version >= 1),
    unit_id           BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    kind              TEXT NOT NULL,
    day               TEXT NOT NULL,
    at_ms             BIGINT NOT NULL,
    entered_ms        BIGINT NOT NULL,
    device            TEXT,
    device_record_id  TEXT,
    body              TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE INDEX kitchen_records_by_day ON kitchen_records (unit_id, day, kind);
CREATE INDEX kitchen_records_by_device ON kitchen_records (unit_id, device_record_id);

CREATE TABLE kitchen_record_photos (
    record_id  TEXT NOT NULL,
    version    BIGINT NOT NULL,
    photo_id   TEXT NOT NULL REFERENCES photos(id),
    public     BOOLEAN NOT NULL,
    PRIMARY KEY (record_id, version, photo_id),
    FOREIGN KEY (record_id, version) REFERENCES kitchen_records (id, version) ON DELETE CASCADE
);
CREATE INDEX kitchen_record_photos_by_photo ON kitchen_record_photos (photo_id);
