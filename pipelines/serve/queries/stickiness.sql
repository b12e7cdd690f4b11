-- DAU/MAU stickiness (METRICS.md, Discourse's definition): for each day d of the period,
-- DAU(d) = active members on d, MAU(d) = active members in [d-29, d]; stickiness is the mean
-- of DAU(d)/MAU(d) over the period's days (days with MAU = 0 have no ratio and are skipped).
-- Days are calendar days in the reporting time zone, given with their bounds and the start
-- of their 30-day window.
WITH days AS (
    SELECT unnest($labels) AS day, unnest($starts) AS day_start, unnest($ends) AS day_end,
           unnest($window_starts) AS window_start
),
activity AS (
    SELECT DISTINCT a.member_id, a.occurred_at
    FROM activity_between($lookback_start, $range_end, $platforms, $channels, $include_non_humans) AS a
),
per_day AS (
    SELECT d.day,
           count(DISTINCT a.member_id) FILTER (WHERE a.occurred_at >= d.day_start) AS dau,
           count(DISTINCT a.member_id) AS mau
    FROM days AS d
    LEFT JOIN activity AS a ON a.occurred_at >= d.window_start AND a.occurred_at < d.day_end
    GROUP BY d.day
)
SELECT day, dau, mau, ratio, avg(ratio) OVER () AS stickiness
FROM (SELECT day, dau, mau, CASE WHEN mau > 0 THEN dau / mau END AS ratio FROM per_day)
ORDER BY day;
