-- Small facts about the database itself, e.g. the day the demo data set was laid out for.
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
