-- Sentiment per platform and channel over the period's texts (contributions with non-empty
-- text under the filters): mean polarity, net sentiment (% positive - % negative, in points)
-- and the share of each METRICS.md label, as sentiment_metrics.sql computes them per bucket.
SELECT a.platform, coalesce(a.channel, '(none)') AS channel, count(*) AS texts,
       avg(a.sentiment) AS mean_sentiment,
       net_sentiment(count(*) FILTER (WHERE sentiment_label(a.sentiment) = 'positive'),
                     count(*) FILTER (WHERE sentiment_label(a.sentiment) = 'negative'), count(*)) AS net_sentiment,
       count(*) FILTER (WHERE sentiment_label(a.sentiment) = 'positive') / count(*) AS positive_share,
       count(*) FILTER (WHERE sentiment_label(a.sentiment) = 'neutral') / count(*) AS neutral_share,
       count(*) FILTER (WHERE sentiment_label(a.sentiment) = 'negative') / count(*) AS negative_share
FROM activity_between($start, $end, $platforms, $channels, $include_non_humans) AS a
WHERE a.sentiment IS NOT NULL
GROUP BY ALL
ORDER BY texts DESC, a.platform, channel;
