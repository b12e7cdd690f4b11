-- The batch's distinct texts, and the polarity the scorer already gave those it scored before
-- (cache_candidates.sql); texts_to_score.sql and apply_sentiment.sql read these.
CREATE OR REPLACE TEMP TABLE batch_texts AS
SELECT t.text_hash, t.text, c.polarity
FROM (SELECT DISTINCT md5(text) AS text_hash, text FROM source_activities
      WHERE batch_id = $batch_id AND text IS NOT NULL) AS t
LEFT JOIN (SELECT text_hash, polarity FROM sentiment_cache
           WHERE rowid IN (SELECT row_id FROM cache_candidates) AND scorer = $scorer) AS c USING (text_hash);
