-- Which owners have the most IAM users to remove or migrate on the digest's day, and what is each to do?
-- The 10 owners with the most users in the view owner_todo (every verdict but allowlisted; '(no owner)' when none was
-- found), one row per owner and verdict: the users, the console users and the accounts, beside the owner's totals
-- (users, console users, accounts). Window functions over the day's rows: the view is read once. The one parameter (?)
-- is the digest's day.
with params as (
    select cast(? as date) as report_day
),
day_rows as (
    select
        t.owner,
        t.verdict,
        t.account_id,
        t.users,
        t.console_users,
        sum(t.users) over (partition by t.owner) as owner_users,
        sum(t.console_users) over (partition by t.owner) as owner_console_users,
        dense_rank() over (partition by t.owner order by t.account_id) as account_number
    from owner_todo t
    cross join params p
    where t.dt = p.report_day
),
todo as (
    select
        owner,
        verdict,
        arbitrary(owner_users) as owner_users,
        arbitrary(owner_console_users) as owner_console_users,
        max(max(account_number)) over (partition by owner) as owner_accounts,
        sum(users) as users,
        sum(console_users) as console_users,
        count(distinct account_id) as accounts
    from day_rows
    group by owner, verdict
),
ranked as (
    select
        todo.*,
        dense_rank() over (order by owner_users desc, owner) as owner_rank
    from todo
)
select
    owner_rank,
    owner,
    owner_users,
    owner_console_users,
    owner_accounts,
    verdict,
    users,
    console_users,
    accounts
from ranked
where owner_rank <= 10
order by owner_rank, users desc, verdict
