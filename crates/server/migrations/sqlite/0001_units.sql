-- Units, their licence, official grade and inspections: what the regulator publishes.
-- Days are ISO 8601 TEXT ('2026-11-29'), so they sort and compare as text.
-- Lists (activities, inspectors, problems) are JSON TEXT: read whole, never queried inside.

CREATE TABLE grade_schemes (
    key         TEXT PRIMARY KEY,
    definition  TEXT NOT NULL            -- JSON GradeScheme: levels, labels, faces, thresholds
);

CREATE TABLE units (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    kind               TEXT NOT NULL,
    address            TEXT NOT NULL,
    phone              TEXT,
    contact            TEXT,
    lng                REAL,
    lat                REAL,
    region             TEXT NOT NULL DEFAULT '',
    updated_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE licences (
    unit_id               INTEGER PRIMARY KEY REFERENCES units(id) ON DELETE CASCADE,
    number                TEXT NOT NULL,
    operator_name         TEXT NOT NULL,
    credit_code           TEXT NOT NULL,
    legal_representative  TEXT NOT NULL,
    residence             TEXT NOT NULL,
    premises              TEXT NOT NULL,
    business_type         TEXT NOT NULL,
    activities            TEXT NOT NULL,   -- JSON array of strings
    valid_until           TEXT NOT NULL,
    hotline               TEXT NOT NULL,
    issuer                TEXT NOT NULL,
    issued_on             TEXT NOT NULL,
    supervising_office    TEXT,
    supervising_officers  TEXT,
    signer                TEXT
);

CREATE TABLE grades (
    unit_id            INTEGER PRIMARY KEY REFERENCES units(id) ON DELETE CASCADE,
    scheme_key         TEXT NOT NULL REFERENCES grade_schemes(key),
    level_key          TEXT,               -- NULL when not graded
    score              INTEGER,
    graded_on          TEXT,
    not_graded_reason  TEXT,               -- set when level_key is NULL
    not_graded_until   TEXT,
    annual_letter      TEXT,
    annual_year        INTEGER,
    CHECK ((level_key IS NULL) <> (not_graded_reason IS NULL))
);

CREATE TABLE inspections (
    id                 INTEGER PRIMARY KEY,
    unit_id            INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    date               TEXT NOT NULL,
    kind               TEXT NOT NULL,
    sheet_no           TEXT NOT NULL,
    nth_this_year      INTEGER NOT NULL,
    inspectors         TEXT NOT NULL,      -- JSON array of names
    items_checked      INTEGER NOT NULL,
    key_items_checked  INTEGER NOT NULL,
    key_problems       TEXT NOT NULL,      -- JSON array of {item_no, description}
    general_problems   TEXT NOT NULL,
    result             TEXT NOT NULL,
    outcome            TEXT NOT NULL,
    fix_deadline       TEXT,
    fix_verified_on    TEXT,
    score              INTEGER,
    notes              TEXT,
    operator_comments  TEXT,
    UNIQUE (unit_id, sheet_no)
);

-- The history is read newest first, per unit.
CREATE INDEX inspections_by_unit_date ON inspections (unit_id, date DESC, id DESC);
