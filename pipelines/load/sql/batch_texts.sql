-- The batch's distinct texts, and the polarity the scorer already gave those it scored before
-- (cache_candidates.sql), matched on the whole hash as two integers (hash_key, hash_low), so that
-- no stored hash string is read; texts_to_score.sql and apply_sentiment.sql read these.
CREATE OR REPLACE TEMP TABLE batch_texts AS
SELECT t.text_hash, t.text, c.polarity
FROM (SELECT DISTINCT md5(text) AS text_hash, text FROM source_activities
      WHERE batch_id = $batch_id AND text IS NOT NULL) AS t
LEFT JOIN (SELECT hash_key, hash_low, polarity FROM sentiment_cache
           WHERE rowid IN (SELECT row_id FROM cache_candidates) AND scorer = $scorer) AS c
  ON c.hash_key = md5_key(t.text_hash) AND c.hash_low = md5_low(t.text_hash);
