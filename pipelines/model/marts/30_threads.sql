-- One row per thread (METRICS.md "thread"): a forum topic, or a chat message — with or without
-- replies — that is not itself a reply. Social posts are threads too, but their replies are
-- counts without authors or times, so they are left out of response metrics (see docs/metrics.md).
-- A response is a contribution in the thread by a member other than the starter who is not a bot.
CREATE OR REPLACE VIEW threads AS
WITH starts AS (
    SELECT activity_id AS thread_id, platform, channel, member_id AS starter_id, occurred_at AS started_at,
           text, url
    FROM stg_activities
    WHERE is_contribution AND activity_type <> 'post' AND thread_id = activity_id
),
responses AS (
    SELECT s.thread_id, r.occurred_at, r.member_id, k.is_staff
    FROM starts AS s
    JOIN stg_activities AS r ON r.thread_id = s.thread_id AND r.activity_id <> s.thread_id
    JOIN member_kinds AS k ON k.member_id = r.member_id
    WHERE r.is_contribution AND r.member_id <> s.starter_id AND NOT k.is_bot
)
SELECT s.thread_id, s.platform, s.channel, s.starter_id, s.started_at, s.text, s.url,
       min(r.occurred_at) AS first_response_at,
       arg_min(r.member_id, r.occurred_at) AS first_responder_id,
       arg_min(r.is_staff, r.occurred_at) AS first_responder_is_staff,
       count(r.member_id) AS responses
FROM starts AS s
LEFT JOIN responses AS r USING (thread_id)
GROUP BY ALL;
