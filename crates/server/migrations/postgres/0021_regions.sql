-- The names of the regions units and regulators belong to (issue 17): the city (`3715`), its counties and
-- districts (`371502`) and their stations (`371502-01`), as the regulator publishes them. Pages that list
-- or sum units by region (near me, a district's figures) name them from here; a code without a row is
-- shown as its code.
CREATE TABLE regions (
    code     TEXT PRIMARY KEY,
    name_zh  TEXT NOT NULL,
    name_en  TEXT NOT NULL
);
