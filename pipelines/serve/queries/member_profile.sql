-- One member: who they are and their activity totals.
SELECT m.member_id, m.display_name, m.email, m.is_bot, m.is_staff, m.first_seen_at, m.platforms,
       (SELECT count(*) FROM stg_activities AS a WHERE a.member_id = m.member_id AND a.is_contribution)
           AS contributions,
       (SELECT count(*) FROM stg_activities AS a WHERE a.member_id = m.member_id AND a.activity_type = 'reaction')
           AS reactions_given,
       (SELECT count(*) FROM event_attendance AS r WHERE r.member_id = m.member_id AND r.attended)
           AS events_attended,
       (SELECT avg(a.sentiment) FROM member_activity AS a WHERE a.member_id = m.member_id) AS mean_sentiment,
       (SELECT max(a.occurred_at) FROM member_activity AS a WHERE a.member_id = m.member_id) AS last_activity_at
FROM members AS m
WHERE m.member_id = $member_id;
