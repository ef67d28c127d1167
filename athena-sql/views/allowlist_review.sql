-- Which IAM users that can sign in or call AWS are accepted by the allowlist, and which are to be removed?
-- One row per IAM user (the root user excluded) holding a console password or an active access key, per account per
-- report day. verdict: 'accepted' when allowlist_status is 'allowed' (an entry in force allows every credential held),
-- else 'to_remove' ('not_listed', 'expired' or 'violation': remove the credentials, or list the user with an owner).
-- count_if(verdict = 'to_remove') per dt is the number still to go; owner, reason, ticket and expires come from the
-- deciding entry (NULL when not listed).
create or replace view allowlist_review as
select
    dt,
    account_id,
    account_name,
    user_name,
    if(allowlist_status = 'allowed', 'accepted', 'to_remove') as verdict,
    allowlist_status,
    case
        when coalesce(has_console_access, false) and active_access_keys > 0 then 'both'
        when coalesce(has_console_access, false) then 'console'
        else 'access-keys'
    end as credentials_held,
    allowlist_owner,
    allowlist_reason,
    allowlist_ticket,
    allowlist_expires,
    arn
from iam_users
where not is_root
    and (coalesce(has_console_access, false) or active_access_keys > 0)
