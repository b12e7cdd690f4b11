-- Replies loaded earlier that hung on a message of this file join that message's thread.
UPDATE source_activities AS child
SET thread_id = parent.thread_id
FROM source_activities AS parent
WHERE parent.batch_id = $batch_id
  AND child.batch_id <> $batch_id
  AND child.thread_id = parent.activity_id
  AND parent.thread_id <> parent.activity_id;
