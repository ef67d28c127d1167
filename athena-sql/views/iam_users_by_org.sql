-- Who are the IAM users of every account on every report day, and in which OU and under which owner is their account?
-- Every column of iam_users, then the account's ou_path, owner tag, all its tags (JSON object) and its state from
-- the account directory of that day (see accounts_by_day). NULL when no directory export covers the day.
create or replace view iam_users_by_org as
select
    iam_users.*,
    accounts_by_day.ou_path,
    accounts_by_day.owner,
    accounts_by_day.tags as account_tags,
    accounts_by_day.state as account_state
from iam_users
left join accounts_by_day on accounts_by_day.dt = iam_users.dt and accounts_by_day.account_id = iam_users.account_id
