package dev.stocktake.collector.storage;

import java.time.Duration;
import java.time.Instant;

/**
 * S3 Object Lock retention put on every report the collector writes: the mode and how long from the collection.
 * Needs a bucket created with Object Lock enabled, and {@code s3:PutObjectRetention} for the collector role.
 *
 * @param mode {@code GOVERNANCE} (callers with {@code s3:BypassGovernanceRetention} may still delete a version) or
 *     {@code COMPLIANCE} (nobody can, not even the root user, until the date)
 * @param days how long each report version is kept, counted from its collection time; 1 to {@value #MAX_DAYS}
 */
public record ReportRetention(Mode mode, int days) {

    /** 100 years, the longest retention S3 accepts for a bucket's default. */
    public static final int MAX_DAYS = 36_500;

    /** The Object Lock retention modes. */
    public enum Mode { GOVERNANCE, COMPLIANCE }

    public ReportRetention {
        if (mode == null) {
            throw new IllegalArgumentException("An Object Lock retention needs a mode: GOVERNANCE or COMPLIANCE");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("An Object Lock retention is 1 to " + MAX_DAYS + " days, got " + days);
        }
    }

    /** The retain-until date of a report collected at {@code collectedAt}. */
    public Instant retainUntil(Instant collectedAt) {
        return collectedAt.plus(Duration.ofDays(days));
    }
}
