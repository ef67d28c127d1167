-- Which IAM users does the allowlist flag on each report day: listed only by expired entries, or holding a credential
-- their entry does not allow?
-- One row per user whose allowlist_status is 'expired' or 'violation' (see iam_users) per account per report day,
-- with the credentials the user holds ('console', 'access-keys', 'both' or 'none', as the allowlist writes them),
-- the deciding entry's owner, reason, ticket and last day in force, and the days since that day (expired only).
create or replace view allowlist_findings as
select
    dt,
    account_id,
    account_name,
    user_name,
    allowlist_status,
    case
        when coalesce(has_console_access, false) and active_access_keys > 0 then 'both'
        when coalesce(has_console_access, false) then 'console'
        when active_access_keys > 0 then 'access-keys'
        else 'none'
    end as credentials_held,
    allowlist_owner,
    allowlist_reason,
    allowlist_ticket,
    allowlist_expires,
    if(allowlist_status = 'expired', date_diff('day', allowlist_expires, dt)) as days_since_expiry,
    arn
from iam_users
where allowlist_status in ('expired', 'violation')
