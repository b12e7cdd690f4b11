-- Row ids of the stored rows whose id_key (tables/00_core.sql) matches an id the file names: its
-- own messages and the messages its replies answer. One pass over integers, not over the ids;
-- stored_rows_named.sql then reads these rows (keys may collide: readers compare the ids).
CREATE OR REPLACE TEMP TABLE named_candidates AS
SELECT rowid AS row_id
FROM source_activities
WHERE id_key IN (SELECT lookup_key(activity_id) FROM incoming_activities
                 UNION SELECT lookup_key(parent_id) FROM incoming_activities WHERE parent_id IS NOT NULL);
