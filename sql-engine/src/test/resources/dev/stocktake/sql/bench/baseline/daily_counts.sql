-- How many IAM users, console users, console users without MFA, users with an active key, old keys and inactive users
-- does each account have on each report day?
-- One row per account per report day; the root user is never counted. An account whose report lists no IAM user has
-- a row of zeros as long as its report has the <root_account> row (AWS always writes it).
create or replace view daily_counts as
select
    dt,
    account_id,
    account_name,
    count_if(not is_root) as users,
    count_if(not is_root and has_console_access) as console_users,
    count_if(not is_root and has_console_access and not mfa_active) as console_users_without_mfa,
    count_if(not is_root and active_access_keys > 0) as users_with_active_key,
    count_if(not is_root and access_key_1_active and date_diff('day', cast(access_key_1_last_rotated as date), dt) > 90)
        + count_if(not is_root and access_key_2_active and date_diff('day', cast(access_key_2_last_rotated as date), dt) > 90)
        as keys_older_than_90_days,
    count_if(not is_root and days_since_last_activity > 90) as users_inactive_over_90_days
from iam_users
group by dt, account_id, account_name
