package dev.stocktake.identitycenter;

import static dev.stocktake.support.env.Environment.KEY_PREFIX;
import static dev.stocktake.support.env.Environment.KMS_ARN;
import static dev.stocktake.support.env.Environment.KMS_ARN_EXPECTED;
import static dev.stocktake.support.env.Environment.endpoint;
import static dev.stocktake.support.env.Environment.optional;
import static dev.stocktake.support.env.Environment.required;

import java.net.URI;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Pattern;

import dev.stocktake.support.env.Environment;
import dev.stocktake.support.storage.ObjectLockRetention;

/**
 * The Identity Center export's configuration, from environment variables; a missing or malformed value fails at
 * start naming the variable. The bucket, time zone, KMS key, Object Lock and endpoint variables are the account
 * directory's, so one set of values configures both.
 *
 * @param bucket           {@code REPORT_BUCKET} (required): the central bucket
 * @param prefix           {@code IDENTITY_CENTER_PREFIX}: key prefix of the exports (default {@value #DEFAULT_PREFIX})
 * @param timeZone         {@code REPORT_TIME_ZONE}: the zone of the export's date path (default UTC)
 * @param kmsKeyArn        {@code KMS_KEY_ARN}: SSE-KMS with this key, or {@code null} for SSE-S3
 * @param instanceArn      {@code INSTANCE_ARN}: the Identity Center instance to export, or {@code null} for the only
 *                         one {@code ListInstances} returns
 * @param endpointOverride {@code AWS_ENDPOINT_URL}: one endpoint for every AWS service (the emulator), or {@code null}
 * @param lock             {@code EXPORT_LOCK_MODE} and {@code EXPORT_LOCK_DAYS}: the S3 Object Lock retention put on
 *                         each export, or {@code null} (both unset) for none
 */
public record IdentityCenterConfig(String bucket, String prefix, ZoneId timeZone, String kmsKeyArn, String instanceArn,
                                   URI endpointOverride, ObjectLockRetention lock) {

    public static final String REPORT_BUCKET = "REPORT_BUCKET";
    public static final String IDENTITY_CENTER_PREFIX = "IDENTITY_CENTER_PREFIX";
    public static final String REPORT_TIME_ZONE = "REPORT_TIME_ZONE";
    public static final String KMS_KEY_ARN = "KMS_KEY_ARN";
    public static final String INSTANCE_ARN = "INSTANCE_ARN";
    public static final String EXPORT_LOCK_MODE = "EXPORT_LOCK_MODE";
    public static final String EXPORT_LOCK_DAYS = "EXPORT_LOCK_DAYS";
    public static final String DEFAULT_PREFIX = "identity-center/";
    /** An Identity Center instance ARN, {@code arn:aws:sso:::instance/ssoins-0123456789abcdef}. */
    static final Pattern INSTANCE = Pattern.compile("arn:aws(-cn|-us-gov|-iso|-iso-b)?:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}");
    static final String INSTANCE_EXPECTED = "an Identity Center instance ARN such as "
            + "arn:aws:sso:::instance/ssoins-0123456789abcdef (IAM Identity Center console, Settings), or unset for the only "
            + "instance this account sees";

    public IdentityCenterConfig {
        if (bucket == null || prefix == null || timeZone == null) {
            throw new IllegalArgumentException("the Identity Center export needs a bucket, a key prefix and a time zone");
        }
        if (prefix.isEmpty() || !KEY_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("key prefix '" + prefix + "' is not valid: expected a path ending in '/'"
                    + " without a leading '/', e.g. '" + DEFAULT_PREFIX + "'");
        }
        if (instanceArn != null && !INSTANCE.matcher(instanceArn).matches()) {
            throw new IllegalArgumentException(INSTANCE_ARN + "='" + instanceArn + "' is not valid: expected " + INSTANCE_EXPECTED);
        }
    }

    /** The defaults of a local run: prefix {@value #DEFAULT_PREFIX}, UTC, SSE-S3, the only instance, no lock. */
    public static IdentityCenterConfig of(String bucket, URI endpointOverride) {
        return new IdentityCenterConfig(bucket, DEFAULT_PREFIX, ZoneId.of("UTC"), null, null, endpointOverride, null);
    }

    public static IdentityCenterConfig fromEnv(Map<String, String> env) {
        String bucket = Environment.bucket(env, REPORT_BUCKET);
        String prefix = env.getOrDefault(IDENTITY_CENTER_PREFIX, DEFAULT_PREFIX).strip();
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException(IDENTITY_CENTER_PREFIX + " is empty: the export needs its own prefix, e.g. '"
                    + DEFAULT_PREFIX + "', so Athena does not read it as credential reports");
        }
        if (!KEY_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(IDENTITY_CENTER_PREFIX + "='" + prefix + "' is not valid: expected a path ending"
                    + " in '/' without a leading '/', e.g. '" + DEFAULT_PREFIX + "'");
        }
        String kmsKeyArn = optional(env, KMS_KEY_ARN) == null ? null : required(env, KMS_KEY_ARN, KMS_ARN, KMS_ARN_EXPECTED);
        String instanceArn = optional(env, INSTANCE_ARN) == null ? null
                : required(env, INSTANCE_ARN, INSTANCE, INSTANCE_EXPECTED);
        return new IdentityCenterConfig(bucket, prefix, Environment.timeZone(env, REPORT_TIME_ZONE), kmsKeyArn, instanceArn,
                endpoint(optional(env, Environment.AWS_ENDPOINT_URL)), lock(env));
    }

    /** This configuration exporting the given instance. */
    public IdentityCenterConfig withInstanceArn(String arn) {
        return new IdentityCenterConfig(bucket, prefix, timeZone, kmsKeyArn, arn, endpointOverride, lock);
    }

    /** This configuration with an Object Lock retention on each export. */
    public IdentityCenterConfig withLock(ObjectLockRetention newLock) {
        return new IdentityCenterConfig(bucket, prefix, timeZone, kmsKeyArn, instanceArn, endpointOverride, newLock);
    }

    /** This configuration with SSE-KMS under the given key. */
    public IdentityCenterConfig withKmsKeyArn(String arn) {
        return new IdentityCenterConfig(bucket, prefix, timeZone, arn, instanceArn, endpointOverride, lock);
    }

    /** This configuration dating exports in the given zone. */
    public IdentityCenterConfig withTimeZone(ZoneId zone) {
        return new IdentityCenterConfig(bucket, prefix, zone, kmsKeyArn, instanceArn, endpointOverride, lock);
    }

    /** {@code EXPORT_LOCK_MODE} and {@code EXPORT_LOCK_DAYS}: both or neither. */
    private static ObjectLockRetention lock(Map<String, String> env) {
        return ObjectLockRetention.fromEnv(env, EXPORT_LOCK_MODE, EXPORT_LOCK_DAYS, "each Identity Center export");
    }
}
