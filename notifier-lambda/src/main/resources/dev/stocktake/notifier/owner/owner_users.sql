-- Which IAM users must each owner remove or migrate, with the verdict, account, last use and action of each?
-- One row per IAM user of the digest's day, the report day (view migration_status, as the digest's verdict counts),
-- every verdict but allowlisted; owner NULL when none was found. The notifier mails each owner whose owner value is an email address
-- their own rows (notifier.ownerDigests) and names the other owners in the digest. Ordered by owner, then account and
-- user, so each owner's rows come together. The one parameter (?) is the digest's day.
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
    s.action
from migration_status s
cross join params p
where s.dt = p.report_day
  and s.verdict <> 'allowlisted'
order by s.owner nulls last, s.account_name, s.account_id, s.user_name
