-- Event metrics (METRICS.md Events) for events that start in [$start, $end), counting members
-- in scope (human only unless bots and staff are included) on the chosen platforms.
--   registrations:       registrations for those events
--   attendees:           distinct members who attended one of them
--   attendance rate:     attended registrations / registrations; no-show rate = 1 - attendance rate
--   minutes attended:    per attendee and event, the union of their sessions (from the export);
--                        shown as the total and the mean per attended registration that has minutes
--   repeat attendees:    attendees with >= 1 other attended event in the 365 days before that event
--   attendee activation: attendees with >= 1 contribution in the 30 days after an event they
--                        attended / attendees
WITH registrations AS (
    SELECT r.event_id, r.member_id, r.attended, r.minutes_attended, e.starts_at
    FROM event_attendance AS r
    JOIN events AS e USING (event_id)
    JOIN member_scope(NULL, $include_non_humans) USING (member_id)
    WHERE e.starts_at >= $start AND e.starts_at < $end AND wanted($platforms, e.platform)
),
attended AS (SELECT * FROM registrations WHERE attended),
repeat AS (
    SELECT DISTINCT a.member_id
    FROM attended AS a
    JOIN event_attendance AS other ON other.member_id = a.member_id AND other.event_id <> a.event_id AND other.attended
    JOIN events AS oe ON oe.event_id = other.event_id
    WHERE oe.starts_at >= a.starts_at - INTERVAL 365 DAY AND oe.starts_at < a.starts_at
),
activated AS (
    SELECT DISTINCT a.member_id
    FROM attended AS a
    JOIN activity_facts AS c ON c.member_id = a.member_id AND c.activity_kind = 'contribution'
    WHERE c.occurred_at > a.starts_at AND c.occurred_at <= a.starts_at + INTERVAL 30 DAY
      AND c.occurred_at > $start AND c.occurred_at <= $end + INTERVAL 30 DAY  -- (implied: reads less)
)
SELECT
    (SELECT count(DISTINCT event_id) FROM registrations) AS events,
    (SELECT count(*) FROM registrations) AS registrations,
    (SELECT count(DISTINCT member_id) FROM attended) AS attendees,
    (SELECT count(*) FILTER (WHERE attended) / nullif(count(*), 0) FROM registrations) AS attendance_rate,
    (SELECT 1 - count(*) FILTER (WHERE attended) / nullif(count(*), 0) FROM registrations) AS no_show_rate,
    (SELECT sum(minutes_attended) FROM attended) AS minutes_attended,
    (SELECT avg(minutes_attended) FROM attended) AS mean_minutes_attended,
    (SELECT count(*) FROM repeat) AS repeat_attendees,
    (SELECT count(*) FROM activated) AS activated_attendees,
    (SELECT count(*) FROM activated) / nullif((SELECT count(DISTINCT member_id) FROM attended), 0)
        AS attendee_activation;
