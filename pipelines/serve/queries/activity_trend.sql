-- Contributions, active members and mean sentiment per day/week/month of [$start, $end),
-- bucketed in the reporting time zone $tz. Same definitions as headline_metrics.sql.
WITH people AS (
    SELECT member_id FROM member_kinds WHERE $include_non_humans OR is_human
)
SELECT date_trunc($grain, timezone($tz, a.occurred_at))::DATE AS bucket,
       count(*) FILTER (WHERE a.activity_kind = 'contribution') AS contributions,
       count(DISTINCT a.member_id) AS active_members,
       avg(a.sentiment) AS mean_sentiment
FROM member_activity AS a
WHERE a.occurred_at >= $start AND a.occurred_at < $end
  AND ($platforms IS NULL OR list_contains($platforms, a.platform))
  AND a.member_id IN (SELECT member_id FROM people)
GROUP BY bucket
ORDER BY bucket;
