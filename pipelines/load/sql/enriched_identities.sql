-- A later export may know more about a known identity: an email, an earlier join, a flag. The
-- stored identities it changes, with their new values; enrich_identities.sql writes them, and the
-- derived tables follow them (derived.note_identities).
CREATE OR REPLACE TEMP TABLE enriched_identities AS
SELECT s.row_id, s.platform, s.platform_user_id,
       coalesce(s.email, n.email) AS email,
       least(s.joined_at, n.joined_at) AS joined_at,
       s.is_bot OR n.is_bot AS is_bot,
       s.is_staff OR n.is_staff AS is_staff
FROM stored_identities_named AS s
JOIN incoming_identities AS n USING (platform, platform_user_id)
WHERE s.email IS NULL AND n.email IS NOT NULL
   OR n.joined_at < s.joined_at OR s.joined_at IS NULL AND n.joined_at IS NOT NULL
   OR n.is_bot AND NOT s.is_bot OR n.is_staff AND NOT s.is_staff;
