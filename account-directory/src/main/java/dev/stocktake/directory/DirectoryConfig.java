package dev.stocktake.directory;

import java.net.URI;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import dev.stocktake.collector.CollectorConfig;

/**
 * The directory job's configuration, from environment variables; a missing or malformed value
 * fails at start naming the variable. Shares the collector's variables for the bucket, time
 * zone, KMS key and endpoint.
 *
 * @param directoryPrefix {@code DIRECTORY_PREFIX}: key prefix of the exports (default {@value #DEFAULT_PREFIX})
 */
public record DirectoryConfig(String bucket, String directoryPrefix, ZoneId timeZone, String kmsKeyArn, URI endpointOverride) {

    public static final String DIRECTORY_PREFIX = "DIRECTORY_PREFIX";
    public static final String DEFAULT_PREFIX = "accounts/";

    public static DirectoryConfig fromEnv(Map<String, String> env) {
        // The collector's checks apply as they are; the org-read role is not used here.
        Map<String, String> shared = new HashMap<>(env);
        shared.putIfAbsent(CollectorConfig.MANAGEMENT_ROLE_ARN, "arn:aws:iam::000000000000:role/unused");
        String prefix = env.getOrDefault(DIRECTORY_PREFIX, DEFAULT_PREFIX).strip();
        shared.put(CollectorConfig.REPORT_PREFIX, prefix);
        CollectorConfig common;
        try {
            common = CollectorConfig.fromEnv(shared);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace(CollectorConfig.REPORT_PREFIX, DIRECTORY_PREFIX), e);
        }
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException(DIRECTORY_PREFIX + " is empty: the directory needs its own prefix, e.g. '"
                    + DEFAULT_PREFIX + "', so Athena does not read it as credential reports");
        }
        return new DirectoryConfig(common.reportBucket(), common.reportPrefix(), common.reportTimeZone(), common.kmsKeyArn(),
                common.endpointOverride());
    }
}
