-- A later export may know more about a known identity: an email, an earlier join, a flag.
UPDATE source_identities AS s
SET email = coalesce(s.email, n.email),
    joined_at = least(s.joined_at, n.joined_at),
    is_bot = s.is_bot OR n.is_bot,
    is_staff = s.is_staff OR n.is_staff
FROM incoming_identities AS n
WHERE s.platform = n.platform AND s.platform_user_id = n.platform_user_id AND s.batch_id <> $batch_id
  AND (s.email IS NULL AND n.email IS NOT NULL
       OR n.joined_at < s.joined_at OR s.joined_at IS NULL AND n.joined_at IS NOT NULL
       OR n.is_bot AND NOT s.is_bot OR n.is_staff AND NOT s.is_staff);
