-- Where did the goal start, and how fast are console-capable IAM users going down lately?
-- One row from goal_progress: the baseline day and its console users (all accounts), the latest report day, and
-- the recent daily reduction. The notifier applies its own GOAL_REDUCTION to these figures. No parameter.
select
    baseline_day,
    baseline_console_users,
    current_day,
    current_console_users,
    rate_from_day,
    recent_daily_reduction
from goal_progress
