-- A member's activities, newest first, with what they said and where.
SELECT a.occurred_at, a.platform, a.channel, a.activity_type, a.text, a.sentiment,
       sentiment_label(a.sentiment) AS sentiment_label, a.thread_id, a.url
FROM stg_activities AS a
WHERE a.member_id = $member_id
ORDER BY a.occurred_at DESC, a.activity_id
LIMIT $row_limit;
