-- Cameras from the supervision platform carry the platform's own key for them, unique within their unit,
-- so a repeat import updates the same camera (same id, same token) instead of adding another. NULL for
-- cameras added by the `camera` command (imports never touch those) and for cameras an import withdrew.
-- The platform's bearer token is kept, as its SHA-256, in `meta` under `platform_token_sha256`.
ALTER TABLE cameras ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX cameras_by_import_key ON cameras (unit_id, import_key) WHERE import_key IS NOT NULL;
