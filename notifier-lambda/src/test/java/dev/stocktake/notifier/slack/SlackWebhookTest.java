package dev.stocktake.notifier.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.notifier.idempotency.DeliveryException;
import dev.stocktake.notifier.testing.SlackStub;
import dev.stocktake.support.retry.Backoff;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The webhook URL comes from a secret: whoever can write the secret must not be able to send the messages elsewhere. */
@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SlackWebhookTest {

    static SecretsManagerClient secrets;
    static SlackStub slack;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-15T09:00:00Z"));

    @BeforeAll
    static void start(Emulator emulator) throws IOException {
        secrets = SecretsManagerClient.builder().endpointOverride(emulator.endpoint()).region(Region.of(Emulator.REGION))
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
        slack = new SlackStub();
    }

    @AfterAll
    static void stop() {
        slack.close();
        secrets.close();
    }

    SlackWebhook webhook(String name, String url) {
        String arn = secrets.createSecret(r -> r.name(name).secretString(url)).arn();
        return new SlackWebhook(secrets, arn, SlackWebhook.DEFAULT_HOST, SlackWebhook.defaultHttpClient(), Backoff.DEFAULT,
                clock.sleeper(), new Random(1));
    }

    @Test
    void a_webhook_url_on_another_host_is_refused_naming_the_host_but_not_the_url() {
        SlackWebhook webhook = webhook("stocktake/slack-elsewhere", "https://collector.example.net/services/T000/B000/secret-part");

        assertThatThrownBy(() -> webhook.post("{\"text\":\"hi\"}", Deadline.after(clock, Duration.ofMinutes(1))))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.getMessage())
                        .contains("points at host collector.example.net, not hooks.slack.com: nothing was posted")
                        .doesNotContain("secret-part"));
    }

    @Test
    void the_local_stub_on_loopback_is_still_reached() {
        SlackWebhook webhook = webhook("stocktake/slack-loopback", slack.url().toString());

        assertThat(webhook.post("{\"text\":\"hi\"}", Deadline.after(clock, Duration.ofMinutes(1)))).startsWith("HTTP 200");
        assertThat(slack.requests()).isNotEmpty();
    }
}
