-- Which console users have not signed in for more than 90 days (or never did, and were created more than 90 days ago)?
-- On the latest report day, longest unused first.
select
    account_name,
    account_id,
    user_name,
    password_last_used,
    password_last_used_state,
    user_created_at,
    date_diff('day', cast(coalesce(password_last_used, user_created_at) as date), dt) as days_unused,
    mfa_active,
    active_access_keys
from console_users
where dt = (select max(dt) from console_users)
    and date_diff('day', cast(coalesce(password_last_used, user_created_at) as date), dt) > 90
order by days_unused desc, account_name, user_name
