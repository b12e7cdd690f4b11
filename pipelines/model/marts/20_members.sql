-- Public: one person after identity resolution.
-- first_seen_at (METRICS.md): earliest of join/sign-up, first activity, first event
-- registration, over all the member's identities. An attended event counts as activity
-- at the event's start. Kept in the derived table member_rows (load/derived.py).
CREATE OR REPLACE VIEW members AS
SELECT member_id, display_name, email, is_bot, is_staff, first_seen_at, platforms
FROM member_rows;
