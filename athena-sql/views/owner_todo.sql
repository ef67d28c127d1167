-- What must each owner do, in which account, for which IAM users?
-- Per report day, owner ('(no owner)' when migration_status finds none), account and verdict (every verdict but
-- allowlisted): the number of IAM users, how many of them hold a console password, their names (sorted, ', ') and
-- the action for the verdict. Filter on dt (and owner) for one owner's list of the day; the reports are pruned to dt.
create or replace view owner_todo as
select
    dt,
    coalesce(owner, '(no owner)') as owner,
    account_id,
    account_name,
    verdict,
    count(*) as users,
    count_if(coalesce(has_console_access, false)) as console_users,
    array_join(array_sort(array_agg(user_name)), ', ') as user_names,
    cast(case verdict
        when 'machine_user' then 'move the access keys to IAM roles, then delete the IAM users'
        when 'identity_center_unknown' then 'nothing yet: no Identity Center export on or before this day'
        when 'no_identity' then 'find the people (possibly leavers): disable the credentials, or map the users to their Identity Center users'
        when 'needs_assignment' then 'assign the people to this account in Identity Center, then remove the IAM users'
        when 'ready_to_remove' then 'delete the IAM users: their people sign in through Identity Center and the users are idle'
        when 'still_in_use' then 'have the people sign in through Identity Center instead of the IAM users'
    end as varchar) as action
from migration_status
where verdict <> 'allowlisted'
group by dt, coalesce(owner, '(no owner)'), account_id, account_name, verdict
