package dev.stocktake.sql.compaction;

import java.time.LocalDate;

/**
 * The files of the Parquet copy ({@code report_rows_compacted}'s location): on S3 in the job, a folder in tests.
 * Athena has no {@code DELETE} for Hive tables, so leftovers of a failed copy, and a month being copied again, are
 * removed here before the {@code INSERT}.
 */
@FunctionalInterface
public interface CompactedFiles {

    /**
     * Deletes every file of the days {@code first..last} (inclusive), whichever way the engine escaped the partition
     * folder ({@code dt=2026%2F10%2F01/}).
     *
     * @return how many files were deleted
     */
    int deleteDays(LocalDate first, LocalDate last);
}
