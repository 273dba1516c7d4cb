-- Reports to the regulator (一键举报) with their status trail. The reporter's name and phone are for the
-- regulator only; the follow-up secret is kept only as its SHA-256 hash.
CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    ticket          TEXT NOT NULL UNIQUE,
    secret_hash     TEXT NOT NULL,
    unit_id         INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    category        TEXT NOT NULL,
    description     TEXT NOT NULL,
    happened_at     TEXT NOT NULL,
    reporter_name   TEXT,               -- NULL: anonymous
    reporter_phone  TEXT,
    status          TEXT NOT NULL DEFAULT 'submitted',
    decision_due    TEXT NOT NULL,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX reports_by_unit ON reports (unit_id, created_at);

CREATE TABLE report_trail (
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    note       TEXT,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX report_trail_by_report ON report_trail (report_id);

CREATE TABLE report_photos (
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    photo_id   TEXT NOT NULL REFERENCES photos(id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (report_id, position)
);

-- Every state-changing POST carries an Idempotency-Key: a repeat gets the first answer again, and a
-- key reused with another body is refused.
CREATE TABLE idempotency_keys (
    key           TEXT PRIMARY KEY,
    request_hash  TEXT NOT NULL,
    response      TEXT NOT NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
