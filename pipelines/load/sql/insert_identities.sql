INSERT INTO source_identities
SELECT n.platform, n.platform_user_id, n.handle, n.display_name, n.email, n.is_bot, n.is_staff, n.joined_at, $batch_id
FROM incoming_identities AS n
WHERE NOT EXISTS (
    SELECT 1 FROM source_identities AS s
    WHERE s.platform = n.platform AND s.platform_user_id = n.platform_user_id
);
