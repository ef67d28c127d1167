-- How many console-capable IAM users does each account count on the digest's day, and how many the day before,
-- 7 days before and 14 days before?
-- One row per account counting on any of those four days, most console users first; NULL means the account does not
-- count that day. Read from daily_counts_filled: an account without an accepted report of a day counts with its last
-- report for up to 3 days (carried_forward, report_dt say so for the digest's day), after that it is missing, never
-- zero. daily_counts_filled carries reports forward, so it reads every report day (it cannot prune by dt). The one
-- parameter (?) is the digest's day, e.g. date '2026-03-05'.
with params as (
    select cast(? as date) as report_day
),
days as (
    select
        report_day,
        date_add('day', -1, report_day) as day_before,
        date_add('day', -7, report_day) as week_before,
        date_add('day', -14, report_day) as two_weeks_before
    from params
)
select
    max_by(c.account_name, c.dt) as account_name,
    c.account_id,
    sum(if(c.dt = d.report_day, c.users)) as users,
    sum(if(c.dt = d.report_day, c.console_users)) as console_users,
    sum(if(c.dt = d.report_day, c.console_users_without_mfa)) as console_users_without_mfa,
    sum(if(c.dt = d.day_before, c.console_users)) as console_users_day_before,
    sum(if(c.dt = d.week_before, c.console_users)) as console_users_7_days_before,
    sum(if(c.dt = d.two_weeks_before, c.console_users)) as console_users_14_days_before,
    coalesce(bool_or(c.dt = d.report_day and c.carried_forward), false) as carried_forward,
    max(if(c.dt = d.report_day, c.report_dt)) as report_dt
from daily_counts_filled c
cross join days d
where c.dt in (d.report_day, d.day_before, d.week_before, d.two_weeks_before)
group by c.account_id
order by console_users desc nulls last, account_name, c.account_id
