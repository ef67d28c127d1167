package dev.stocktake.notifier.alert;

import dev.stocktake.support.env.Environment;

import static dev.stocktake.support.env.Environment.optional;

import dev.stocktake.notifier.NotifierConfig;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The alert handler's configuration, from the Lambda's environment. A missing or malformed value fails at start with
 * a message naming the variable. At least one channel (Slack or email) must be configured.
 *
 * @param reportBucket          {@code REPORT_BUCKET} (required): the central bucket (allowlist, account directory)
 * @param allowlistKey          {@code ALLOWLIST_KEY}: the deployed allowlist (default {@value #DEFAULT_ALLOWLIST_KEY})
 * @param directoryPrefix       {@code DIRECTORY_PREFIX}: the account directory's exports (default
 *                              {@value #DEFAULT_DIRECTORY_PREFIX})
 * @param dedupeTable           {@code DEDUPE_TABLE} (required): the DynamoDB table of sent events (key {@code pk}, TTL
 *                              {@code expiresAt})
 * @param recipients            {@code ALERT_RECIPIENTS}: comma-separated addresses for creations; empty: no email
 * @param sender                {@code ALERT_SENDER}: the From address, a verified SES identity (required with recipients)
 * @param sesConfigurationSet   {@code SES_CONFIGURATION_SET}: optional
 * @param slackWebhookSecretArn {@code SLACK_WEBHOOK_SECRET_ARN}: the secret holding the webhook URL; unset: no Slack
 * @param burstWindow           {@code BURST_WINDOW_SECONDS}: how long a burst of one principal lasts (default 300)
 * @param burstMaxItems         {@code BURST_MAX_ITEMS}: changes listed in a Slack message before "and K more" (default 10)
 * @param slackWebhookHost      {@code SLACK_WEBHOOK_HOST}: the one host the webhook URL may name (default hooks.slack.com)
 * @param timeZone              {@code REPORT_TIME_ZONE}: the zone of the directory's day folders and of the allowlist's
 *                              expiry days (default UTC)
 * @param endpointOverride      {@code AWS_ENDPOINT_URL}: one endpoint for every AWS service (the emulator), or null
 */
public record AlertConfig(String reportBucket, String allowlistKey, String directoryPrefix, String dedupeTable,
                          List<String> recipients, String sender, String sesConfigurationSet, String slackWebhookSecretArn,
                          Duration burstWindow, int burstMaxItems, ZoneId timeZone, URI endpointOverride, String slackWebhookHost) {

    public static final String DEFAULT_ALLOWLIST_KEY = "allowlist/allowlist.csv";
    public static final String DEFAULT_DIRECTORY_PREFIX = "accounts/";

    private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9!_.*'()/-]+");

    public AlertConfig {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty() && slackWebhookSecretArn == null) {
            throw new IllegalArgumentException("Neither ALERT_RECIPIENTS nor SLACK_WEBHOOK_SECRET_ARN is set: configure at least "
                    + "one channel for the alerts");
        }
    }

    public boolean emailEnabled() {
        return !recipients.isEmpty();
    }

    public boolean slackEnabled() {
        return slackWebhookSecretArn != null;
    }

    /** Reads the configuration; throws {@link IllegalArgumentException} naming the bad variable. */
    public static AlertConfig fromEnv(Map<String, String> env) {
        String bucket = Environment.bucket(env, "REPORT_BUCKET");
        String allowlistKey = orDefault(optional(env, "ALLOWLIST_KEY"), DEFAULT_ALLOWLIST_KEY);
        if (!KEY.matcher(allowlistKey).matches() || allowlistKey.startsWith("/") || allowlistKey.endsWith("/")) {
            throw new IllegalArgumentException("ALLOWLIST_KEY='" + allowlistKey + "' is not an object key such as "
                    + DEFAULT_ALLOWLIST_KEY);
        }
        String directoryPrefix = orDefault(optional(env, "DIRECTORY_PREFIX"), DEFAULT_DIRECTORY_PREFIX);
        if (!KEY.matcher(directoryPrefix).matches() || !directoryPrefix.endsWith("/") || directoryPrefix.startsWith("/")) {
            throw new IllegalArgumentException("DIRECTORY_PREFIX='" + directoryPrefix + "' is not a key prefix ending in '/' "
                    + "such as " + DEFAULT_DIRECTORY_PREFIX + " (the account directory job's)");
        }
        String table = optional(env, "DEDUPE_TABLE");
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("DEDUPE_TABLE" + (table == null ? " is not set" : "='" + table + "' is not valid")
                    + ": expected the DynamoDB table name of the sent alerts (3-255 of A-Z a-z 0-9 _ . -)");
        }
        List<String> recipients = recipients(optional(env, "ALERT_RECIPIENTS"));
        String sender = NotifierConfig.sender(env, "ALERT_SENDER", !recipients.isEmpty(), "the alert emails", "ALERT_RECIPIENTS");
        String configurationSet = NotifierConfig.configurationSet(env);
        String secretArn = NotifierConfig.slackSecretArn(env);
        int window = integer(env, "BURST_WINDOW_SECONDS", 300, 1, 3600, "seconds a burst of one principal lasts");
        int items = integer(env, "BURST_MAX_ITEMS", 10, 1, 50, "changes listed in one Slack message before 'and K more'");
        ZoneId zone = Environment.timeZone(env, "REPORT_TIME_ZONE");
        URI uri = Environment.endpoint(optional(env, Environment.AWS_ENDPOINT_URL));
        return new AlertConfig(bucket, allowlistKey, directoryPrefix, table, recipients, sender, configurationSet, secretArn,
                Duration.ofSeconds(window), items, zone, uri, NotifierConfig.slackWebhookHost(env));
    }

    static List<String> recipients(String value) {
        return NotifierConfig.recipients("ALERT_RECIPIENTS", value);
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max, String meaning) {
        String value = optional(env, name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "='" + value + "' is not valid: expected a whole number from " + min + " to "
                + max + " (" + meaning + ")");
    }

    private static String orDefault(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
