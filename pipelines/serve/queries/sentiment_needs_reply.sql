-- "Needs a reply": negative texts (sentiment_label) of the period written by members who are
-- neither staff nor bots, with no contribution by a staff member later in the same thread in
-- the data loaded. Most negative first, then oldest; hours_waiting counts to the newest loaded
-- data point. Platform and channel filters apply; staff and bots never need a staff reply, so
-- the bots-and-staff toggle does not apply.
-- Read from the facts (a fact's sentiment is set for contributions with text only); texts are
-- joined for the rows shown, within the period's bounds.
WITH newest AS (SELECT max(occurred_at) AS at FROM source_activities),
negative AS (
    SELECT f.source_id, f.member_id, f.platform, f.channel, f.thread_id, f.occurred_at, f.activity_type, f.sentiment
    FROM activity_facts AS f
    WHERE f.activity_kind = 'contribution' AND f.sentiment IS NOT NULL AND sentiment_label(f.sentiment) = 'negative'
      AND f.is_human
      AND f.occurred_at >= $start AND f.occurred_at < $end
      AND wanted($platforms, f.platform) AND wanted($channels, f.channel)
),
-- the latest staff contribution per thread (only a later one than a text in the period counts)
staff_latest AS (
    SELECT f.thread_id, max(f.occurred_at) AS at
    FROM activity_facts AS f
    JOIN member_rows AS k ON k.member_id = f.member_id
    WHERE f.activity_kind = 'contribution' AND k.is_staff AND f.occurred_at > $start
      AND f.thread_id IN (SELECT thread_id FROM negative)
    GROUP BY f.thread_id
),
waiting AS (
    SELECT n.*
    FROM negative AS n
    LEFT JOIN staff_latest AS r ON r.thread_id = n.thread_id
    WHERE r.at IS NULL OR r.at <= n.occurred_at
    ORDER BY n.sentiment, n.occurred_at, n.source_id
    LIMIT $row_limit
)
SELECT w.sentiment AS polarity, s.text, m.display_name AS author, w.member_id, w.platform, w.channel,
       w.occurred_at, w.activity_type, date_diff('hour', w.occurred_at, newest.at) AS hours_waiting, s.url
FROM waiting AS w
JOIN source_activities AS s ON s.activity_id = w.source_id AND s.occurred_at >= $start AND s.occurred_at < $end
JOIN members AS m ON m.member_id = w.member_id
CROSS JOIN newest
ORDER BY w.sentiment, w.occurred_at, w.source_id;
