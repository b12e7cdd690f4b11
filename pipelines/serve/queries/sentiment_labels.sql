-- Texts per METRICS.md label (positive > 0.05, negative < -0.05, neutral otherwise; the
-- sentiment_label macro) per bucket [bucket_start, bucket_end): the period's texts are
-- contributions with non-empty text under the filters. Shares are of the bucket's texts.
-- Mean and net sentiment per bucket come from period_metrics.sql.
WITH buckets AS (
    SELECT unnest($labels) AS bucket, unnest($starts) AS bucket_start, unnest($ends) AS bucket_end
),
labelled AS (
    SELECT b.bucket, sentiment_label(a.sentiment) AS label
    FROM buckets AS b
    JOIN activity_between($start, $end, $platforms, $channels, $include_non_humans) AS a
      ON a.occurred_at >= b.bucket_start AND a.occurred_at < b.bucket_end
    WHERE a.sentiment IS NOT NULL
)
SELECT b.bucket,
       count(l.label) AS texts,
       count(l.label) FILTER (WHERE l.label = 'positive') AS positive,
       count(l.label) FILTER (WHERE l.label = 'neutral') AS neutral,
       count(l.label) FILTER (WHERE l.label = 'negative') AS negative,
       count(l.label) FILTER (WHERE l.label = 'positive') / nullif(count(l.label), 0) AS positive_share,
       count(l.label) FILTER (WHERE l.label = 'neutral') / nullif(count(l.label), 0) AS neutral_share,
       count(l.label) FILTER (WHERE l.label = 'negative') / nullif(count(l.label), 0) AS negative_share
FROM buckets AS b
LEFT JOIN labelled AS l USING (bucket)
GROUP BY b.bucket
ORDER BY b.bucket;
