-- Which stored report files are kept out of every number, and why (the rejected_reports view): per file the day, its
-- key, the account ID and name the key gives (NULL when it is not a report key), the reason and how many lines failed,
-- the file name, and whether the day is the latest report day or later ('yes'/'no'). The view's example_bad_user (a
-- user cell of the file) is left out: the dashboard never shows a rejected file's contents.
select
    r.dt,
    r.source_file,
    r.account_id,
    r.account_name,
    r.reason,
    r.bad_rows,
    regexp_extract(r.source_file, '[^/]+$') as file_name,
    case when r.dt >= (select max(dt) from "${database}".daily_counts) then 'yes' else 'no' end as latest_day
from "${database}".rejected_reports r
