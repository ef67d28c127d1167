-- Which IAM users does the allowlist flag (expired entries, credentials the entry does not allow) per account and
-- report day (the allowlist_findings view), and whether the day is the latest report day ('yes'/'no').
select
    f.dt,
    f.account_id,
    f.account_name,
    f.user_name,
    f.allowlist_status,
    f.credentials_held,
    f.allowlist_owner,
    f.allowlist_reason,
    f.allowlist_ticket,
    f.allowlist_expires,
    f.days_since_expiry,
    f.arn,
    case when f.dt = (select max(dt) from "${database}".daily_counts) then 'yes' else 'no' end as latest_day
from "${database}".allowlist_findings f
