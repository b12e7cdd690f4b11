-- A reply whose parent came in an earlier file joins the parent's thread
-- (parsers can only resolve threads within one file).
UPDATE source_activities AS child
SET thread_id = parent.thread_id
FROM source_activities AS parent
WHERE child.batch_id = $batch_id
  AND child.parent_id = parent.activity_id
  AND child.thread_id = child.parent_id
  AND parent.thread_id <> parent.activity_id;
