-- Which passwords and access keys have gone unused for too long, and which were never used although they are not new?
-- One row per stale credential per report day: finding 'unused' (last used more than unused_days before the report
-- day) or 'never_used' (never used, created more than never_used_min_age_days before it). Passwords of console users
-- and active access keys count (a root access key too); change the thresholds in the first lines.
-- Reads iam_users once (each user row is unnested into its three credentials); a filter on dt prunes the reports read.
create or replace view stale_credentials as
with thresholds as (
    select
        90 as unused_days,
        30 as never_used_min_age_days
),
credentials as (
    select
        u.dt,
        u.account_id,
        u.account_name,
        u.user_name,
        u.arn,
        k.credential,
        case k.credential
            when 'password' then coalesce(u.password_last_changed, u.user_created_at)
            when 'access_key_1' then u.access_key_1_last_rotated
            else u.access_key_2_last_rotated
        end as created_at,
        case k.credential
            when 'password' then u.password_last_used
            when 'access_key_1' then u.access_key_1_last_used
            else u.access_key_2_last_used
        end as last_used
    from iam_users u
    cross join unnest(array['password', 'access_key_1', 'access_key_2']) as k (credential)
    where case k.credential
        when 'password' then u.has_console_access
        when 'access_key_1' then u.access_key_1_active
        else u.access_key_2_active
    end
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
