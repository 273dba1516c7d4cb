-- School and kindergarten canteens for parents (issue 14): the week's menu, photos of the dishes served,
-- and 陪餐 records (a responsible adult ate the pupils' meal; named by role only, never a person or a pupil).

-- A week's whole menu, replaced when the school enters it again. `week` is its Monday ('YYYY-MM-DD'),
-- `meals` the JSON list of its meals (mingchu_types' school::MenuMeal), `published_ms` when last entered.
CREATE TABLE school_menus (
    unit_id       INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    week          TEXT NOT NULL,
    meals         TEXT NOT NULL,
    published_ms  INTEGER NOT NULL,                    -- UTC ms, the server's clock
    PRIMARY KEY (unit_id, week)
);

-- A photo of a dish as served on `day` (the China day `taken_ms` falls on: a photo is never shown for
-- another day). Public, and kept from the sweep of unused photos. `client_id` is the app's, unique within
-- the unit, so an outbox's repeat changes nothing; `demo` marks the demo's generated pictures.
CREATE TABLE school_dish_photos (
    unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    client_id   TEXT NOT NULL,
    day         TEXT NOT NULL,                         -- 'YYYY-MM-DD'
    meal        TEXT NOT NULL,
    dish        TEXT NOT NULL,
    photo_id    TEXT NOT NULL REFERENCES photos(id),
    taken_ms    INTEGER NOT NULL,
    demo        INTEGER NOT NULL CHECK (demo IN (0, 1)),
    entered_ms  INTEGER NOT NULL,
    PRIMARY KEY (unit_id, client_id)
);
CREATE INDEX school_dish_photos_by_day ON school_dish_photos (unit_id, day);
CREATE INDEX school_dish_photos_by_photo ON school_dish_photos (photo_id);

-- 陪餐: who ate which meal (by role), their four scores and note. Public. `client_id` as above.
CREATE TABLE school_companions (
    unit_id      INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    client_id    TEXT NOT NULL,
    day          TEXT NOT NULL,                        -- 'YYYY-MM-DD'
    meal         TEXT NOT NULL,
    role         TEXT NOT NULL,
    taste        INTEGER NOT NULL,
    quantity     INTEGER NOT NULL,
    temperature  INTEGER NOT NULL,
    hygiene      INTEGER NOT NULL,
    note         TEXT NOT NULL,
    entered_ms   INTEGER NOT NULL,
    PRIMARY KEY (unit_id, client_id)
);
CREATE INDEX school_companions_by_day ON school_companions (unit_id, day);
