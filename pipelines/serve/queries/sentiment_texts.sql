-- The period's texts (contributions with non-empty text under the filters) from the most
-- negative ($direction = 1) or the most positive ($direction = -1), with who wrote them, where,
-- when, and a link back to the source; ties newest first.
SELECT s.sentiment AS polarity, sentiment_label(s.sentiment) AS label, s.text, m.display_name AS author,
       a.member_id, a.platform, a.channel, a.occurred_at, s.url
FROM activity_between($start, $end, $platforms, $channels, $include_non_humans) AS a
JOIN stg_activities AS s ON s.activity_id = a.source_id
JOIN members AS m ON m.member_id = a.member_id
WHERE a.sentiment IS NOT NULL
ORDER BY a.sentiment * $direction, a.occurred_at DESC, a.source_id
LIMIT $row_limit;
