-- New activities only: the natural key decides what is already present (stored_rows_named.sql).
INSERT INTO source_activities
SELECT n.activity_id, n.platform, n.channel, n.thread_id, n.parent_id, n.platform_user_id, n.activity_type,
       n.occurred_at, n.text, NULL, n.reactions, n.replies, n.shares, n.impressions, n.engagements, n.url,
       $batch_id, lookup_key(n.activity_id), lookup_key(n.thread_id)
FROM incoming_activities AS n
WHERE NOT EXISTS (SELECT 1 FROM stored_rows_named AS s WHERE s.activity_id = n.activity_id);
