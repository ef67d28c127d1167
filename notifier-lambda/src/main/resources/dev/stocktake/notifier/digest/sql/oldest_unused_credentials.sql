-- Which passwords and active access keys have gone unused the longest (or were never used) on the digest's day?
-- The 20 stale credentials (stale_credentials' thresholds: unused over 90 days, never used and older than 30 days)
-- idle the longest, and how many stale credentials there are in all. The one parameter (?) is the digest's day.
with params as (
    select cast(? as date) as report_day
),
stale as (
    select s.*, count(*) over () as stale_total
    from stale_credentials s
    cross join params p
    where s.dt = p.report_day
)
select
    account_name,
    account_id,
    user_name,
    credential,
    finding,
    created_at,
    last_used,
    days_idle,
    stale_total
from stale
order by days_idle desc, account_name, user_name, credential
limit 20
