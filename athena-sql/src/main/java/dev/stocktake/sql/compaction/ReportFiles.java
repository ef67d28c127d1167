package dev.stocktake.sql.compaction;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The raw reports' files (S3 in the job, a folder in tests), asked when any of a range of days was last written: a CSV
 * written after its month was copied (a collector re-run, a report uploaded by hand) makes the copy stale.
 */
@FunctionalInterface
public interface ReportFiles {

    /** For a compactor that does not look for late files (tests of other behaviour). */
    ReportFiles NOT_CHECKED = (first, last) -> Optional.empty();

    /**
     * @return the latest modification time of the report files of the days {@code first..last} (inclusive, within one
     * month), empty when there is none
     */
    Optional<Instant> lastModified(LocalDate first, LocalDate last);
}
