package dev.stocktake.collector;

import static dev.stocktake.support.env.Environment.KEY_PREFIX;
import static dev.stocktake.support.env.Environment.KMS_ARN;
import static dev.stocktake.support.env.Environment.KMS_ARN_EXPECTED;
import static dev.stocktake.support.env.Environment.ROLE_ARN;
import static dev.stocktake.support.env.Environment.matching;
import static dev.stocktake.support.env.Environment.optional;

import java.net.URI;
import java.time.ZoneId;
import java.util.Map;

import dev.stocktake.report.ReportKeys;
import dev.stocktake.support.env.Environment;
import dev.stocktake.support.storage.ObjectLockRetention;

/**
 * The collector's configuration, from environment variables (the Lambda's, or the shell's for
 * {@code stocktake collect}). A missing or malformed value fails at start, naming the variable.
 *
 * @param reportBucket {@code REPORT_BUCKET}: the central bucket (required)
 * @param reportPrefix {@code REPORT_PREFIX}: key prefix, empty or ending in {@code /}
 *     (default {@value ReportKeys#DEFAULT_PREFIX})
 * @param managementRoleArn {@code MANAGEMENT_ROLE_ARN}: the org-read role in the management
 *     account that may call {@code organizations:DescribeAccount} (required)
 * @param reportTimeZone {@code REPORT_TIME_ZONE}: the zone of the date in the key (default UTC)
 * @param kmsKeyArn {@code KMS_KEY_ARN}: SSE-KMS key for the reports, or {@code null} for SSE-S3
 * @param endpointOverride {@code AWS_ENDPOINT_URL}: one endpoint for every AWS service (the
 *     local emulator), or {@code null} for AWS
 * @param retention {@code REPORT_LOCK_MODE} and {@code REPORT_LOCK_DAYS}: the S3 Object Lock retention put on every
 *     report (and IAM details file), or {@code null} for none (the bucket's default retention, if it has one, still applies)
 * @param detailsPrefix {@code DETAILS_PREFIX}: key prefix of the per-account IAM details files written beside the
 *     reports (default {@value ReportKeys#DEFAULT_DETAILS_PREFIX}), empty or ending in {@code /}, not the report prefix;
 *     {@code null} when they are switched off ({@code DETAILS_ENABLED=false})
 */
public record CollectorConfig(String reportBucket, String reportPrefix, String managementRoleArn, ZoneId reportTimeZone,
                              String kmsKeyArn, URI endpointOverride, ObjectLockRetention retention, String detailsPrefix) {

    public static final String REPORT_BUCKET = "REPORT_BUCKET";
    public static final String REPORT_PREFIX = "REPORT_PREFIX";
    public static final String MANAGEMENT_ROLE_ARN = "MANAGEMENT_ROLE_ARN";
    public static final String REPORT_TIME_ZONE = "REPORT_TIME_ZONE";
    public static final String KMS_KEY_ARN = "KMS_KEY_ARN";
    public static final String AWS_ENDPOINT_URL = Environment.AWS_ENDPOINT_URL;
    public static final String REPORT_LOCK_MODE = "REPORT_LOCK_MODE";
    public static final String REPORT_LOCK_DAYS = "REPORT_LOCK_DAYS";
    public static final String DETAILS_PREFIX = "DETAILS_PREFIX";
    public static final String DETAILS_ENABLED = "DETAILS_ENABLED";

    /**
     * Validates here, not only in {@link #fromEnv}: {@code stocktake collect} and the demo build a configuration
     * from their flags, and a bad flag must fail naming the variable it stands for, as a bad variable does.
     */
    public CollectorConfig {
        Environment.bucket(REPORT_BUCKET, reportBucket);
        matching(REPORT_PREFIX, reportPrefix, KEY_PREFIX,
                "empty or a path ending in '/' without a leading '/', e.g. '" + ReportKeys.DEFAULT_PREFIX + "'");
        matching(MANAGEMENT_ROLE_ARN, managementRoleArn, ROLE_ARN,
                "an IAM role ARN such as arn:aws:iam::111122223333:role/stocktake-org-read");
        if (reportTimeZone == null) {
            throw new IllegalArgumentException(REPORT_TIME_ZONE + " is missing");
        }
        if (kmsKeyArn != null) {
            matching(KMS_KEY_ARN, kmsKeyArn, KMS_ARN, KMS_ARN_EXPECTED);
        }
        if (detailsPrefix != null) {
            matching(DETAILS_PREFIX, detailsPrefix, KEY_PREFIX,
                    "empty or a path ending in '/' without a leading '/', e.g. '" + ReportKeys.DEFAULT_DETAILS_PREFIX + "'");
            if (detailsPrefix.equals(reportPrefix)) {
                throw new IllegalArgumentException(DETAILS_PREFIX + "='" + detailsPrefix + "' is the report prefix ("
                        + REPORT_PREFIX + "): the IAM details files need a prefix of their own, or the reports table would"
                        + " read them as reports. Use e.g. '" + ReportKeys.DEFAULT_DETAILS_PREFIX + "'");
            }
        }
    }

    /** Without Object Lock retention and without IAM details files (the callers that predate them: the demo, the CLI's emulator run). */
    public CollectorConfig(String reportBucket, String reportPrefix, String managementRoleArn, ZoneId reportTimeZone,
                           String kmsKeyArn, URI endpointOverride) {
        this(reportBucket, reportPrefix, managementRoleArn, reportTimeZone, kmsKeyArn, endpointOverride, null, null);
    }

    /** Without IAM details files. */
    public CollectorConfig(String reportBucket, String reportPrefix, String managementRoleArn, ZoneId reportTimeZone,
                           String kmsKeyArn, URI endpointOverride, ObjectLockRetention retention) {
        this(reportBucket, reportPrefix, managementRoleArn, reportTimeZone, kmsKeyArn, endpointOverride, retention, null);
    }

    /** This configuration with IAM details files written under {@code prefix}, or none when {@code null}. */
    public CollectorConfig withDetailsPrefix(String prefix) {
        return new CollectorConfig(reportBucket, reportPrefix, managementRoleArn, reportTimeZone, kmsKeyArn, endpointOverride,
                retention, prefix);
    }

    /** Reads the configuration; throws {@link IllegalArgumentException} naming the bad variable. */
    public static CollectorConfig fromEnv(Map<String, String> env) {
        String bucket = Environment.bucket(env, REPORT_BUCKET);
        String roleArn = optional(env, MANAGEMENT_ROLE_ARN);
        if (roleArn == null) {
            throw new IllegalArgumentException(MANAGEMENT_ROLE_ARN + " is not set: give the ARN of the role in the management "
                    + "account that may call organizations:DescribeAccount (the stack output OrgReadRoleArn)");
        }
        // Set but empty means "no prefix" (reports at the bucket root), so an empty value is not "unset" here.
        String prefix = env.containsKey(REPORT_PREFIX) ? env.get(REPORT_PREFIX).strip() : ReportKeys.DEFAULT_PREFIX;
        return new CollectorConfig(bucket, prefix, roleArn,
                Environment.timeZone(env, REPORT_TIME_ZONE), optional(env, KMS_KEY_ARN),
                Environment.endpoint(optional(env, AWS_ENDPOINT_URL)), retention(env), detailsPrefix(env));
    }

    /** {@code DETAILS_ENABLED} ({@code true}, the default, or {@code false}) and {@code DETAILS_PREFIX}. */
    static String detailsPrefix(Map<String, String> env) {
        String enabled = optional(env, DETAILS_ENABLED);
        if (enabled != null && !enabled.equals("true") && !enabled.equals("false")) {
            throw new IllegalArgumentException(DETAILS_ENABLED + "='" + enabled + "' is not valid: expected true (the default: "
                    + "write each account's IAM details file beside its report) or false");
        }
        if ("false".equals(enabled)) {
            return null;
        }
        // As REPORT_PREFIX: set but empty means the bucket root.
        return env.containsKey(DETAILS_PREFIX) ? env.get(DETAILS_PREFIX).strip() : ReportKeys.DEFAULT_DETAILS_PREFIX;
    }

    /** {@code REPORT_LOCK_MODE} and {@code REPORT_LOCK_DAYS}: both set, or neither. */
    static ObjectLockRetention retention(Map<String, String> env) {
        return ObjectLockRetention.fromEnv(env, REPORT_LOCK_MODE, REPORT_LOCK_DAYS, "every report and IAM details file");
    }
}
