package dev.stocktake.directory;

import static dev.stocktake.support.env.Environment.KEY_PREFIX;
import static dev.stocktake.support.env.Environment.KMS_ARN;
import static dev.stocktake.support.env.Environment.KMS_ARN_EXPECTED;
import static dev.stocktake.support.env.Environment.endpoint;
import static dev.stocktake.support.env.Environment.optional;
import static dev.stocktake.support.env.Environment.required;

import java.net.URI;
import java.time.ZoneId;
import java.util.Map;

import dev.stocktake.support.env.Environment;
import dev.stocktake.support.storage.ObjectLockRetention;

/**
 * The directory job's configuration, from environment variables; a missing or malformed value
 * fails at start naming the variable. The bucket, time zone, KMS key and endpoint variables are
 * the collector's, so one set of values configures both.
 *
 * @param bucket          {@code REPORT_BUCKET} (required): the central bucket
 * @param directoryPrefix {@code DIRECTORY_PREFIX}: key prefix of the exports (default {@value #DEFAULT_PREFIX})
 * @param timeZone        {@code REPORT_TIME_ZONE}: the zone of the export's date path (default UTC)
 * @param kmsKeyArn       {@code KMS_KEY_ARN}: SSE-KMS with this key, or {@code null} for SSE-S3
 * @param endpointOverride {@code AWS_ENDPOINT_URL}: one endpoint for every AWS service (the emulator), or {@code null}
 * @param lock            {@code EXPORT_LOCK_MODE} and {@code EXPORT_LOCK_DAYS}: the S3 Object Lock retention put on each
 *                        export, or {@code null} (both unset) for none; the deployed job always sets both, as the
 *                        central bucket has Object Lock enabled but no default retention
 */
public record DirectoryConfig(String bucket, String directoryPrefix, ZoneId timeZone, String kmsKeyArn, URI endpointOverride,
                              ObjectLockRetention lock) {

    public static final String REPORT_BUCKET = "REPORT_BUCKET";
    public static final String DIRECTORY_PREFIX = "DIRECTORY_PREFIX";
    public static final String REPORT_TIME_ZONE = "REPORT_TIME_ZONE";
    public static final String KMS_KEY_ARN = "KMS_KEY_ARN";
    public static final String EXPORT_LOCK_MODE = "EXPORT_LOCK_MODE";
    public static final String EXPORT_LOCK_DAYS = "EXPORT_LOCK_DAYS";
    public static final String DEFAULT_PREFIX = "accounts/";

    /** Without Object Lock retention (a bucket without Object Lock, such as the local demo's). */
    public DirectoryConfig(String bucket, String directoryPrefix, ZoneId timeZone, String kmsKeyArn, URI endpointOverride) {
        this(bucket, directoryPrefix, timeZone, kmsKeyArn, endpointOverride, null);
    }

    public static DirectoryConfig fromEnv(Map<String, String> env) {
        String bucket = Environment.bucket(env, REPORT_BUCKET);
        String prefix = env.getOrDefault(DIRECTORY_PREFIX, DEFAULT_PREFIX).strip();
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException(DIRECTORY_PREFIX + " is empty: the directory needs its own prefix, e.g. '"
                    + DEFAULT_PREFIX + "', so Athena does not read it as credential reports");
        }
        if (!KEY_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(DIRECTORY_PREFIX + "='" + prefix + "' is not valid: expected a path ending in '/'"
                    + " without a leading '/', e.g. '" + DEFAULT_PREFIX + "'");
        }
        String kmsKeyArn = optional(env, KMS_KEY_ARN) == null ? null : required(env, KMS_KEY_ARN, KMS_ARN, KMS_ARN_EXPECTED);
        return new DirectoryConfig(bucket, prefix, Environment.timeZone(env, REPORT_TIME_ZONE), kmsKeyArn,
                endpoint(optional(env, Environment.AWS_ENDPOINT_URL)), lock(env));
    }

    /** {@code EXPORT_LOCK_MODE} and {@code EXPORT_LOCK_DAYS}: both or neither. */
    private static ObjectLockRetention lock(Map<String, String> env) {
        return ObjectLockRetention.fromEnv(env, EXPORT_LOCK_MODE, EXPORT_LOCK_DAYS, "each account directory export");
    }
}
