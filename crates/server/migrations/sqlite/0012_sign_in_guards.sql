-- Sign-in guesses are counted by the name typed (a unit code or a user name, whether or not it is an
-- account, so that unknown names are counted exactly like real ones) and, for lock-outs, by the client's
-- network: a stranger who knows a unit code (it is printed on the door) locks out only themselves.
-- Times are UTC ms.

-- Wrong guesses in a row at a name from one client network (an IPv4 address or an IPv6 /64).
CREATE TABLE sign_in_failures (
    kind          TEXT NOT NULL CHECK (kind IN ('owner', 'regulator')),
    name          TEXT NOT NULL,
    client        TEXT NOT NULL,
    failures      BIGINT NOT NULL,
    locked_until  BIGINT NOT NULL,   -- no attempt from this client before
    last_at       BIGINT NOT NULL,   -- forgotten a day after the last guess
    PRIMARY KEY (kind, name, client)
);
CREATE INDEX sign_in_failures_by_age ON sign_in_failures (last_at);

-- Attempts at a name from devices that never signed in to it, from anywhere: a few at once, then one
-- per interval (a generic cell rate: `next_at` is when the bucket is empty again; a row whose `next_at`
-- has passed is the same as none).
CREATE TABLE sign_in_slowdown (
    kind     TEXT NOT NULL CHECK (kind IN ('owner', 'regulator')),
    name     TEXT NOT NULL,
    next_at  BIGINT NOT NULL,
    PRIMARY KEY (kind, name)
);
CREATE INDEX sign_in_slowdown_by_time ON sign_in_slowdown (next_at);

-- The per-account lock-out these replace.
ALTER TABLE owner_access DROP COLUMN failures;
ALTER TABLE owner_access DROP COLUMN locked_until;
ALTER TABLE regulators DROP COLUMN failures;
ALTER TABLE regulators DROP COLUMN locked_until;
