package dev.stocktake.collector;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Pattern;

import dev.stocktake.report.ReportKeys;

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
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";

    // S3 bucket naming rules (general purpose buckets): 3-63 chars, lower case, digits, dots, hyphens.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern KMS_ARN = Pattern.compile("arn:aws(-cn|-us-gov|-iso|-iso-b)?:kms:[a-z0-9-]+:\\d{12}:(key|alias)/[\\w/+=,.@-]+");

    public CollectorConfig {
        require(REPORT_BUCKET, reportBucket, BUCKET.matcher(nonNull(reportBucket)).matches() && !reportBucket.contains(".."),
                "a valid S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')");
        require(REPORT_PREFIX, reportPrefix, reportPrefix != null && (reportPrefix.isEmpty()
                        || (reportPrefix.endsWith("/") && !reportPrefix.startsWith("/") && !reportPrefix.contains("//"))),
                "empty or a path ending in '/' without a leading '/', e.g. '" + ReportKeys.DEFAULT_PREFIX + "'");
        require(MANAGEMENT_ROLE_ARN, managementRoleArn, ROLE_ARN.matcher(nonNull(managementRoleArn)).matches(),
                "an IAM role ARN such as arn:aws:iam::111122223333:role/stocktake-org-read");
        if (reportTimeZone == null) {
            throw new IllegalArgumentException(REPORT_TIME_ZONE + " is missing");
        }
        if (kmsKeyArn != null) {
            require(KMS_KEY_ARN, kmsKeyArn, KMS_ARN.matcher(kmsKeyArn).matches(),
                    "a KMS key or alias ARN such as arn:aws:kms:eu-west-1:111122223333:key/<key-id>, or unset for SSE-S3");
        }
    }

    /** Reads the configuration; throws {@link IllegalArgumentException} naming the bad variable. */
    public static CollectorConfig fromEnv(Map<String, String> env) {
        String bucket = blankToNull(env.get(REPORT_BUCKET));
        if (bucket == null) {
            throw new IllegalArgumentException(REPORT_BUCKET + " is not set: name the central bucket the reports go to");
        }
        String roleArn = blankToNull(env.get(MANAGEMENT_ROLE_ARN));
        if (roleArn == null) {
            throw new IllegalArgumentException(MANAGEMENT_ROLE_ARN + " is not set: give the ARN of the role in the management "
                    + "account that may call organizations:DescribeAccount (the stack output OrgReadRoleArn)");
        }
        String prefix = env.containsKey(REPORT_PREFIX) ? env.get(REPORT_PREFIX).strip() : ReportKeys.DEFAULT_PREFIX;
        return new CollectorConfig(bucket.strip(), prefix, roleArn.strip(),
                zone(blankToNull(env.get(REPORT_TIME_ZONE))),
                blankToNull(env.get(KMS_KEY_ARN)) == null ? null : env.get(KMS_KEY_ARN).strip(),
                endpoint(blankToNull(env.get(AWS_ENDPOINT_URL))));
    }

    /** A copy with the given values replacing these where they are not {@code null}. */
    public CollectorConfig with(String bucket, String prefix, String roleArn, ZoneId zone) {
        return new CollectorConfig(bucket == null ? reportBucket : bucket, prefix == null ? reportPrefix : prefix,
                roleArn == null ? managementRoleArn : roleArn, zone == null ? reportTimeZone : zone, kmsKeyArn, endpointOverride);
    }

    static ZoneId zone(String value) {
        if (value == null) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(value.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(REPORT_TIME_ZONE + "='" + value + "' is not a time zone: use an IANA name "
                    + "such as UTC, Asia/Tokyo or Europe/Berlin");
        }
    }

    static URI endpoint(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = URI.create(value.strip());
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException(AWS_ENDPOINT_URL + "='" + value + "' is not an http(s) URL, e.g. http://127.0.0.1:5000");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(AWS_ENDPOINT_URL)) {
                throw e;
            }
            throw new IllegalArgumentException(AWS_ENDPOINT_URL + "='" + value + "' is not a URL: " + e.getMessage());
        }
    }

    private static void require(String variable, String value, boolean valid, String expected) {
        if (value == null) {
            throw new IllegalArgumentException(variable + " is not set: expected " + expected);
        }
        if (!valid) {
            throw new IllegalArgumentException(variable + "='" + value + "' is not valid: expected " + expected);
        }
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
