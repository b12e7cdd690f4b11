CREATE OR REPLACE VIEW stg_attendance AS
SELECT
    r.event_id,
    r.platform,
    i.member_id,
    r.platform_user_id,
    r.registered_at,
    r.attended,
    r.minutes_attended,
    r.batch_id
FROM source_attendance AS r
JOIN stg_identities AS i USING (platform, platform_user_id);
