-- The period's texts (contributions with non-empty text under the filters) from the most
-- negative ($direction = 1) or the most positive ($direction = -1), with who wrote them, where,
-- when, and a link back to the source; ties newest first.
-- The rows are picked from the facts first; only they are then joined to their text (whose
-- table is read within the period's bounds, so other periods' row groups are skipped).
WITH picked AS (
    SELECT a.source_id, a.member_id, a.platform, a.channel, a.occurred_at, a.sentiment
    FROM activity_between($start, $end, $platforms, $channels, $include_non_humans) AS a
    WHERE a.sentiment IS NOT NULL
    ORDER BY a.sentiment * $direction, a.occurred_at DESC, a.source_id
    LIMIT $row_limit
)
SELECT p.sentiment AS polarity, sentiment_label(p.sentiment) AS label, s.text, m.display_name AS author,
       p.member_id, p.platform, p.channel, p.occurred_at, s.url
FROM picked AS p
JOIN source_activities AS s ON s.activity_id = p.source_id AND s.occurred_at >= $start AND s.occurred_at < $end
JOIN members AS m ON m.member_id = p.member_id
ORDER BY p.sentiment * $direction, p.occurred_at DESC, p.source_id;
