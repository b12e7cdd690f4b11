-- Stored rows the file names, found in one pass over the stored ids: its own messages loaded
-- before (the natural key decides what is new) and the messages its replies answer. (Found by
-- id first, then read by row id: reading their threads in the same pass would read every thread.)
CREATE OR REPLACE TEMP TABLE stored_rows_named AS
SELECT activity_id, thread_id
FROM source_activities
WHERE rowid IN (SELECT rowid FROM source_activities
                WHERE activity_id IN (SELECT activity_id FROM incoming_activities
                                      UNION SELECT parent_id FROM incoming_activities WHERE parent_id IS NOT NULL));
