-- Members whose name, handle or email contains the search text (case-insensitive).
SELECT m.member_id, m.display_name, m.email, m.first_seen_at, m.platforms, m.is_bot, m.is_staff
FROM members AS m
WHERE $text = ''
   OR contains(lower(m.display_name), lower($text))
   OR m.member_id IN (
       SELECT r.member_id FROM identity_members AS r JOIN source_identities AS s USING (platform, platform_user_id)
       WHERE $text <> '' AND (contains(lower(s.handle), lower($text)) OR contains(coalesce(r.email, ''), lower($text))))
ORDER BY m.display_name, m.member_id
LIMIT $row_limit;
