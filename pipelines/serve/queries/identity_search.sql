-- Identities whose handle, name, id or email contains the search text, with their flags.
SELECT platform, platform_user_id, handle, display_name, email, is_bot, is_staff, member_id
FROM stg_identities
WHERE contains(lower(coalesce(handle, '') || ' ' || coalesce(display_name, '') || ' ' || platform_user_id || ' '
                     || coalesce(email, '')), lower($text))
ORDER BY display_name, platform, platform_user_id
LIMIT $row_limit;
