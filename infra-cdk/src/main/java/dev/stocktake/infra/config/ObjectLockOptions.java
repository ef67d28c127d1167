package dev.stocktake.infra.config;

import java.util.Set;

/**
 * S3 Object Lock on the report bucket: the bucket is created with Object Lock enabled (it can only be enabled when a
 * bucket is created), and the writers of reports (the collectors) and of directory exports (the account-directory
 * job) put a retention of {@code mode} for {@code retentionDays} on every object they write. There is no bucket
 * default retention: the compaction job's Parquet copy and state, and anything else in the bucket, stay deletable by
 * the jobs that own them. See docs/security.md.
 *
 * @param mode          {@code GOVERNANCE} (default: a principal with {@code s3:BypassGovernanceRetention} can still
 *                      remove a wrongly stored version, with the bypass header) or {@code COMPLIANCE} (nobody, not even
 *                      the root user, can remove a version before its retention ends)
 * @param retentionDays days each report and export is locked; default {@code retention.reportExpirationDays} when
 *                      that is set, else {@value #DEFAULT_RETENTION_DAYS}
 */
public record ObjectLockOptions(String mode, int retentionDays) {
    public static final String GOVERNANCE = "GOVERNANCE";
    public static final String COMPLIANCE = "COMPLIANCE";
    /**
     * Without an expiry: a year of history (the year-over-year view of a goal, and a 12-month audit period such as a
     * SOC 2 Type II window) plus a month for the audit's own fieldwork.
     */
    public static final int DEFAULT_RETENTION_DAYS = 400;
    /** S3's limit for a retention period (100 years). */
    public static final int MAX_RETENTION_DAYS = 36500;

    private static final Set<String> MODES = Set.of(GOVERNANCE, COMPLIANCE);

    /**
     * Reads and validates the {@code objectLock} section.
     *
     * @param retention the {@code retention} section, whose {@code reportExpirationDays} sets the default and the
     *                  upper bound of {@code retentionDays}
     */
    static ObjectLockOptions read(ConfigSection s, Retention retention) {
        String mode = s.text("mode", GOVERNANCE);
        if (!MODES.contains(mode)) {
            s.problem("mode", "'" + mode + "' is not GOVERNANCE or COMPLIANCE");
            mode = GOVERNANCE;
        }
        int expiration = retention.reportExpirationDays();
        int fallback = expiration > 0 ? expiration : DEFAULT_RETENTION_DAYS;
        int days = s.integer("retentionDays", fallback, 1, MAX_RETENTION_DAYS);
        if (expiration > 0 && days > expiration) {
            s.problem("retentionDays", days + " is longer than retention.reportExpirationDays (" + expiration
                    + "): a report would stay locked after it expires, and its version could not be deleted until the lock "
                    + "ends; lower retentionDays or raise reportExpirationDays");
        }
        return new ObjectLockOptions(mode, days);
    }
}
