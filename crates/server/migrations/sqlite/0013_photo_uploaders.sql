-- The device (the signed `mc_device` cookie's id) that uploaded a photo: a photo not (or no longer)
-- public is still shown to it, e.g. under its author's hidden review or on a report's follow-up page.
-- NULL for photos uploaded before.
ALTER TABLE photos ADD COLUMN device TEXT;
