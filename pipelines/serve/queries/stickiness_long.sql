-- DAU/MAU stickiness (METRICS.md, Discourse's definition): for each day d of the period,
-- DAU(d) = active members on d, MAU(d) = active members in [d-29, d]; stickiness is the mean
-- of DAU(d)/MAU(d) over the period's days (days with MAU = 0 have no ratio and are skipped).
-- Days are calendar days in the reporting time zone ($tz); $labels are the period's days.
-- For periods longer than stickiness.sql's day masks hold (growth.py picks).
-- A member is in MAU(d) when active on some day of d-29..d: each active day covers itself and
-- the 29 days after it, up to the member's next active day. A member's covers do not overlap, so
-- MAU(d) is the number of covers open on d: covers opened up to d minus covers closed up to d,
-- a running sum over days rather than a day-by-member grid.
WITH active_days AS (
    SELECT DISTINCT a.member_key, local_day($tz, a.occurred_at) AS day
    FROM activity_between($lookback_start, $range_end, $platforms, $channels, $include_non_humans) AS a
),
covers AS (
    SELECT day AS opens, least(day + 30, coalesce(lead(day) OVER (PARTITION BY member_key ORDER BY day), day + 30))
           AS closes  -- the first day not covered
    FROM active_days
),
changes AS (
    SELECT opens AS day, count(*) AS change FROM covers GROUP BY opens
    UNION ALL
    SELECT closes AS day, -count(*) AS change FROM covers GROUP BY closes
),
open_covers AS (
    SELECT day, sum(sum(change)) OVER (ORDER BY day ROWS UNBOUNDED PRECEDING) AS covers
    FROM changes
    GROUP BY day
),
days AS (SELECT day_number(unnest($labels)::DATE) AS day),
dau AS (SELECT day, count(*) AS dau FROM active_days GROUP BY day),
mau AS (
    SELECT d.day, coalesce(o.covers, 0)::BIGINT AS mau
    FROM days AS d
    ASOF LEFT JOIN open_covers AS o ON d.day >= o.day
),
per_day AS (
    SELECT d.day, coalesce(u.dau, 0) AS dau, m.mau
    FROM days AS d JOIN mau AS m USING (day) LEFT JOIN dau AS u USING (day)
)
SELECT day_of_number(day) AS day, dau, mau, ratio, avg(ratio) OVER () AS stickiness
FROM (SELECT day, dau, mau, CASE WHEN mau > 0 THEN dau / mau END AS ratio FROM per_day)
ORDER BY day;
