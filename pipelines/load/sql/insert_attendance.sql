INSERT INTO source_attendance
SELECT n.event_id, n.platform, n.platform_user_id, n.registered_at, n.attended, n.minutes_attended, $batch_id
FROM incoming_attendance AS n
WHERE NOT EXISTS (
    SELECT 1 FROM source_attendance AS s
    WHERE s.event_id = n.event_id AND s.platform = n.platform AND s.platform_user_id = n.platform_user_id
);
