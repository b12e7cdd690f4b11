-- A guest list exported again after the event knows who checked in.
UPDATE source_attendance AS s
SET attended = true, minutes_attended = coalesce(n.minutes_attended, s.minutes_attended)
FROM incoming_attendance AS n
WHERE s.event_id = n.event_id AND s.platform = n.platform AND s.platform_user_id = n.platform_user_id
  AND s.batch_id <> $batch_id AND n.attended AND NOT s.attended;
