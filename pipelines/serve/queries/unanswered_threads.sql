-- The unanswered queue (METRICS.md): threads with no response from another human member in the
-- data loaded, older than 24 hours at the newest loaded data point; oldest first. Threads of
-- members in scope on the chosen platforms and channels, started before the period's end.
-- The first $row_limit threads are picked before their texts, links and authors' names are read.
WITH newest AS (SELECT max(occurred_at) AS at FROM source_activities),
picked AS (
    SELECT t.thread_id, t.started_at
    FROM thread_rows AS t
    CROSS JOIN newest
    WHERE ($include_non_humans OR t.starter_is_human) AND t.first_response_at IS NULL
      AND t.started_at < newest.at - INTERVAL 24 HOUR
      AND t.started_at >= $start AND t.started_at < $end
      AND wanted($platforms, t.platform) AND wanted($channels, t.channel)
    ORDER BY t.started_at, t.thread_id
    LIMIT $row_limit
)
SELECT t.thread_id, t.started_at, t.platform, t.channel, m.display_name AS author, t.starter_id AS member_id,
       t.text, t.url, date_diff('hour', t.started_at, newest.at) AS hours_waiting
FROM picked AS p
JOIN thread_rows AS t ON t.thread_id = p.thread_id AND t.started_at >= $start AND t.started_at < $end
JOIN members AS m ON m.member_id = t.starter_id
CROSS JOIN newest
ORDER BY t.started_at, t.thread_id;
