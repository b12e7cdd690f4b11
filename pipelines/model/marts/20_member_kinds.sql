-- Human, bot or staff, per member (METRICS.md: bots and staff are excluded from
-- member counts, response metrics and leaderboards unless the toggle includes them).
CREATE OR REPLACE VIEW member_kinds AS
SELECT member_id, bool_or(is_bot) AS is_bot, bool_or(is_staff) AS is_staff,
       NOT bool_or(is_bot OR is_staff) AS is_human
FROM stg_identities
GROUP BY member_id;
