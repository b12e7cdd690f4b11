-- Every activity of a member in one stream (METRICS.md "activity"): a contribution,
-- a reaction given, or an event attended (dated at the event's start).
-- sentiment is set for contributions that have text (the "period's texts").
CREATE OR REPLACE VIEW member_activity AS
SELECT member_id, platform, channel, occurred_at,
       CASE WHEN is_contribution THEN 'contribution' ELSE 'reaction' END AS activity_kind,
       activity_type, activity_id AS source_id,
       CASE WHEN is_contribution AND text IS NOT NULL AND text <> '' THEN sentiment END AS sentiment
FROM stg_activities
UNION ALL
SELECT r.member_id, r.platform, NULL AS channel, e.starts_at AS occurred_at,
       'event' AS activity_kind, 'event_attended' AS activity_type, r.event_id AS source_id,
       NULL AS sentiment
FROM stg_attendance AS r
JOIN source_events AS e USING (event_id)
WHERE r.attended AND e.starts_at IS NOT NULL;
