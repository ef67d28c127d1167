-- Which lines are there in the stored credential reports, from which file, whichever form a day is stored in? The one
-- place the views read credential reports through: one row per line of every file, the header line included, as text
-- cells by position (c01..c32; a field past the line's end is NULL), with source_file (the CSV's path), file_size (its
-- size in bytes) and dt ('yyyy/MM/dd'). The view after it reads each file's header and takes the values by column name.
-- Each day is read from exactly one place, split at the compaction boundary (the day literal marked
-- compacted_through, the same in both branches): days up to it from report_rows_compacted, the Parquet copy the
-- compaction job wrote and checked row for row against the CSVs; later days from the raw CSVs (credential_reports,
-- the source of truth). Both conditions are on the partition column, so a dt filter on a view above prunes both
-- branches. As shipped nothing is compacted: the boundary is the first day of 1970, a real day (Athena parses a literal compared
-- with a date-projected column with the projection's format) before any report; the compaction job re-creates this
-- view with the last day of the months it has compacted.
create or replace view report_rows as
select
    c01,
    c02,
    c03,
    c04,
    c05,
    c06,
    c07,
    c08,
    c09,
    c10,
    c11,
    c12,
    c13,
    c14,
    c15,
    c16,
    c17,
    c18,
    c19,
    c20,
    c21,
    c22,
    c23,
    c24,
    c25,
    c26,
    c27,
    c28,
    c29,
    c30,
    c31,
    c32,
    source_file,
    file_size,
    dt
from report_rows_compacted
where dt <= '1970/01/01' /* compacted_through */
union all
select
    c01,
    c02,
    c03,
    c04,
    c05,
    c06,
    c07,
    c08,
    c09,
    c10,
    c11,
    c12,
    c13,
    c14,
    c15,
    c16,
    c17,
    c18,
    c19,
    c20,
    c21,
    c22,
    c23,
    c24,
    c25,
    c26,
    c27,
    c28,
    c29,
    c30,
    c31,
    c32,
    "$path" as source_file,
    "$file_size" as file_size,
    dt
from credential_reports
where dt > '1970/01/01' /* compacted_through */
