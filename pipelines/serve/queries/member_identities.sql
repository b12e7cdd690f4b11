SELECT platform, platform_user_id, handle, display_name, email, is_bot, is_staff, joined_at
FROM identities WHERE member_id = $member_id ORDER BY platform, platform_user_id;
