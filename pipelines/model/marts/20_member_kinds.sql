-- Human, bot or staff, per member (METRICS.md: bots and staff are excluded from
-- member counts, response metrics and leaderboards unless the toggle includes them).
CREATE OR REPLACE VIEW member_kinds AS
SELECT member_id, is_bot, is_staff, is_human
FROM member_rows;
