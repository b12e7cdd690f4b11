-- DAU/MAU stickiness (METRICS.md, Discourse's definition): for each day d of the period,
-- DAU(d) = active members on d, MAU(d) = active members in [d-29, d]; stickiness is the mean
-- of DAU(d)/MAU(d) over the period's days (days with MAU = 0 have no ratio and are skipped).
-- Days are calendar days in the reporting time zone ($tz); $labels are the period's days.
-- For periods longer than stickiness.sql's day masks hold (growth.py picks).
-- A member is in MAU(d) when active on some day of d-29..d: each active day covers itself and the
-- 29 days after it. A member's overlapping covers are merged into runs first, so that counting
-- the runs that cover d counts members, without a day-by-member grid.
WITH active_days AS (
    SELECT DISTINCT a.member_id, timezone($tz, a.occurred_at)::DATE AS day
    FROM activity_between($lookback_start, $range_end, $platforms, $channels, $include_non_humans) AS a
),
marked AS (
    SELECT member_id, day,
           coalesce(day - lag(day) OVER (PARTITION BY member_id ORDER BY day) > 30, true)::INTEGER AS opens_run
    FROM active_days
),
runs AS (
    SELECT member_id, day, sum(opens_run) OVER (PARTITION BY member_id ORDER BY day ROWS UNBOUNDED PRECEDING) AS run
    FROM marked
),
covers AS (
    SELECT min(day) AS first_day, max(day) + 29 AS last_day FROM runs GROUP BY member_id, run
),
days AS (SELECT unnest($labels)::DATE AS day),
dau AS (SELECT day, count(*) AS dau FROM active_days GROUP BY day),
mau AS (
    SELECT d.day, count(c.first_day) AS mau
    FROM days AS d
    LEFT JOIN covers AS c ON c.first_day <= d.day AND d.day <= c.last_day
    GROUP BY d.day
),
per_day AS (
    SELECT d.day, coalesce(u.dau, 0) AS dau, m.mau
    FROM days AS d JOIN mau AS m USING (day) LEFT JOIN dau AS u USING (day)
)
SELECT day, dau, mau, ratio, avg(ratio) OVER () AS stickiness
FROM (SELECT day, dau, mau, CASE WHEN mau > 0 THEN dau / mau END AS ratio FROM per_day)
ORDER BY day;
