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
labelled AS (
    SELECT b.bucket, a.sentiment, sentiment_label(a.sentiment) AS label
    FROM buckets AS b
    JOIN activity_between($range_start, $range_end, $platforms, $channels, $include_non_humans) AS a
      ON a.occurred_at >= b.bucket_start AND a.occurred_at < b.bucket_end
    WHERE a.sentiment IS NOT NULL
),
counted AS (
    SELECT b.bucket,
           count(l.label) AS texts,
           count(l.label) FILTER (WHERE l.label = 'positive') AS positive,
           count(l.label) FILTER (WHERE l.label = 'neutral') AS neutral,
           count(l.label) FILTER (WHERE l.label = 'negative') AS negative,
           avg(l.sentiment) AS mean_sentiment
    FROM buckets AS b
    LEFT JOIN labelled AS l USING (bucket)
    GROUP BY b.bucket
)
SELECT bucket, texts, positive, neutral, negative,
       positive / nullif(texts, 0) AS positive_share,
       neutral / nullif(texts, 0) AS neutral_share,
       negative / nullif(texts, 0) AS negative_share,
       mean_sentiment,
       net_sentiment(positive, negative, texts) AS net_sentiment
FROM counted
ORDER BY bucket;
