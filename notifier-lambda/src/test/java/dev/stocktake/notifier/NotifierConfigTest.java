package dev.stocktake.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NotifierConfigTest {

    static final String SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:stocktake/slack-webhook-AbCdEf";

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ATHENA_WORKGROUP", "stocktake");
        env.put("ATHENA_DATABASE", "stocktake");
        env.put("REPORT_BUCKET", "stocktake-reports-111122223333");
        env.put("DIGEST_RECIPIENTS", "security@example.com,platform@example.com");
        env.put("DIGEST_SENDER", "Stocktake <stocktake@example.com>");
        env.put("SLACK_WEBHOOK_SECRET_ARN", SECRET);
        return env;
    }

    @Test
    void reads_every_variable_with_its_default() {
        NotifierConfig config = NotifierConfig.fromEnv(env());
        assertThat(config.recipients()).containsExactly("security@example.com", "platform@example.com");
        assertThat(config.sender()).isEqualTo("Stocktake <stocktake@example.com>");
        assertThat(config.markerPrefix()).isEqualTo("notifier/deliveries/");
        assertThat(config.reportTimeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(config.emailEnabled()).isTrue();
        assertThat(config.slackEnabled()).isTrue();
        assertThat(config.snapshotEnabled()).isFalse();
        assertThat(config.endpointOverride()).isNull();
    }

    @Test
    void a_missing_required_variable_is_named() {
        for (String name : new String[] {"ATHENA_WORKGROUP", "ATHENA_DATABASE", "REPORT_BUCKET"}) {
            Map<String, String> env = env();
            env.remove(name);
            assertThatThrownBy(() -> NotifierConfig.fromEnv(env)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(name + " is not set");
        }
    }

    @Test
    void at_least_one_channel_is_required() {
        Map<String, String> env = env();
        env.remove("DIGEST_RECIPIENTS");
        env.remove("SLACK_WEBHOOK_SECRET_ARN");
        assertThatThrownBy(() -> NotifierConfig.fromEnv(env))
                .hasMessage("Neither DIGEST_RECIPIENTS nor SLACK_WEBHOOK_SECRET_ARN is set: configure at least one channel for the digest");
    }

    @Test
    void recipients_need_a_sender_and_must_be_addresses() {
        Map<String, String> env = env();
        env.remove("DIGEST_SENDER");
        assertThatThrownBy(() -> NotifierConfig.fromEnv(env)).hasMessageStartingWith("DIGEST_SENDER is not set");
        Map<String, String> bad = env();
        bad.put("DIGEST_RECIPIENTS", "security@example.com; platform");
        assertThatThrownBy(() -> NotifierConfig.fromEnv(bad))
                .hasMessageStartingWith("DIGEST_RECIPIENTS holds 'security@example.com; platform', not an email address");
    }

    @Test
    void malformed_values_are_named_with_what_is_expected() {
        assertThatThrownBy(() -> NotifierConfig.fromEnv(with("REPORT_TIME_ZONE", "Tokyo"))).hasMessageStartingWith(
                "REPORT_TIME_ZONE='Tokyo' is not a time zone");
        assertThatThrownBy(() -> NotifierConfig.fromEnv(with("SLACK_WEBHOOK_SECRET_ARN", "https://hooks.slack.com/services/x")))
                .hasMessageStartingWith("SLACK_WEBHOOK_SECRET_ARN='https://hooks.slack.com/services/x' is not a Secrets Manager secret ARN");
        assertThatThrownBy(() -> NotifierConfig.fromEnv(with("DELIVERY_MARKER_PREFIX", "/markers"))).hasMessageStartingWith(
                "DELIVERY_MARKER_PREFIX='/markers' is not valid");
        assertThatThrownBy(() -> NotifierConfig.fromEnv(with("QUICKSIGHT_SHEET_ID", "overview"))).hasMessage(
                "QUICKSIGHT_SHEET_ID is set without QUICKSIGHT_DASHBOARD_ID");
        assertThatThrownBy(() -> NotifierConfig.fromEnv(with("AWS_ENDPOINT_URL", "localhost:5000"))).hasMessageStartingWith(
                "AWS_ENDPOINT_URL='localhost:5000' is not an http(s) URL");
    }

    @Test
    void a_leftover_goal_reduction_fails_the_start_and_says_the_milestones_replace_it() {
        assertThatThrownBy(() -> NotifierConfig.fromEnv(with("GOAL_REDUCTION", "0.9"))).hasMessage(
                "GOAL_REDUCTION is set, but the notifier no longer reads it: the goal is the milestones of the deployment config "
                        + "(migration.milestones, read by the views goal_progress and milestone_progress) -- remove GOAL_REDUCTION "
                        + "from the function's environment");
    }

    @Test
    void slack_alone_is_enough() {
        Map<String, String> env = env();
        env.remove("DIGEST_RECIPIENTS");
        env.remove("DIGEST_SENDER");
        NotifierConfig config = NotifierConfig.fromEnv(env);
        assertThat(config.emailEnabled()).isFalse();
        assertThat(config.slackEnabled()).isTrue();
    }

    static Map<String, String> with(String name, String value) {
        Map<String, String> env = env();
        env.put(name, value);
        return env;
    }

    @Test
    void the_slack_webhook_host_is_slacks_unless_named_and_must_be_a_host_name() {
        assertThat(NotifierConfig.fromEnv(env()).slackWebhookHost()).isEqualTo("hooks.slack.com");
        assertThat(NotifierConfig.fromEnv(with("SLACK_WEBHOOK_HOST", "Chat.Example.com")).slackWebhookHost())
                .isEqualTo("chat.example.com");
        assertThatThrownBy(() -> NotifierConfig.fromEnv(with("SLACK_WEBHOOK_HOST", "https://chat.example.com")))
                .hasMessageStartingWith("SLACK_WEBHOOK_HOST='https://chat.example.com' is not a host name");
    }
}
