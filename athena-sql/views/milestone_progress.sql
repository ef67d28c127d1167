-- Where does each milestone stand: how many console users are left in its scope, and will it be met in time?
-- One row per configured milestone (milestones: day, max_console_users, scope, name; scope empty = the organization,
-- an OU or root ID = every account under it at any depth, a 12-digit ID = that account): scope_type, is_next (the
-- scope's earliest milestone on or after the current day, else its last), the current day (the latest report day),
-- current_console_users in the scope (totals of daily_counts_filled: a missing report counts with the last one for up
-- to 3 days), distance = greatest(current - max, 0), accounts_in_scope and missing_accounts (expected accounts of the
-- scope neither reported nor carried; expected = ACTIVE and joined before the current day in the latest directory
-- export, else, without any export, the accounts of the 30 days before), the status and the projected day.
-- status: 'met' (at or under the max and no account of the scope missing: a gap never meets a milestone), 'missed'
-- (its day is past and it is not met), 'on_track' (projected on or before its day), 'behind' (otherwise).
-- projected_day: the current day when at or under the max, else the day the recent daily reduction of the scope
-- (over the last rate_window_days, as in goal_progress) reaches the max; NULL when the scope is not shrinking.
-- OU membership is that of the latest directory export (ou_id_path), applied to every day.
create or replace view milestone_progress as
with settings as (
    select 7 as rate_window_days, 30 as missing_window_days
),
milestone_list as (
    select
        milestone_day,
        max_console_users,
        scope,
        name,
        cast(case
            when scope is null then 'organization'
            when regexp_like(scope, '^[0-9]{12}$') then 'account'
            else 'ou'
        end as varchar) as scope_type
    from (
        -- the header line and anything that is not a day and a whole number >= 0 are left out
        select
            try(cast(trim("day") as date)) as milestone_day,
            try_cast(trim(max_console_users) as bigint) as max_console_users,
            nullif(trim(scope), '') as scope,
            nullif(trim(name), '') as name
        from milestones
    )
    where milestone_day is not null and max_console_users >= 0
),
scopes as (
    select distinct scope, scope_type from milestone_list
),
latest_directory as (
    -- the latest export of the account directory: each account's OU IDs and whether it is expected to report
    select account_id, ou_ids, is_active, joined_day
    from (
        select
            account_id,
            split(nullif(trim(ou_id_path), ''), '/') as ou_ids,
            coalesce(nullif(state, ''), nullif(status, '')) = 'ACTIVE' as is_active,
            cast(cast(from_iso8601_timestamp(nullif(joined_timestamp, '')) at time zone 'UTC' as timestamp) as date)
                as joined_day,
            dt,
            max(dt) over () as latest_dt
        from accounts
    )
    where dt = latest_dt
),
counts as (
    select dt, account_id, console_users, max(dt) over () as current_day
    from daily_counts_filled
),
scope_days as (
    -- per scope and day: console users and the accounts counted (reported or carried)
    select
        s.scope,
        c.dt,
        arbitrary(c.current_day) as current_day,
        sum(c.console_users) as console_users,
        array_agg(c.account_id) as accounts
    from counts c
    left join latest_directory d on d.account_id = c.account_id
    join scopes s on s.scope is null or s.scope = c.account_id or coalesce(contains(d.ou_ids, s.scope), false)
    group by s.scope, c.dt
),
scope_figures as (
    select
        f.scope,
        max(f.current_day) as current_day,
        coalesce(max(f.console_users) filter (where f.dt = f.current_day), 0) as current_console_users,
        coalesce(max(f.dt) filter (where f.dt <= date_add('day', -s.rate_window_days, f.current_day)), min(f.dt))
            as rate_from_day,
        coalesce(max_by(f.console_users, f.dt) filter (where f.dt <= date_add('day', -s.rate_window_days, f.current_day)),
            min_by(f.console_users, f.dt)) as rate_from_console_users,
        coalesce(arbitrary(f.accounts) filter (where f.dt = f.current_day), cast(array[] as array(varchar)))
            as current_accounts,
        coalesce(array_distinct(flatten(array_agg(f.accounts) filter (
            where f.dt < f.current_day and f.dt >= date_add('day', -s.missing_window_days, f.current_day)))),
            cast(array[] as array(varchar))) as earlier_accounts
    from scope_days f
    cross join settings s
    group by f.scope
),
directory_scopes as (
    -- per scope: the accounts the latest export expects (ACTIVE, joined before the current day)
    select
        s.scope,
        array_agg(d.account_id) filter (where d.is_active) as active_accounts,
        array_agg(cast(row(d.account_id, d.joined_day) as row(account_id varchar, joined_day date)))
            filter (where d.is_active) as active_joined
    from scopes s
    join latest_directory d on s.scope is null or s.scope = d.account_id or coalesce(contains(d.ou_ids, s.scope), false)
    group by s.scope
),
has_directory as (
    select count(*) > 0 as has_directory from latest_directory
),
figures as (
    select
        m.*,
        coalesce(f.current_day, max(f.current_day) over ()) as current_day,
        coalesce(f.current_console_users, 0) as current_console_users,
        f.rate_from_day,
        f.rate_from_console_users,
        date_diff('day', f.rate_from_day, f.current_day) as rate_days,
        coalesce(f.current_accounts, cast(array[] as array(varchar))) as current_accounts,
        if(h.has_directory,
            coalesce(transform(filter(ds.active_joined,
                a -> coalesce(a.joined_day < coalesce(f.current_day, a.joined_day), true)), a -> a.account_id),
                cast(array[] as array(varchar))),
            coalesce(f.earlier_accounts, cast(array[] as array(varchar)))) as expected_accounts
    from milestone_list m
    cross join has_directory h
    left join scope_figures f on f.scope is not distinct from m.scope
    left join directory_scopes ds on ds.scope is not distinct from m.scope
),
judged as (
    select
        figures.*,
        cardinality(array_except(expected_accounts, current_accounts)) as missing_accounts,
        cardinality(array_union(expected_accounts, current_accounts)) as accounts_in_scope,
        case
            when current_console_users <= max_console_users then current_day
            when rate_days > 0 and rate_from_console_users > current_console_users then date_add(
                'day',
                cast(ceil(cast((current_console_users - max_console_users) * rate_days as double)
                    / (rate_from_console_users - current_console_users)) as bigint),
                current_day)
        end as projected_day,
        coalesce(
            min(case when milestone_day >= current_day then milestone_day end) over (partition by scope),
            max(milestone_day) over (partition by scope)) as next_day
    from figures
)
select
    scope_type,
    scope,
    milestone_day as "day",
    max_console_users,
    name,
    milestone_day = next_day as is_next,
    current_day,
    current_console_users,
    greatest(current_console_users - max_console_users, 0) as distance,
    accounts_in_scope,
    missing_accounts,
    cast(case
        when current_console_users <= max_console_users and missing_accounts = 0 then 'met'
        when milestone_day < current_day then 'missed'
        when projected_day <= milestone_day then 'on_track'
        else 'behind'
    end as varchar) as status,
    projected_day
from judged
