-- Stored rows whose thread is a message of this file (reply_candidate_rows.sql, checked here by
-- thread id, since keys may collide): replies loaded before the message they answer. Each keeps
-- its row id and id, its thread and the thread it joins: the message's own thread when the message is
-- itself a reply (thread_earlier_replies.sql).
CREATE OR REPLACE TEMP TABLE stored_replies_to_batch AS
SELECT child.row_id, child.activity_id, child.batch_id, child.thread_id AS old_thread_id,
       parent.thread_id AS new_thread_id
FROM reply_candidate_rows AS child
JOIN (SELECT activity_id, thread_id FROM source_activities WHERE batch_id = $batch_id) AS parent
  ON child.thread_id = parent.activity_id;
