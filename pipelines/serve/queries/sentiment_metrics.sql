-- Sentiment per bucket [bucket_start, bucket_end) (METRICS.md Sentiment), over the bucket's texts:
-- contributions with non-empty text under the filters. Buckets come from Python, as for
-- period_metrics.sql; [$range_start, $range_end) covers them all.
--   texts:            count of the bucket's texts
--   positive/neutral/negative and their shares: texts per label (the sentiment_label macro)
--   mean sentiment:   mean polarity of the texts
--   net sentiment:    % positive - % negative, in points (the net_sentiment macro)
-- No member is counted here, so nothing is grouped per member: the sentiment page and the KPI
-- months read these without period_metrics.sql's distinct counts.
WITH buckets AS (
    SELECT unnest($labels) AS bucket, unnest($starts) AS bucket_start, unnest($ends) AS bucket_end
),
counted AS (
    SELECT b.bucket,
           count(*) AS texts,
           count(*) FILTER (WHERE sentiment_label(a.sentiment) = 'positive') AS positive,
           count(*) FILTER (WHERE sentiment_label(a.sentiment) = 'neutral') AS neutral,
           count(*) FILTER (WHERE sentiment_label(a.sentiment) = 'negative') AS negative,
           avg(a.sentiment) AS mean_sentiment
    FROM bucket_days($labels, $starts, $ends, $tz) AS b
    JOIN activity_between($range_start, $range_end, $platforms, $channels, $include_non_humans) AS a
      ON local_day($tz, a.occurred_at) = b.day
    WHERE a.sentiment IS NOT NULL
    GROUP BY b.bucket
)
SELECT b.bucket, coalesce(c.texts, 0) AS texts, coalesce(c.positive, 0) AS positive,
       coalesce(c.neutral, 0) AS neutral, coalesce(c.negative, 0) AS negative,
       c.positive / nullif(c.texts, 0) AS positive_share,
       c.neutral / nullif(c.texts, 0) AS neutral_share,
       c.negative / nullif(c.texts, 0) AS negative_share,
       c.mean_sentiment,
       net_sentiment(c.positive, c.negative, c.texts) AS net_sentiment
FROM buckets AS b
LEFT JOIN counted AS c USING (bucket)
ORDER BY b.bucket;
