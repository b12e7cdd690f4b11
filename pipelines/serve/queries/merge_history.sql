-- Every manual merge, newest first, with whether it is still in force.
SELECT merge_id, platform_a || ':' || user_a AS identity_a, platform_b || ':' || user_b AS identity_b, reason,
       merged_by, merged_at, unmerged_by, unmerged_at, unmerged_at IS NULL AS active
FROM identity_merges
ORDER BY merge_id DESC;
