-- The other side of the loop: owners and regulators sign in; regulators moderate reviews.
-- Secrets (access codes, passwords, session tokens) are kept only as hashes: access codes and passwords
-- as Argon2id PHC strings, session tokens (32 random bytes) as SHA-256 hex.

-- One access code per unit, issued and reset by `mingchu-server owner-code`.
CREATE TABLE owner_access (
    unit_id       INTEGER PRIMARY KEY REFERENCES units(id) ON DELETE CASCADE,
    code_hash     TEXT NOT NULL,
    failures      INTEGER NOT NULL DEFAULT 0,   -- wrong codes in a row
    locked_until  INTEGER NOT NULL DEFAULT 0,   -- UTC ms; no sign-in before
    issued_at     INTEGER NOT NULL
);

-- Regulators' accounts (`mingchu-server regulator add`), each scoped to a region at its level:
-- city '3715', county '371502', station '371502-01'.
CREATE TABLE regulators (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    level          TEXT NOT NULL CHECK (level IN ('city', 'county', 'station')),
    region         TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    failures       INTEGER NOT NULL DEFAULT 0,
    locked_until   INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
);

-- Signed-in browsers: exactly one of owner_unit_id and regulator_id.
CREATE TABLE sessions (
    token_hash     TEXT PRIMARY KEY,
    owner_unit_id  INTEGER REFERENCES units(id) ON DELETE CASCADE,
    regulator_id   INTEGER REFERENCES regulators(id) ON DELETE CASCADE,
    csrf           TEXT NOT NULL,
    expires_at     INTEGER NOT NULL,            -- UTC ms
    CHECK ((owner_unit_id IS NULL) <> (regulator_id IS NULL))
);

-- Moderation: a hidden review keeps its row (and its author sees why); `state` stays what it was.
ALTER TABLE reviews ADD COLUMN hidden_reason TEXT;
ALTER TABLE reviews ADD COLUMN moderated_at TEXT;
CREATE INDEX reviews_held ON reviews (state, hidden_reason);
CREATE INDEX units_by_region ON units (region);
CREATE INDEX reports_by_status ON reports (status, decision_due);
