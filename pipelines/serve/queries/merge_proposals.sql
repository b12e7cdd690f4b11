-- Identities on different platforms that look like one person but are separate members:
-- the same display name or handle once lower-cased and stripped of spaces and punctuation
-- (at least 4 characters). Proposed to an analyst, never merged automatically.
WITH named AS (
    SELECT i.member_id, i.platform, i.platform_user_id, i.display_name, i.handle,
           unnest([regexp_replace(lower(coalesce(i.display_name, '')), '[^[:alnum:]]', '', 'g'),
                   regexp_replace(lower(coalesce(i.handle, '')), '[^[:alnum:]]', '', 'g')]) AS look
    FROM stg_identities AS i
    JOIN member_kinds AS k USING (member_id)
    WHERE NOT k.is_bot
),
pairs AS (
    SELECT DISTINCT a.platform AS platform_a, a.platform_user_id AS user_a, a.display_name AS name_a,
           b.platform AS platform_b, b.platform_user_id AS user_b, b.display_name AS name_b,
           a.member_id AS member_a, b.member_id AS member_b, a.look
    FROM named AS a
    JOIN named AS b ON a.look = b.look AND a.platform < b.platform AND a.member_id <> b.member_id
    WHERE length(a.look) >= 4
)
SELECT platform_a, user_a, name_a, platform_b, user_b, name_b,
       'same name or handle: ' || min(look) AS reason,
       (SELECT count(*) FROM stg_activities AS x WHERE x.member_id = p.member_a) AS activities_a,
       (SELECT count(*) FROM stg_activities AS x WHERE x.member_id = p.member_b) AS activities_b
FROM pairs AS p
GROUP BY platform_a, user_a, name_a, platform_b, user_b, name_b, member_a, member_b
ORDER BY name_a, platform_a, user_a, platform_b, user_b
LIMIT $row_limit;
