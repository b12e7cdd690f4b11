-- The identities enriched_identities.sql found, updated by row id.
UPDATE source_identities AS t
SET email = e.email, joined_at = e.joined_at, is_bot = e.is_bot, is_staff = e.is_staff
FROM enriched_identities AS e
WHERE t.rowid = e.row_id;
