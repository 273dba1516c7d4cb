-- 伙食费公示 and a say each term (issue 14): a school canteen's published fee and accounts per term, the
-- term's survey with its dates and the school's answer to its results, and the parents' answers. Terms
-- are stored by their key (mingchu_types::school::Term::key: '2026-autumn'), days as 'YYYY-MM-DD' (China).
-- Whether a survey is open follows from its dates and the clock, and is not stored.

-- A term's accounts as the school published them (published again, they replace the earlier ones).
CREATE TABLE school_accounts (
    unit_id          INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    term             TEXT NOT NULL,
    fee_fen          INTEGER NOT NULL,           -- 分, per pupil per day or per term
    fee_per          TEXT NOT NULL CHECK (fee_per IN ('day', 'term')),
    income_fen       INTEGER NOT NULL,
    ingredients_fen  INTEGER NOT NULL,
    staff_fen        INTEGER NOT NULL,
    other_fen        INTEGER NOT NULL,
    note             TEXT NOT NULL,              -- the school's own words (must explain a deficit)
    published_ms     INTEGER NOT NULL,           -- UTC ms, the server's clock
    PRIMARY KEY (unit_id, term)
);

-- A term's survey: its dates (both included), and the school's answer to its results once closed.
CREATE TABLE school_surveys (
    unit_id       INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    term          TEXT NOT NULL,
    opens         TEXT NOT NULL,
    closes        TEXT NOT NULL,
    set_ms        INTEGER NOT NULL,
    response      TEXT,
    responded_ms  INTEGER,
    PRIMARY KEY (unit_id, term)
);

-- Parents' answers: one per device (the random id of the signed device cookie, as ratings keep it) per
-- unit and term. `client_id` is the app's for the draft, so the same answer sent again is known. A free
-- text is screened like a review's: `hold_reason` (a HoldReason's name) set keeps it private to the school.
-- The device is never shown to anyone.
CREATE TABLE school_survey_answers (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL,
    term         TEXT NOT NULL,
    device       TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    taste        INTEGER NOT NULL,
    quantity     INTEGER NOT NULL,
    variety      INTEGER NOT NULL,
    hygiene      INTEGER NOT NULL,
    price        INTEGER NOT NULL,
    text         TEXT NOT NULL,
    hold_reason  TEXT,
    created_ms   INTEGER NOT NULL,
    UNIQUE (unit_id, term, device),
    FOREIGN KEY (unit_id, term) REFERENCES school_surveys (unit_id, term) ON DELETE CASCADE
);
