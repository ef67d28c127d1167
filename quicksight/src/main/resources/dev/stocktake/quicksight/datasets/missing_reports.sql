-- Each expected account without an accepted report per day (the missing_reports view), whether its last report is
-- carried in that day's totals (at most 3 days old) and whether its report of the day was stored but rejected (both
-- from missing_reports), and whether the day is the latest day the coverage view knows ('yes'/'no': today's missing
-- accounts).
select
    m.dt,
    m.account_id,
    m.account_name,
    m.email,
    m.ou_path,
    m.owner,
    m.tags,
    m.joined_at,
    m.directory_dt,
    m.last_report_dt,
    m.days_since_last_report,
    m.carried_forward,
    m.report_rejected,
    case when m.dt = (select max(dt) from "${database}".coverage) then 'yes' else 'no' end as latest_day
from "${database}".missing_reports m
