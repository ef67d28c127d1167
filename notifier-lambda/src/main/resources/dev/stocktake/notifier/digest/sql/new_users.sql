-- Which IAM users are new on the digest's day: in their account's report that day, but not in that account's previous
-- report (the latest in the 14 days before)?
-- One row per new user, the root user never counted, newest first. An account without an earlier report in those
-- 14 days is left out (every one of its users would look new). The one parameter (?) is the digest's day.
with params as (
    select cast(? as date) as report_day
),
on_day as (
    select u.*
    from iam_users u
    cross join params p
    where u.dt = p.report_day
        and not u.is_root
),
previous_reports as (
    select u.account_id, max(u.dt) as previous_dt
    from iam_users u
    cross join params p
    where u.dt < p.report_day
        and u.dt >= date_add('day', -14, p.report_day)
    group by u.account_id
),
earlier_reports as (
    select u.account_id, u.dt, u.user_name
    from iam_users u
    cross join params p
    where u.dt < p.report_day
        and u.dt >= date_add('day', -14, p.report_day)
)
select
    n.account_name,
    n.account_id,
    n.user_name,
    n.arn,
    n.user_created_at,
    n.has_console_access,
    n.mfa_active,
    n.active_access_keys,
    r.previous_dt
from on_day n
join previous_reports r on r.account_id = n.account_id
-- the earlier reports bounded by the same 14 days, so that the partition projection prunes this side too (joined on
-- r.previous_dt alone, a value known only at run time, it would read every report day there is)
left join earlier_reports b
    on b.account_id = n.account_id
    and b.dt = r.previous_dt
    and b.user_name = n.user_name
where b.user_name is null
order by n.user_created_at desc, n.account_name, n.user_name
