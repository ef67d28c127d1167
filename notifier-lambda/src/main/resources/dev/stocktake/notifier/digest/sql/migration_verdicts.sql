-- How many IAM users of the digest's day have each migration verdict (ready_to_remove, needs_assignment, no_identity,
-- machine_user, still_in_use, allowlisted, identity_center_unknown), and how many of them can sign in to the console?
-- One row per verdict present that day (view migration_status: one row per IAM user per account, the root user not
-- included); the digest shows every verdict, 0 for those without a row. The one parameter (?) is the digest's day.
with params as (
    select cast(? as date) as report_day
)
select
    s.verdict,
    count(*) as users,
    count_if(s.has_console_access) as console_users
from migration_status s
cross join params p
where s.dt = p.report_day
group by s.verdict
order by s.verdict
