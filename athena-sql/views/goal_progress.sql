-- How far are we on the goal of cutting console-capable IAM users by 90 %, and when will we get there at the recent pace?
-- One row: console users (all accounts) on the baseline day and on the latest report day, the reduction so far, the
-- daily reduction over the last rate_window_days, and the day the target is projected to be met (NULL when the recent
-- rate is not a reduction). Change the settings in the first lines: baseline_day NULL means the first report day.
-- Reads daily_counts (and so the reports) once: the baseline, current and rate days are found with window functions
-- over the daily totals. It needs every report day from the baseline on, so it reads them all.
create or replace view goal_progress as
with settings as (
    select
        cast(null as date) as baseline_day,
        0.90 as target_reduction,
        7 as rate_window_days
),
totals as (
    select dt, sum(console_users) as console_users
    from daily_counts
    group by dt
),
bounds as (
    -- the baseline and current day beside every day's total (window functions: daily_counts is read once)
    select
        t.dt,
        t.console_users,
        s.target_reduction,
        s.rate_window_days,
        min(case when s.baseline_day is null or t.dt >= s.baseline_day then t.dt end) over () as baseline_day,
        max(t.dt) over () as current_day
    from totals t
    cross join settings s
),
rate_bounds as (
    -- the latest report day at least rate_window_days before the current day, else the baseline day
    select
        bounds.*,
        coalesce(
            max(case when dt <= date_add('day', -rate_window_days, current_day) and dt >= baseline_day then dt end) over (),
            baseline_day) as rate_from_day
    from bounds
),
figures as (
    select
        baseline_day,
        max(case when dt = baseline_day then console_users end) as baseline_console_users,
        current_day,
        max(case when dt = current_day then console_users end) as current_console_users,
        target_reduction,
        cast(floor(max(case when dt = baseline_day then console_users end) * (1 - target_reduction)) as bigint)
            as target_console_users,
        rate_from_day,
        max(case when dt = rate_from_day then console_users end) as rate_from_console_users,
        date_diff('day', rate_from_day, current_day) as rate_days
    from rate_bounds
    where baseline_day is not null
    group by baseline_day, current_day, target_reduction, rate_from_day
)
select
    baseline_day,
    baseline_console_users,
    current_day,
    current_console_users,
    target_reduction,
    target_console_users,
    round(1 - cast(current_console_users as double) / nullif(baseline_console_users, 0), 4) as reduction_so_far,
    round((1 - cast(current_console_users as double) / nullif(baseline_console_users, 0)) / cast(target_reduction as double), 4)
        as progress_to_target,
    rate_from_day,
    round(cast(rate_from_console_users - current_console_users as double) / nullif(rate_days, 0), 4) as recent_daily_reduction,
    case
        when current_console_users <= target_console_users then current_day
        when rate_days > 0 and rate_from_console_users > current_console_users then date_add(
            'day',
            cast(ceil(cast((current_console_users - target_console_users) * rate_days as double)
                / (rate_from_console_users - current_console_users)) as bigint),
            current_day)
    end as projected_target_day
from figures
