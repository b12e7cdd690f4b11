-- Every activity of a member in one stream (METRICS.md "activity"): a contribution,
-- a reaction given, or an event attended (dated at the event's start).
-- sentiment is set for contributions that have text (the "period's texts").
-- Read from the derived tables activity_facts and event_facts (tables/50_derived.sql).
CREATE OR REPLACE VIEW member_activity AS
SELECT member_id, platform, channel, occurred_at, activity_kind, activity_type, source_id, sentiment
FROM activity_facts
UNION ALL
SELECT member_id, platform, NULL AS channel, occurred_at, 'event' AS activity_kind, 'event_attended' AS activity_type,
       source_id, NULL AS sentiment
FROM event_facts;
