-- Growth and contribution metrics per bucket [bucket_start, bucket_end) (METRICS.md Growth);
-- sentiment per bucket is sentiment_metrics.sql's. Buckets come from Python: calendar days, weeks or
-- months in the reporting time zone, or whole periods (the current and the previous one).
--   new members:       members in scope whose first_seen_at is in the bucket
--   total members:     members in scope first seen before the bucket's end
--   active members:    distinct members with >= 1 activity in the bucket
--   contributors:      distinct members with >= 1 contribution in the bucket
--   returning members: active members first seen before the bucket's start
--   contributions:     count of contributions
WITH buckets AS (
    SELECT unnest($labels) AS bucket, unnest($starts) AS bucket_start, unnest($ends) AS bucket_end
),
scope AS (
    SELECT member_id, first_seen_at FROM member_scope($platforms, $include_non_humans)
),
-- Buckets are contiguous (buckets.py), so the members first seen before a bucket's end are those
-- first seen before the first bucket plus the new members of every bucket up to it: no
-- bucket-by-member grid.
new_per_bucket AS (
    SELECT b.bucket, b.bucket_start, count(s.member_id) AS new_members
    FROM buckets AS b
    LEFT JOIN scope AS s ON s.first_seen_at >= b.bucket_start AND s.first_seen_at < b.bucket_end
    GROUP BY b.bucket, b.bucket_start
),
joined AS (
    SELECT bucket, new_members,
           (SELECT count(*) FROM scope WHERE first_seen_at < (SELECT min(bucket_start) FROM buckets))
           + sum(new_members) OVER (ORDER BY bucket_start ROWS UNBOUNDED PRECEDING) AS total_members
    FROM new_per_bucket
),
-- One row per member and bucket first (one aggregation instead of a distinct count per metric),
-- joined to members for first_seen_at only then; by member_key, the member id as a number.
member_buckets AS (
    SELECT b.bucket, b.bucket_start, a.member_key,
           bool_or(a.activity_kind = 'contribution') AS contributed,
           count(*) FILTER (WHERE a.activity_kind = 'contribution') AS contributions
    FROM bucket_days($labels, $starts, $ends, $tz) AS b
    JOIN activity_between($range_start, $range_end, $platforms, $channels, $include_non_humans) AS a
      ON local_day($tz, a.occurred_at) = b.day
    GROUP BY b.bucket, b.bucket_start, a.member_key
),
active AS (
    SELECT x.bucket,
           count(*) AS active_members,
           count(*) FILTER (WHERE x.contributed) AS contributors,
           count(*) FILTER (WHERE m.first_seen_at < x.bucket_start) AS returning_members,
           sum(x.contributions) AS contributions
    FROM member_buckets AS x
    JOIN member_rows AS m USING (member_key)
    GROUP BY x.bucket
)
SELECT b.bucket, b.bucket_start, b.bucket_end,
       coalesce(j.new_members, 0) AS new_members,
       coalesce(j.total_members, 0) AS total_members,
       coalesce(a.active_members, 0) AS active_members,
       coalesce(a.contributors, 0) AS contributors,
       coalesce(a.returning_members, 0) AS returning_members,
       coalesce(a.contributions, 0) AS contributions
FROM buckets AS b
LEFT JOIN joined AS j USING (bucket)
LEFT JOIN active AS a USING (bucket)
ORDER BY b.bucket_start;
