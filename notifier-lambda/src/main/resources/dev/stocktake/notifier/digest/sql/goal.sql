-- Where did the goal start, how fast are console-capable IAM users going down lately, and on how many accounts does
-- the latest total rest?
-- One row from goal_progress (totals of daily_counts_filled): the baseline day and its console users (all accounts),
-- the latest report day, the recent daily reduction, and on that day the accounts reported, carried from an earlier
-- report and missing (expected, neither reported nor carried). The notifier applies its own GOAL_REDUCTION to these
-- figures and, like target_reached, never calls the goal reached while an account is missing. No parameter.
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
