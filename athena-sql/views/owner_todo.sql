-- What must each owner do, in which account, for which IAM users?
-- Per report day, owner ('(no owner)' when migration_status finds none), account and verdict (every verdict but
-- allowlisted): the number of IAM users, how many of them hold a console password, their names (sorted, ', ') and
-- the action for the verdict. Filter on dt (and owner) for one owner's list of the day; the reports are pruned to dt.
-- Users quarantined or being removed by stocktake remediate are on rows of their own: remediation_state (NULL: nothing
-- done yet, or the quarantine was undone: still to do), remediation (each distinct remediation text of the row's
-- users, e.g. 'quarantined since 2026-12-03 (27 days to go)', '; '-joined) and the action for that state instead.
create or replace view owner_todo as
with users as (
    select
        migration_status.*,
        -- an undone quarantine leaves the user to do, as before it
        if(remediation_state <> 'quarantine_undone', remediation_state) as open_remediation_state
    from migration_status
    where verdict <> 'allowlisted'
)
select
    dt,
    coalesce(owner, '(no owner)') as owner,
    account_id,
    account_name,
    verdict,
    count(*) as users,
    count_if(coalesce(has_console_access, false)) as console_users,
    array_join(array_sort(array_agg(user_name)), ', ') as user_names,
    cast(case
        when open_remediation_state = 'quarantined' then 'nothing until the watch window is over; then stocktake remediate plan --delete'
        when open_remediation_state = 'partially_quarantined' then 'finish the quarantine: run the same stocktake remediate apply again'
        when open_remediation_state = 'removal_started' then 'finish the deletion: run the same stocktake remediate apply again'
        when open_remediation_state = 'removed' then 'nothing: removed by Stocktake'
    else case verdict
        when 'machine_user' then 'move the access keys to IAM roles, then delete the IAM users'
        when 'identity_center_unknown' then 'nothing yet: no Identity Center export on or before this day'
        when 'no_identity' then 'find the people (possibly leavers): disable the credentials, or map the users to their Identity Center users'
        when 'needs_assignment' then 'assign the people to this account in Identity Center, then remove the IAM users'
        when 'ready_to_remove' then 'delete the IAM users: their people sign in through Identity Center and the users are idle'
        when 'still_in_use' then 'have the people sign in through Identity Center instead of the IAM users'
    end end as varchar) as action,
    open_remediation_state as remediation_state,
    nullif(array_join(array_sort(array_distinct(filter(array_agg(remediation), x -> x is not null))), '; '), '')
        as remediation
from users
group by dt, coalesce(owner, '(no owner)'), account_id, account_name, verdict, open_remediation_state
