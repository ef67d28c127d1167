package dev.stocktake.support.env;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a Lambda's configuration from its environment: one set of value patterns and one way to report a bad
 * value, shared by every Stocktake function. A missing or malformed value fails at start with a message naming the
 * variable and what was expected.
 */
public final class Environment {

    /** One endpoint for every AWS service (the local emulator), when set. */
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";

    /** An S3 bucket name (general purpose buckets: 3-63 characters, lower case, digits, dots, hyphens). */
    public static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** What {@link #bucket} expects, for messages. */
    public static final String BUCKET_EXPECTED = "the central bucket's name (3-63 characters: a-z, 0-9, '.', '-')";
    /** An Athena workgroup (or SES configuration set) name. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    /** What an Athena workgroup variable expects, for messages. */
    public static final String WORKGROUP_EXPECTED = "an Athena workgroup name such as stocktake";
    /** A Glue database name. */
    public static final Pattern DATABASE = Pattern.compile("[a-z0-9_]{1,255}");
    /** What a Glue database variable expects, for messages. */
    public static final String DATABASE_EXPECTED = "a Glue database name (lower case, digits, _) such as stocktake";
    /** An email address (the part inside {@code <>} of a sender). */
    public static final Pattern ADDRESS = Pattern.compile("[^@\\s,<>\"]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    /** A Secrets Manager secret ARN. */
    public static final Pattern SECRET_ARN = Pattern.compile("arn:aws(-cn|-us-gov|-iso|-iso-b)?:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[\\w/+=.@-]+");
    /** A 12-digit AWS account ID. */
    public static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    /** An IAM role ARN (a path may precede the name). */
    public static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    /** A DNS host name such as hooks.slack.com (letters, digits, '-', at least two labels). */
    public static final Pattern HOST = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    /** A KMS key or alias ARN. */
    public static final Pattern KMS_ARN = Pattern.compile("arn:aws(-cn|-us-gov|-iso|-iso-b)?:kms:[a-z0-9-]+:\\d{12}:(key|alias)/[\\w/+=,.@-]+");
    /** What {@link #KMS_ARN} expects, for messages. */
    public static final String KMS_ARN_EXPECTED =
            "a KMS key or alias ARN such as arn:aws:kms:eu-west-1:111122223333:key/<key-id>, or unset for SSE-S3";
    /**
     * A key prefix: empty, or path segments ending in '/', no leading '/', no empty segment. (The compaction's
     * prefixes are stricter: it deletes under one of them.)
     */
    public static final Pattern KEY_PREFIX = Pattern.compile("|[^/](?:(?!//).)*/");

    private Environment() {
    }

    /**
     * The stripped value of {@code name}; fails naming the variable and what is {@code expected} when it is unset,
     * blank or does not match {@code pattern}.
     */
    public static String required(Map<String, String> env, String name, Pattern pattern, String expected) {
        return matching(name, optional(env, name), pattern, expected);
    }

    /**
     * {@code value}, which a caller read from {@code name} or took from elsewhere (a command-line flag standing in
     * for it); fails naming the variable and what is {@code expected} when it is {@code null} or does not match
     * {@code pattern}.
     */
    public static String matching(String name, String value, Pattern pattern, String expected) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is not set: expected " + expected);
        }
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(name + "='" + value + "' is not valid: expected " + expected);
        }
        return value;
    }

    /** The bucket {@code name} holds; fails naming the variable when it is unset or not a bucket name. */
    public static String bucket(Map<String, String> env, String name) {
        return bucket(name, optional(env, name));
    }

    /**
     * {@code value} as the bucket of variable {@code name}; fails naming the variable when it is {@code null} or
     * not a bucket name. S3 refuses two adjacent dots, which {@link #BUCKET} alone lets through.
     */
    public static String bucket(String name, String value) {
        matching(name, value, BUCKET, BUCKET_EXPECTED);
        if (value.contains("..")) {
            throw new IllegalArgumentException(name + "='" + value + "' is not valid: a bucket name has no '..'");
        }
        return value;
    }

    /** The stripped value of {@code name}, or {@code null} when it is unset or blank. */
    public static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The time zone {@code name} holds (an IANA name), UTC when unset; fails naming the variable when it is not one. */
    public static ZoneId timeZone(Map<String, String> env, String name) {
        String value = optional(env, name);
        if (value == null) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a time zone: use an IANA name "
                    + "such as UTC, Asia/Tokyo or Europe/Berlin");
        }
    }

    /** {@code AWS_ENDPOINT_URL}'s value as a URI, or {@code null} when unset; fails naming the variable when not http(s). */
    public static URI endpoint(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = URI.create(value);
            if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(AWS_ENDPOINT_URL + "='" + value + "' is not an http(s) URL, e.g. http://127.0.0.1:5000");
    }
}
