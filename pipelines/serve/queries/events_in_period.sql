-- Events that start in [$start, $end) with their registrations and attendance (same counting
-- rules as event_metrics.sql): the rows behind the event charts.
SELECT e.event_id, e.title, e.platform, e.starts_at,
       count(r.member_id) AS registrations,
       count(r.member_id) FILTER (WHERE r.attended) AS attended,
       count(r.member_id) FILTER (WHERE r.attended) / nullif(count(r.member_id), 0) AS attendance_rate,
       sum(r.minutes_attended) AS minutes_attended
FROM events AS e
LEFT JOIN (
    SELECT ea.* FROM event_attendance AS ea JOIN member_scope(NULL, $include_non_humans) USING (member_id)
) AS r USING (event_id)
WHERE e.starts_at >= $start AND e.starts_at < $end AND wanted($platforms, e.platform)
GROUP BY ALL
ORDER BY e.starts_at, e.event_id;
