-- Which IAM users must each owner remove or migrate, with the verdict, account, last use and action of each?
-- One row per IAM user of the digest's day, the report day (view migration_status, as the digest's verdict counts),
-- every verdict but allowlisted; owner NULL when none was found. The notifier mails each owner whose owner value is an email address
-- their own rows (notifier.ownerDigests) and names the other owners in the digest. Ordered by owner, then account and
-- user, so each owner's rows come together. A user stocktake remediate is quarantining or removing gets that state as
-- its action ('quarantined since 2026-12-03 (27 days to go): nothing to do until the watch window is over'), not the
-- verdict's; an undone quarantine keeps the verdict's action. The one parameter (?) is the digest's day.
with params as (
    select cast(? as date) as report_day
)
select
    s.dt,
    s.owner,
    s.owner_source,
    s.account_id,
    s.account_name,
    s.user_name,
    s.verdict,
    s.has_console_access,
    s.active_access_keys,
    s.last_activity,
    s.idle_days,
    case s.remediation_state
        when 'quarantined' then s.remediation || ': nothing to do until the watch window is over'
        when 'partially_quarantined' then s.remediation
        when 'removal_started' then s.remediation || ': run the same stocktake remediate apply again'
        when 'removed' then s.remediation
        else s.action
    end as action,
    s.remediation_state,
    s.remediation
from migration_status s
cross join params p
where s.dt = p.report_day
  and s.verdict <> 'allowlisted'
order by s.owner nulls last, s.account_name, s.account_id, s.user_name
