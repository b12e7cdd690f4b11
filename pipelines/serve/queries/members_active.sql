-- Members with >= 1 activity in [$start, $end) under the filters (of the given kinds), with
-- how many: the rows behind "active members", "contributors" and "returning members".
SELECT m.member_id, m.display_name, m.first_seen_at,
       count(*) AS activities,
       count(*) FILTER (WHERE a.activity_kind = 'contribution') AS contributions,
       m.first_seen_at < $start AS returning,
       max(a.occurred_at) AS last_activity_at
FROM activity_between($start, $end, $platforms, $channels, $include_non_humans) AS a
JOIN members AS m USING (member_id)
WHERE list_contains($kinds, a.activity_kind)
GROUP BY m.member_id, m.display_name, m.first_seen_at
ORDER BY activities DESC, m.member_id
LIMIT $row_limit;
