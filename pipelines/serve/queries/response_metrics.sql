-- Response metrics of threads (METRICS.md Engagement), per bucket [bucket_start, bucket_end)
-- (buckets.py: the whole period, or its months for the KPI history), all within
-- [$range_start, $range_end).
-- Threads counted: started by a member in scope (human only unless bots and staff are
-- included), on the chosen platforms and channels. Responses: see the threads view (whose
-- table, thread_rows, is read here: no text needed).
--   response rate:          threads started in the bucket with >= 1 response / threads started
--   time to first response: median and 90th percentile (linear interpolation) of first response
--                           - start, over threads started in the bucket that got a response
--   unanswered threads:     threads started in the bucket with no response, older than 24 hours
--                           at the newest loaded data point
--   community answer share: among threads whose first response is in the bucket, the share
--                           whose first responder is not staff
-- The newest loaded data point rides on the buckets' days (a few hundred rows at most) rather
-- than being joined to every thread.
WITH buckets AS (
    SELECT unnest($labels) AS bucket, unnest($starts) AS bucket_start, unnest($ends) AS bucket_end
),
days AS (
    SELECT d.bucket, d.day, n.newest_at
    FROM bucket_days($labels, $starts, $ends, $tz) AS d
    CROSS JOIN (SELECT max(occurred_at) AS newest_at FROM source_activities) AS n
),
counted AS (
    SELECT t.started_at, t.first_response_at, t.first_responder_is_staff
    FROM thread_rows AS t
    WHERE ($include_non_humans OR t.starter_is_human) AND wanted($platforms, t.platform) AND wanted($channels, t.channel)
      AND (t.started_at >= $range_start AND t.started_at < $range_end
           OR t.first_response_at >= $range_start AND t.first_response_at < $range_end)
),
started AS (
    SELECT b.bucket,
           count(*) AS threads_started,
           count(c.first_response_at) AS threads_answered,
           count(c.first_response_at) / nullif(count(*), 0) AS response_rate,
           quantile_cont(epoch(c.first_response_at - c.started_at) / 3600.0, 0.5) AS median_hours_to_first_response,
           quantile_cont(epoch(c.first_response_at - c.started_at) / 3600.0, 0.9) AS p90_hours_to_first_response,
           count(*) FILTER (WHERE c.first_response_at IS NULL AND c.started_at < b.newest_at - INTERVAL 24 HOUR)
               AS unanswered_threads
    FROM days AS b
    JOIN counted AS c ON local_day($tz, c.started_at) = b.day
    GROUP BY b.bucket
),
first_answered AS (
    SELECT b.bucket,
           count(*) AS threads_first_answered,
           count(*) FILTER (WHERE NOT c.first_responder_is_staff) / nullif(count(*), 0) AS community_answer_share
    FROM days AS b
    JOIN counted AS c ON local_day($tz, c.first_response_at) = b.day
    GROUP BY b.bucket
)
SELECT b.bucket,
       coalesce(s.threads_started, 0) AS threads_started,
       coalesce(s.threads_answered, 0) AS threads_answered,
       s.response_rate,
       s.median_hours_to_first_response,
       s.p90_hours_to_first_response,
       coalesce(s.unanswered_threads, 0) AS unanswered_threads,
       coalesce(f.threads_first_answered, 0) AS threads_first_answered,
       f.community_answer_share
FROM buckets AS b
LEFT JOIN started AS s USING (bucket)
LEFT JOIN first_answered AS f USING (bucket)
ORDER BY b.bucket_start;
