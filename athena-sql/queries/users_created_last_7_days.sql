-- Which IAM users were created in the last 7 days (the latest report day and the 6 days before it)?
-- On the latest report day, newest first, with what they can do.
select
    account_name,
    account_id,
    user_name,
    arn,
    user_created_at,
    has_console_access,
    mfa_active,
    active_access_keys
from iam_users
where dt = (select max(dt) from iam_users)
    and not is_root
    and date_diff('day', cast(user_created_at as date), dt) < 7
order by user_created_at desc, account_name, user_name
