-- Which milestones are configured, which is next in each scope, and how far is each from its maximum of
-- console-capable IAM users?
-- One row per configured milestone (view milestone_progress: organization-wide, per OU or root, per account), the
-- organization's first, then by scope and day: the maximum and the day, whether it is the scope's next, the current
-- console users in the scope (totals of daily_counts_filled on the latest report day), the distance, the accounts in the
-- scope and those missing, the status (met, on_track, behind, missed) and the projected day. No row: no milestone is
-- configured (the digest then says so, never a made-up target). No parameter: the view is as of the latest report day.
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
    m.projected_day
from milestone_progress m
order by case m.scope_type when 'organization' then 0 when 'ou' then 1 else 2 end, m.scope, m.day
