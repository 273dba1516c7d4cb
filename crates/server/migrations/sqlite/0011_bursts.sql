-- Bursts of votes and reviews (crates/types/src/bursts.rs). Each vote and review keeps when it was made
-- (UTC ms, by the server's clock) and a keyed hash of the client's address, never the address itself;
-- a vote's hash is forgotten once no window needs it.
-- A vote's `status`: `counted`; `held` in a burst, out of the public counts until a regulator looks;
-- `admitted` by a regulator (counted, and never held again); `discarded` by a regulator (never counted).
ALTER TABLE ratings ADD COLUMN status TEXT NOT NULL DEFAULT 'counted' CHECK (status IN ('counted', 'held', 'admitted', 'discarded'));
ALTER TABLE ratings ADD COLUMN voted_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ratings ADD COLUMN address TEXT;
CREATE INDEX ratings_by_unit_time ON ratings (unit_id, voted_ms);
CREATE INDEX ratings_held ON ratings (status, unit_id);

ALTER TABLE reviews ADD COLUMN created_ms BIGINT;
ALTER TABLE reviews ADD COLUMN address TEXT;
CREATE INDEX reviews_by_unit_time ON reviews (unit_id, created_ms);
