-- Threads started in [$start, $end) with their first response: the rows behind the response
-- metrics (drill-down). The first $row_limit threads are picked before their text and names are
-- looked up.
WITH picked AS (
    SELECT t.*
    FROM thread_rows AS t
    WHERE ($include_non_humans OR t.starter_is_human) AND t.started_at >= $start AND t.started_at < $end
      AND wanted($platforms, t.platform) AND wanted($channels, t.channel)
    ORDER BY t.started_at, t.thread_id
    LIMIT $row_limit
)
SELECT t.thread_id, t.started_at, t.platform, t.channel, m.display_name AS author, t.starter_id AS member_id,
       t.text, t.first_response_at,
       round(epoch(t.first_response_at - t.started_at) / 3600.0, 2) AS hours_to_first_response,
       r.display_name AS first_responder, t.first_responder_is_staff, t.responses, t.url
FROM picked AS t
JOIN members AS m ON m.member_id = t.starter_id
LEFT JOIN members AS r ON r.member_id = t.first_responder_id
ORDER BY t.started_at, t.thread_id;
