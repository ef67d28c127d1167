-- Which accounts did the organization have on each day, which of them were expected to report, and which did?
-- One row per account per day, for every day with a directory export or a report from the first export on. An account
-- is taken from that day's export of the account directory (accounts/YYYY/MM/DD/accounts.csv) or, when the export of
-- that day is missing, from the latest earlier one (directory_dt says which).
-- report_expected: the account is ACTIVE (suspended, pending-closure and closed accounts are never expected) and it
-- joined the organization before the day (UTC date of JoinedTimestamp): an account that joined on the day is expected
-- from the next day on, after its first scheduled collection. reported: a report of the account (by the account ID in
-- the report's key) that checked_rows accepts is stored for the day; report_rejected: the account's only reports of
-- the day were rejected (see rejected_reports). last_report_dt: its last accepted report before the day;
-- carried_forward: it did not report and that report is at most 3 days old, so daily_counts_filled carries it.
create or replace view accounts_by_day as
with directory as (
    select
        cast(date_parse(dt, '%Y/%m/%d') as date) as directory_dt,
        account_id,
        account_name,
        nullif(email, '') as email,
        nullif(status, '') as status,
        coalesce(nullif(state, ''), nullif(status, '')) as state,
        nullif(joined_method, '') as joined_method,
        cast(from_iso8601_timestamp(nullif(joined_timestamp, '')) at time zone 'UTC' as timestamp) as joined_at,
        nullif(parent_id, '') as parent_id,
        nullif(ou_path, '') as ou_path,
        coalesce(nullif(tags, ''), '{}') as tags
    from accounts
),
reports as (
    -- an account reported when checked_rows accepted a report of it; a rejected report does not count
    select dt, account_id, bool_or(rejection is null) as accepted, bool_or(rejection is not null) as rejected
    from checked_rows
    where account_id is not null
    group by dt, account_id
),
days as (
    select directory_dt as dt from directory
    union
    select dt from reports
),
snapshots as (
    select days.dt, max(exports.directory_dt) as directory_dt
    from days
    join (select distinct directory_dt from directory) exports on exports.directory_dt <= days.dt
    group by days.dt
)
select
    snapshots.dt,
    snapshots.directory_dt,
    directory.account_id,
    directory.account_name,
    directory.email,
    directory.status,
    directory.state,
    directory.joined_method,
    directory.joined_at,
    directory.parent_id,
    directory.ou_path,
    directory.tags,
    -- the owner tag, as "owner" or "Owner"
    coalesce(json_extract_scalar(directory.tags, '$.owner'), json_extract_scalar(directory.tags, '$.Owner')) as owner,
    directory.state = 'ACTIVE' as is_active,
    directory.state = 'ACTIVE' and coalesce(cast(directory.joined_at as date) < snapshots.dt, true) as report_expected,
    coalesce(reports.accepted, false) as reported,
    coalesce(reports.rejected and not reports.accepted, false) as report_rejected,
    -- the account's last accepted report before the day, and whether daily_counts_filled carries it to this day
    -- (at most 3 days back, the carry_forward_days of daily_counts_filled)
    max(if(reports.accepted, snapshots.dt)) over (partition by directory.account_id order by snapshots.dt
        rows between unbounded preceding and 1 preceding) as last_report_dt,
    not coalesce(reports.accepted, false) and coalesce(date_diff('day', max(if(reports.accepted, snapshots.dt)) over (
        partition by directory.account_id order by snapshots.dt rows between unbounded preceding and 1 preceding),
        snapshots.dt) <= 3, false) as carried_forward
from snapshots
join directory on directory.directory_dt = snapshots.directory_dt
left join reports on reports.dt = snapshots.dt and reports.account_id = directory.account_id
