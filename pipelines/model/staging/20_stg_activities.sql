-- Activities with the member who did them.
CREATE OR REPLACE VIEW stg_activities AS
SELECT
    a.activity_id,
    a.platform,
    a.channel,
    a.thread_id,
    a.parent_id,
    i.member_id,
    a.platform_user_id,
    a.activity_type,
    a.occurred_at,
    a.text,
    a.sentiment,
    a.reactions,
    a.replies,
    a.shares,
    a.impressions,
    a.engagements,
    a.url,
    a.batch_id,
    a.activity_type IN ('thread', 'reply', 'message', 'comment', 'post') AS is_contribution
FROM source_activities AS a
JOIN stg_identities AS i USING (platform, platform_user_id);
