-- What share of the accounts that should have reported on each day did report?
-- One row per day (see accounts_by_day for which days and which directory export): active accounts, active accounts
-- not yet expected (joined that day), expected accounts, those that reported, those missing, and coverage_percent =
-- reported / expected × 100 (NULL when no account was expected). Of the missing accounts, rejected_reports counts
-- those whose report was stored but rejected (rejected_reports lists them) and carried_accounts those whose last
-- report daily_counts_filled carries forward. Suspended and closed accounts count in
-- inactive_accounts only. A day's figures are final once that day's collection window is over.
create or replace view coverage as
select
    dt,
    directory_dt,
    count_if(is_active) as active_accounts,
    count_if(not coalesce(is_active, false)) as inactive_accounts,
    count_if(is_active and not report_expected) as accounts_not_yet_expected,
    count_if(report_expected) as expected_accounts,
    count_if(report_expected and reported) as reported_accounts,
    count_if(report_expected and not reported) as missing_accounts,
    count_if(report_expected and report_rejected) as rejected_reports,
    count_if(report_expected and carried_forward) as carried_accounts,
    round(100 * cast(count_if(report_expected and reported) as double) / nullif(count_if(report_expected), 0), 2)
        as coverage_percent
from accounts_by_day
group by dt, directory_dt
