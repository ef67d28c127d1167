-- Which owners hold back each scope's next milestone, with how many console users in how many accounts?
-- The view milestone_blockers summed per scope and owner (NULL owner: none found), the 10 owners with the most console
-- users of each scope, most first. No parameter: the view is as of the latest report day.
with owners as (
    select
        b.scope_type,
        b.scope,
        b.owner,
        sum(b.console_users) as console_users,
        count(distinct b.account_id) as accounts,
        sum(b.share_of_scope) as share_of_scope
    from milestone_blockers b
    group by b.scope_type, b.scope, b.owner
),
ranked as (
    select
        owners.*,
        row_number() over (partition by scope_type, scope order by console_users desc, owner) as owner_rank
    from owners
)
select scope_type, scope, owner, console_users, accounts, share_of_scope, owner_rank
from ranked
where owner_rank <= 10
order by case scope_type when 'organization' then 0 when 'ou' then 1 else 2 end, scope, owner_rank
