-- Diners' private messages to a unit's owner (直通老板). Never shown on any public page. The call-back
-- number is for the owner only and is in no answer to anyone else; the follow-up secret is kept only as
-- its SHA-256 hash. The owner's side (read, reply) fills in the last three columns.
CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    ticket          TEXT NOT NULL UNIQUE,
    secret_hash     TEXT NOT NULL,
    unit_id         INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    text            TEXT NOT NULL,
    callback_phone  TEXT,               -- NULL: no call-back wanted
    status          TEXT NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'read', 'replied')),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    read_at         TEXT,
    reply_text      TEXT,
    replied_at      TEXT
);
-- The owner's inbox: a unit's messages, newest first, and those not yet read.
CREATE INDEX messages_by_unit ON messages (unit_id, created_at);
CREATE INDEX messages_by_unit_status ON messages (unit_id, status);

CREATE TABLE message_photos (
    message_id  INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    photo_id    TEXT NOT NULL REFERENCES photos(id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (message_id, position)
);
