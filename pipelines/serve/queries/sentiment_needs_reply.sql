-- "Needs a reply": negative texts (sentiment_label) of the period written by members who are
-- neither staff nor bots, with no contribution by a staff member later in the same thread in
-- the data loaded. Most negative first, then oldest; hours_waiting counts to the newest loaded
-- data point. Platform and channel filters apply; staff and bots never need a staff reply, so
-- the bots-and-staff toggle does not apply.
WITH newest AS (SELECT max(occurred_at) AS at FROM source_activities)
SELECT s.sentiment AS polarity, s.text, m.display_name AS author, s.member_id, s.platform, s.channel,
       s.occurred_at, s.activity_type, date_diff('hour', s.occurred_at, newest.at) AS hours_waiting, s.url
FROM stg_activities AS s
JOIN member_kinds AS k ON k.member_id = s.member_id
JOIN members AS m ON m.member_id = s.member_id
CROSS JOIN newest
WHERE s.is_contribution AND s.text IS NOT NULL AND s.text <> '' AND s.sentiment IS NOT NULL
  AND sentiment_label(s.sentiment) = 'negative'
  AND k.is_human
  AND s.occurred_at >= $start AND s.occurred_at < $end
  AND wanted($platforms, s.platform) AND wanted($channels, s.channel)
  AND NOT EXISTS (
      SELECT 1
      FROM stg_activities AS r
      JOIN member_kinds AS rk ON rk.member_id = r.member_id
      WHERE r.thread_id = s.thread_id AND r.is_contribution AND rk.is_staff AND r.occurred_at > s.occurred_at)
ORDER BY s.sentiment, s.occurred_at, s.activity_id
LIMIT $row_limit;
