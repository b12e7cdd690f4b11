-- One row per platform identity with its flags resolved and its member key.
-- Identity resolution (METRICS.md): identities sharing an email are one member.
-- member_id is derived from the email (or, without one, the identity itself), so it
-- stays stable as more files are loaded.
CREATE OR REPLACE VIEW stg_identities AS
SELECT
    'm_' || substr(md5(coalesce('email:' || lower(trim(i.email)), i.platform || ':' || i.platform_user_id)), 1, 16)
        AS member_id,
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
LEFT JOIN identity_flags AS f USING (platform, platform_user_id);
