-- On how many accounts does the latest total of console-capable IAM users rest, and where did the count start?
-- One row from goal_progress (totals of daily_counts_filled): the baseline day and its console users (all accounts),
-- the latest report day, the recent daily reduction, and on that day the accounts reported, carried from an earlier
-- report and missing (expected, neither reported nor carried): the digest's accounts line. The milestones, their status
-- and projection come from milestone_progress (query milestones). No parameter.
select
    baseline_day,
    baseline_console_users,
    current_day,
    current_console_users,
    rate_from_day,
    recent_daily_reduction,
    current_reported_accounts,
    current_carried_accounts,
    current_missing_accounts,
    target_reached
from goal_progress
