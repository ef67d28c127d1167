-- Which accounts, and whose console users in them, hold back each scope's next milestone?
-- The first 10 rows of each scope by rank (view milestone_blockers: per scope whose next milestone is not met, per
-- account and owner, the console users on the account's latest report day within the 3-day carry and their share of
-- the scope's total). No parameter: the view is as of the latest report day.
select
    b.scope_type,
    b.scope,
    b.day,
    b.max_console_users,
    b.account_id,
    b.account_name,
    b.owner,
    b.console_users,
    b.share_of_scope,
    b.rank
from milestone_blockers b
where b.rank <= 10
order by case b.scope_type when 'organization' then 0 when 'ou' then 1 else 2 end, b.scope, b.rank, b.account_id, b.owner
