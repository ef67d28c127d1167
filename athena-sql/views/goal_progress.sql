-- How far are we on the next milestone of console-capable IAM users, and when will we get there at the recent pace?
-- One row: console users (all accounts) on the baseline day and on the latest report day, the reduction so far, the
-- daily reduction over the last rate_window_days, and the day the target is projected to be met (NULL when the recent
-- rate is not a reduction). The target is the next organization-wide milestone (milestones with an empty scope): the
-- earliest one on or after the current day, else (all past) the last one; without milestones the target and every
-- milestone column are NULL. progress_to_target = (baseline - current) / (baseline - target); distance_to_milestone =
-- greatest(current - max, 0); on_track: the target is met now or projected on or before the milestone's day.
-- Change the settings in the first lines: baseline_day NULL means the first report day.
-- Totals are those of daily_counts_filled: an account whose report is missing or rejected for up to 3 days counts
-- with its last report (current_carried_accounts says how many), so an outage never looks like progress.
-- current_missing_accounts: the accounts expected on the current day that neither reported nor are carried — from
-- the account directory's latest export (ACTIVE accounts that joined before the day) when there is one, else the
-- accounts with an accepted report in the 30 days before that have none now. target_reached is true only when the
-- current total is at or under the target AND no expected account is missing: a gap never claims the goal.
-- Reads daily_counts_filled (and so the reports) once: the baseline, current and rate days are found with window
-- functions over the daily totals. It needs every report day from the baseline on, so it reads them all.
create or replace view goal_progress as
with settings as (
    select
        cast(null as date) as baseline_day,
        7 as rate_window_days
),
organization_milestones as (
    -- the organization-wide milestones (empty scope) sorted by day, as one array; NULL when there are none (the
    -- header line and anything that is not a day and a whole number >= 0 are left out)
    select array_sort(array_agg(cast(row(milestone_day, max_console_users, name)
        as row(on_day date, max_console_users bigint, name varchar)))) as milestones
    from (
        select
            try(cast(trim("day") as date)) as milestone_day,
            try_cast(trim(max_console_users) as bigint) as max_console_users,
            nullif(trim(name), '') as name
        from milestones
        where nullif(trim(scope), '') is null
    )
    where milestone_day is not null and max_console_users >= 0
),
totals as (
    select
        dt,
        sum(console_users) as console_users,
        count_if(not carried_forward) as reported_accounts,
        count_if(carried_forward) as carried_accounts,
        array_agg(account_id) as present_accounts
    from daily_counts_filled
    group by dt
),
recent as (
    -- beside each day: the accounts of the 30 days before it (window over the daily totals, no second read)
    select
        totals.*,
        array_distinct(flatten(array_agg(present_accounts) over (order by dt
            rows between 30 preceding and 1 preceding))) as earlier_accounts
    from totals
),
bounds as (
    -- the baseline and current day beside every day's total (window functions: daily_counts is read once)
    select
        t.dt,
        t.console_users,
        t.reported_accounts,
        t.carried_accounts,
        t.present_accounts,
        t.earlier_accounts,
        s.rate_window_days,
        min(case when s.baseline_day is null or t.dt >= s.baseline_day then t.dt end) over () as baseline_day,
        max(t.dt) over () as current_day
    from recent t
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
        rate_from_day,
        max(case when dt = rate_from_day then console_users end) as rate_from_console_users,
        date_diff('day', rate_from_day, current_day) as rate_days,
        max(case when dt = current_day then reported_accounts end) as current_reported_accounts,
        max(case when dt = current_day then carried_accounts end) as current_carried_accounts,
        max_by(present_accounts, dt) as current_accounts,
        max_by(earlier_accounts, dt) as earlier_accounts
    from rate_bounds
    where baseline_day is not null
    group by baseline_day, current_day, rate_from_day
),
directory_accounts as (
    -- the accounts each export of the account directory says are ACTIVE, with the day they joined (the rule of the per-day account view)
    select
        cast(date_parse(dt, '%Y/%m/%d') as date) as directory_dt,
        account_id,
        cast(cast(from_iso8601_timestamp(nullif(joined_timestamp, '')) at time zone 'UTC' as timestamp) as date)
            as joined_day
    from accounts
    where coalesce(nullif(state, ''), nullif(status, '')) = 'ACTIVE'
),
with_directory as (
    -- the current day's figures beside every active account of the exports up to that day
    select
        f.*,
        d.directory_dt,
        d.account_id as directory_account_id,
        d.joined_day,
        max(d.directory_dt) over () as latest_export_dt
    from figures f
    left join directory_accounts d on d.directory_dt <= f.current_day
),
expected as (
    -- the latest export's accounts that joined before the current day; NULL when there is no export
    select
        current_day,
        arbitrary(baseline_day) as baseline_day,
        arbitrary(baseline_console_users) as baseline_console_users,
        arbitrary(current_console_users) as current_console_users,
        arbitrary(rate_from_day) as rate_from_day,
        arbitrary(rate_from_console_users) as rate_from_console_users,
        arbitrary(rate_days) as rate_days,
        arbitrary(current_reported_accounts) as current_reported_accounts,
        arbitrary(current_carried_accounts) as current_carried_accounts,
        arbitrary(current_accounts) as current_accounts,
        arbitrary(earlier_accounts) as earlier_accounts,
        array_agg(directory_account_id) filter (where directory_dt = latest_export_dt
            and coalesce(joined_day < current_day, true)) as directory_expected_accounts,
        count(directory_dt) > 0 as has_directory
    from with_directory
    group by current_day
),
missing as (
    select
        expected.*,
        cardinality(array_except(
            if(has_directory, coalesce(directory_expected_accounts, cast(array[] as array(varchar))), coalesce(earlier_accounts, cast(array[] as array(varchar)))),
            current_accounts)) as current_missing_accounts
    from expected
),
with_milestone as (
    -- the next milestone: the earliest on or after the current day, else the last one
    select
        missing.*,
        coalesce(element_at(filter(m.milestones, x -> x.on_day >= missing.current_day), 1), element_at(m.milestones, -1))
            as next_milestone,
        element_at(m.milestones, -1) as final_milestone
    from missing
    cross join organization_milestones m
),
with_target as (
    select
        with_milestone.*,
        next_milestone.max_console_users as target_console_users,
        case
            when current_console_users <= next_milestone.max_console_users then current_day
            when rate_days > 0 and rate_from_console_users > current_console_users then date_add(
                'day',
                cast(ceil(cast((current_console_users - next_milestone.max_console_users) * rate_days as double)
                    / (rate_from_console_users - current_console_users)) as bigint),
                current_day)
        end as projected_target_day
    from with_milestone
)
select
    baseline_day,
    baseline_console_users,
    current_day,
    current_console_users,
    target_console_users,
    round(1 - cast(current_console_users as double) / nullif(baseline_console_users, 0), 4) as reduction_so_far,
    round(cast(baseline_console_users - current_console_users as double)
        / nullif(baseline_console_users - target_console_users, 0), 4) as progress_to_target,
    rate_from_day,
    round(cast(rate_from_console_users - current_console_users as double) / nullif(rate_days, 0), 4) as recent_daily_reduction,
    projected_target_day,
    current_reported_accounts,
    current_carried_accounts,
    current_missing_accounts,
    if(target_console_users is null, null,
        current_console_users <= target_console_users and current_missing_accounts = 0) as target_reached,
    next_milestone.on_day as next_milestone_day,
    next_milestone.name as next_milestone_name,
    next_milestone.max_console_users as next_milestone_max,
    greatest(current_console_users - next_milestone.max_console_users, 0) as distance_to_milestone,
    date_diff('day', current_day, next_milestone.on_day) as days_to_milestone,
    if(target_console_users is null, null,
        current_console_users <= target_console_users or coalesce(projected_target_day <= next_milestone.on_day, false))
        as on_track,
    final_milestone.on_day as final_milestone_day,
    final_milestone.max_console_users as final_milestone_max
from with_target
