-- Public: events and who registered/attended (one row per member and event).
CREATE OR REPLACE VIEW events AS
SELECT event_id, platform, title, starts_at, ends_at, batch_id
FROM source_events;

CREATE OR REPLACE VIEW event_attendance AS
SELECT event_id, member_id, min(registered_at) AS registered_at, bool_or(attended) AS attended,
       sum(minutes_attended) AS minutes_attended, min(batch_id) AS batch_id
FROM stg_attendance
GROUP BY event_id, member_id;
