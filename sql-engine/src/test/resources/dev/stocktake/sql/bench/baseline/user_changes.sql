-- What changed in each account since its previous report: users added or removed, console access granted or removed,
-- access keys added, MFA removed?
-- One row per account per report day that has an earlier report for that account (missing days are skipped: the
-- comparison is always against the account's previous report, named in previous_dt). The root user is ignored.
-- Console access granted/removed includes users created with, or deleted with, console access; an access key is
-- added when a key creation time appears that the previous report did not have (a rotation adds one).
create or replace view user_changes as
with reports as (
    select distinct dt, account_id, account_name
    from iam_users
),
report_pairs as (
    select
        dt,
        account_id,
        account_name,
        lag(dt) over (partition by account_id order by dt) as previous_dt
    from reports
),
compared_reports as (
    select dt, previous_dt, account_id, account_name
    from report_pairs
    where previous_dt is not null
),
users as (
    select
        dt,
        account_id,
        user_name,
        has_console_access,
        mfa_active,
        access_key_1_last_rotated as key_1_created_at,
        access_key_2_last_rotated as key_2_created_at
    from iam_users
    where not is_root
),
current_users as (
    select c.dt, c.account_id, u.user_name, u.has_console_access, u.mfa_active, u.key_1_created_at, u.key_2_created_at
    from compared_reports c
    join users u on u.account_id = c.account_id and u.dt = c.dt
),
previous_users as (
    select c.dt, c.account_id, u.user_name, u.has_console_access, u.mfa_active, u.key_1_created_at, u.key_2_created_at
    from compared_reports c
    join users u on u.account_id = c.account_id and u.dt = c.previous_dt
),
user_pairs as (
    select
        coalesce(now.dt, before.dt) as dt,
        coalesce(now.account_id, before.account_id) as account_id,
        now.user_name is not null as in_current,
        before.user_name is not null as in_previous,
        coalesce(now.has_console_access, false) as console_now,
        coalesce(before.has_console_access, false) as console_before,
        now.mfa_active as mfa_now,
        before.mfa_active as mfa_before,
        now.key_1_created_at as key_1_now,
        now.key_2_created_at as key_2_now,
        before.key_1_created_at as key_1_before,
        before.key_2_created_at as key_2_before
    from current_users now
    full join previous_users before
        on now.dt = before.dt and now.account_id = before.account_id and now.user_name = before.user_name
)
select
    c.dt,
    c.previous_dt,
    c.account_id,
    c.account_name,
    count_if(p.in_current and not p.in_previous) as users_added,
    count_if(p.in_previous and not p.in_current) as users_removed,
    count_if(p.console_now and not p.console_before) as console_access_granted,
    count_if(p.console_before and not p.console_now) as console_access_removed,
    count_if(p.key_1_now is not null and p.key_1_now is distinct from p.key_1_before and p.key_1_now is distinct from p.key_2_before)
        + count_if(p.key_2_now is not null and p.key_2_now is distinct from p.key_1_before and p.key_2_now is distinct from p.key_2_before)
        as access_keys_added,
    count_if(p.in_current and p.in_previous and p.mfa_before and not p.mfa_now) as mfa_removed
from compared_reports c
left join user_pairs p on p.dt = c.dt and p.account_id = c.account_id
group by c.dt, c.previous_dt, c.account_id, c.account_name
