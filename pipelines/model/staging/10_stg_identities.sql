-- One row per platform identity with its flags resolved and its member.
-- member_id derives from the identity group's key (see tables/10_identity_resolution.sql), so it
-- stays stable as files are loaded, and follows merges and unmerges. identity_members holds it,
-- with the flags as resolved, since the last write (load/derived.py).
CREATE OR REPLACE VIEW stg_identities AS
SELECT
    r.member_id,
    i.platform,
    i.platform_user_id,
    i.handle,
    i.display_name,
    r.email,
    r.is_bot,
    r.is_staff,
    i.joined_at,
    i.batch_id
FROM source_identities AS i
JOIN identity_members AS r USING (platform, platform_user_id);
