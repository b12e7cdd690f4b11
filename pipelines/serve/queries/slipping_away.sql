-- Slipping away (METRICS.md): members with >= 5 activities in the 90 days before the last 30,
-- and none in the last 30 days. "Last 30 days" end at the end of the selected period ($as_of).
WITH before AS (
    SELECT member_key, count(*) AS activities_before, max(occurred_at) AS last_activity_at,
           list(DISTINCT platform ORDER BY platform) AS platforms
    FROM activity_between($as_of - INTERVAL 120 DAY, $as_of - INTERVAL 30 DAY, $platforms, $channels,
                          $include_non_humans)
    GROUP BY member_key
    HAVING count(*) >= 5
),
recent AS (
    SELECT DISTINCT member_key
    FROM activity_between($as_of - INTERVAL 30 DAY, $as_of, $platforms, $channels, $include_non_humans)
)
SELECT m.member_id, m.display_name, b.activities_before, b.last_activity_at, b.platforms
FROM before AS b
JOIN member_rows AS m USING (member_key)
WHERE b.member_key NOT IN (SELECT member_key FROM recent)
ORDER BY b.activities_before DESC, b.last_activity_at DESC, m.display_name;
