-- Public: one person after identity resolution.
-- first_seen_at (METRICS.md): earliest of join/sign-up, first activity, first event
-- registration, over all the member's identities. An attended event counts as activity
-- at the event's start.
CREATE OR REPLACE VIEW members AS
WITH firsts AS (
    SELECT member_id, min(joined_at) AS first_at FROM stg_identities GROUP BY member_id
    UNION ALL
    SELECT member_id, min(occurred_at) FROM stg_activities GROUP BY member_id
    UNION ALL
    SELECT member_id, min(registered_at) FROM stg_attendance GROUP BY member_id
    UNION ALL
    SELECT r.member_id, min(e.starts_at) FROM stg_attendance AS r JOIN source_events AS e USING (event_id)
    WHERE r.attended GROUP BY r.member_id
),
people AS (
    SELECT
        member_id,
        arg_min(display_name, platform || ':' || platform_user_id) AS display_name,
        min(email) AS email,
        bool_or(is_bot) AS is_bot,
        bool_or(is_staff) AS is_staff,
        list(DISTINCT platform ORDER BY platform) AS platforms
    FROM stg_identities
    GROUP BY member_id
)
SELECT p.member_id, p.display_name, p.email, p.is_bot, p.is_staff, f.first_seen_at, p.platforms
FROM people AS p
LEFT JOIN (SELECT member_id, min(first_at) AS first_seen_at FROM firsts GROUP BY member_id) AS f USING (member_id);
