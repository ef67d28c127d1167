package dev.stocktake.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.MotoApi;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.notifier.NotifierResult.Status;
import dev.stocktake.notifier.owner.OwnerDigestConfig;
import dev.stocktake.notifier.owner.OwnerDigests;
import dev.stocktake.notifier.testing.DigestResults;
import dev.stocktake.notifier.testing.Html;
import dev.stocktake.notifier.testing.SentEmails;
import dev.stocktake.notifier.testing.SesOutbox;
import dev.stocktake.notifier.testing.SlackPayloads;
import dev.stocktake.notifier.testing.SlackStub;
import dev.stocktake.sql.athena.ResultTable;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.testing.MutableClock;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The owner digests against the emulator: after the digest, each owner with an address gets their own email from the
 * digest's sender (read back from the emulator's SES state), one owner's address that SES refuses does not stop the
 * others, is logged without the address or any IAM user name and counted; a retry sends only what did not go out.
 */
@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OwnerDigestIntegrationTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 15);
    static final String BUCKET = "stocktake-reports";
    static final String SENDER = "stocktake@example.com";
    /** Passes the notifier's address check, but SES (the emulator too) refuses it: "Missing domain". */
    static final String BROKEN = "x;y@example.com";
    static final ObjectMapper JSON = new ObjectMapper();

    static Emulator emulator;
    static MotoApi moto;
    static S3Client s3;
    static SesV2Client ses;
    static AthenaClient athena;
    static SecretsManagerClient secrets;
    static SlackStub slack;

    MutableClock clock;
    String secretArn;
    ByteArrayOutputStream logs;

    @BeforeAll
    static void start(Emulator started) throws IOException {
        emulator = started;
        moto = new MotoApi(emulator);
        var http = UrlConnectionHttpClient.create();
        s3 = S3Client.builder().endpointOverride(emulator.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
        ses = SesV2Client.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
        athena = AthenaClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
        secrets = SecretsManagerClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
        slack = new SlackStub();
    }

    @AfterAll
    static void stop() {
        slack.close();
    }

    @BeforeEach
    void setUp() {
        emulator.reset();
        SentEmails.clear();
        s3.createBucket(request -> request.bucket(BUCKET));
        ses.createEmailIdentity(request -> request.emailIdentity(SENDER));
        athena.createWorkGroup(request -> request.name("stocktake"));
        slack.clear();
        slack.answer(200, "ok");
        secretArn = secrets.createSecret(request -> request.name("stocktake/slack-webhook")
                .secretString("{\"url\":\"" + slack.url() + "\"}")).arn();
        clock = new MutableClock(Instant.parse("2026-03-15T07:30:00Z"));
        logs = new ByteArrayOutputStream();
    }

    Notifier notifier() {
        Map<String, String> env = new HashMap<>();
        env.put("ATHENA_WORKGROUP", "stocktake");
        env.put("ATHENA_DATABASE", "stocktake");
        env.put("REPORT_BUCKET", BUCKET);
        env.put("DIGEST_RECIPIENTS", "security@example.com");
        env.put("DIGEST_SENDER", SENDER);
        env.put("OWNER_DIGESTS", "true");
        env.put("SLACK_WEBHOOK_SECRET_ARN", secretArn);
        env.put("AWS_ENDPOINT_URL", emulator.endpoint().toString());
        return NotifierFactory.create(NotifierConfig.fromEnv(env), OwnerDigestConfig.fromEnv(env), Emulator.defaultCredentials(),
                Region.US_EAST_1, new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), clock, clock.sleeper(),
                new SplittableRandom(3), java.net.http.HttpClient.newHttpClient());
    }

    /** The result of owner_users.sql: three owners with an address (one SES refuses), one without, users without one. */
    static ResultTable ownerUsers() {
        List<String> columns = List.of("dt", "owner", "owner_source", "account_id", "account_name", "user_name", "verdict",
                "has_console_access", "active_access_keys", "last_activity", "idle_days", "action", "remediation_state", "remediation");
        // nobody here is being quarantined or removed by stocktake remediate: the two remediation columns are NULL
        return new ResultTable(columns, List.of(
                row("alice-team@example.com", "user_tag", "111111111111", "prod", "alice", "ready_to_remove", "true", "0",
                        "2025-11-01 10:00:00.000", "134", "remove the IAM user", null, null),
                row(BROKEN, "account_tag", "222222222222", "team a/b", "bob", "needs_assignment", "true", "0",
                        "2026-03-10 08:00:00.000", "5", "assign the person to this account", null, null),
                row("platform@example.com", "account_tag", "111111111111", "prod", "ci-deploy", "machine_user", "false", "1",
                        "2026-03-14 22:00:00.000", "1", "move to a role", null, null),
                row("<lab> & co", "account_tag", "333333333333", "sandbox <&>", "+ops@corp", "no_identity", "true", "0", null,
                        "73", "find the person", null, null),
                row(null, "none", "444444444444", "legacy", "dave", "needs_assignment", "true", "0", null, "3", "assign", null, null)));
    }

    static List<String> row(String... values) {
        List<String> row = new ArrayList<>(List.of(DAY.toString()));
        row.addAll(Arrays.asList(values));
        return row;
    }

    NotifierResult run() {
        return run(Duration.ofMinutes(5));
    }

    NotifierResult run(Duration budget) {
        List<ResultTable> tables = new ArrayList<>(List.of(DigestResults.day()));
        tables.add(ownerUsers());
        moto.queueAthenaResults(true, tables.toArray(ResultTable[]::new));
        return notifier().notify(DAY, "123456789012", Deadline.after(clock, budget));
    }

    static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    List<JsonNode> logLines() {
        return logs.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("a log line is not JSON: " + line, e);
            }
        }).toList();
    }

    boolean marker(String channel) {
        try {
            s3.headObject(request -> request.bucket(BUCKET).key("notifier/deliveries/2026/03/15/" + channel + ".json"));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return false;
        }
    }

    @Test
    void each_owner_with_an_address_gets_their_own_to_do_after_the_digest_and_one_refused_address_stops_no_other() {
        NotifierResult result = run();

        // the run succeeds: the digest went out; an owner's failure is logged and counted, not a failed digest
        assertThat(result.delivery("email").status()).isEqualTo(Status.SENT);
        List<SesOutbox.Accepted> accepted = SesOutbox.accepted(emulator);
        assertThat(accepted).extracting(SesOutbox.Accepted::destinations).containsExactly(
                List.of("security@example.com"), List.of("alice-team@example.com"), List.of("platform@example.com"));
        assertThat(accepted).extracting(SesOutbox.Accepted::source).containsOnly(SENDER);
        assertThat(accepted.get(1).subject()).isEqualTo("Stocktake: your 1 IAM user to remove or migrate on 2026-03-15");
        assertThat(Html.visibleText(accepted.get(1).html())).contains("ready to remove (1 IAM user) Account IAM user Last use "
                + "Action prod (111111111111) alice 2025-11-01 (134 days ago) remove the IAM user")
                .contains("Next milestone: under 2: at most 1 console-capable IAM users by 2026-04-30 (46 days left)")
                .doesNotContain("ci-deploy").doesNotContain("bob");
        assertThat(Html.visibleText(accepted.get(2).html())).contains("machine user (1 IAM user)").contains("ci-deploy")
                .doesNotContain("alice");

        // the digest names the owners without an address, in both bodies
        SentEmails.Email digest = SentEmails.all().getFirst();
        String note = "Owners without an address (not sent their own to-do): 2: <lab> & co, (no owner).";
        assertThat(digest.text()).endsWith("\r\n" + note + "\r\n");
        assertThat(Html.visibleText(digest.html())).contains(note);
        assertThat(result.delivery("slack").status()).isEqualTo(Status.SENT);
        assertThat(SlackPayloads.texts(readJson(slack.requests().getLast().body()).path("blocks")))
                .contains("Owners without an address (not sent their own to-do): 2: &lt;lab&gt; &amp; co, (no owner).");

        // one marker per owner that got theirs; the refused one released for the next run
        assertThat(marker(OwnerDigests.channel("alice-team@example.com"))).isTrue();
        assertThat(marker(OwnerDigests.channel("platform@example.com"))).isTrue();
        assertThat(marker(OwnerDigests.channel(BROKEN))).isFalse();

        // logged with the hashed channel and a redacted address; never the address or a user name
        String log = logs.toString(StandardCharsets.UTF_8);
        assertThat(log).doesNotContain(BROKEN).doesNotContain("y@example.com").doesNotContain("alice-team@")
                .doesNotContain("alice\"").doesNotContain("ci-deploy").doesNotContain("<lab>");
        // "bob" as a name, not inside the emulator's random SES message IDs ("...-jxpo-bobf-..." failed CI once)
        assertThat(log).doesNotContainPattern("(?<![a-z0-9-])bob(?![a-z0-9-])");
        JsonNode failure = logLines().stream().filter(l -> l.path("message").asText().equals("owner digest NOT sent"))
                .findFirst().orElseThrow();
        assertThat(failure.path("level").asText()).isEqualTo("ERROR");
        assertThat(failure.path("owner").asText()).isEqualTo(OwnerDigests.channel(BROKEN));
        assertThat(failure.path("ownerAddress").asText()).isEqualTo("x***@example.com");
        assertThat(failure.path("status").asText()).isEqualTo("FAILED");
        assertThat(failure.path("detail").asText()).startsWith(OwnerDigests.channel(BROKEN) + ": SES refused the owner's to-do for "
                + "x***@example.com: ");
        JsonNode summary = logLines().stream().filter(l -> l.path("message").asText().startsWith("owner digests"))
                .findFirst().orElseThrow();
        assertThat(summary.path("message").asText()).isEqualTo("owner digests NOT all sent");
        assertThat(summary.path("OwnerDigestsSent").asInt()).isEqualTo(2);
        assertThat(summary.path("OwnerDigestFailures").asInt()).isEqualTo(1);
        assertThat(summary.path("OwnersWithoutAddress").asInt()).isEqualTo(2);
        assertThat(summary.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText()).isEqualTo("Stocktake");
    }

    @Test
    void without_time_left_for_the_owners_the_digest_goes_out_and_the_owners_are_counted_for_the_next_run() {
        NotifierResult result = run(Notifier.OWNER_SEND_TIME.minusSeconds(1));

        assertThat(result.delivery("email").status()).isEqualTo(Status.SENT);
        assertThat(SesOutbox.accepted(emulator)).extracting(SesOutbox.Accepted::destinations)
                .containsExactly(List.of("security@example.com"));
        assertThat(marker(OwnerDigests.channel("alice-team@example.com"))).isFalse();
        JsonNode stopped = logLines().stream().filter(l -> l.path("message").asText()
                .equals("owner digests stopped: not enough time left in this run")).findFirst().orElseThrow();
        assertThat(stopped.path("ownersNotSent").asInt()).isEqualTo(3);
        JsonNode summary = logLines().stream().filter(l -> l.path("message").asText().startsWith("owner digests NOT"))
                .findFirst().orElseThrow();
        assertThat(summary.path("OwnerDigestsOutOfTime").asInt()).isEqualTo(3);
        assertThat(summary.path("OwnerDigestFailures").asInt()).isEqualTo(3);
        assertThat(summary.path("OwnerDigestsSent").asInt()).isEqualTo(0);
    }

    @Test
    void a_retry_sends_neither_the_digest_nor_the_owners_already_sent_again_only_the_failed_owner_is_tried_again() {
        run();
        int before = SesOutbox.accepted(emulator).size();
        SentEmails.clear();
        logs.reset();

        NotifierResult retry = run();

        assertThat(retry.delivery("email").status()).isEqualTo(Status.ALREADY_SENT);
        assertThat(SesOutbox.accepted(emulator)).hasSize(before);
        assertThat(SentEmails.all()).isEmpty();
        JsonNode summary = logLines().stream().filter(l -> l.path("message").asText().startsWith("owner digests"))
                .findFirst().orElseThrow();
        assertThat(summary.path("OwnerDigestsAlreadySent").asInt()).isEqualTo(2);
        assertThat(summary.path("OwnerDigestFailures").asInt()).isEqualTo(1);
        assertThat(summary.path("OwnerDigestsSent").asInt()).isEqualTo(0);
    }
}
