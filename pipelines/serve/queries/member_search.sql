-- Members whose name, handle or email contains the search text (case-insensitive).
SELECT DISTINCT m.member_id, m.display_name, m.email, m.first_seen_at, m.platforms, m.is_bot, m.is_staff
FROM members AS m
JOIN identities AS i USING (member_id)
WHERE $text = ''
   OR contains(lower(m.display_name), lower($text))
   OR contains(lower(i.handle), lower($text))
   OR contains(lower(coalesce(i.email, '')), lower($text))
ORDER BY m.display_name, m.member_id
LIMIT $row_limit;
