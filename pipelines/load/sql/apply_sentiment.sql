-- Each text's polarity: from the cache (batch_texts.sql) or just scored (new_scores).
UPDATE source_activities AS a
SET sentiment = s.polarity
FROM (SELECT text_hash, polarity FROM batch_texts WHERE polarity IS NOT NULL
      UNION ALL
      SELECT text_hash, polarity FROM new_scores) AS s
WHERE a.batch_id = $batch_id AND a.text IS NOT NULL AND s.text_hash = md5(a.text);
