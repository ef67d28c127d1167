-- Which IAM users has stocktake remediate quarantined or removed, as of the digest's day, and which of them changed that day?
-- One row per IAM user with a remediation state on the day (view remediation_status: the accounts that reported that
-- day): the state in words, the day it began (changed_today: on the digest's day), the plan and the watch window's days
-- left for a quarantine. Unfinished applies first, then today's changes, then the rest. The one parameter (?) is the
-- digest's day.
with params as (
    select cast(? as date) as report_day
)
select
    r.account_name,
    r.account_id,
    r.user_name,
    r.remediation_state,
    r.remediation,
    r.since_day,
    r.since_day = p.report_day as changed_today,
    r.plan_id,
    r.watch_days_to_go
from remediation_status r
cross join params p
where r.dt = p.report_day
order by
    case when r.remediation_state in ('partially_quarantined', 'removal_started') then 0
        when r.since_day = p.report_day then 1 else 2 end,
    r.remediation_state, r.account_name, r.account_id, r.user_name
