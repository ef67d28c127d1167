-- Which accounts and owners hold back each scope's next milestone?
-- For each scope whose next milestone (milestone_progress.is_next) is not met: one row per account of the scope and
-- owner (migration_status's owner, '(no owner)' when none) with console users, on the account's latest report day
-- within the 3-day carry (daily_counts_filled's report_dt on the current day); share_of_scope = console_users / the
-- scope's current console users; rank 1 = the largest (rank() by console_users, ties share a rank).
-- Scope membership: the latest directory export's ou_id_path, as in milestone_progress.
create or replace view milestone_blockers as
with blocked as (
    select scope_type, scope, "day", max_console_users, current_day, current_console_users
    from milestone_progress
    where is_next and status <> 'met'
),
latest_directory as (
    select account_id, ou_ids
    from (
        select account_id, split(nullif(trim(ou_id_path), ''), '/') as ou_ids, dt, max(dt) over () as latest_dt
        from accounts
    )
    where dt = latest_dt
),
current_reports as (
    -- each account counted on the current day and the day of the report it is counted with (carried up to 3 days)
    select account_id, account_name, report_dt
    from (select daily_counts_filled.*, max(dt) over () as current_day from daily_counts_filled)
    where dt = current_day
),
owners as (
    select m.account_id, coalesce(m.owner, '(no owner)') as owner, count(*) as console_users
    from migration_status m
    join current_reports r on r.account_id = m.account_id and r.report_dt = m.dt
    where m.has_console_access
    group by m.account_id, coalesce(m.owner, '(no owner)')
)
select
    b.scope_type,
    b.scope,
    b."day",
    b.max_console_users,
    r.account_id,
    r.account_name,
    o.owner,
    o.console_users,
    round(cast(o.console_users as double) / nullif(b.current_console_users, 0), 4) as share_of_scope,
    rank() over (partition by b.scope_type, b.scope order by o.console_users desc) as rank
from blocked b
cross join current_reports r
left join latest_directory d on d.account_id = r.account_id
join owners o on o.account_id = r.account_id
where b.scope is null or b.scope = r.account_id or coalesce(contains(d.ou_ids, b.scope), false)
