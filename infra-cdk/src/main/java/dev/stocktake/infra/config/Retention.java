package dev.stocktake.infra.config;

import java.util.Set;

/**
 * How long things are kept.
 *
 * @param noncurrentVersionDays overwritten report versions are deleted after this many days; default 30
 * @param reportExpirationDays current reports expire after this many days; 0 keeps them forever (default)
 * @param logRetentionDays CloudWatch Logs retention of the Lambdas; one of the values CloudWatch accepts; default 90
 * @param athenaResultsDays Athena query results are deleted after this many days; default 30
 */
public record Retention(int noncurrentVersionDays, int reportExpirationDays, int logRetentionDays,
                        int athenaResultsDays) {

    /** Values CloudWatch Logs accepts for retentionInDays. */
    private static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    /** Reads and validates the {@code retention} section. */
    static Retention read(ConfigSection s) {
        int noncurrent = s.integer("noncurrentVersionDays", 30, 1, 36500);
        int expiration = s.integer("reportExpirationDays", 0, 0, 36500);
        int logs = s.integer("logRetentionDays", 90, 1, 3653);
        if (!LOG_RETENTION_DAYS.contains(logs)) {
            s.problem("logRetentionDays", logs + " is not a CloudWatch Logs retention value "
                    + "(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)");
        }
        int results = s.integer("athenaResultsDays", 30, 1, 36500);
        return new Retention(noncurrent, expiration, logs, results);
    }
}
