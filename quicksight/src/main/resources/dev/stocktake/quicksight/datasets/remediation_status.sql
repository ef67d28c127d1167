-- Which IAM users has stocktake remediate quarantined or removed, per report day (the remediation_status view): the
-- state and since when in words, the plan, the operator, the watch window's days left, and whether the day is the
-- latest report day ('yes'/'no'): the dashboard shows the latest day (the data set keeps every day).
select
    r.dt,
    r.account_id,
    r.account_name,
    r.user_name,
    r.remediation_state,
    r.remediation,
    r.since,
    r.since_day,
    r.plan_id,
    r.operator,
    r.quarantine_plan_id,
    r.quarantined_at,
    r.days_since_quarantine,
    r.watch_days,
    r.watch_days_to_go,
    case when r.dt = (select max(dt) from "${database}".daily_counts) then 'yes' else 'no' end as latest_day
from "${database}".remediation_status r
