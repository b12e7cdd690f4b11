-- Members in scope first seen in [$start, $end): the rows behind "new members".
SELECT m.member_id, m.display_name, m.email, m.first_seen_at, m.platforms
FROM members AS m
JOIN member_scope($platforms, $include_non_humans) USING (member_id)
WHERE m.first_seen_at >= $start AND m.first_seen_at < $end
ORDER BY m.first_seen_at, m.member_id
LIMIT $row_limit;
