-- The stored rows whose thread_key matches a message of this file: the replies that may have been
-- loaded before the message they answer. Found by key (one pass over integers, not over the
-- threads), then read by row id in a statement of their own (in one, the planner reads every
-- thread before it knows how few rows it needs); stored_replies_to_batch.sql checks them.
CREATE OR REPLACE TEMP TABLE reply_candidates AS
SELECT rowid AS row_id
FROM source_activities
WHERE thread_key IN (SELECT lookup_key(activity_id) FROM source_activities WHERE batch_id = $batch_id)
  AND batch_id <> $batch_id;
