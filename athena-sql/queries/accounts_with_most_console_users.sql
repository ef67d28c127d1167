-- Which accounts have the most console-capable IAM users today, and how many of those lack MFA?
-- On the latest report day, the 20 accounts with the most console users.
select
    account_name,
    account_id,
    console_users,
    console_users_without_mfa,
    users
from daily_counts
where dt = (select max(dt) from daily_counts)
    and console_users > 0
order by console_users desc, account_name, account_id
limit 20
