-- Each expected account without a report per day (the missing_reports view), and whether the day is the latest day
-- the coverage view knows ('yes'/'no': today's missing accounts).
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
    case when m.dt = (select max(dt) from "${database}".coverage) then 'yes' else 'no' end as latest_day
from "${database}".missing_reports m
