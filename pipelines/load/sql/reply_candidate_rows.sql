-- The rows of reply_candidates.sql, read by row id.
CREATE OR REPLACE TEMP TABLE reply_candidate_rows AS
SELECT rowid AS row_id, activity_id, batch_id, thread_id
FROM source_activities
WHERE rowid IN (SELECT row_id FROM reply_candidates);
