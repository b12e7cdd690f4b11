-- One event's registrations: who registered, attended, for how long, and whether they
-- contributed in the 30 days after (attendee activation).
SELECT m.member_id, m.display_name, m.email, r.registered_at, r.attended, r.minutes_attended,
       EXISTS (
           SELECT 1 FROM activity_facts AS c
           WHERE c.member_id = r.member_id AND c.activity_kind = 'contribution'
             AND c.occurred_at > e.starts_at AND c.occurred_at <= e.starts_at + INTERVAL 30 DAY
       ) AND r.attended AS contributed_within_30_days
FROM event_attendance AS r
JOIN events AS e USING (event_id)
JOIN members AS m USING (member_id)
JOIN member_scope(NULL, $include_non_humans) USING (member_id)
WHERE r.event_id = $event_id
ORDER BY r.attended DESC, m.display_name;
