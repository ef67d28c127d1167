-- Every console-capable IAM user per account and report day (the console_users view, with what the allowlist says of
-- the user), and whether the day is the latest report day ('yes'/'no').
select
    c.dt,
    c.account_id,
    c.account_name,
    c.user_name,
    c.arn,
    c.user_created_at,
    c.password_last_used,
    c.password_last_used_state,
    c.mfa_active,
    c.active_access_keys,
    c.access_key_1_active,
    c.access_key_1_last_used,
    c.access_key_2_active,
    c.access_key_2_last_used,
    c.days_since_last_activity,
    c.allowlist_status,
    c.allowlist_owner,
    c.allowlist_expires,
    case when c.dt = max(c.dt) over () then 'yes' else 'no' end as latest_day
from "${database}".console_users c
