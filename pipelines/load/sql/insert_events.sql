INSERT INTO source_events
SELECT n.event_id, n.platform, n.title, n.starts_at, n.ends_at, $batch_id
FROM incoming_events AS n
WHERE NOT EXISTS (SELECT 1 FROM source_events AS s WHERE s.event_id = n.event_id);
