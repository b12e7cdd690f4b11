-- Negative texts (polarity < -0.05: the sentiment_label macro) of the period under the filters,
-- for the words and phrases behind negative sentiment. The texts' table is read within the
-- period's bounds, so other periods' row groups are skipped.
SELECT a.source_id AS activity_id, a.sentiment AS polarity, s.text
FROM activity_between($start, $end, $platforms, $channels, $include_non_humans) AS a
JOIN source_activities AS s ON s.activity_id = a.source_id AND s.occurred_at >= $start AND s.occurred_at < $end
WHERE a.sentiment IS NOT NULL AND sentiment_label(a.sentiment) = 'negative';
