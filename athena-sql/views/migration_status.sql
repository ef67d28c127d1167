-- Which IAM users can go, which must first be moved to IAM Identity Center, who is each user, and who must act?
-- One row per IAM user (root excluded) per account per report day (the rows of iam_users), with the evidence:
-- idle_days (days from the last use of any credential, else from creation, to dt), key_last_used_services, the
-- Identity Center export used (identity_center_dt: the latest export on or before dt, NULL = none), the person the
-- IAM user belongs to and how it was found (match_method), the person's assignments to this account (direct or through
-- a group), the last use of the account's AWSReservedSSO roles that day (sso_last_used, sso_roles: NULL without a
-- details file), the allowlist's say, the owner and where the owner comes from, a verdict and the action to take.
-- Matching, first that applies: a line of the identity mapping for (account ID, user), else for (*, user), names the
-- person by Identity Center user name (a line naming nobody: no match, match_method 'mapping', no fall-through); else
-- the person whose user name equals the IAM user name (any case); else the person with an email equal to the IAM user's
-- email tag (user_email_tag, any case). Several persons at one step: the smallest user_id.
-- Verdict, first that applies: allowlisted (allowlist_status 'allowed'), machine_user (active keys, no console
-- password), identity_center_unknown (no export on or before dt: never a false leaver), no_identity (no person),
-- needs_assignment (no assignment to this account), ready_to_remove (idle at least idle_days), still_in_use.
-- Owner, first that is set: the allowlist entry's owner, the user's owner tag (user_owner_tag, any case), the account's
-- owner tag in the directory export on or before dt (account_owner_tag, any case), the default_owner of the deepest
-- OU (or root) in the account's ou_id_path, the organization's default_owner; owner_source says which ('none': no owner).
-- Settings from migration_settings, defaults when absent: idle_days 90, user_email_tag 'email', user_owner_tag 'owner',
-- account_owner_tag 'owner'. A filter on dt prunes the reports to that day (every window is partitioned by dt).
-- Remediation by stocktake remediate (remediation_timeline; NULL when none): remediation_state (quarantined,
-- partially_quarantined, quarantine_undone, removal_started, removed) at the end of dt, remediation_since, its plan
-- (remediation_plan_id) and remediation in words, as remediation_status says it. The verdict does not change with it.
create or replace view migration_status as
with settings_rows as (
    select lower(trim(setting)) as setting, nullif(trim(scope), '') as scope, nullif(trim(value), '') as value
    from migration_settings
),
settings as (
    -- one row, with the defaults when the file or a setting is absent (an aggregate over no rows is one row)
    select
        coalesce(max(try_cast(value as integer)) filter (where setting = 'idle_days' and try_cast(value as integer) >= 1), 90)
            as idle_days,
        lower(coalesce(max(value) filter (where setting = 'user_email_tag'), 'email')) as user_email_tag,
        lower(coalesce(max(value) filter (where setting = 'user_owner_tag'), 'owner')) as user_owner_tag,
        lower(coalesce(max(value) filter (where setting = 'account_owner_tag'), 'owner')) as account_owner_tag,
        array_agg(cast(row(scope, value) as row(scope varchar, owner varchar)))
            filter (where setting = 'default_owner' and value is not null) as default_owners
    from settings_rows
),
mapping_rows as (
    -- the deployed file has the columns in the table's order; a file with another order is read by its own header
    select
        array[account, iam_user, identity_center_user, reason] as cells,
        array[lower(trim(account)), lower(trim(iam_user)), lower(trim(identity_center_user)), lower(trim(reason))] as names
    from identity_mapping
),
mapping_header as (
    -- where each value sits: by the header line (the four names in any order), else the table's order
    select
        coalesce(max(array_position(names, 'account')), 1) as account_at,
        coalesce(max(array_position(names, 'iam_user')), 2) as iam_user_at,
        coalesce(max(array_position(names, 'identity_center_user')), 3) as identity_center_user_at
    from mapping_rows
    where array_sort(names) = array['account', 'iam_user', 'identity_center_user', 'reason']
),
mapping_cells as (
    select
        trim(element_at(r.cells, h.account_at)) as account,
        trim(element_at(r.cells, h.iam_user_at)) as iam_user,
        trim(element_at(r.cells, h.identity_center_user_at)) as identity_center_user
    from mapping_rows r
    cross join mapping_header h
),
mapping as (
    -- the lines that are entries: comments, blank lines and the header are not (a # line could only pass as one by
    -- holding a valid account, IAM user name and person in the right places); one person per (account, IAM user):
    -- the file is validated on deployment (IdentityMapping), this only keeps the view deterministic
    select account, iam_user, min(identity_center_user) as identity_center_user
    from mapping_cells
    where (account = '*' or regexp_like(account, '^[0-9]{12}$'))
        and regexp_like(iam_user, '^[\w+=,.@-]{1,64}$')
        and nullif(identity_center_user, '') is not null
    group by account, iam_user
),
identity_center_days as (
    select cast(date_parse(dt, '%Y/%m/%d') as date) as export_dt, identity_center.*
    from identity_center
),
export_spans as (
    select export_dt, lead(export_dt) over (order by export_dt) as next_export_dt
    from (select distinct export_dt from identity_center_days where kind = 'instance')
),
export_cover as (
    -- each report day with the latest export on or before it (an export stands for up to 10 years without a newer one)
    select covered_dt, export_dt
    from export_spans
    cross join unnest(sequence(export_dt,
        coalesce(date_add('day', -1, next_export_dt), date_add('year', 10, export_dt)))) as c(covered_dt)
),
person_keys as (
    -- every way to find a person: by user name and by each email, lower case; several persons: the smallest user_id
    select
        p.export_dt,
        k.key_type,
        k.match_key,
        min_by(cast(row(p.user_id, p.user_name, p.display_name, k.email)
            as row(user_id varchar, user_name varchar, display_name varchar, email varchar)), p.user_id) as person
    from identity_center_days p
    cross join unnest(
        array[cast(row('user_name', lower(p.user_name), cast(null as varchar)) as row(key_type varchar, match_key varchar, email varchar))]
        || coalesce(transform(p.emails, e -> cast(row('email', lower(trim(e.value)), e.value)
                as row(key_type varchar, match_key varchar, email varchar))),
            cast(array[] as array(row(key_type varchar, match_key varchar, email varchar))))) as k(key_type, match_key, email)
    where p.kind = 'user' and p.user_id is not null and k.match_key is not null
    group by p.export_dt, k.key_type, k.match_key
),
assignments as (
    -- who can sign in to which account through Identity Center: direct and group assignments (one line per member)
    select
        export_dt,
        account_id,
        user_id,
        array_join(array_sort(array_distinct(filter(array_agg(permission_set_name), x -> x is not null))), ', ')
            as permission_sets
    from identity_center_days
    where kind = 'assignment' and user_id is not null and account_id is not null
    group by export_dt, account_id, user_id
),
details_lines as (
    -- the collector's details, by key: <name>@<account id>.json in the day's folder; other keys are ignored
    select
        cast(date_parse(dt, '%Y/%m/%d') as date) as details_dt,
        regexp_extract("$path", '@([0-9]{12})[.]json$', 1) as account_id,
        "$path" as details_file,
        max("$path") over (partition by dt, regexp_extract("$path", '@([0-9]{12})[.]json$', 1)) as used_file,
        kind,
        user_name,
        tags,
        role_name,
        last_used
    from iam_details
    where regexp_like("$path",
            '/[0-9]{4}/[0-9]{2}/[0-9]{2}/([A-Za-z0-9-]|%[0-9A-F]{2})([A-Za-z0-9._-]|%[0-9A-F]{2})*@[0-9]{12}[.]json$')
        and regexp_extract("$path", '/([0-9]{4}/[0-9]{2}/[0-9]{2})/[^/]*$', 1) = dt
),
details as (
    -- per account and day (two keys of one account: the later in key order, as for reports): the users' tags and the
    -- Identity Center roles' count and last use
    select
        details_dt,
        account_id,
        map_agg(user_name, tags) filter (where kind = 'user' and user_name is not null) as user_tags,
        count(distinct role_name) filter (where kind = 'sso_role') as sso_roles,
        cast(max(try(from_iso8601_timestamp(last_used))) filter (where kind = 'sso_role') at time zone 'UTC' as timestamp)
            as sso_last_used
    from details_lines
    where details_file = used_file
    group by details_dt, account_id
),
directory as (
    select
        cast(date_parse(dt, '%Y/%m/%d') as date) as directory_dt,
        account_id,
        arbitrary(try(cast(json_parse(coalesce(nullif(tags, ''), '{}')) as map(varchar, varchar)))) as tags,
        arbitrary(split(nullif(trim(ou_id_path), ''), '/')) as ou_ids
    from accounts
    group by dt, account_id
),
directory_spans as (
    select directory_dt, lead(directory_dt) over (order by directory_dt) as next_directory_dt
    from (select distinct cast(date_parse(dt, '%Y/%m/%d') as date) as directory_dt from accounts)
),
directory_cover as (
    select covered_dt, directory_dt
    from directory_spans
    cross join unnest(sequence(directory_dt,
        coalesce(date_add('day', -1, next_directory_dt), date_add('year', 10, directory_dt)))) as c(covered_dt)
),
users as (
    select
        u.dt,
        u.account_id,
        u.account_name,
        u.user_name,
        u.arn,
        u.has_console_access,
        u.active_access_keys,
        u.last_activity,
        u.days_since_last_activity as idle_days,
        nullif(array_join(array_sort(array_distinct(filter(
            array[u.access_key_1_last_used_service, u.access_key_2_last_used_service], x -> x is not null))), ', '), '')
            as key_last_used_services,
        u.allowlist_status,
        u.allowlist_owner,
        u.allowlist_expires,
        ec.export_dt as identity_center_dt,
        d.sso_last_used,
        d.sso_roles,
        element_at(d.user_tags, u.user_name) as user_tags,
        coalesce(m_account.identity_center_user, m_any.identity_center_user) as mapped_user,
        dir.tags as account_tags,
        dir.ou_ids,
        s.idle_days as idle_days_setting,
        s.user_email_tag,
        s.user_owner_tag,
        s.account_owner_tag,
        s.default_owners
    from iam_users u
    cross join settings s
    left join export_cover ec on ec.covered_dt = u.dt
    left join details d on d.details_dt = u.dt and d.account_id = u.account_id
    left join mapping m_account on m_account.account = u.account_id and m_account.iam_user = u.user_name
    left join mapping m_any on m_any.account = '*' and m_any.iam_user = u.user_name
    left join directory_cover dc on dc.covered_dt = u.dt
    left join directory dir on dir.directory_dt = dc.directory_dt and dir.account_id = u.account_id
    where not u.is_root
),
with_email as (
    select
        users.*,
        -- the email tag's value (tag keys compared in any case; of two keys differing only in case, the first)
        nullif(trim(element_at(map_values(user_tags),
            nullif(array_position(transform(map_keys(user_tags), k -> lower(k)), user_email_tag), 0))), '') as email_tag
    from users
),
candidates as (
    -- the ways to find this user's person, in order: the mapping alone when a line names one, else name then email
    select
        w.*,
        c.step,
        c.match_method,
        c.key_type,
        c.match_key
    from with_email w
    cross join unnest(if(w.mapped_user is not null,
        array[cast(row(1, 'mapping', 'user_name', lower(trim(w.mapped_user)))
            as row(step integer, match_method varchar, key_type varchar, match_key varchar))],
        array[cast(row(2, 'user_name', 'user_name', lower(w.user_name))
                as row(step integer, match_method varchar, key_type varchar, match_key varchar)),
            cast(row(3, 'email', 'email', lower(trim(w.email_tag)))
                as row(step integer, match_method varchar, key_type varchar, match_key varchar))]))
        as c(step, match_method, key_type, match_key)
),
found as (
    select
        c.*,
        k.person,
        row_number() over (partition by c.dt, c.account_id, c.user_name, c.arn
            order by if(k.person is null, 1, 0), c.step) as pick
    from candidates c
    left join person_keys k on k.export_dt = c.identity_center_dt and k.key_type = c.key_type and k.match_key = c.match_key
),
matched as (
    select
        f.*,
        -- a mapping line that names nobody is still the method (the evidence shows it), with no person
        case when f.person is not null or f.match_method = 'mapping' then f.match_method end as method,
        a.user_id is not null as assigned,
        a.permission_sets,
        nullif(trim(element_at(map_values(f.user_tags),
            nullif(array_position(transform(map_keys(f.user_tags), k -> lower(k)), f.user_owner_tag), 0))), '')
            as user_tag_owner,
        nullif(trim(element_at(map_values(f.account_tags),
            nullif(array_position(transform(map_keys(f.account_tags), k -> lower(k)), f.account_owner_tag), 0))), '')
            as account_tag_owner,
        element_at(array_sort(transform(
            filter(f.default_owners, d -> d.scope is not null and coalesce(contains(f.ou_ids, d.scope), false)),
            d -> cast(row(-array_position(f.ou_ids, d.scope), d.owner) as row(depth bigint, owner varchar)))), 1).owner
            as ou_default_owner,
        element_at(array_sort(transform(filter(f.default_owners, d -> d.scope is null), d -> d.owner)), 1)
            as organization_default_owner
    from found f
    left join assignments a on a.export_dt = f.identity_center_dt and a.account_id = f.account_id
        and a.user_id = f.person.user_id
    where f.pick = 1
),
decided as (
    select
        matched.*,
        case
            when allowlist_status = 'allowed' then 'allowlisted'
            when active_access_keys > 0 and not coalesce(has_console_access, false) then 'machine_user'
            when identity_center_dt is null then 'identity_center_unknown'
            when person is null then 'no_identity'
            when not assigned then 'needs_assignment'
            when idle_days >= idle_days_setting then 'ready_to_remove'
            else 'still_in_use'
        end as verdict,
        case
            when allowlist_owner is not null then 'allowlist'
            when user_tag_owner is not null then 'user_tag'
            when account_tag_owner is not null then 'account_tag'
            when ou_default_owner is not null then 'ou_default'
            when organization_default_owner is not null then 'organization_default'
            else 'none'
        end as owner_source
    from matched
),
remediated as (
    -- the user's remediation state at the end of the day (remediation_timeline, from the journal; NULL: none)
    select
        decided.*,
        rt.state as remediation_state,
        rt.since as remediation_since,
        rt.since_day as remediation_since_day,
        rt.plan_id as remediation_plan_id,
        date_diff('day', date(rt.quarantined_at at time zone 'UTC'), decided.dt) as days_since_quarantine
    from decided
    left join remediation_timeline rt on rt.account_id = decided.account_id and rt.user_name = decided.user_name
        and rt.since_day <= decided.dt and (rt.until_day is null or rt.until_day > decided.dt)
)
select
    dt,
    account_id,
    account_name,
    user_name,
    arn,
    has_console_access,
    active_access_keys,
    last_activity,
    idle_days,
    key_last_used_services,
    identity_center_dt,
    person.user_id as identity_center_user_id,
    person.user_name as identity_center_user_name,
    person.display_name as identity_center_display_name,
    method as match_method,
    person.email as match_email,
    if(identity_center_dt is null or person is null, null, assigned) as has_assignment,
    permission_sets as assigned_permission_sets,
    sso_last_used,
    sso_roles,
    allowlist_status,
    allowlist_owner,
    allowlist_expires,
    coalesce(allowlist_owner, user_tag_owner, account_tag_owner, ou_default_owner, organization_default_owner) as owner,
    cast(owner_source as varchar) as owner_source,
    cast(verdict as varchar) as verdict,
    cast(case verdict
        when 'allowlisted' then 'none: accepted by the allowlist until ' || coalesce(cast(allowlist_expires as varchar), 'no expiry')
        when 'machine_user' then 'move the access keys to an IAM role (keys last used with: '
            || coalesce(key_last_used_services, 'no service recorded') || '), then delete the IAM user'
        when 'identity_center_unknown' then 'wait for an Identity Center export: none on or before this day'
        when 'no_identity' then 'find the person (possibly a leaver): disable the credentials, or add a line to the identity mapping'
        when 'needs_assignment' then 'assign ' || person.user_name
            || ' to this account in Identity Center, then remove the IAM user'
        when 'ready_to_remove' then 'delete the IAM user: ' || person.user_name || ' signs in through Identity Center ('
            || permission_sets || ') and the user has been idle ' || cast(idle_days as varchar) || ' days'
        else 'have ' || person.user_name || ' sign in through Identity Center (' || permission_sets
            || ') instead; the IAM user was used ' || cast(idle_days as varchar) || ' days ago'
    end as varchar) as action,
    cast(remediation_state as varchar) as remediation_state,
    remediation_since,
    remediation_plan_id,
    -- the same words as remediation_status.remediation (watch window: the default 30 days)
    cast(case remediation_state
        when 'quarantined' then 'quarantined since ' || cast(remediation_since_day as varchar) || ' ('
            || if(days_since_quarantine >= 30, 'watch window over: can be deleted',
                cast(30 - days_since_quarantine as varchar) || ' days to go') || ')'
        when 'partially_quarantined' then 'partially quarantined since ' || cast(remediation_since_day as varchar)
            || ' (apply did not finish: run it again)'
        when 'quarantine_undone' then 'quarantine undone on ' || cast(remediation_since_day as varchar)
        when 'removal_started' then 'removal started on ' || cast(remediation_since_day as varchar)
            || ' (plan ' || remediation_plan_id || ')'
        when 'removed' then 'removed by Stocktake on ' || cast(remediation_since_day as varchar)
            || ' (plan ' || remediation_plan_id || ')'
    end as varchar) as remediation
from remediated
