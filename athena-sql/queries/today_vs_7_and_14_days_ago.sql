-- How does each account compare today with 7 and 14 days ago: users and console users?
-- "Today" is the latest report day; a NULL means the account has no report on that day.
with days as (
    select
        max(dt) as today,
        date_add('day', -7, max(dt)) as week_ago,
        date_add('day', -14, max(dt)) as two_weeks_ago
    from daily_counts
)
select
    max_by(c.account_name, c.dt) as account_name,
    c.account_id,
    sum(if(c.dt = d.today, c.users)) as users_today,
    sum(if(c.dt = d.week_ago, c.users)) as users_7_days_ago,
    sum(if(c.dt = d.two_weeks_ago, c.users)) as users_14_days_ago,
    sum(if(c.dt = d.today, c.console_users)) as console_users_today,
    sum(if(c.dt = d.week_ago, c.console_users)) as console_users_7_days_ago,
    sum(if(c.dt = d.two_weeks_ago, c.console_users)) as console_users_14_days_ago
from daily_counts c
cross join days d
where c.dt in (d.today, d.week_ago, d.two_weeks_ago)
group by c.account_id
order by console_users_today desc nulls last, account_name
