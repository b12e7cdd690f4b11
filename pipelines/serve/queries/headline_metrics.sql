-- Overview headline numbers for one period [$start, $end) (METRICS.md).
-- new members:    members whose first_seen_at falls in the period
-- active members: distinct members with >= 1 activity (contribution, reaction, event attended)
-- contributions:  authored posts, thread starts, replies, comments, chat messages
-- mean sentiment: mean polarity over the period's texts (contributions with text)
-- Platform filter: members with an identity there (new), activities there (the rest).
WITH people AS (
    SELECT k.member_id
    FROM member_kinds AS k
    WHERE $include_non_humans OR k.is_human
),
on_platforms AS (
    SELECT DISTINCT member_id FROM stg_identities
    WHERE $platforms IS NULL OR list_contains($platforms, platform)
),
new_members AS (
    SELECT count(*) AS n
    FROM members AS m
    WHERE m.first_seen_at >= $start AND m.first_seen_at < $end
      AND m.member_id IN (SELECT member_id FROM people)
      AND m.member_id IN (SELECT member_id FROM on_platforms)
),
active AS (
    SELECT count(DISTINCT a.member_id) AS n
    FROM member_activity AS a
    WHERE a.occurred_at >= $start AND a.occurred_at < $end
      AND ($platforms IS NULL OR list_contains($platforms, a.platform))
      AND a.member_id IN (SELECT member_id FROM people)
),
contributed AS (
    SELECT count(*) AS contributions, avg(a.sentiment) AS mean_sentiment
    FROM member_activity AS a
    WHERE a.activity_kind = 'contribution'
      AND a.occurred_at >= $start AND a.occurred_at < $end
      AND ($platforms IS NULL OR list_contains($platforms, a.platform))
      AND a.member_id IN (SELECT member_id FROM people)
)
SELECT new_members.n AS new_members, active.n AS active_members,
       contributed.contributions, contributed.mean_sentiment
FROM new_members, active, contributed;
