package dev.stocktake.notifier;

import java.net.URI;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.stocktake.notifier.idempotency.DeliveryMarkers;
import dev.stocktake.notifier.slack.SlackWebhook;

import static dev.stocktake.support.env.Environment.ADDRESS;
import static dev.stocktake.support.env.Environment.DATABASE;
import static dev.stocktake.support.env.Environment.NAME;
import static dev.stocktake.support.env.Environment.SECRET_ARN;
import static dev.stocktake.support.env.Environment.endpoint;
import static dev.stocktake.support.env.Environment.optional;
import static dev.stocktake.support.env.Environment.matching;
import static dev.stocktake.support.env.Environment.required;
import dev.stocktake.support.env.Environment;

/**
 * The notifier's configuration, from the Lambda's environment. A missing or malformed value fails at start with a
 * message naming the variable. At least one channel (email or Slack) must be configured.
 *
 * @param athenaWorkgroup       {@code ATHENA_WORKGROUP} (required): the workgroup the digest queries run in (its
 *                              result location and encryption apply)
 * @param athenaDatabase        {@code ATHENA_DATABASE} (required): the Glue database holding the table and views
 * @param reportBucket          {@code REPORT_BUCKET} (required): the bucket the delivery markers go to
 * @param markerPrefix          {@code DELIVERY_MARKER_PREFIX}: key prefix of the markers (default
 *                              {@value DeliveryMarkers#DEFAULT_PREFIX})
 * @param recipients            {@code DIGEST_RECIPIENTS}: comma-separated addresses; empty: no email
 * @param sender                {@code DIGEST_SENDER}: the From address, a verified SES identity (required with
 *                              recipients)
 * @param sesConfigurationSet   {@code SES_CONFIGURATION_SET}: optional SES configuration set
 * @param slackWebhookSecretArn {@code SLACK_WEBHOOK_SECRET_ARN}: the secret holding the webhook URL; unset: no Slack
 * @param quicksightDashboardId {@code QUICKSIGHT_DASHBOARD_ID}: optional; attach this dashboard as a PDF
 * @param quicksightSheetId     {@code QUICKSIGHT_SHEET_ID}: optional; the sheet to print (default: the first)
 * @param reportTimeZone        {@code REPORT_TIME_ZONE}: the zone of the report day (default UTC; as the collector's)
 * @param endpointOverride      {@code AWS_ENDPOINT_URL}: one endpoint for every AWS service (the emulator), or null
 * @param slackWebhookHost      {@code SLACK_WEBHOOK_HOST}: the one host the webhook URL may name (default hooks.slack.com)
 */
public record NotifierConfig(String athenaWorkgroup, String athenaDatabase, String reportBucket, String markerPrefix,
                             List<String> recipients, String sender, String sesConfigurationSet,
                             String slackWebhookSecretArn, String quicksightDashboardId, String quicksightSheetId,
                             ZoneId reportTimeZone, URI endpointOverride, String slackWebhookHost) {

    public static final String ATHENA_WORKGROUP = "ATHENA_WORKGROUP";
    public static final String ATHENA_DATABASE = "ATHENA_DATABASE";
    public static final String REPORT_BUCKET = "REPORT_BUCKET";
    public static final String DELIVERY_MARKER_PREFIX = "DELIVERY_MARKER_PREFIX";
    public static final String DIGEST_RECIPIENTS = "DIGEST_RECIPIENTS";
    public static final String DIGEST_SENDER = "DIGEST_SENDER";
    public static final String SES_CONFIGURATION_SET = "SES_CONFIGURATION_SET";
    public static final String SLACK_WEBHOOK_SECRET_ARN = "SLACK_WEBHOOK_SECRET_ARN";
    public static final String SLACK_WEBHOOK_HOST = "SLACK_WEBHOOK_HOST";
    public static final String QUICKSIGHT_DASHBOARD_ID = "QUICKSIGHT_DASHBOARD_ID";
    public static final String QUICKSIGHT_SHEET_ID = "QUICKSIGHT_SHEET_ID";
    public static final String REPORT_TIME_ZONE = "REPORT_TIME_ZONE";
    /**
     * No longer read: the goal is the milestones of the config ({@code migration.milestones}, in the bucket as
     * {@code milestones/milestones.csv}, read by the views). Set, it fails the start, so a stale setting is not
     * silently taken for a goal.
     */
    public static final String GOAL_REDUCTION = "GOAL_REDUCTION";
    public static final String AWS_ENDPOINT_URL = Environment.AWS_ENDPOINT_URL;

    private static final Pattern RESOURCE_ID = Pattern.compile("[\\w-]{1,512}");

    public NotifierConfig {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty() && slackWebhookSecretArn == null) {
            throw new IllegalArgumentException("Neither " + DIGEST_RECIPIENTS + " nor " + SLACK_WEBHOOK_SECRET_ARN
                    + " is set: configure at least one channel for the digest");
        }
    }

    /** Whether the digest goes out by email. */
    public boolean emailEnabled() {
        return !recipients.isEmpty();
    }

    public boolean slackEnabled() {
        return slackWebhookSecretArn != null;
    }

    public boolean snapshotEnabled() {
        return quicksightDashboardId != null;
    }

    /** Reads the configuration; throws {@link IllegalArgumentException} naming the bad variable. */
    public static NotifierConfig fromEnv(Map<String, String> env) {
        if (env.containsKey(GOAL_REDUCTION)) {
            throw new IllegalArgumentException(GOAL_REDUCTION + " is set, but the notifier no longer reads it: the goal is the "
                    + "milestones of the deployment config (migration.milestones, read by the views goal_progress and "
                    + "milestone_progress) -- remove " + GOAL_REDUCTION + " from the function's environment");
        }
        String workgroup = required(env, ATHENA_WORKGROUP, NAME, Environment.WORKGROUP_EXPECTED);
        String database = required(env, ATHENA_DATABASE, DATABASE, Environment.DATABASE_EXPECTED);
        String bucket = Environment.bucket(env, REPORT_BUCKET);
        String prefix = env.containsKey(DELIVERY_MARKER_PREFIX) ? env.get(DELIVERY_MARKER_PREFIX).strip() : DeliveryMarkers.DEFAULT_PREFIX;
        matching(DELIVERY_MARKER_PREFIX, prefix, Environment.KEY_PREFIX,
                "empty or a path ending in '/' without a leading '/', e.g. '" + DeliveryMarkers.DEFAULT_PREFIX + "'");
        List<String> recipients = recipients(optional(env, DIGEST_RECIPIENTS));
        String sender = sender(env, DIGEST_SENDER, !recipients.isEmpty(), "the digest", DIGEST_RECIPIENTS);
        String configurationSet = configurationSet(env);
        String secretArn = slackSecretArn(env);
        String dashboard = optional(env, QUICKSIGHT_DASHBOARD_ID);
        if (dashboard != null && !RESOURCE_ID.matcher(dashboard).matches()) {
            throw new IllegalArgumentException(QUICKSIGHT_DASHBOARD_ID + "='" + dashboard + "' is not a QuickSight dashboard ID "
                    + "(letters, digits, '_' and '-')");
        }
        String sheet = optional(env, QUICKSIGHT_SHEET_ID);
        if (sheet != null && !RESOURCE_ID.matcher(sheet).matches()) {
            throw new IllegalArgumentException(QUICKSIGHT_SHEET_ID + "='" + sheet + "' is not a QuickSight sheet ID");
        }
        if (sheet != null && dashboard == null) {
            throw new IllegalArgumentException(QUICKSIGHT_SHEET_ID + " is set without " + QUICKSIGHT_DASHBOARD_ID);
        }
        return new NotifierConfig(workgroup, database, bucket, prefix, recipients, sender, configurationSet, secretArn,
                dashboard, sheet, Environment.timeZone(env, REPORT_TIME_ZONE),
                endpoint(optional(env, AWS_ENDPOINT_URL)), slackWebhookHost(env));
    }

    static List<String> recipients(String value) {
        return recipients(DIGEST_RECIPIENTS, value);
    }

    /**
     * The comma-separated addresses of the variable {@code name} (empty when unset); fails naming the variable when one
     * is not an address or there are more than SES sends one message to. Shared by the alert handler's configuration.
     */
    public static List<String> recipients(String name, String value) {
        if (value == null) {
            return List.of();
        }
        List<String> addresses = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String address : addresses) {
            if (!ADDRESS.matcher(address).matches()) {
                throw new IllegalArgumentException(name + " holds '" + address + "', not an email address: expected "
                        + "comma-separated addresses such as security@example.com,platform@example.com");
            }
        }
        if (addresses.size() > 50) {
            throw new IllegalArgumentException(name + " has " + addresses.size() + " addresses; SES sends to at "
                    + "most 50 per message: use a mailing list address");
        }
        return addresses;
    }

    /** {@code Name <a@b.c>} → {@code a@b.c} */
    /**
     * The From address in {@code name} (a bare address or {@code "Name <address>"}): required when {@code needed}
     * (there are recipients in {@code recipientsVariable}); fails naming the variable. Shared by the alerts.
     */
    public static String sender(Map<String, String> env, String name, boolean needed, String what, String recipientsVariable) {
        String sender = optional(env, name);
        if (needed && sender == null) {
            throw new IllegalArgumentException(name + " is not set: give the From address of " + what + ", an identity "
                    + "verified in SES (e.g. stocktake@example.com), or unset " + recipientsVariable);
        }
        if (sender != null && !ADDRESS.matcher(address(sender)).matches()) {
            throw new IllegalArgumentException(name + "='" + sender + "' is not an email address such as "
                    + "stocktake@example.com or \"Stocktake <stocktake@example.com>\"");
        }
        return sender;
    }

    /** {@code SES_CONFIGURATION_SET}, optional; fails when it is not a configuration set name. Shared by the alerts. */
    public static String configurationSet(Map<String, String> env) {
        String configurationSet = optional(env, SES_CONFIGURATION_SET);
        if (configurationSet != null && !NAME.matcher(configurationSet).matches()) {
            throw new IllegalArgumentException(SES_CONFIGURATION_SET + "='" + configurationSet + "' is not an SES configuration set name");
        }
        return configurationSet;
    }

    /** {@code SLACK_WEBHOOK_HOST}: the one host a webhook URL may name (default hooks.slack.com). Shared by the alerts. */
    public static String slackWebhookHost(Map<String, String> env) {
        String host = optional(env, SLACK_WEBHOOK_HOST);
        if (host == null) {
            return SlackWebhook.DEFAULT_HOST;
        }
        if (!Environment.HOST.matcher(host).matches()) {
            throw new IllegalArgumentException(SLACK_WEBHOOK_HOST + "='" + host + "' is not a host name such as "
                    + SlackWebhook.DEFAULT_HOST);
        }
        return host.toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code SLACK_WEBHOOK_SECRET_ARN}, optional; fails when it is not a secret's ARN. Shared by the alerts. */
    public static String slackSecretArn(Map<String, String> env) {
        String secretArn = optional(env, SLACK_WEBHOOK_SECRET_ARN);
        if (secretArn != null && !SECRET_ARN.matcher(secretArn).matches()) {
            throw new IllegalArgumentException(SLACK_WEBHOOK_SECRET_ARN + "='" + secretArn + "' is not a Secrets Manager "
                    + "secret ARN such as arn:aws:secretsmanager:eu-west-1:111122223333:secret:stocktake/slack-webhook-AbCdEf");
        }
        return secretArn;
    }

    /** {@code Name <a@b.c>} → {@code a@b.c}; a bare address as it is. Shared by the alert handler's configuration. */
    public static String address(String sender) {
        int open = sender.lastIndexOf('<');
        return open >= 0 && sender.endsWith(">") ? sender.substring(open + 1, sender.length() - 1) : sender;
    }
}
