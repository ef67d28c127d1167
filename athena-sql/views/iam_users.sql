-- Who are the IAM users of every account on every report day, and what credentials do they hold and use?
-- One typed row per user (the <root_account> row included, flagged is_root) per account per report day.
-- Timestamps are TIMESTAMP (UTC); the report's sentinels N/A, no_information and not_supported become NULL
-- and the matching *_state column says which ('timestamp' when there is a value).
-- Only lines checked_rows accepts are read: account_id and account_name come from the report's key, each value from
-- its column by name, booleans case-insensitive; a file kept out is listed in rejected_reports instead.
-- The allowlist_* columns (last) say what the allowlist (allowlist_entries) says of the user on that day, with
-- exactly the rules of Allowlist.decide: an entry matches by account ID, account name or *, and by exact user name
-- or glob; it is 'expired' after its expires day, else 'allowed' when it allows every credential the user holds
-- (console = a console password, access-keys = an active key, both), else 'violation'; allowed beats violation
-- beats expired beats 'not_listed' (no entry); among entries with that best status the most specific wins (exact
-- name before glob, account ID before name before *, latest expiry, then smallest account and user) and gives
-- allowlist_owner, allowlist_reason, allowlist_ticket and allowlist_expires (NULL when not listed).
create or replace view iam_users as
with accepted_rows as (
    select *
    from checked_rows
    where rejection is null and not is_header
),
typed as (
    select
        dt,
        account_id,
        account_name,
        "user" as user_name,
        arn,
        regexp_extract(arn, ':user(/.*/|/)[^/]*$', 1) as user_path,
        "user" = '<root_account>' as is_root,
        cast(from_iso8601_timestamp(user_creation_time) at time zone 'UTC' as timestamp) as user_created_at,
        case lower(password_enabled) when 'true' then true when 'false' then false end as has_console_access,
        case when password_last_used in ('N/A', 'no_information', 'not_supported') then null
            else cast(from_iso8601_timestamp(password_last_used) at time zone 'UTC' as timestamp) end as password_last_used,
        case when password_last_used in ('N/A', 'no_information', 'not_supported') then password_last_used
            else 'timestamp' end as password_last_used_state,
        case when password_last_changed in ('N/A', 'no_information', 'not_supported') then null
            else cast(from_iso8601_timestamp(password_last_changed) at time zone 'UTC' as timestamp) end as password_last_changed,
        case when password_last_changed in ('N/A', 'no_information', 'not_supported') then password_last_changed
            else 'timestamp' end as password_last_changed_state,
        case when password_next_rotation in ('N/A', 'no_information', 'not_supported') then null
            else cast(from_iso8601_timestamp(password_next_rotation) at time zone 'UTC' as timestamp) end as password_next_rotation,
        case when password_next_rotation in ('N/A', 'no_information', 'not_supported') then password_next_rotation
            else 'timestamp' end as password_next_rotation_state,
        lower(mfa_active) = 'true' as mfa_active,
        lower(access_key_1_active) = 'true' as access_key_1_active,
        case when access_key_1_last_rotated in ('N/A', 'no_information', 'not_supported') then null
            else cast(from_iso8601_timestamp(access_key_1_last_rotated) at time zone 'UTC' as timestamp) end as access_key_1_last_rotated,
        case when access_key_1_last_rotated in ('N/A', 'no_information', 'not_supported') then access_key_1_last_rotated
            else 'timestamp' end as access_key_1_last_rotated_state,
        case when access_key_1_last_used_date in ('N/A', 'no_information', 'not_supported') then null
            else cast(from_iso8601_timestamp(access_key_1_last_used_date) at time zone 'UTC' as timestamp) end as access_key_1_last_used,
        case when access_key_1_last_used_date in ('N/A', 'no_information', 'not_supported') then access_key_1_last_used_date
            else 'timestamp' end as access_key_1_last_used_state,
        case when access_key_1_last_used_region in ('N/A', 'no_information', 'not_supported') then null
            else access_key_1_last_used_region end as access_key_1_last_used_region,
        case when access_key_1_last_used_service in ('N/A', 'no_information', 'not_supported') then null
            else access_key_1_last_used_service end as access_key_1_last_used_service,
        lower(access_key_2_active) = 'true' as access_key_2_active,
        case when access_key_2_last_rotated in ('N/A', 'no_information', 'not_supported') then null
            else cast(from_iso8601_timestamp(access_key_2_last_rotated) at time zone 'UTC' as timestamp) end as access_key_2_last_rotated,
        case when access_key_2_last_rotated in ('N/A', 'no_information', 'not_supported') then access_key_2_last_rotated
            else 'timestamp' end as access_key_2_last_rotated_state,
        case when access_key_2_last_used_date in ('N/A', 'no_information', 'not_supported') then null
            else cast(from_iso8601_timestamp(access_key_2_last_used_date) at time zone 'UTC' as timestamp) end as access_key_2_last_used,
        case when access_key_2_last_used_date in ('N/A', 'no_information', 'not_supported') then access_key_2_last_used_date
            else 'timestamp' end as access_key_2_last_used_state,
        case when access_key_2_last_used_region in ('N/A', 'no_information', 'not_supported') then null
            else access_key_2_last_used_region end as access_key_2_last_used_region,
        case when access_key_2_last_used_service in ('N/A', 'no_information', 'not_supported') then null
            else access_key_2_last_used_service end as access_key_2_last_used_service,
        source_file
    from accepted_rows
),
with_activity as (
    select
        typed.*,
        -- the latest of the three last-used times that are known (greatest() alone would be NULL if any were)
        greatest(
            coalesce(password_last_used, access_key_1_last_used, access_key_2_last_used),
            coalesce(access_key_1_last_used, password_last_used, access_key_2_last_used),
            coalesce(access_key_2_last_used, password_last_used, access_key_1_last_used)
        ) as last_activity
    from typed
),
allowlist_array as (
    -- the whole (small) allowlist as one array, cross joined to every row: one row, read once; when a query uses
    -- no allowlist_* column the optimizer drops the join. NULL when the allowlist is empty or absent.
    select array_agg(cast(row(account, user_pattern, user_like, is_exact_user, credentials, owner, reason,
            coalesce(ticket, ''), expires)
        as row(account varchar, user_pattern varchar, user_like varchar, is_exact_user boolean, credentials varchar,
            owner varchar, reason varchar, ticket varchar, expires date))) as entries
    from allowlist_entries
),
with_allowlist as (
    select
        u.*,
        -- the entries matching the user (account by ID, by name or *; user by LIKE pattern), each as its decision
        -- (status_rank 1 allowed, 2 violation, 3 expired) with the tie-break keys; sorted, the first one wins
        element_at(array_sort(transform(
            filter(a.entries, e -> (e.account = '*' or e.account = u.account_id or e.account = u.account_name)
                and u.user_name like e.user_like escape '\'),
            e -> cast(row(
                    case
                        when u.dt > e.expires then 3
                        when case e.credentials
                                when 'console' then not (coalesce(u.access_key_1_active, false)
                                    or coalesce(u.access_key_2_active, false))
                                when 'access-keys' then not coalesce(u.has_console_access, false)
                                else true
                            end then 1
                        else 2
                    end,
                    if(e.is_exact_user, 0, 1),
                    case when e.account = u.account_id then 0 when e.account = '*' then 2 else 1 end,
                    date_diff('day', e.expires, date '9999-12-31'),
                    e.account, e.user_pattern, e.owner, e.reason, e.ticket, e.expires)
                as row(status_rank integer, glob_rank integer, account_rank integer, expiry_rank bigint,
                    account varchar, user_pattern varchar, owner varchar, reason varchar, ticket varchar, expires date))
        )), 1) as allowlist_decision
    from with_activity u
    cross join allowlist_array a
)
select
    dt,
    account_id,
    account_name,
    user_name,
    arn,
    user_path,
    is_root,
    user_created_at,
    has_console_access,
    password_last_used,
    password_last_used_state,
    password_last_changed,
    password_last_changed_state,
    password_next_rotation,
    password_next_rotation_state,
    mfa_active,
    access_key_1_last_rotated is not null as access_key_1_exists,
    access_key_1_active,
    access_key_1_last_rotated,
    access_key_1_last_rotated_state,
    access_key_1_last_used,
    access_key_1_last_used_state,
    access_key_1_last_used_region,
    access_key_1_last_used_service,
    access_key_2_last_rotated is not null as access_key_2_exists,
    access_key_2_active,
    access_key_2_last_rotated,
    access_key_2_last_rotated_state,
    access_key_2_last_used,
    access_key_2_last_used_state,
    access_key_2_last_used_region,
    access_key_2_last_used_service,
    if(access_key_1_active, 1, 0) + if(access_key_2_active, 1, 0) as active_access_keys,
    -- a credential that exists but has never been used
    coalesce(has_console_access, false) and password_last_used is null as password_never_used,
    access_key_1_last_rotated is not null and access_key_1_last_used is null as access_key_1_never_used,
    access_key_2_last_rotated is not null and access_key_2_last_used is null as access_key_2_never_used,
    (coalesce(has_console_access, false) and password_last_used is null)
        or (access_key_1_last_rotated is not null and access_key_1_last_used is null)
        or (access_key_2_last_rotated is not null and access_key_2_last_used is null) as never_used,
    last_activity,
    -- whole days from the last use of any credential (from creation when none was ever used) to the report day
    date_diff('day', cast(coalesce(last_activity, user_created_at) as date), dt) as days_since_last_activity,
    source_file,
    case allowlist_decision.status_rank
        when 1 then 'allowed'
        when 2 then 'violation'
        when 3 then 'expired'
        else 'not_listed'
    end as allowlist_status,
    allowlist_decision.owner as allowlist_owner,
    allowlist_decision.reason as allowlist_reason,
    nullif(allowlist_decision.ticket, '') as allowlist_ticket,
    allowlist_decision.expires as allowlist_expires
from with_allowlist
