-- The activities behind a chart point: in [$start, $end) under the filters, of the given kinds
-- ('contribution', 'reaction', 'event'), newest first.
SELECT a.occurred_at, m.display_name AS member, a.member_id, a.platform, a.channel, a.activity_type,
       s.text, s.sentiment, s.url
FROM activity_between($start, $end, $platforms, $channels, $include_non_humans) AS a
JOIN members AS m USING (member_id)
LEFT JOIN stg_activities AS s ON s.activity_id = a.source_id
WHERE list_contains($kinds, a.activity_kind)
ORDER BY a.occurred_at DESC, a.source_id
LIMIT $row_limit;
