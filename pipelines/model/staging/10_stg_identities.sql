-- One row per platform identity with its flags resolved and its member.
-- member_id derives from the identity group's key (see tables/10_identity_resolution.sql), so it
-- stays stable as files are loaded, and follows merges and unmerges.
CREATE OR REPLACE VIEW stg_identities AS
SELECT
    'm_' || substr(md5(coalesce(r.member_key, 'email:' || nullif(lower(trim(i.email)), ''),
                                i.platform || ':' || i.platform_user_id)), 1, 16) AS member_id,
    i.platform,
    i.platform_user_id,
    i.handle,
    i.display_name,
    nullif(lower(trim(i.email)), '') AS email,
    coalesce(f.is_bot, i.is_bot) AS is_bot,
    coalesce(f.is_staff, i.is_staff) AS is_staff,
    i.joined_at,
    i.batch_id
FROM source_identities AS i
LEFT JOIN identity_members AS r USING (platform, platform_user_id)
LEFT JOIN identity_flags AS f USING (platform, platform_user_id);
