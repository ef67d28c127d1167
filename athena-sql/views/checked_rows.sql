-- Which lines of which stored report may be counted, with each value taken by its column name, and why is a file
-- kept out? The one place the views check reports: every other view reads reports through this one.
-- One row per line of every report file (report_rows), with the file's account from its KEY — account_id and
-- account_name from <prefix>YYYY/MM/DD/<percent-encoded name>@<12-digit account id>.csv, the date folder being the
-- day; any other key is not a report — and the 22 columns of the credential report as text, each taken from the
-- position the file's own header gives it (reordered, inserted or appended columns are read right; others ignored).
-- rejection is NULL for a file that may be counted, else why the whole file is kept out of every number, the first of:
-- the key; no or several header lines; a required column missing or named twice; no line after the header; a line
-- whose field count differs from the header's (a file cut inside a line); a value that does not parse (booleans
-- case-insensitive, times ISO 8601 or N/A / no_information / not_supported); a line whose ARN names another account
-- than the key (a forged report); one user on two different lines; over 16 MiB; another accepted report of the same
-- account on the same day (two names on one day: the later key in key order is used).
-- A line that repeats another line of its file exactly is dropped (a user listed twice counts once). Blank lines are
-- ignored. An empty file has no line and so no row: its account counts as missing, never as zero.
-- is_header marks the header line, is_bad_row a line that failed a check; bad_rows and example_bad_user (the user
-- cell of one failing line) describe the file. Reads report_rows once: the per-file verdicts are window functions.
create or replace view checked_rows as
with lines as (
    select
        dt,
        source_file,
        file_size,
        -- the line's fields: a field past the line's end is NULL, so this is the line's fields in order
        filter(array[c01, c02, c03, c04, c05, c06, c07, c08, c09, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23, c24, c25, c26, c27, c28, c29, c30, c31, c32], x -> x is not null) as cells
    from report_rows
),
shaped as (
    select
        dt,
        source_file,
        file_size,
        cells,
        array_join(cells, ',', '\N') as line_text,
        cardinality(cells) as width,
        contains(cells, 'arn') and contains(cells, 'user') and not any_match(cells, x -> x like 'arn:%') as is_header,
        not any_match(cells, x -> x <> '') as is_blank,
        regexp_like(source_file,
            '/[0-9]{4}/[0-9]{2}/[0-9]{2}/([A-Za-z0-9-]|%[0-9A-F]{2})([A-Za-z0-9._-]|%[0-9A-F]{2})*@[0-9]{12}[.]csv$')
            and regexp_extract(source_file, '/([0-9]{4}/[0-9]{2}/[0-9]{2})/[^/]*$', 1) = dt as is_report_key
    from lines
),
with_header as (
    select
        shaped.*,
        max_by(cells, is_header) over (partition by dt, source_file) as header,
        count_if(is_header) over (partition by dt, source_file) as header_lines,
        count_if(not is_header and not is_blank) over (partition by dt, source_file) as data_lines,
        -- a line that repeats an earlier one of its file exactly counts once
        row_number() over (partition by dt, source_file, line_text) as copy_number
    from shaped
    where not is_blank
),
mapped as (
    select
        dt,
        source_file,
        file_size,
        is_report_key,
        is_header,
        header_lines,
        data_lines,
        width,
        line_text,
        cardinality(header) as header_width,
        array_join(filter(array['user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service', 'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated'], c -> not contains(header, c)), ', ') as missing_columns,
        element_at(filter(array['user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service', 'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated'], c -> cardinality(filter(header, h -> h = c)) > 1), 1) as repeated_column,
        element_at(cells, nullif(array_position(header, 'user'), 0)) as "user",
        element_at(cells, nullif(array_position(header, 'arn'), 0)) as arn,
        element_at(cells, nullif(array_position(header, 'user_creation_time'), 0)) as user_creation_time,
        element_at(cells, nullif(array_position(header, 'password_enabled'), 0)) as password_enabled,
        element_at(cells, nullif(array_position(header, 'password_last_used'), 0)) as password_last_used,
        element_at(cells, nullif(array_position(header, 'password_last_changed'), 0)) as password_last_changed,
        element_at(cells, nullif(array_position(header, 'password_next_rotation'), 0)) as password_next_rotation,
        element_at(cells, nullif(array_position(header, 'mfa_active'), 0)) as mfa_active,
        element_at(cells, nullif(array_position(header, 'access_key_1_active'), 0)) as access_key_1_active,
        element_at(cells, nullif(array_position(header, 'access_key_1_last_rotated'), 0)) as access_key_1_last_rotated,
        element_at(cells, nullif(array_position(header, 'access_key_1_last_used_date'), 0)) as access_key_1_last_used_date,
        element_at(cells, nullif(array_position(header, 'access_key_1_last_used_region'), 0)) as access_key_1_last_used_region,
        element_at(cells, nullif(array_position(header, 'access_key_1_last_used_service'), 0)) as access_key_1_last_used_service,
        element_at(cells, nullif(array_position(header, 'access_key_2_active'), 0)) as access_key_2_active,
        element_at(cells, nullif(array_position(header, 'access_key_2_last_rotated'), 0)) as access_key_2_last_rotated,
        element_at(cells, nullif(array_position(header, 'access_key_2_last_used_date'), 0)) as access_key_2_last_used_date,
        element_at(cells, nullif(array_position(header, 'access_key_2_last_used_region'), 0)) as access_key_2_last_used_region,
        element_at(cells, nullif(array_position(header, 'access_key_2_last_used_service'), 0)) as access_key_2_last_used_service,
        element_at(cells, nullif(array_position(header, 'cert_1_active'), 0)) as cert_1_active,
        element_at(cells, nullif(array_position(header, 'cert_1_last_rotated'), 0)) as cert_1_last_rotated,
        element_at(cells, nullif(array_position(header, 'cert_2_active'), 0)) as cert_2_active,
        element_at(cells, nullif(array_position(header, 'cert_2_last_rotated'), 0)) as cert_2_last_rotated
    from with_header
    where copy_number = 1
),
row_checks as (
    select
        mapped.*,
        if(is_report_key, regexp_extract(source_file, '@([0-9]{12})[.]csv$', 1)) as key_account_id,
        if(is_report_key, try(url_decode(regexp_extract(source_file, '/([^/@]+)@[0-9]{12}[.]csv$', 1)))) as key_account_name,
        regexp_extract(arn, '^arn:[^:]+:iam::([0-9]{12}):', 1) as arn_account_id,
        -- the row checks mean something only under a usable header
        is_report_key and header_lines = 1 and missing_columns = '' and repeated_column is null and data_lines > 0
            and not is_header as is_checked_row,
        width <> header_width as bad_width,
        case
                when not (coalesce("user" <> '', false)) then 'user'
                when not (coalesce(regexp_like(arn, '^arn:aws[a-z-]*:iam::[0-9]{12}:(root|user/.+)$'), false)) then 'arn'
                when not (try(from_iso8601_timestamp(user_creation_time)) is not null) then 'user_creation_time'
                when not (coalesce(lower(password_enabled) in ('true', 'false', 'not_supported'), false)) then 'password_enabled'
                when not (coalesce(password_last_used in ('N/A', 'no_information', 'not_supported') or try(from_iso8601_timestamp(password_last_used)) is not null, false)) then 'password_last_used'
                when not (coalesce(password_last_changed in ('N/A', 'no_information', 'not_supported') or try(from_iso8601_timestamp(password_last_changed)) is not null, false)) then 'password_last_changed'
                when not (coalesce(password_next_rotation in ('N/A', 'no_information', 'not_supported') or try(from_iso8601_timestamp(password_next_rotation)) is not null, false)) then 'password_next_rotation'
                when not (coalesce(lower(mfa_active) in ('true', 'false'), false)) then 'mfa_active'
                when not (coalesce(lower(access_key_1_active) in ('true', 'false'), false)) then 'access_key_1_active'
                when not (coalesce(access_key_1_last_rotated in ('N/A', 'no_information', 'not_supported') or try(from_iso8601_timestamp(access_key_1_last_rotated)) is not null, false)) then 'access_key_1_last_rotated'
                when not (coalesce(access_key_1_last_used_date in ('N/A', 'no_information', 'not_supported') or try(from_iso8601_timestamp(access_key_1_last_used_date)) is not null, false)) then 'access_key_1_last_used_date'
                when not (coalesce(access_key_1_last_used_region = 'N/A' or regexp_like(access_key_1_last_used_region, '^[A-Za-z0-9._-]+$'), false)) then 'access_key_1_last_used_region'
                when not (coalesce(access_key_1_last_used_service = 'N/A' or regexp_like(access_key_1_last_used_service, '^[A-Za-z0-9._-]+$'), false)) then 'access_key_1_last_used_service'
                when not (coalesce(lower(access_key_2_active) in ('true', 'false'), false)) then 'access_key_2_active'
                when not (coalesce(access_key_2_last_rotated in ('N/A', 'no_information', 'not_supported') or try(from_iso8601_timestamp(access_key_2_last_rotated)) is not null, false)) then 'access_key_2_last_rotated'
                when not (coalesce(access_key_2_last_used_date in ('N/A', 'no_information', 'not_supported') or try(from_iso8601_timestamp(access_key_2_last_used_date)) is not null, false)) then 'access_key_2_last_used_date'
                when not (coalesce(access_key_2_last_used_region = 'N/A' or regexp_like(access_key_2_last_used_region, '^[A-Za-z0-9._-]+$'), false)) then 'access_key_2_last_used_region'
                when not (coalesce(access_key_2_last_used_service = 'N/A' or regexp_like(access_key_2_last_used_service, '^[A-Za-z0-9._-]+$'), false)) then 'access_key_2_last_used_service'
                when not (coalesce(lower(cert_1_active) in ('true', 'false'), false)) then 'cert_1_active'
                when not (coalesce(cert_1_last_rotated in ('N/A', 'no_information', 'not_supported') or try(from_iso8601_timestamp(cert_1_last_rotated)) is not null, false)) then 'cert_1_last_rotated'
                when not (coalesce(lower(cert_2_active) in ('true', 'false'), false)) then 'cert_2_active'
                when not (coalesce(cert_2_last_rotated in ('N/A', 'no_information', 'not_supported') or try(from_iso8601_timestamp(cert_2_last_rotated)) is not null, false)) then 'cert_2_last_rotated'
            end as bad_column
    from mapped
),
row_verdicts as (
    select
        row_checks.*,
        is_checked_row and not bad_width and bad_column is null
            and coalesce(arn_account_id <> key_account_id, false) as bad_account,
        -- the same user on two lines that differ (identical lines were dropped above)
        is_checked_row and count_if(is_checked_row) over (partition by dt, source_file, "user") > 1 as repeated_user
    from row_checks
),
file_verdicts as (
    select
        row_verdicts.*,
        is_checked_row and (bad_width or bad_column is not null or bad_account or repeated_user) as is_bad_row,
        case
            when not is_report_key then
                'not a report key: expected YYYY/MM/DD/<percent-encoded name>@<12-digit account id>.csv'
            when header_lines = 0 then 'no header row'
            when header_lines > 1 then 'more than one header row'
            when missing_columns <> '' then 'header lacks column(s): ' || missing_columns
            when repeated_column is not null then 'header names column ' || repeated_column || ' more than once'
            when data_lines = 0 then 'no rows after the header'
            when bool_or(is_checked_row and bad_width) over (partition by dt, source_file) then
                'row of ' || cast(min(if(is_checked_row and bad_width, width)) over (partition by dt, source_file) as varchar)
                    || ' fields where the header has ' || cast(header_width as varchar)
            when bool_or(is_checked_row and bad_column is not null) over (partition by dt, source_file) then
                'unparsable ' || min(if(is_checked_row, bad_column)) over (partition by dt, source_file) || ' value'
            when bool_or(bad_account) over (partition by dt, source_file) then
                'ARN of account ' || min(if(bad_account, arn_account_id)) over (partition by dt, source_file)
                    || ' in the report of account ' || key_account_id
            when bool_or(repeated_user) over (partition by dt, source_file) then 'user listed twice with different values'
            when file_size > 16777216 then
                'file of ' || cast(file_size as varchar) || ' bytes is over the 16 MiB limit'
        end as file_problem
    from row_verdicts
),
verdicts as (
    select
        file_verdicts.*,
        -- of an account's accepted files of a day (one, unless it was renamed that day), the last in key order is used
        max(if(file_problem is null, source_file)) over (partition by dt, key_account_id) as used_file
    from file_verdicts
)
select
    cast(date_parse(dt, '%Y/%m/%d') as date) as dt,
    source_file,
    file_size,
    key_account_id as account_id,
    key_account_name as account_name,
    is_header,
    is_bad_row,
        "user",
        arn,
        user_creation_time,
        password_enabled,
        password_last_used,
        password_last_changed,
        password_next_rotation,
        mfa_active,
        access_key_1_active,
        access_key_1_last_rotated,
        access_key_1_last_used_date,
        access_key_1_last_used_region,
        access_key_1_last_used_service,
        access_key_2_active,
        access_key_2_last_rotated,
        access_key_2_last_used_date,
        access_key_2_last_used_region,
        access_key_2_last_used_service,
        cert_1_active,
        cert_1_last_rotated,
        cert_2_active,
        cert_2_last_rotated,
    coalesce(file_problem, if(source_file <> used_file,
        'another report of account ' || key_account_id || ' on this day is used: '
            || regexp_extract(used_file, '[^/]*$'))) as rejection,
    count_if(is_bad_row) over (partition by dt, source_file) as bad_rows,
    min(if(is_bad_row, "user")) over (partition by dt, source_file) as example_bad_user
from verdicts
