-- Which IAM users can sign in to the console on the digest's day, when did they last do so, and what keys do they hold?
-- One row per console-capable IAM user (the root user excluded), by account and user: the digest's CSV attachment.
-- The one parameter (?) is the digest's day.
with params as (
    select cast(? as date) as report_day
)
select
    c.account_name,
    c.account_id,
    c.user_name,
    c.arn,
    c.user_created_at,
    c.password_last_used,
    c.password_last_used_state,
    c.mfa_active,
    c.active_access_keys,
    c.access_key_1_last_used,
    c.access_key_2_last_used,
    c.days_since_last_activity
from console_users c
cross join params p
where c.dt = p.report_day
order by c.account_name, c.account_id, c.user_name
