-- Public: every activity (thread, reply, message, comment, reaction, post) with its member.
CREATE OR REPLACE VIEW activities AS
SELECT activity_id, platform, channel, thread_id, parent_id, member_id, activity_type, occurred_at, text,
       sentiment, reactions, replies, shares, impressions, engagements, url, batch_id,
       platform_user_id, is_contribution
FROM stg_activities;
