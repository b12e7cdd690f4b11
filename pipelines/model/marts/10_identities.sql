-- Public: one row per platform identity, with the member it belongs to.
CREATE OR REPLACE VIEW identities AS
SELECT member_id, platform, platform_user_id, handle, email, display_name, is_bot, is_staff, joined_at, batch_id
FROM stg_identities;
