UPDATE source_activities AS a
SET sentiment = c.polarity
FROM sentiment_cache AS c
WHERE a.batch_id = $batch_id AND a.text IS NOT NULL AND c.scorer = $scorer AND c.text_hash = md5(a.text);
