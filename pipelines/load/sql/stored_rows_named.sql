-- Stored rows the file may name (named_candidates.sql), read by row id: insert_activities.sql
-- and thread_new_replies.sql match them by id. (A separate statement: in one, the planner reads
-- every id before it knows how few rows it needs.)
CREATE OR REPLACE TEMP TABLE stored_rows_named AS
SELECT activity_id, thread_id
FROM source_activities
WHERE rowid IN (SELECT row_id FROM named_candidates);
