-- What does each account count on every day, when a day's report of an account is missing or rejected?
-- daily_counts with gaps filled: an account's last accepted report is carried forward for up to carry_forward_days
-- days (the setting in the first lines) while it has no accepted report, so an outage or a rejected file never looks
-- like fewer users. One row per account per day from its first report on, up to the last report day of any account;
-- report_dt is the day of the report the row comes from and carried_forward says the row is carried (report_dt < dt).
-- Past carry_forward_days the account has no row: it counts as missing, never as zero.
-- Totals, trends and the goal figures read this view; daily_counts keeps only what was reported each day (and prunes
-- by dt, which this view cannot: a day's row may come from an earlier report).
create or replace view daily_counts_filled as
with settings as (
    select 3 as carry_forward_days
),
spans as (
    -- each account's report days with the next one and the last report day of all (window functions: one read)
    select
        c.*,
        lead(c.dt) over (partition by c.account_id order by c.dt) as next_report_dt,
        max(c.dt) over () as last_report_dt,
        s.carry_forward_days
    from daily_counts c
    cross join settings s
)
select
    filled_dt as dt,
    account_id,
    account_name,
    users,
    console_users,
    console_users_without_mfa,
    users_with_active_key,
    keys_older_than_90_days,
    users_inactive_over_90_days,
    spans.dt as report_dt,
    filled_dt > spans.dt as carried_forward
from spans
cross join unnest(sequence(
    spans.dt,
    least(
        coalesce(date_add('day', -1, next_report_dt), last_report_dt),
        date_add('day', carry_forward_days, spans.dt),
        last_report_dt))) as filled(filled_dt)
