-- Distinct texts of this batch that this scorer has never scored.
SELECT DISTINCT md5(a.text) AS text_hash, a.text
FROM source_activities AS a
WHERE a.batch_id = $batch_id AND a.text IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM sentiment_cache AS c WHERE c.scorer = $scorer AND c.text_hash = md5(a.text));
