-- A reply whose parent came in an earlier file joins the parent's thread
-- (parsers can only resolve threads within one file).
UPDATE source_activities AS child
SET thread_id = parent.thread_id, thread_key = lookup_key(parent.thread_id)
FROM (SELECT activity_id, thread_id FROM stored_rows_named
      UNION ALL
      SELECT activity_id, thread_id FROM source_activities WHERE batch_id = $batch_id) AS parent
WHERE child.batch_id = $batch_id
  AND child.parent_id = parent.activity_id
  AND child.thread_id = child.parent_id
  AND parent.thread_id <> parent.activity_id;
