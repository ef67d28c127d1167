package dev.stocktake.collector;

import java.time.Instant;

import dev.stocktake.collector.account.AccountName;
import dev.stocktake.collector.storage.StoredReport;
import dev.stocktake.report.ReportFormat.HeaderCheck;

/**
 * One account's collection: what was stored where, and how it went.
 *
 * @param header the layout of the report's header (a report of unknown layout is stored all the same)
 * @param retries waits and retries over every step (0 on a fault-free run)
 */
public record CollectionResult(String accountId, AccountName accountName, StoredReport stored, int bytes, int rows,
                               HeaderCheck header, Instant generatedTime, Instant collectedAt, int retries, Timings timings) {

    /** Milliseconds spent per step. */
    public record Timings(long reportMs, long accountNameMs, long writeMs, long totalMs) {
    }
}
