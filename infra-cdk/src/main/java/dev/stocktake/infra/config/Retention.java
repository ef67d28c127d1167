package dev.stocktake.infra.config;

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
}
