-- What the warehouse holds: for empty states and the date-preset anchor.
SELECT
    (SELECT count(*) FROM ingest_batches) AS batches,
    (SELECT count(*) FROM source_activities) AS activities,
    (SELECT min(occurred_at) FROM member_activity) AS first_activity_at,
    (SELECT max(occurred_at) FROM member_activity) AS last_activity_at,
    (SELECT list(DISTINCT platform ORDER BY platform) FROM identity_members) AS platforms;
