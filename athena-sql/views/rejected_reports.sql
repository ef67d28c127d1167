-- Which stored report files are kept out of every number, and why?
-- One row per file that checked_rows rejects: the day, the file (its path), the account ID and name its key gives
-- (NULL when the key is not a report key), the reason (the first that applies, see checked_rows), how many lines
-- failed a line check (0 when the reason is about the whole file) and the user cell of one failing line. The
-- account of a rejected file counts as not reported that day (its last report is carried forward for a few days), never as zero.
-- SQL engines give no line numbers, so a failing line is named by its user cell, not its position.
create or replace view rejected_reports as
select
    dt,
    source_file,
    account_id,
    account_name,
    rejection as reason,
    bad_rows,
    example_bad_user
from checked_rows
where rejection is not null
group by dt, source_file, account_id, account_name, rejection, bad_rows, example_bad_user
