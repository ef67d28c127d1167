package dev.stocktake.notifier.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The alert handler's environment: defaults, and a message naming the variable for every bad value. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AlertConfigTest {

    static final String SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:stocktake/slack-webhook-AbCdEf";

    static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>(Map.of("REPORT_BUCKET", "stocktake-reports", "DEDUPE_TABLE", "stocktake-alerts-sent",
                "SLACK_WEBHOOK_SECRET_ARN", SECRET));
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                env.remove(keyValues[i]);
            } else {
                env.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return env;
    }

    @Test
    void defaults() {
        AlertConfig config = AlertConfig.fromEnv(env());

        assertThat(config.allowlistKey()).isEqualTo("allowlist/allowlist.csv");
        assertThat(config.directoryPrefix()).isEqualTo("accounts/");
        assertThat(config.burstWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.burstMaxItems()).isEqualTo(10);
        assertThat(config.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(config.slackEnabled()).isTrue();
        assertThat(config.emailEnabled()).isFalse();
        assertThat(config.endpointOverride()).isNull();
    }

    @Test
    void email_recipients_and_sender() {
        AlertConfig config = AlertConfig.fromEnv(env("ALERT_RECIPIENTS", "security@example.com, platform@example.com",
                "ALERT_SENDER", "Stocktake <stocktake@example.com>", "SLACK_WEBHOOK_SECRET_ARN", null));

        assertThat(config.recipients()).containsExactly("security@example.com", "platform@example.com");
        assertThat(config.slackEnabled()).isFalse();
    }

    @Test
    void every_bad_value_is_named_with_what_to_do() {
        Map<Map<String, String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(env("REPORT_BUCKET", null), "REPORT_BUCKET is not set");
        cases.put(env("REPORT_BUCKET", "Bad_Bucket"), "REPORT_BUCKET='Bad_Bucket' is not valid");
        cases.put(env("DEDUPE_TABLE", null), "DEDUPE_TABLE is not set");
        cases.put(env("DEDUPE_TABLE", "a b"), "DEDUPE_TABLE='a b' is not valid");
        cases.put(env("ALLOWLIST_KEY", "/allowlist.csv"), "ALLOWLIST_KEY='/allowlist.csv' is not an object key");
        cases.put(env("DIRECTORY_PREFIX", "accounts"), "DIRECTORY_PREFIX='accounts' is not a key prefix ending in '/'");
        cases.put(env("ALERT_RECIPIENTS", "security"), "ALERT_RECIPIENTS holds 'security', not an email address");
        cases.put(env("ALERT_RECIPIENTS", "a@example.com"), "ALERT_SENDER is not set");
        cases.put(env("ALERT_SENDER", "nobody"), "ALERT_SENDER='nobody' is not an email address");
        cases.put(env("SLACK_WEBHOOK_SECRET_ARN", "https://hooks.slack.com/x"), "SLACK_WEBHOOK_SECRET_ARN='https://hooks.slack.com/x' is not a Secrets Manager secret ARN");
        cases.put(env("SLACK_WEBHOOK_SECRET_ARN", null), "Neither ALERT_RECIPIENTS nor SLACK_WEBHOOK_SECRET_ARN is set");
        cases.put(env("BURST_WINDOW_SECONDS", "0"), "BURST_WINDOW_SECONDS='0' is not valid: expected a whole number from 1 to 3600");
        cases.put(env("BURST_MAX_ITEMS", "ten"), "BURST_MAX_ITEMS='ten' is not valid");
        cases.put(env("REPORT_TIME_ZONE", "Mars/Olympus"), "REPORT_TIME_ZONE='Mars/Olympus' is not a time zone");
        cases.put(env("AWS_ENDPOINT_URL", "localhost:5000"), "AWS_ENDPOINT_URL='localhost:5000' is not an http(s) URL");
        cases.forEach((env, message) -> assertThatThrownBy(() -> AlertConfig.fromEnv(env)).as(message)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
    }

    @Test
    void more_than_fifty_recipients_are_refused() {
        String many = String.join(",", java.util.stream.IntStream.range(0, 51).mapToObj(i -> "u" + i + "@example.com").toList());
        assertThatThrownBy(() -> AlertConfig.recipients(many)).hasMessageContaining("use a mailing list address");
        assertThat(AlertConfig.recipients(" ")).isEqualTo(List.of());
    }
}
