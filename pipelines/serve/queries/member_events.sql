SELECT e.title, e.platform, e.starts_at, r.registered_at, r.attended, r.minutes_attended
FROM event_attendance AS r JOIN events AS e USING (event_id)
WHERE r.member_id = $member_id
ORDER BY e.starts_at DESC NULLS LAST;
