-- Engagement score and level (METRICS.md). Score: weighted sum of a member's activities,
-- weights given as parameters (thread start $w_thread — forum topics and posts —, reply or
-- comment $w_reply, chat message $w_message, reaction given $w_reaction, event attended $w_event).
-- period_score covers [$start, $end); the level uses the trailing 90 days ending at $end:
-- core = the smallest set of members making 80% of the total, regular = the next 15%,
-- casual = the rest (members ranked by score, then by member_key for a stable order: the same order as
-- member_id's).
WITH weighted AS (
    SELECT a.member_key, a.occurred_at, a.activity_kind,
           CASE a.activity_type
               WHEN 'thread' THEN $w_thread WHEN 'post' THEN $w_thread
               WHEN 'reply' THEN $w_reply WHEN 'comment' THEN $w_reply
               WHEN 'message' THEN $w_message
               WHEN 'reaction' THEN $w_reaction
               WHEN 'event_attended' THEN $w_event
               ELSE 0 END::DOUBLE AS points
    FROM activity_between(least($start, $end - INTERVAL 90 DAY), $end, $platforms, $channels,
                          $include_non_humans) AS a
),
trailing_scores AS (
    SELECT member_key, sum(points) AS trailing_score
    FROM weighted WHERE occurred_at >= $end - INTERVAL 90 DAY
    GROUP BY member_key HAVING sum(points) > 0
),
ranked AS (
    SELECT member_key, trailing_score,
           coalesce(sum(trailing_score) OVER (ORDER BY trailing_score DESC, member_key
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS score_before,
           sum(trailing_score) OVER () AS total
    FROM trailing_scores
),
levels AS (
    SELECT member_key, trailing_score,
           CASE WHEN score_before < 0.80 * total THEN 'core'
                WHEN score_before < 0.95 * total THEN 'regular'
                ELSE 'casual' END AS engagement_level
    FROM ranked
),
period_scores AS (
    SELECT member_key, sum(points) AS period_score,
           count(*) FILTER (WHERE activity_kind = 'contribution') AS contributions
    FROM weighted WHERE occurred_at >= $start
    GROUP BY member_key
)
SELECT m.member_id, m.display_name, coalesce(p.period_score, 0) AS period_score,
       coalesce(p.contributions, 0) AS contributions,
       coalesce(l.trailing_score, 0) AS trailing_score,
       coalesce(l.engagement_level, 'casual') AS engagement_level
FROM member_rows AS m
LEFT JOIN period_scores AS p USING (member_key)
LEFT JOIN levels AS l USING (member_key)
WHERE p.member_key IS NOT NULL OR l.member_key IS NOT NULL
ORDER BY period_score DESC, trailing_score DESC, m.member_id
LIMIT $row_limit;
