-- Per platform and export format: the newest data point and when the latest file was loaded, so
-- "no activity this week" can be told apart from "no export loaded this week".
WITH points AS (
    SELECT a.platform, b.format, a.occurred_at AS point_at, b.loaded_at
    FROM source_activities AS a JOIN ingest_batches AS b USING (batch_id)
    UNION ALL
    SELECT e.platform, b.format, e.starts_at, b.loaded_at
    FROM source_events AS e JOIN ingest_batches AS b USING (batch_id)
    UNION ALL
    SELECT r.platform, b.format, r.registered_at, b.loaded_at
    FROM source_attendance AS r JOIN ingest_batches AS b USING (batch_id)
)
SELECT platform, format, max(point_at) AS newest_data_point, max(loaded_at) AS last_loaded_at,
       date_diff('day', max(point_at), now()) AS days_since_newest_data
FROM points
GROUP BY platform, format
ORDER BY newest_data_point DESC NULLS LAST;
