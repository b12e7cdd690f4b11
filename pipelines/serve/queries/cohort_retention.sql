-- Cohort retention (METRICS.md): cohort = members in scope whose first-seen month (reporting
-- time zone) is c; retention(c, k) = share of the cohort with >= 1 activity in month c + k.
-- Cohorts of the first-seen months from $first_month to $last_month; k from 0 up to the
-- month of the newest activity.
WITH cohort AS (
    SELECT s.member_key, date_trunc('month', timezone($tz, m.first_seen_at))::DATE AS cohort_month
    FROM members AS m
    JOIN member_scope($platforms, $include_non_humans) AS s USING (member_id)
    WHERE m.first_seen_at IS NOT NULL
),
sizes AS (
    SELECT cohort_month, count(*) AS cohort_size FROM cohort
    WHERE cohort_month BETWEEN $first_month AND $last_month
    GROUP BY cohort_month
),
active_months AS (
    SELECT DISTINCT a.member_key, date_trunc('month', day_of_number(local_day($tz, a.occurred_at)))::DATE AS active_month
    FROM activity_between($range_start, $range_end, $platforms, $channels, $include_non_humans) AS a
),
grid AS (
    SELECT s.cohort_month, s.cohort_size, unnest(generate_series(s.cohort_month, $newest_month, INTERVAL 1 MONTH))::DATE
           AS active_month
    FROM sizes AS s
)
SELECT g.cohort_month, g.cohort_size,
       (date_diff('month', g.cohort_month, g.active_month))::INTEGER AS months_after,
       count(DISTINCT am.member_key) AS active,
       count(DISTINCT am.member_key) / g.cohort_size AS retention
FROM grid AS g
LEFT JOIN cohort AS c ON c.cohort_month = g.cohort_month
LEFT JOIN active_months AS am ON am.member_key = c.member_key AND am.active_month = g.active_month
GROUP BY g.cohort_month, g.cohort_size, g.active_month
ORDER BY g.cohort_month, months_after;
