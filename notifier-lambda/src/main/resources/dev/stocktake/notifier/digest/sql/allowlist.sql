-- Of the IAM users holding a console password or an active access key on the digest's day, how many are accepted
-- (allowlisted) and how many are to be removed?
-- One row (view iam_users, the root user excluded): accepted = allowlist_status 'allowed'; to remove = every other
-- status ('not_listed', 'violation', 'expired'); the same for console users; and the violations and expired entries
-- among them. The one parameter (?) is the digest's day.
with params as (
    select cast(? as date) as report_day
)
select
    count_if(u.allowlist_status = 'allowed') as accepted_users,
    count_if(u.allowlist_status <> 'allowed') as users_to_remove,
    count_if(u.has_console_access and u.allowlist_status = 'allowed') as accepted_console_users,
    count_if(u.has_console_access and u.allowlist_status <> 'allowed') as console_users_to_remove,
    count_if(u.allowlist_status = 'violation') as violations,
    count_if(u.allowlist_status = 'expired') as expired
from iam_users u
cross join params p
where u.dt = p.report_day
    and not u.is_root
    and (coalesce(u.has_console_access, false) or u.active_access_keys > 0)
