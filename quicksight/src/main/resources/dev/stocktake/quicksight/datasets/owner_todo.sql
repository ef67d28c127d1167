-- What does each owner have to remove or migrate, by account and verdict, per report day (the owner_todo view), and
-- is the day the latest report day ('yes'/'no')?
select
    t.dt,
    t.owner,
    t.account_id,
    t.account_name,
    t.verdict,
    t.users,
    t.console_users,
    t.user_names,
    t.action,
    t.remediation_state,
    t.remediation,
    case when t.dt = (select max(dt) from "${database}".daily_counts) then 'yes' else 'no' end as latest_day
from "${database}".owner_todo t
