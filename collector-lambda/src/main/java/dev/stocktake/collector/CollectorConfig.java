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
 */
public record CollectorConfig(String reportBucket, String reportPrefix, String managementRoleArn, ZoneId reportTimeZone,
                              String kmsKeyArn, URI endpointOverride) {

    public static final String REPORT_BUCKET = "REPORT_BUCKET";
    public static final String REPORT_PREFIX = "REPORT_PREFIX";
    public static final String MANAGEMENT_ROLE_ARN = "MANAGEMENT_ROLE_ARN";
    public static final String REPORT_TIME_ZONE = "REPORT_TIME_ZONE";
    public static final String KMS_KEY_ARN = "KMS_KEY_ARN";
    public static final String AWS_ENDPOINT_URL = Environment.AWS_ENDPOINT_URL;

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
                Environment.endpoint(optional(env, AWS_ENDPOINT_URL)));
    }
}
