package dev.stocktake.infra.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The real-time alerts: an EventBridge rule in us-east-1 of every account forwards IAM user and credential
 * changes to a central event bus; the alert Lambda (notifier jar) posts them to Slack and emails creations.
 *
 * @param enabled               deploy the alert stacks (the central {@code StocktakeAlerts}, the forwarder StackSet and
 *                              the management account's forwarder); default false
 * @param eventBusName          the central bus's name; default {@value #DEFAULT_BUS_NAME}
 * @param recipients            who gets the email for creations (at most 50); empty sends no email
 * @param sender                the From address, a verified SES identity; required with recipients
 * @param sesConfigurationSet   an SES configuration set, or null
 * @param slackWebhookSecretArn the secret with the Slack webhook URL; defaults to {@code notifier.slackWebhookSecretArn}
 *                              (the digest's channel), null posts nothing to Slack
 * @param burstWindowSeconds    how long one principal's burst lasts in one message; default 300
 */
public record AlertOptions(boolean enabled, String eventBusName, List<String> recipients, String sender,
                           String sesConfigurationSet, String slackWebhookSecretArn, int burstWindowSeconds) {
    public static final String DEFAULT_BUS_NAME = "stocktake-alerts";
    /** IAM's CloudTrail events reach EventBridge in this region only (IAM is a global service). */
    public static final String IAM_EVENTS_REGION = "us-east-1";
    /** The role the forwarding rule uses in every account; the bus policy admits only it, and only from the organization. */
    public static final String FORWARDER_ROLE = "stocktake-alert-forwarder";

    public AlertOptions {
        recipients = List.copyOf(recipients);
    }

    public static AlertOptions disabled() {
        return new AlertOptions(false, DEFAULT_BUS_NAME, List.of(), null, null, null, 300);
    }

    public boolean sendsEmail() {
        return !recipients.isEmpty();
    }

    /** The central bus's ARN. */
    public String eventBusArn(StocktakeConfig config) {
        return "arn:aws:events:" + config.centralRegion() + ":" + config.centralAccountId() + ":event-bus/" + eventBusName;
    }

    /** The sender's bare address ({@code a@b} of {@code Name <a@b>}). */
    public String senderAddress() {
        if (sender == null) {
            return null;
        }
        int open = sender.lastIndexOf('<');
        return open >= 0 ? sender.substring(open + 1, sender.length() - 1).strip() : sender;
    }

    private static final Pattern BUS_NAME = Pattern.compile("[A-Za-z0-9._-]{1,256}");

    /**
     * Reads and validates the {@code alerts} section.
     *
     * @param notifier the digest's settings, whose Slack secret the alerts share by default
     */
    static AlertOptions read(ConfigSection s, String central, String centralRegion, NotifierOptions notifier) {
        boolean enabled = s.flag("enabled", false);
        String busName = s.text("eventBusName", DEFAULT_BUS_NAME);
        if (!BUS_NAME.matcher(busName).matches() || "default".equals(busName)) {
            s.problem("eventBusName", "'" + busName + "' is not a custom event bus name (letters, digits, . _ -; not 'default')");
        }
        ConfigSection.Mail mail = s.mail();
        String secretArn = s.slackSecretArn(central, centralRegion);
        if (secretArn == null && notifier != null) {
            // the digest's channel, when it names one
            secretArn = notifier.slackWebhookSecretArn();
        }
        int burst = s.integer("burstWindowSeconds", 300, 1, 3600);
        if (enabled && mail.recipients().isEmpty() && secretArn == null) {
            s.problem("enabled without a channel: give alerts.recipients (and alerts.sender), or "
                    + "alerts.slackWebhookSecretArn (or notifier.slackWebhookSecretArn, which the alerts share)");
        }
        return new AlertOptions(enabled, busName, mail.recipients(), mail.sender(), mail.configurationSet(), secretArn,
                burst);
    }
}
