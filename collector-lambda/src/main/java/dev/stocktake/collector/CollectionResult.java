package dev.stocktake.collector;

import java.time.Instant;

import dev.stocktake.collector.account.AccountName;
import dev.stocktake.collector.details.DetailsOutcome;
import dev.stocktake.collector.storage.StoredReport;
import dev.stocktake.report.ReportFormat.HeaderCheck;

/**
 * One account's collection: what was stored where, and how it went.
 *
 * @param header the layout of the report's header (a report of unknown layout is stored all the same)
 * @param retries waits and retries over every step (0 on a fault-free run)
 * @param details the account's IAM details file, written after the report (or why not: the report never waits for it)
 */
public record CollectionResult(String accountId, AccountName accountName, StoredReport stored, int bytes, int rows,
                               HeaderCheck header, Instant generatedTime, Instant collectedAt, int retries, Timings timings,
                               DetailsOutcome details) {

    /** Whether the IAM details file of this collection was written. */
    public boolean detailsWritten() {
        return details.written();
    }

    /**
     * Milliseconds spent per step.
     *
     * @param writeMs the report's write; {@code totalMs} ends when the report is stored
     * @param detailsMs reading and writing the IAM details after it (0 when switched off)
     */
    public record Timings(long reportMs, long accountNameMs, long writeMs, long totalMs, long detailsMs) {
    }
}
