-- School and kindergarten canteens for parents (as SQLite's 0018): the week's menu, photos of the dishes
-- served, and 陪餐 records. Read SQLite's file for what each column means.

CREATE TABLE school_menus (
    unit_id       BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    week          TEXT NOT NULL,
    meals         TEXT NOT NULL,
    published_ms  BIGINT NOT NULL,
    PRIMARY KEY (unit_id, week)
);

CREATE TABLE school_dish_photos (
    unit_id     BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    client_id   TEXT NOT NULL,
    day         TEXT NOT NULL,
    meal        TEXT NOT NULL,
    dish        TEXT NOT NULL,
    photo_id    TEXT NOT NULL REFERENCES photos(id),
    taken_ms    BIGINT NOT NULL,
    demo        BOOLEAN NOT NULL,
    entered_ms  BIGINT NOT NULL,
    PRIMARY KEY (unit_id, client_id)
);
CREATE INDEX school_dish_photos_by_day ON school_dish_photos (unit_id, day);
CREATE INDEX school_dish_photos_by_photo ON school_dish_photos (photo_id);

CREATE TABLE school_companions (
    unit_id      BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    client_id    TEXT NOT NULL,
    day          TEXT NOT NULL,
    meal         TEXT NOT NULL,
    role         TEXT NOT NULL,
    taste        BIGINT NOT NULL,
    quantity     BIGINT NOT NULL,
    temperature  BIGINT NOT NULL,
    hygiene      BIGINT NOT NULL,
    note         TEXT NOT NULL,
    entered_ms   BIGINT NOT NULL,
    PRIMARY KEY (unit_id, client_id)
);
CREATE INDEX school_companions_by_day ON school_companions (unit_id, day);
