-- DAU/MAU stickiness (METRICS.md, Discourse's definition): for each day d of the period,
-- DAU(d) = active members on d, MAU(d) = active members in [d-29, d]; stickiness is the mean
-- of DAU(d)/MAU(d) over the period's days (days with MAU = 0 have no ratio and are skipped).
-- Days are calendar days in the reporting time zone ($tz); $labels are the period's days and
-- $lookback_day the 29th day before the first. Each member's active days of that span are the
-- bits of one 128-bit number (day i = bit i), so a day's DAU and MAU are bit tests, member by
-- member, with no day-by-activity grid. Periods of up to 98 days (growth.py; longer ones:
-- stickiness_long.sql).
WITH active_days AS (
    SELECT DISTINCT a.member_key, local_day($tz, a.occurred_at) - day_number($lookback_day::DATE) AS bit
    FROM activity_between($lookback_start, $range_end, $platforms, $channels, $include_non_humans) AS a
),
masks AS (
    SELECT member_key, bit_or((1::HUGEINT) << bit) AS days FROM active_days GROUP BY member_key
),
period_days AS (
    SELECT day, date_diff('day', $lookback_day, day) AS bit
    FROM (SELECT unnest($labels)::DATE AS day)
),
per_day AS (
    SELECT d.day,
           count(m.member_key) FILTER (WHERE m.days & ((1::HUGEINT) << d.bit) <> 0) AS dau,
           count(m.member_key) FILTER (WHERE m.days & ((((1::HUGEINT) << 30) - 1) << (d.bit - 29)) <> 0) AS mau
    FROM period_days AS d
    LEFT JOIN masks AS m ON TRUE
    GROUP BY d.day
)
SELECT day, dau, mau, ratio, avg(ratio) OVER () AS stickiness
FROM (SELECT day, dau, mau, CASE WHEN mau > 0 THEN dau / mau END AS ratio FROM per_day)
ORDER BY day;
