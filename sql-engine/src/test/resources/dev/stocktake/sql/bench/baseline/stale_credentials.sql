-- Which passwords and access keys have gone unused for too long, and which were never used although they are not new?
-- One row per stale credential per report day: finding 'unused' (last used more than unused_days before the report
-- day) or 'never_used' (never used, created more than never_used_min_age_days before it). Passwords of console users
-- and active access keys count (a root access key too); change the thresholds in the first lines.
create or replace view stale_credentials as
with thresholds as (
    select
        90 as unused_days,
        30 as never_used_min_age_days
),
credentials as (
    select dt, account_id, account_name, user_name, arn, 'password' as credential,
        coalesce(password_last_changed, user_created_at) as created_at, password_last_used as last_used
    from iam_users
    where has_console_access
    union all
    select dt, account_id, account_name, user_name, arn, 'access_key_1' as credential,
        access_key_1_last_rotated as created_at, access_key_1_last_used as last_used
    from iam_users
    where access_key_1_active
    union all
    select dt, account_id, account_name, user_name, arn, 'access_key_2' as credential,
        access_key_2_last_rotated as created_at, access_key_2_last_used as last_used
    from iam_users
    where access_key_2_active
)
select
    c.dt,
    c.account_id,
    c.account_name,
    c.user_name,
    c.arn,
    c.credential,
    if(c.last_used is null, 'never_used', 'unused') as finding,
    c.created_at,
    c.last_used,
    date_diff('day', cast(coalesce(c.last_used, c.created_at) as date), c.dt) as days_idle
from credentials c
cross join thresholds t
where (c.last_used is not null and date_diff('day', cast(c.last_used as date), c.dt) > t.unused_days)
    or (c.last_used is null and date_diff('day', cast(c.created_at as date), c.dt) > t.never_used_min_age_days)
