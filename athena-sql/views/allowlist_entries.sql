-- Which entries does the deployed allowlist (allowlist/allowlist.csv) hold?
-- One typed row per entry: the file's # comment lines, blank lines and header are dropped (the table reads every
-- line, as the OpenCSV SerDe splits them), values are trimmed, credentials lower-cased, expires a DATE (the last
-- day in force) and the user glob is turned into a LIKE pattern (* -> %, ? -> _, literal _ % \ escaped with \).
-- The file is validated before it is deployed (Allowlist.parse at synth), so every remaining row is a valid entry.
create or replace view allowlist_entries as
select
    trim(replace(account, chr(65279))) as account,
    trim("user") as user_pattern,
    lower(trim(credentials)) as credentials,
    trim(owner) as owner,
    trim(reason) as reason,
    nullif(trim(ticket), '') as ticket,
    cast(trim(expires) as date) as expires,
    replace(replace(replace(replace(replace(trim("user"), '\', '\\'), '%', '\%'), '_', '\_'), '*', '%'), '?', '_')
        as user_like,
    strpos(trim("user"), '*') = 0 and strpos(trim("user"), '?') = 0 as is_exact_user
from allowlist
where not (replace(account, chr(65279)) like '#%')
    and lower(trim(credentials)) in ('console', 'access-keys', 'both')
