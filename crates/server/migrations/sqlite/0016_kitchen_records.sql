-- 今日后厨: the kitchen's own daily records (the plan's standard 2), kept by the unit itself or by its
-- devices through the supervision platform, never checked by the regulator when written. Records are
-- appended, never changed or deleted: a correction is a new version of the same record.

-- What the unit's kitchen records and roster were when last written: a random value each write of either
-- sets (0 before any), read with the unit's row, so a server may keep today's card until it changes.
ALTER TABLE units ADD COLUMN kitchen_stamp INTEGER NOT NULL DEFAULT 0;

-- The roster (从业人员): private to the unit's owner and its regulators; the public sees a masked name
-- and post only. `id` is the server's ('ST…') for staff the owner adds, or the supervision platform's own
-- for staff it sends, which its devices' records name; unique within the unit.
CREATE TABLE kitchen_staff (
    unit_id           INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    id                TEXT NOT NULL,
    name              TEXT NOT NULL,
    post              TEXT NOT NULL,
    cert_number       TEXT NOT NULL,
    cert_issued       TEXT NOT NULL,                     -- 'YYYY-MM-DD'
    cert_valid_until  TEXT NOT NULL,                     -- 'YYYY-MM-DD'
    active            INTEGER NOT NULL CHECK (active IN (0, 1)),
    updated_ms        INTEGER NOT NULL,                  -- UTC ms, the server's clock
    PRIMARY KEY (unit_id, id)
);

-- Every health certificate each person held (the one on the roster row included), so a record is judged
-- by the certificate valid on its day: renewing one does not change how older checks read. A certificate
-- is its number and issue date; sending it again with another end date corrects that date.
CREATE TABLE kitchen_certificates (
    unit_id      INTEGER NOT NULL,
    staff_id     TEXT NOT NULL,
    number       TEXT NOT NULL,
    issued       TEXT NOT NULL,                          -- 'YYYY-MM-DD'
    valid_until  TEXT NOT NULL,                          -- 'YYYY-MM-DD'
    PRIMARY KEY (unit_id, staff_id, number, issued),
    FOREIGN KEY (unit_id, staff_id) REFERENCES kitchen_staff (unit_id, id) ON DELETE CASCADE
);

-- Every version of every record: (id, 1) is the original, each correction the next version. `day` is
-- the China day `at_ms` falls on (a day's records are read by it); `device` is NULL for a record a person
-- entered, else the device's name; `device_record_id` the device's own id for the record, which makes a
-- platform's repeat a no-op. `body` is the record's JSON (mingchu_types' RecordBody).
CREATE TABLE kitchen_records (
    id                TEXT NOT NULL,
    version           INTEGER NOT NULL CHECK (version >= 1),
    unit_id           INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    kind              TEXT NOT NULL,
    day               TEXT NOT NULL,
    at_ms             INTEGER NOT NULL,
    entered_ms        INTEGER NOT NULL,
    device            TEXT,
    device_record_id  TEXT,
    body              TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE INDEX kitchen_records_by_day ON kitchen_records (unit_id, day, kind);
CREATE INDEX kitchen_records_by_device ON kitchen_records (unit_id, device_record_id);

-- Photos a record version shows (a meal's sealed samples, a purchase's ticket): kept from the sweep of
-- unused photos. `public` when the public record page shows it (the samples; never a ticket, which
-- carries prices).
CREATE TABLE kitchen_record_photos (
    record_id  TEXT NOT NULL,
    version    INTEGER NOT NULL,
    photo_id   TEXT NOT NULL REFERENCES photos(id),
    public     INTEGER NOT NULL CHECK (public IN (0, 1)),
    PRIMARY KEY (record_id, version, photo_id),
    FOREIGN KEY (record_id, version) REFERENCES kitchen_records (id, version) ON DELETE CASCADE
);
CREATE INDEX kitchen_record_photos_by_photo ON kitchen_record_photos (photo_id);
