-- Which IAM users has stocktake remediate quarantined or removed, since when, by which plan and operator?
-- One row per report day (dt, each day the account reported) and IAM user that had a remediation state at the end of
-- that day (remediation_timeline): quarantined, partially_quarantined, quarantine_undone, removal_started or removed,
-- since (the time of the journal record that made it so) and since_day, the plan and operator of that state, the
-- quarantine plan, quarantined_at, days_since_quarantine and, while quarantined, watch_days_to_go: the days left of the
-- watch window before `stocktake remediate plan --delete` takes the user (watch_days, the command's default 30; the
-- journal does not record another --watch-days, which only a deletion plan, after the window, would name), and
-- remediation: the state in words, e.g. 'quarantined since 2026-12-03 (27 days to go)'. A removed user is no longer in
-- the reports after its deletion and still has its row here on every later report day of its account.
-- Filter on dt for one day; the latest: dt = (select max(dt) from remediation_status).
create or replace view remediation_status as
with settings as (
    select 30 as watch_days
),
report_days as (
    select dt, account_id, max(account_name) as account_name
    from iam_users
    group by dt, account_id
),
in_effect as (
    select
        d.dt,
        d.account_id,
        d.account_name,
        t.user_name,
        t.state,
        t.since,
        t.since_day,
        t.plan_id,
        t.operator,
        t.quarantine_plan_id,
        t.quarantined_at,
        date_diff('day', date(t.quarantined_at at time zone 'UTC'), d.dt) as days_since_quarantine,
        s.watch_days
    from report_days d
    join remediation_timeline t on t.account_id = d.account_id and t.since_day <= d.dt
        and (t.until_day is null or t.until_day > d.dt)
    cross join settings s
)
select
    dt,
    account_id,
    account_name,
    user_name,
    state as remediation_state,
    since,
    since_day,
    plan_id,
    operator,
    quarantine_plan_id,
    quarantined_at,
    days_since_quarantine,
    watch_days,
    if(state = 'quarantined', greatest(watch_days - days_since_quarantine, 0)) as watch_days_to_go,
    cast(case state
        when 'quarantined' then 'quarantined since ' || cast(since_day as varchar) || ' ('
            || if(days_since_quarantine >= watch_days, 'watch window over: can be deleted',
                cast(watch_days - days_since_quarantine as varchar) || ' days to go') || ')'
        when 'partially_quarantined' then 'partially quarantined since ' || cast(since_day as varchar)
            || ' (apply did not finish: run it again)'
        when 'quarantine_undone' then 'quarantine undone on ' || cast(since_day as varchar)
        when 'removal_started' then 'removal started on ' || cast(since_day as varchar) || ' (plan ' || plan_id || ')'
        when 'removed' then 'removed by Stocktake on ' || cast(since_day as varchar) || ' (plan ' || plan_id || ')'
    end as varchar) as remediation
from in_effect
