-- How far is each configured milestone from its maximum of console-capable IAM users, and is it met, on track, behind
-- or missed (the milestone_progress view)? organization_next ('yes'/'no') marks the organization's next milestone,
-- the one the dashboard's KPI shows.
select
    m.scope_type,
    m.scope,
    m.day,
    m.max_console_users,
    m.name,
    m.is_next,
    m.current_day,
    m.current_console_users,
    m.distance,
    m.accounts_in_scope,
    m.missing_accounts,
    m.status,
    m.projected_day,
    case when m.scope_type = 'organization' and m.is_next then 'yes' else 'no' end as organization_next
from "${database}".milestone_progress m
