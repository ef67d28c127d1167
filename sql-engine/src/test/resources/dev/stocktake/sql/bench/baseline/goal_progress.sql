-- How far are we on the goal of cutting console-capable IAM users by 90 %, and when will we get there at the recent pace?
-- One row: console users (all accounts) on the baseline day and on the latest report day, the reduction so far, the
-- daily reduction over the last rate_window_days, and the day the target is projected to be met (NULL when the recent
-- rate is not a reduction). Change the settings in the first lines: baseline_day NULL means the first report day.
create or replace view goal_progress as
with settings as (
    select
        cast(null as date) as baseline_day,
        0.90 as target_reduction,
        7 as rate_window_days
),
totals as (
    -- the totals of daily_counts_filled (carried accounts included), as the shipped view's since the data-trust issue
    select dt, sum(console_users) as console_users
    from daily_counts_filled
    group by dt
),
bounds as (
    select
        min(case when s.baseline_day is null or t.dt >= s.baseline_day then t.dt end) as baseline_day,
        max(t.dt) as current_day
    from totals t
    cross join settings s
),
rate_bounds as (
    -- the latest report day at least rate_window_days before the current day, else the baseline day
    select coalesce(max(t.dt), min(b.baseline_day)) as rate_from_day
    from bounds b
    cross join settings s
    left join totals t
        on t.dt <= date_add('day', -s.rate_window_days, b.current_day)
        and t.dt >= b.baseline_day
),
figures as (
    select
        b.baseline_day,
        baseline.console_users as baseline_console_users,
        b.current_day,
        current.console_users as current_console_users,
        s.target_reduction,
        cast(floor(baseline.console_users * (1 - s.target_reduction)) as bigint) as target_console_users,
        r.rate_from_day,
        rate_from.console_users as rate_from_console_users,
        date_diff('day', r.rate_from_day, b.current_day) as rate_days
    from bounds b
    cross join settings s
    cross join rate_bounds r
    join totals baseline on baseline.dt = b.baseline_day
    join totals current on current.dt = b.current_day
    join totals rate_from on rate_from.dt = r.rate_from_day
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
