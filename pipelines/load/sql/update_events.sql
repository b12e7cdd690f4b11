-- A re-export after the event knows its start (first check-in) when the first did not.
UPDATE source_events AS s
SET starts_at = coalesce(s.starts_at, n.starts_at), ends_at = coalesce(s.ends_at, n.ends_at)
FROM incoming_events AS n
WHERE s.event_id = n.event_id AND s.batch_id <> $batch_id
  AND (s.starts_at IS NULL AND n.starts_at IS NOT NULL OR s.ends_at IS NULL AND n.ends_at IS NOT NULL);
