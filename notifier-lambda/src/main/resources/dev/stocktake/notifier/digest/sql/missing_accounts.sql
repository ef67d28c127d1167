-- Which active accounts sent no report on the digest's day, where do they sit in the organization, who owns them, and
-- since when have they been silent?
-- One row per expected account without a report that day (view missing_reports), silent longest first (never
-- reported first of all): OU path, owner tag, the last day it reported and the days since. The one parameter (?) is
-- the digest's day.
with params as (
    select cast(? as date) as report_day
)
select
    m.account_name,
    m.account_id,
    m.ou_path,
    m.owner,
    m.last_report_dt,
    m.days_since_last_report
from missing_reports m
cross join params p
where m.dt = p.report_day
order by m.days_since_last_report desc nulls first, m.account_name, m.account_id
