-- What share of the active accounts expected to report on the digest's day did report?
-- One row from the coverage view for the day (none when no account directory export covers it): active accounts,
-- those expected (active and joined before the day), those that reported, those missing, and the percentage; of the
-- missing, those whose report was rejected (those whose last report the totals carry come from missing_accounts).
-- The one parameter (?) is the digest's day.
with params as (
    select cast(? as date) as report_day
)
select
    c.active_accounts,
    c.expected_accounts,
    c.reported_accounts,
    c.missing_accounts,
    c.coverage_percent,
    c.rejected_reports,
    c.directory_dt
from coverage c
cross join params p
where c.dt = p.report_day
