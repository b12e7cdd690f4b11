-- Event metrics (METRICS.md Events) per bucket [bucket_start, bucket_end) (buckets.py: the whole
-- period, or its months for the KPI history), for events that start in the bucket, counting
-- members in scope (human only unless bots and staff are included) on the chosen platforms.
-- Buckets lie within [$range_start, $range_end).
--   registrations:       registrations for those events
--   attendees:           distinct members who attended one of them
--   attendance rate:     attended registrations / registrations; no-show rate = 1 - attendance rate
--   minutes attended:    per attendee and event, the union of their sessions (from the export);
--                        shown as the total and the mean per attended registration that has minutes
--   repeat attendees:    attendees with >= 1 other attended event in the 365 days before that event
--   attendee activation: attendees with >= 1 contribution in the 30 days after an event they
--                        attended / attendees
WITH buckets AS (
    SELECT unnest($labels) AS bucket, unnest($starts) AS bucket_start, unnest($ends) AS bucket_end
),
registrations AS (
    SELECT b.bucket, r.event_id, r.member_id, s.member_key, r.attended, r.minutes_attended, e.starts_at
    FROM event_attendance AS r
    JOIN events AS e USING (event_id)
    JOIN member_scope(NULL, $include_non_humans) AS s USING (member_id)
    JOIN buckets AS b ON e.starts_at >= b.bucket_start AND e.starts_at < b.bucket_end
    WHERE e.starts_at >= $range_start AND e.starts_at < $range_end AND wanted($platforms, e.platform)
),
attended AS (SELECT * FROM registrations WHERE attended),
repeat AS (
    SELECT a.bucket, count(DISTINCT a.member_id) AS repeat_attendees
    FROM attended AS a
    JOIN event_attendance AS other ON other.member_id = a.member_id AND other.event_id <> a.event_id AND other.attended
    JOIN events AS oe ON oe.event_id = other.event_id
    WHERE oe.starts_at >= a.starts_at - INTERVAL 365 DAY AND oe.starts_at < a.starts_at
    GROUP BY a.bucket
),
activated AS (
    SELECT a.bucket, count(DISTINCT a.member_id) AS activated_attendees
    FROM attended AS a
    JOIN activity_facts AS c ON c.member_key = a.member_key AND c.activity_kind = 'contribution'
    WHERE c.occurred_at > a.starts_at AND c.occurred_at <= a.starts_at + INTERVAL 30 DAY
      AND c.occurred_at > $range_start AND c.occurred_at <= $range_end + INTERVAL 30 DAY  -- (implied: reads less)
    GROUP BY a.bucket
),
per_bucket AS (
    SELECT bucket,
           count(DISTINCT event_id) AS events,
           count(*) AS registrations,
           count(DISTINCT member_id) FILTER (WHERE attended) AS attendees,
           count(*) FILTER (WHERE attended) / nullif(count(*), 0) AS attendance_rate,
           sum(minutes_attended) FILTER (WHERE attended) AS minutes_attended,
           avg(minutes_attended) FILTER (WHERE attended) AS mean_minutes_attended
    FROM registrations
    GROUP BY bucket
)
SELECT b.bucket,
       coalesce(p.events, 0) AS events,
       coalesce(p.registrations, 0) AS registrations,
       coalesce(p.attendees, 0) AS attendees,
       p.attendance_rate,
       1 - p.attendance_rate AS no_show_rate,
       p.minutes_attended,
       p.mean_minutes_attended,
       coalesce(r.repeat_attendees, 0) AS repeat_attendees,
       coalesce(v.activated_attendees, 0) AS activated_attendees,
       coalesce(v.activated_attendees, 0) / nullif(p.attendees, 0) AS attendee_activation
FROM buckets AS b
LEFT JOIN per_bucket AS p USING (bucket)
LEFT JOIN repeat AS r USING (bucket)
LEFT JOIN activated AS v USING (bucket)
ORDER BY b.bucket_start;
