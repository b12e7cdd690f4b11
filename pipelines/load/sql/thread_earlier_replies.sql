-- Replies loaded earlier that hung on a message of this file join that message's thread.
UPDATE source_activities AS child
SET thread_id = r.new_thread_id, thread_key = lookup_key(r.new_thread_id)
FROM stored_replies_to_batch AS r
WHERE child.rowid = r.row_id AND r.new_thread_id <> r.old_thread_id;
