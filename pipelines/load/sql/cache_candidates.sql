-- Row ids of the cached scores whose hash_key matches a text of this batch (one pass over
-- integers, not over the hashes); batch_texts.sql reads them and matches them by hash.
CREATE OR REPLACE TEMP TABLE cache_candidates AS
SELECT rowid AS row_id
FROM sentiment_cache
WHERE hash_key IN (SELECT lookup_key(text) FROM source_activities WHERE batch_id = $batch_id AND text IS NOT NULL);
