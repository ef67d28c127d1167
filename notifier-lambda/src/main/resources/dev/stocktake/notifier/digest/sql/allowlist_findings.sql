-- Which IAM users does the allowlist flag on the digest's day, and who owns the entry?
-- One row per user listed only by an expired entry ('expired') or holding a credential its entry does not allow
-- ('violation'), from the allowlist_findings view: the credentials held, the entry's owner, reason, ticket and last
-- day, expired ones first, longest expired first. The one parameter (?) is the digest's day.
with params as (
    select cast(? as date) as report_day
)
select
    f.account_name,
    f.account_id,
    f.user_name,
    f.allowlist_status,
    f.credentials_held,
    f.allowlist_owner,
    f.allowlist_reason,
    f.allowlist_ticket,
    f.allowlist_expires,
    f.days_since_expiry
from allowlist_findings f
cross join params p
where f.dt = p.report_day
order by f.allowlist_status, f.days_since_expiry desc nulls last, f.allowlist_owner, f.account_name, f.user_name
