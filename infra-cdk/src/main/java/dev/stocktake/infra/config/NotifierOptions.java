package dev.stocktake.infra.config;

import dev.stocktake.support.env.Environment;

import java.util.List;

/**
 * The notifier Lambda (daily digest by email and Slack, the {@code StocktakeReporting} stack). It is deployed when a
 * channel is configured: recipients, or a Slack webhook secret (an existing one or one the stack creates).
 *
 * @param recipients            digest recipients (at most 50); empty sends no email
 * @param sender                the From address, a verified SES identity ({@code stocktake@example.com} or
 *                              {@code Stocktake <stocktake@example.com>}); required with recipients
 * @param sesConfigurationSet   an SES configuration set, or null
 * @param schedule              when the digest goes out (EventBridge Scheduler expression in {@code schedule.timeZone}),
 *                              after the collectors' window and the QuickSight refresh; default
 *                              {@value #DEFAULT_SCHEDULE}
 * @param slackWebhookHost      the host the Slack webhook URL must name when it is not hooks.slack.com (the Lambdas
 *                              refuse any other), or null for Slack's own
 * @param slackWebhookSecretArn an existing Secrets Manager secret holding the Slack incoming-webhook URL, or null
 * @param createSlackSecret     create an empty secret {@code stocktake/slack-webhook} to fill with
 *                              {@code aws secretsmanager put-secret-value}; not with {@code slackWebhookSecretArn}
 * @param ownerDigests          each owner's own to-do after the digest ({@code notifier.ownerDigests}), off by default
 */
public record NotifierOptions(List<String> recipients, String sender, String sesConfigurationSet, String schedule,
                              String slackWebhookSecretArn, boolean createSlackSecret, String slackWebhookHost,
                              OwnerDigestOptions ownerDigests) {
    public static final String DEFAULT_SCHEDULE = "cron(30 8 * * ? *)";

    /** Without owner digests. */
    public NotifierOptions(List<String> recipients, String sender, String sesConfigurationSet, String schedule,
                           String slackWebhookSecretArn, boolean createSlackSecret, String slackWebhookHost) {
        this(recipients, sender, sesConfigurationSet, schedule, slackWebhookSecretArn, createSlackSecret, slackWebhookHost,
                OwnerDigestOptions.OFF);
    }

    /** Whether the notifier sends email from {@link #sender()}: the digest, or the owner digests. */
    public boolean sendsAnyEmail() {
        return sendsEmail() || ownerDigests.enabled();
    }

    public NotifierOptions {
        recipients = List.copyOf(recipients);
    }

    public boolean sendsEmail() {
        return !recipients.isEmpty();
    }

    public boolean sendsSlack() {
        return slackWebhookSecretArn != null || createSlackSecret;
    }

    /** Whether the notifier is deployed: at least one channel. */
    public boolean enabled() {
        return sendsEmail() || sendsSlack();
    }

    /** The sender's bare address ({@code a@b} of {@code Name <a@b>}). */
    public String senderAddress() {
        if (sender == null) {
            return null;
        }
        int open = sender.lastIndexOf('<');
        return open >= 0 ? sender.substring(open + 1, sender.length() - 1).strip() : sender;
    }

    /** Reads and validates the {@code notifier} section: a Slack secret must be in the central account and region. */
    static NotifierOptions read(ConfigSection s, String central, String centralRegion) {
        ConfigSection.Mail mail = s.mail();
        String schedule = s.schedule("schedule", DEFAULT_SCHEDULE);
        String secretArn = s.slackSecretArn(central, centralRegion);
        boolean createSecret = s.flag("createSlackSecret", false);
        if (createSecret && secretArn != null) {
            s.problem("createSlackSecret", "not with notifier.slackWebhookSecretArn (use the existing secret, "
                    + "or let the stack create one)");
        }
        if (s.retired("goalReduction") != null) {
            // a config written for an earlier version: say what replaced it rather than ignore the goal silently
            s.problem("goalReduction", "no longer read: the goal is now a list of milestones (migration.milestones, "
                    + "e.g. {\"day\": \"2027-03-31\", \"maxConsoleUsers\": 100}); remove this field and add the milestones");
        }
        String host = s.text("slackWebhookHost");
        // the Lambdas refuse a webhook URL on any other host, and check the name with the same pattern
        if (host != null && !Environment.HOST.matcher(host).matches()) {
            s.problem("slackWebhookHost", "'" + host + "' is not a host name such as hooks.slack.com");
            host = null;
        }
        OwnerDigestOptions owners = OwnerDigestOptions.read(s.section("ownerDigests"), mail.sender());
        if (owners.enabled() && mail.recipients().isEmpty() && secretArn == null && !createSecret) {
            s.problem("ownerDigests.enabled", "needs the digest: the owners' emails go out after it (set notifier.recipients, "
                    + "or a Slack webhook secret)");
        }
        return new NotifierOptions(mail.recipients(), mail.sender(), mail.configurationSet(), schedule, secretArn,
                createSecret, host, owners);
    }
}
