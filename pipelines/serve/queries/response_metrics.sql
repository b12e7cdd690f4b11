-- Response metrics of threads (METRICS.md Engagement), for [$start, $end).
-- Threads counted: started by a member in scope (human only unless bots and staff are
-- included), on the chosen platforms and channels. Responses: see the threads view (whose
-- table, thread_rows, is read here: no text needed).
--   response rate:          threads started in the period with >= 1 response / threads started
--   time to first response: median and 90th percentile (linear interpolation) of first response
--                           - start, over threads started in the period that got a response
--   unanswered threads:     threads started in the period with no response, older than 24 hours
--                           at the newest loaded data point
--   community answer share: among threads whose first response is in the period, the share
--                           whose first responder is not staff
WITH counted AS (
    SELECT t.*
    FROM thread_rows AS t
    JOIN member_scope(NULL, $include_non_humans) AS s ON s.member_id = t.starter_id
    WHERE wanted($platforms, t.platform) AND wanted($channels, t.channel)
),
newest AS (SELECT max(occurred_at) AS at FROM source_activities),
started AS (
    SELECT * FROM counted WHERE started_at >= $start AND started_at < $end
),
answered_in_period AS (
    SELECT * FROM counted WHERE first_response_at >= $start AND first_response_at < $end
)
SELECT
    (SELECT count(*) FROM started) AS threads_started,
    (SELECT count(*) FROM started WHERE first_response_at IS NOT NULL) AS threads_answered,
    (SELECT count(*) FILTER (WHERE first_response_at IS NOT NULL) / nullif(count(*), 0) FROM started)
        AS response_rate,
    (SELECT quantile_cont(epoch(first_response_at - started_at) / 3600.0, 0.5) FROM started)
        AS median_hours_to_first_response,
    (SELECT quantile_cont(epoch(first_response_at - started_at) / 3600.0, 0.9) FROM started)
        AS p90_hours_to_first_response,
    (SELECT count(*) FROM started, newest
      WHERE first_response_at IS NULL AND started_at < newest.at - INTERVAL 24 HOUR) AS unanswered_threads,
    (SELECT count(*) FROM answered_in_period) AS threads_first_answered,
    (SELECT count(*) FILTER (WHERE NOT first_responder_is_staff) / nullif(count(*), 0) FROM answered_in_period)
        AS community_answer_share;
