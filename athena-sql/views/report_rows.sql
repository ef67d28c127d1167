-- Which report rows are there, from which file, whichever form a day is stored in? The one place the views read
-- credential reports through: one row per report line per file, the report's columns as text, source_file (the
-- CSV's path), file_modified_at (when it was written, a UTC TIMESTAMP: the newest file of a day wins) and dt
-- ('yyyy/MM/dd').
-- Each day is read from exactly one place, split at the compaction boundary (the day literal marked
-- compacted_through, the same in both branches): days up to it from report_rows_compacted, the Parquet copy the
-- compaction job wrote and checked row for row against the CSVs; later days from the raw CSVs (credential_reports,
-- the source of truth). Both conditions are on the partition column, so a dt filter on a view above prunes both
-- branches. As shipped nothing is compacted (the boundary is day zero); the compaction job re-creates this view
-- with the last day of the months it has compacted.
create or replace view report_rows as
select
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
    source_file,
    cast(from_iso8601_timestamp(file_modified_at) at time zone 'UTC' as timestamp) as file_modified_at,
    dt
from report_rows_compacted
where dt <= '0000/00/00' /* compacted_through */
union all
select
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
    "$path" as source_file,
    cast("$file_modified_time" at time zone 'UTC' as timestamp) as file_modified_at,
    dt
from credential_reports
where dt > '0000/00/00' /* compacted_through */
