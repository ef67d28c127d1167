-- Which report files of the digest's day were kept out of every number, and why?
-- One row per file the rejected_reports view lists for the day: the account its key names (NULL when the key is not a
-- report key), the file name (the last part of the key) and the reason; never the file's contents. The one parameter
-- (?) is the digest's day.
with params as (
    select cast(? as date) as report_day
)
select
    r.account_name,
    r.account_id,
    regexp_extract(r.source_file, '[^/]+$') as file_name,
    r.reason,
    r.bad_rows
from rejected_reports r
cross join params p
where r.dt = p.report_day
order by r.account_name, r.account_id, file_name
