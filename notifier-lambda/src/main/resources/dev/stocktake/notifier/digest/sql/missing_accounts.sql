-- Which active accounts sent no accepted report on the digest's day, where do they sit in the organization, who owns
-- them, since when have they been silent, and is their last report carried in the totals?
-- One row per expected account without an accepted report that day (view missing_reports), silent longest first (never
-- reported first of all): OU path, owner tag, the last day it reported and the days since, whether that report is carried (at most 3 days old: the totals count it) and whether the day's report was stored
-- but rejected. The one parameter (?) is the digest's day.
with params as (
    select cast(? as date) as report_day
)
select
    m.account_name,
    m.account_id,
    m.ou_path,
    m.owner,
    m.last_report_dt,
    m.days_since_last_report,
    m.carried_forward,
    m.report_rejected
from missing_reports m
cross join params p
where m.dt = p.report_day
order by m.days_since_last_report desc nulls first, m.account_name, m.account_id
