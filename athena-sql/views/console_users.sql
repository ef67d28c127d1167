-- Which IAM users can sign in to the AWS console, in which account, when did they last do so, and what access keys do they hold?
-- One row per console-capable IAM user (the root user excluded) per account per report day; filter on dt for one day.
-- allowlist_status, allowlist_owner and allowlist_expires: what the allowlist says of the user that day (see iam_users).
create or replace view console_users as
select
    dt,
    account_id,
    account_name,
    user_name,
    arn,
    user_created_at,
    password_last_used,
    password_last_used_state,
    mfa_active,
    active_access_keys,
    access_key_1_active,
    access_key_1_last_used,
    access_key_2_active,
    access_key_2_last_used,
    days_since_last_activity,
    allowlist_status,
    allowlist_owner,
    allowlist_expires
from iam_users
where has_console_access
    and not is_root
