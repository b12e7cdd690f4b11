-- New identities only: those the warehouse does not hold yet (stored_identities_named.sql).
INSERT INTO source_identities (platform, platform_user_id, handle, display_name, email, is_bot, is_staff, joined_at,
                               batch_id, identity_key)
SELECT n.platform, n.platform_user_id, n.handle, n.display_name, n.email, n.is_bot, n.is_staff, n.joined_at, $batch_id,
       identity_key(n.platform, n.platform_user_id)
FROM incoming_identities AS n
ANTI JOIN stored_identities_named AS s USING (platform, platform_user_id);
