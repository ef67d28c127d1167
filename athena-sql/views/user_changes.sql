-- What changed in each account since its previous report: users added or removed, console access granted or removed,
-- access keys added, MFA removed, users quarantined or removed by stocktake remediate?
-- One row per account per report day that has an earlier report for that account (missing days are skipped: the
-- comparison is always against the account's previous report, named in previous_dt). The root user is ignored.
-- Console access granted/removed includes users created with, or deleted with, console access; an access key is
-- added when a key creation time appears that the previous report did not have (a rotation adds one).
-- Reads iam_users once: window functions find each report's previous and next report day and each user's previous
-- and next appearance, so no report is joined with itself. A filter on dt cannot prune the reports read, as the
-- account's previous report may lie before the filtered days.
-- Remediation (remediation_timeline, the journal): of users_removed, users_removed_by_stocktake were gone because a
-- Stocktake deletion plan deleted them (their plans in removal_plan_ids, ', '-joined), not an unexplained
-- disappearance; users_quarantined and quarantines_undone count the users whose quarantine was completed or undone
-- after the previous report day and on or before dt (UTC days of the journal's times).
create or replace view user_changes as
with report_rows as (
    select
        dt,
        account_id,
        account_name,
        user_name,
        is_root,
        has_console_access,
        mfa_active,
        access_key_1_last_rotated as key_1_created_at,
        access_key_2_last_rotated as key_2_created_at,
        -- the account's rows in (dt, user_name) order: the row before a day's first row belongs to its previous report,
        -- the row after its last row to its next report
        lag(dt) over (partition by account_id order by dt, user_name) as row_before_dt,
        lead(dt) over (partition by account_id order by dt, user_name) as row_after_dt,
        -- the same user's previous and next appearance in the account's reports
        lag(dt) over (partition by account_id, user_name order by dt) as user_before_dt,
        lag(has_console_access) over (partition by account_id, user_name order by dt) as user_before_console,
        lag(mfa_active) over (partition by account_id, user_name order by dt) as user_before_mfa,
        lag(access_key_1_last_rotated) over (partition by account_id, user_name order by dt) as user_before_key_1,
        lag(access_key_2_last_rotated) over (partition by account_id, user_name order by dt) as user_before_key_2,
        lead(dt) over (partition by account_id, user_name order by dt) as user_after_dt
    from iam_users
),
report_days as (
    select
        report_rows.*,
        max(if(row_before_dt < dt, row_before_dt)) over (partition by account_id, dt) as previous_dt,
        min(if(row_after_dt > dt, row_after_dt)) over (partition by account_id, dt) as next_dt
    from report_rows
),
user_pairs as (
    select
        report_days.*,
        user_before_dt is not null and user_before_dt = previous_dt as in_previous
    from report_days
),
contributions as (
    -- every row counts in its own report; a user missing from the account's next report counts there as removed
    select
        if(c.kind = 'current', p.dt, p.next_dt) as dt,
        p.account_id,
        if(c.kind = 'current', p.previous_dt) as previous_dt,
        if(c.kind = 'current', p.account_name) as account_name,
        c.kind = 'current' and not p.is_root and not p.in_previous as user_added,
        c.kind = 'removed' as user_removed,
        c.kind = 'current' and not p.is_root and coalesce(p.has_console_access, false)
            and not (p.in_previous and coalesce(p.user_before_console, false)) as console_granted,
        (c.kind = 'current' and not p.is_root and p.in_previous and coalesce(p.user_before_console, false)
            and not coalesce(p.has_console_access, false))
            or (c.kind = 'removed' and coalesce(p.has_console_access, false)) as console_removed,
        c.kind = 'current' and not p.is_root and p.key_1_created_at is not null
            and p.key_1_created_at is distinct from if(p.in_previous, p.user_before_key_1)
            and p.key_1_created_at is distinct from if(p.in_previous, p.user_before_key_2) as key_1_added,
        c.kind = 'current' and not p.is_root and p.key_2_created_at is not null
            and p.key_2_created_at is distinct from if(p.in_previous, p.user_before_key_1)
            and p.key_2_created_at is distinct from if(p.in_previous, p.user_before_key_2) as key_2_added,
        c.kind = 'current' and not p.is_root and p.in_previous and p.user_before_mfa and not p.mfa_active as mfa_removed,
        -- a user gone from the next report that a Stocktake deletion plan had deleted by then
        if(c.kind = 'removed', t.plan_id) as removal_plan_id
    from user_pairs p
    cross join unnest(array['current', 'removed']) as c (kind)
    left join remediation_timeline t on c.kind = 'removed' and t.account_id = p.account_id and t.user_name = p.user_name
        and t.state = 'removed' and t.since_day <= p.next_dt and (t.until_day is null or t.until_day > p.next_dt)
    where c.kind = 'current'
        or (not p.is_root and p.next_dt is not null and p.user_after_dt is distinct from p.next_dt)
),
changes as (
    select
        dt,
        max(previous_dt) as previous_dt,
        account_id,
        max(account_name) as account_name,
        count_if(user_added) as users_added,
        count_if(user_removed) as users_removed,
        count_if(console_granted) as console_access_granted,
        count_if(console_removed) as console_access_removed,
        count_if(key_1_added) + count_if(key_2_added) as access_keys_added,
        count_if(mfa_removed) as mfa_removed,
        count_if(user_removed and removal_plan_id is not null) as users_removed_by_stocktake,
        array_join(array_sort(array_distinct(filter(array_agg(removal_plan_id), x -> x is not null))), ', ')
            as removal_plan_ids
    from contributions
    group by dt, account_id
    having max(previous_dt) is not null
)
select
    c.dt,
    c.previous_dt,
    c.account_id,
    c.account_name,
    c.users_added,
    c.users_removed,
    c.console_access_granted,
    c.console_access_removed,
    c.access_keys_added,
    c.mfa_removed,
    c.users_removed_by_stocktake,
    nullif(c.removal_plan_ids, '') as removal_plan_ids,
    count(distinct if(t.state = 'quarantined', t.user_name)) as users_quarantined,
    count(distinct if(t.state = 'quarantine_undone', t.user_name)) as quarantines_undone
from changes c
left join remediation_timeline t on t.account_id = c.account_id and t.since_day > c.previous_dt and t.since_day <= c.dt
    and t.state in ('quarantined', 'quarantine_undone')
group by c.dt, c.previous_dt, c.account_id, c.account_name, c.users_added, c.users_removed, c.console_access_granted,
    c.console_access_removed, c.access_keys_added, c.mfa_removed, c.users_removed_by_stocktake, c.removal_plan_ids
