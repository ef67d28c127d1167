-- Per account and day: the daily_counts_filled view (an account's last accepted report carried forward for up to 3
-- days while it has none, carried_forward and report_dt saying so), the account's console users 7 and 14 days before
-- (NULL when it does not count that day) and the change since, where the day's figures come from ('own report' or
-- 'carried from YYYY-MM-DD'), and whether the day is the latest report day ('yes'/'no').
select
    d.dt,
    d.account_id,
    d.account_name,
    d.users,
    d.console_users,
    d.console_users_without_mfa,
    d.users_with_active_key,
    d.keys_older_than_90_days,
    d.users_inactive_over_90_days,
    d.report_dt,
    d.carried_forward,
    w7.console_users as console_users_7_days_before,
    d.console_users - w7.console_users as console_users_change_7_days,
    w14.console_users as console_users_14_days_before,
    d.console_users - w14.console_users as console_users_change_14_days,
    case when d.carried_forward then 'carried from ' || cast(d.report_dt as varchar) else 'own report' end as figures_from,
    case when d.dt = max(d.dt) over () then 'yes' else 'no' end as latest_day
from "${database}".daily_counts_filled d
left join "${database}".daily_counts_filled w7 on w7.account_id = d.account_id and w7.dt = date_add('day', -7, d.dt)
left join "${database}".daily_counts_filled w14 on w14.account_id = d.account_id and w14.dt = date_add('day', -14, d.dt)
