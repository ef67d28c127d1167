-- Which active accounts did not report on each day, where do they sit in the organization and who owns them?
-- One row per expected account (see accounts_by_day: active, joined before the day) with no report stored for the
-- day, with its OU path, owner tag and all tags, and the last day it did report (NULL if it never did);
-- carried_forward: that report is at most 3 days old, so daily_counts_filled still counts it (carry_forward_days);
-- report_rejected: a report of the day was stored but rejected (see rejected_reports).
create or replace view missing_reports as
with reports as (
    -- accepted reports only (see checked_rows): an account whose report was rejected did not report
    select distinct dt, account_id
    from checked_rows
    where rejection is null
),
missing as (
    select * from accounts_by_day where report_expected and not reported
)
select
    missing.dt,
    missing.account_id,
    missing.account_name,
    missing.email,
    missing.ou_path,
    missing.owner,
    missing.tags,
    missing.joined_at,
    missing.directory_dt,
    max(reports.dt) as last_report_dt,
    date_diff('day', max(reports.dt), missing.dt) as days_since_last_report,
    coalesce(date_diff('day', max(reports.dt), missing.dt) <= 3, false) as carried_forward,
    missing.report_rejected
from missing
left join reports on reports.account_id = missing.account_id and reports.dt < missing.dt
group by missing.dt, missing.account_id, missing.account_name, missing.email, missing.ou_path, missing.owner,
    missing.tags, missing.joined_at, missing.directory_dt, missing.report_rejected
