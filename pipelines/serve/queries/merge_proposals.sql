-- Identities on different platforms that look like one person but are separate members:
-- the same display name or handle once lower-cased and stripped of spaces and punctuation
-- (at least 4 characters). Proposed to an analyst, never merged automatically.
-- The first $row_limit pairs are picked before each side's activities are counted.
WITH named AS (
    SELECT r.member_id, r.platform, r.platform_user_id, s.display_name,
           unnest([regexp_replace(lower(coalesce(s.display_name, '')), '[^[:alnum:]]', '', 'g'),
                   regexp_replace(lower(coalesce(s.handle, '')), '[^[:alnum:]]', '', 'g')]) AS look
    FROM identity_members AS r
    JOIN source_identities AS s USING (platform, platform_user_id)
    JOIN member_rows AS k USING (member_id)
    WHERE NOT k.is_bot
),
looks AS (SELECT DISTINCT * FROM named WHERE length(look) >= 4),
pairs AS (
    SELECT a.platform AS platform_a, a.platform_user_id AS user_a, a.display_name AS name_a,
           b.platform AS platform_b, b.platform_user_id AS user_b, b.display_name AS name_b,
           a.member_id AS member_a, b.member_id AS member_b, a.look
    FROM looks AS a
    JOIN looks AS b ON a.look = b.look AND a.platform < b.platform AND a.member_id <> b.member_id
),
picked AS (
    SELECT platform_a, user_a, name_a, platform_b, user_b, name_b, member_a, member_b,
           'same name or handle: ' || min(look) AS reason
    FROM pairs
    GROUP BY platform_a, user_a, name_a, platform_b, user_b, name_b, member_a, member_b
    ORDER BY name_a, platform_a, user_a, platform_b, user_b
    LIMIT $row_limit
),
activity_counts AS (
    SELECT member_id, count(*) AS activities
    FROM activity_facts
    WHERE member_id IN (SELECT member_a FROM picked UNION SELECT member_b FROM picked)
    GROUP BY member_id
)
SELECT p.platform_a, p.user_a, p.name_a, p.platform_b, p.user_b, p.name_b, p.reason,
       coalesce(ca.activities, 0) AS activities_a, coalesce(cb.activities, 0) AS activities_b
FROM picked AS p
LEFT JOIN activity_counts AS ca ON ca.member_id = p.member_a
LEFT JOIN activity_counts AS cb ON cb.member_id = p.member_b
ORDER BY p.name_a, p.platform_a, p.user_a, p.platform_b, p.user_b;
