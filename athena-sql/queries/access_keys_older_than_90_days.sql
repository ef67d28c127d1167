-- Which active access keys were created (last rotated) more than 90 days ago?
-- On the latest report day, oldest first; the root user's keys included.
with active_keys as (
    select dt, account_id, account_name, user_name, 'access_key_1' as access_key,
        access_key_1_last_rotated as last_rotated, access_key_1_last_used as last_used
    from iam_users
    where access_key_1_active
    union all
    select dt, account_id, account_name, user_name, 'access_key_2' as access_key,
        access_key_2_last_rotated as last_rotated, access_key_2_last_used as last_used
    from iam_users
    where access_key_2_active
)
select
    account_name,
    account_id,
    user_name,
    access_key,
    last_rotated,
    date_diff('day', cast(last_rotated as date), dt) as age_days,
    last_used
from active_keys
where dt = (select max(dt) from iam_users)
    and date_diff('day', cast(last_rotated as date), dt) > 90
order by age_days desc, account_name, user_name, access_key
