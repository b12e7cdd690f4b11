-- The stored identities the file names, with their row ids: found by identity_key (tables/00_core.sql;
-- a pass over integers, not over the user ids), then checked by platform and user id (keys may
-- collide). insert_identities.sql and enriched_identities.sql read them.
CREATE OR REPLACE TEMP TABLE stored_identities_named AS
SELECT rowid AS row_id, platform, platform_user_id, email, is_bot, is_staff, joined_at
FROM source_identities
WHERE identity_key IN (SELECT identity_key(platform, platform_user_id) FROM incoming_identities)
  AND (platform, platform_user_id) IN (SELECT (platform, platform_user_id) FROM incoming_identities);
