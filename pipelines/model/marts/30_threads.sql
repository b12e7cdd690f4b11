-- One row per thread (METRICS.md "thread"): a forum topic, or a chat message — with or without
-- replies — that is not itself a reply. Social posts are threads too, but their replies are
-- counts without authors or times, so they are left out of response metrics (see docs/metrics.md).
-- A response is a contribution in the thread by a member other than the starter who is not a bot.
-- Kept in the derived table thread_rows (load/derived.py); among responses at the same instant,
-- the first responder is the one with the smallest activity id.
CREATE OR REPLACE VIEW threads AS
SELECT thread_id, platform, channel, starter_id, started_at, text, url, first_response_at, first_responder_id,
       first_responder_is_staff, responses
FROM thread_rows;
