package dev.stocktake.notifier;

import static dev.stocktake.emulator.MotoApi.json;
import static dev.stocktake.emulator.MotoApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.notifier.NotifierResult.Status;
import dev.stocktake.sql.athena.AthenaQueryException;
import dev.stocktake.notifier.testing.DigestResults;
import dev.stocktake.notifier.testing.Html;
import dev.stocktake.notifier.testing.SentEmails;
import dev.stocktake.notifier.testing.SesOutbox;
import dev.stocktake.emulator.MotoApi;
import dev.stocktake.support.testing.MutableClock;
import dev.stocktake.notifier.testing.SlackPayloads;
import dev.stocktake.notifier.testing.SlackStub;
import dev.stocktake.support.testing.StandInContext;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The whole notifier against the emulator: Athena answering with canned results, SES v2 (the sent message read back
 * from the emulator's state), Secrets Manager, S3 delivery markers, and a local HTTP server as the Slack webhook.
 * Failure paths and retries: nothing is ever sent twice for one day.
 */
@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NotifierIntegrationTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 15);
    static final String BUCKET = "stocktake-reports";
    static final String SENDER = "stocktake@example.com";
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:stocktake-notifier";
    static final ObjectMapper JSON = new ObjectMapper();

    static Emulator emulator;
    static FaultInjectingProxy proxy;
    static MotoApi moto;
    static SlackStub slack;
    static S3Client s3;
    static SesV2Client ses;
    static SecretsManagerClient secrets;
    static AthenaClient athena;

    MutableClock clock;
    ByteArrayOutputStream logs;
    String secretArn;

    @BeforeAll
    static void start(Emulator started) throws IOException {
        emulator = started;
        proxy = FaultInjectingProxy.start(emulator.endpoint());
        moto = new MotoApi(emulator);
        slack = new SlackStub();
        var http = UrlConnectionHttpClient.create();
        s3 = S3Client.builder().endpointOverride(emulator.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
        ses = SesV2Client.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
        secrets = SecretsManagerClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
        athena = AthenaClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
    }

    @AfterAll
    static void stop() {
        slack.close();
        proxy.close();
    }

    @BeforeEach
    void setUp() {
        emulator.reset();
        proxy.resetCounts();
        SentEmails.clear();
        slack.clear();
        slack.answer(200, "ok");
        s3.createBucket(request -> request.bucket(BUCKET));
        ses.createEmailIdentity(request -> request.emailIdentity(SENDER));
        athena.createWorkGroup(request -> request.name("stocktake"));
        secretArn = secrets.createSecret(request -> request.name("stocktake/slack-webhook")
                .secretString("{\"url\":\"" + slack.url() + "\"}")).arn();
        clock = new MutableClock(Instant.parse("2026-03-15T07:30:00Z"));
        logs = new ByteArrayOutputStream();
    }

    @AfterEach
    void tearDown() {
        proxy.clearFaults();
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ATHENA_WORKGROUP", "stocktake");
        env.put("ATHENA_DATABASE", "stocktake");
        env.put("REPORT_BUCKET", BUCKET);
        env.put("DIGEST_RECIPIENTS", "security@example.com, platform@example.com");
        env.put("DIGEST_SENDER", SENDER);
        env.put("SLACK_WEBHOOK_SECRET_ARN", secretArn);
        env.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
        return env;
    }

    Notifier notifier(Map<String, String> env) {
        return NotifierFactory.create(NotifierConfig.fromEnv(env), Emulator.defaultCredentials(), Region.US_EAST_1,
                new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), clock, clock.sleeper(),
                new SplittableRandom(3), java.net.http.HttpClient.newHttpClient());
    }

    NotifierResult run(Notifier notifier) {
        moto.queueAthenaResults(true, DigestResults.day());
        return notifier.notify(DAY, "123456789012", Deadline.after(clock, Duration.ofMinutes(5)));
    }

    static List<SesOutbox.Accepted> sentMail() {
        return SesOutbox.accepted(emulator);
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

    String marker(String channel) {
        return s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("notifier/deliveries/2026/03/15/" + channel + ".json"))
                .asUtf8String();
    }

    boolean markerExists(String channel) {
        try {
            marker(channel);
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    @Test
    void the_handler_sends_the_days_digest_by_email_and_to_slack_and_a_retry_sends_nothing_again() throws IOException {
        moto.queueAthenaResults(true, DigestResults.day());
        NotifierHandler handler = new NotifierHandler(notifier(env()), clock);
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream("{\"source\":\"aws.scheduler\"}".getBytes(StandardCharsets.UTF_8)),
                response, new StandInContext(FUNCTION_ARN, 300_000));

        assertThat(response.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"day\":\"2026-03-15\",\"deliveries\":{\"email\":\"SENT\",\"slack\":\"SENT\"}}");

        // the email, as SES accepted it and as the SDK sent it (the emulator keeps no text body and no attachment)
        List<SesOutbox.Accepted> mail = sentMail();
        assertThat(mail).hasSize(1);
        assertThat(mail.getFirst().source()).isEqualTo(SENDER);
        assertThat(mail.getFirst().destinations()).containsExactlyInAnyOrder("security@example.com", "platform@example.com");
        assertThat(mail.getFirst().subject()).isEqualTo("Stocktake: 3 console-capable IAM users on 2026-03-15 (\u22121 since yesterday)");
        SentEmails.Email message = SentEmails.all().getLast();
        assertThat(message.to()).containsExactly("security@example.com", "platform@example.com");
        assertThat(message.subject()).isEqualTo(mail.getFirst().subject());
        String html = mail.getFirst().html();
        assertThat(message.html()).isEqualTo(html);
        assertThat(Html.visibleText(html)).contains("3 console-capable IAM users now")
                .contains("\u22121 since yesterday (4 then)")
                .contains("sandbox <&> 333333333333 1")
                .contains("2 of 3 expected accounts reported (66.7 %)")
                .contains("legacy 444444444444 Root/Legacy legacy-team@example.com 2026-03-10 (5 days ago)")
                .contains("Accounts: 2 reported, 0 carried from an earlier report, 1 missing")
                .contains("Rejected report files: 1 kept out of every number; select * from rejected_reports lists them")
                .contains("prod.csv: not a report key: expected YYYY/MM/DD/<percent-encoded name>@<12-digit account id>.csv")
                .contains("To remove: 3 \u00b7 accepted (allowlisted): 1")
                .contains("expired 14 days ago old-admin in prod 111111111111 console security@example.com: Break-glass (SEC-1)")
                .contains("prod 111111111111 svc-deploy 2026-03-14 22:00 1 access key")
                .contains("old-admin in prod 111111111111 password 2025-06-01 287")
                .contains("Next milestone: under 2: at most 1 console-capable IAM users by 2026-04-30 (46 days left). Now 3, 2 above "
                        + "the maximum: behind; projected for 2026-03-18 at the recent pace; rests on incomplete coverage (1 account missing).")
                .contains("Held back by Owner Console users Accounts Share platform@example.com 2 1 67 %")
                .contains("IAM users by verdict (3 IAM users) Verdict IAM users with console access ready to remove 0 0 "
                        + "needs assignment 2 2 no identity 0 0 machine user 1 0");
        assertThat(message.text()).contains("3 console-capable IAM users now, \u22121 since yesterday")
                .contains("  platform@example.com: 3 IAM users (2 console) in 1 account: needs assignment 2, machine user 1\r\n");
        SentEmails.Attachment csv = message.attachment("text/csv");
        assertThat(csv.fileName()).isEqualTo("console-users-2026-03-15.csv");
        assertThat(csv.disposition()).isEqualTo("ATTACHMENT");
        assertThat(csv.text().lines()).hasSize(4).element(3).asString()
                .startsWith("sandbox <&>,333333333333,'+ops@corp,arn:aws:iam::333333333333:user/+ops@corp,");
        assertThat(message.attachments()).extracting(SentEmails.Attachment::contentType).noneMatch(type -> type.startsWith("application/pdf"));

        // the Slack post
        assertThat(slack.requests()).hasSize(1);
        SlackStub.Request post = slack.requests().getFirst();
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.contentType()).startsWith("application/json");
        JsonNode payload = JSON.readTree(post.body());
        assertThat(payload.path("text").asText()).startsWith("Stocktake 2026-03-15: 3 console-capable IAM users (\u22121 since yesterday)");
        assertThat(String.join("\n", SlackPayloads.texts(payload.path("blocks"))))
                .contains("*3* console-capable IAM users now (\u22121 since yesterday, \u22122 in 7 days, \u22123 in 14 days)")
                .contains("\u2022 sandbox &lt;&amp;&gt; (333333333333): *1*")
                .contains("*Migration verdicts* (3 IAM users): ready to remove 0, needs assignment 2, no identity 0, machine user 1");

        // the markers, and one log line that is also metrics; the webhook URL appears nowhere
        assertThat(JSON.readTree(marker("email")).path("state").asText()).isEqualTo("sent");
        assertThat(JSON.readTree(marker("email")).path("receipt").asText()).isNotBlank();
        assertThat(JSON.readTree(marker("slack")).path("receipt").asText()).isEqualTo("HTTP 200 ok");
        JsonNode line = logLines().getLast();
        assertThat(line.path("message").asText()).isEqualTo("digest delivered");
        assertThat(line.path("DigestsSent").asInt()).isEqualTo(2);
        assertThat(line.path("deliveries").path("email").path("status").asText()).isEqualTo("SENT");
        assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText()).isEqualTo("Stocktake");
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("XXXXSECRET").doesNotContain("old-admin");

        // a retry of the same day (Lambda's async retry, a second schedule): nothing is sent, no query is run
        int started = proxy.calls("athena:StartQueryExecution");
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), again,
                new StandInContext(FUNCTION_ARN, 300_000));
        assertThat(again.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"day\":\"2026-03-15\",\"deliveries\":{\"email\":\"ALREADY_SENT\",\"slack\":\"ALREADY_SENT\"}}");
        assertThat(sentMail()).hasSize(1);
        assertThat(slack.requests()).hasSize(1);
        assertThat(proxy.calls("athena:StartQueryExecution")).isEqualTo(started);
    }

    @Test
    void when_ses_rejects_the_email_slack_still_goes_out_the_run_fails_clearly_and_the_retry_sends_only_the_email() {
        Map<String, String> env = env();
        env.put("DIGEST_SENDER", "nobody@unverified.example");
        assertThatThrownBy(() -> run(notifier(env)))
                .isInstanceOf(NotifierException.class)
                .hasMessageStartingWith("Digest of 2026-03-15 not delivered: email: SES refused the digest from "
                        + "nobody@unverified.example to 2 recipient(s): MessageRejected (HTTP 400): ")
                .hasMessageContaining("verify the sender's identity in SES")
                .hasMessageEndingWith("Channels that did take it are not sent again when this run is retried.");
        assertThat(sentMail()).isEmpty();
        assertThat(slack.requests()).hasSize(1);
        assertThat(markerExists("email")).as("the refused email's claim is released").isFalse();
        assertThat(logLines().getLast().path("message").asText()).isEqualTo("digest NOT delivered on every channel");
        assertThat(logLines().getLast().path("DigestFailures").asInt()).isEqualTo(1);

        ses.createEmailIdentity(request -> request.emailIdentity("unverified.example"));
        NotifierResult retry = run(notifier(env));
        assertThat(retry.delivery("email").status()).isEqualTo(Status.SENT);
        assertThat(retry.delivery("slack").status()).isEqualTo(Status.ALREADY_SENT);
        assertThat(sentMail()).hasSize(1);
        assertThat(slack.requests()).hasSize(1);
    }

    @Test
    void when_slack_answers_500_it_is_retried_then_fails_clearly_and_the_retry_posts_once_without_resending_the_email() {
        slack.answer(500, "internal_error");
        Notifier notifier = notifier(env());
        assertThatThrownBy(() -> run(notifier))
                .isInstanceOf(NotifierException.class)
                .hasMessage("Digest of 2026-03-15 not delivered: slack: the webhook kept failing: HTTP 500 internal_error; "
                        + "nothing was posted, the next run will post it. Channels that did take it are not sent again when "
                        + "this run is retried.");
        assertThat(slack.requests()).hasSize(3);
        assertThat(clock.sleeps()).hasSize(2);
        assertThat(sentMail()).hasSize(1);
        assertThat(markerExists("slack")).isFalse();
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("XXXXSECRET");

        slack.answer(200, "ok");
        NotifierResult retry = run(notifier);
        assertThat(retry.delivery("slack").status()).isEqualTo(Status.SENT);
        assertThat(retry.delivery("email").status()).isEqualTo(Status.ALREADY_SENT);
        assertThat(slack.requests()).hasSize(4);
        assertThat(sentMail()).hasSize(1);
    }

    @Test
    void a_revoked_webhook_fails_at_once_saying_to_replace_the_url_in_the_secret() {
        slack.answer(404, "no_service");
        assertThatThrownBy(() -> run(notifier(env())))
                .isInstanceOf(NotifierException.class)
                .hasMessageContaining("slack: the webhook refused the message: HTTP 404 no_service (the webhook URL in "
                        + secretArn + " is revoked or wrong: put a working one into the secret)")
                .hasMessageNotContaining("XXXXSECRET");
        assertThat(slack.requests()).hasSize(1);
    }

    @Test
    void when_an_athena_query_fails_nothing_is_sent_and_the_error_names_the_query_and_the_reason() {
        proxy.failNext("athena:GetQueryExecution", 1, new Fault.Canned(200, "application/x-amz-json-1.1", json(map(
                "QueryExecution", map("QueryExecutionId", "0000-failed", "Status", map("State", "FAILED",
                        "StateChangeReason", "Insufficient permissions to execute the query. Access denied to s3://stocktake-reports/"))))));

        assertThatThrownBy(() -> run(notifier(env())))
                .isInstanceOf(AthenaQueryException.class)
                .hasMessageContaining("Athena query 'accounts': execution ")
                .hasMessageContaining("FAILED in workgroup stocktake: Insufficient permissions to execute the query.");
        assertThat(sentMail()).isEmpty();
        assertThat(slack.requests()).isEmpty();
        assertThat(markerExists("email")).isFalse();
        assertThat(markerExists("slack")).isFalse();
        JsonNode line = logLines().getLast();
        assertThat(line.path("message").asText()).isEqualTo("digest NOT sent");
        assertThat(line.path("step").asText()).isEqualTo("QUERIES");
    }

    @Test
    void when_the_markers_cannot_be_written_nothing_is_sent_and_the_run_fails_saying_so() {
        proxy.failAlways("s3:PutObject", Fault.s3InternalError());

        assertThatThrownBy(() -> run(notifier(env())))
                .isInstanceOf(NotifierException.class)
                .hasMessageContaining("email: not sent, cannot create the delivery marker "
                        + "s3://stocktake-reports/notifier/deliveries/2026/03/15/email.json: InternalError (HTTP 500)")
                .hasMessageContaining("slack: not sent, cannot create the delivery marker");
        assertThat(sentMail()).isEmpty();
        assertThat(slack.requests()).isEmpty();
    }

    @Test
    void a_claim_that_was_never_confirmed_is_not_sent_again_and_the_log_says_how_to_resend() {
        s3.putObject(request -> request.bucket(BUCKET).key("notifier/deliveries/2026/03/15/email.json"),
                RequestBody.fromString("{\"state\":\"sending\",\"claimedAt\":\"2026-03-15T07:00:01Z\"}"));

        NotifierResult result = run(notifier(env()));

        assertThat(result.delivery("email").status()).isEqualTo(Status.IN_DOUBT);
        assertThat(result.delivery("email").detail()).contains("claimed at 2026-03-15T07:00:01Z")
                .contains("delete s3://stocktake-reports/notifier/deliveries/2026/03/15/email.json and run the notifier again");
        assertThat(result.delivery("slack").status()).isEqualTo(Status.SENT);
        assertThat(sentMail()).isEmpty();
        JsonNode line = logLines().getLast();
        assertThat(line.path("level").asText()).isEqualTo("ERROR");
        assertThat(line.path("DigestInDoubt").asInt()).isEqualTo(1);
    }

    @Test
    void without_snapshot_jobs_in_the_emulator_the_log_says_so_and_the_digest_goes_out_without_the_pdf() {
        Map<String, String> env = env();
        env.put("QUICKSIGHT_DASHBOARD_ID", "stocktake-iam-users");
        env.put("QUICKSIGHT_SHEET_ID", "overview");

        NotifierResult result = run(notifier(env));

        assertThat(result.delivery("email").status()).isEqualTo(Status.SENT);
        JsonNode warning = logLines().stream().filter(l -> l.path("level").asText().equals("WARN")).findFirst().orElseThrow();
        assertThat(warning.path("message").asText()).isEqualTo("dashboard snapshot not available; sending the digest without it");
        assertThat(warning.path("reason").asText()).startsWith("QuickSight snapshot of dashboard stocktake-iam-users not available: ");
        assertThat(sentMail()).hasSize(1);
        SentEmails.Email message = SentEmails.all().getLast();
        assertThat(message.attachments()).extracting(SentEmails.Attachment::contentType).noneMatch(type -> type.startsWith("application/pdf"));
        assertThat(Html.visibleText(sentMail().getFirst().html()))
                .contains("The QuickSight dashboard is not attached today (snapshot not available).");
    }

    @Test
    void with_snapshot_jobs_available_the_dashboard_pdf_is_attached() throws IOException {
        byte[] pdf = "%PDF-1.7 stocktake dashboard".getBytes(StandardCharsets.US_ASCII);
        var download = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 4);
        var claimedDuringSnapshot = new java.util.concurrent.atomic.AtomicBoolean(true);
        download.createContext("/snapshot.pdf", exchange -> {
            try (exchange) {
                claimedDuringSnapshot.set(markerExists("email"));
                exchange.sendResponseHeaders(200, pdf.length);
                exchange.getResponseBody().write(pdf);
            }
        });
        download.start();
        try {
            String jobs = "quicksight:POST /accounts/123456789012/dashboards/stocktake-iam-users/snapshot-jobs";
            String job = "/accounts/123456789012/dashboards/stocktake-iam-users/snapshot-jobs/stocktake-2026-03-15-"
                    + clock.millis();
            proxy.failNext(jobs, 1, new Fault.Canned(202, "application/json", json(map(
                    "Arn", "arn:aws:quicksight:us-east-1:123456789012:dashboard/stocktake-iam-users/snapshot-job/x",
                    "SnapshotJobId", "x", "RequestId", "r"))));
            proxy.failNext("quicksight:GET " + job, 1, new Fault.Canned(200, "application/json", json(map("JobStatus", "RUNNING"))));
            proxy.failNext("quicksight:GET " + job, 1, new Fault.Canned(200, "application/json", json(map("JobStatus", "COMPLETED"))));
            proxy.failNext("quicksight:GET " + job + "/result", 1, new Fault.Canned(200, "application/json", json(map(
                    "JobStatus", "COMPLETED",
                    "Result", map("AnonymousUsers", List.of(map("FileGroups", List.of(map("S3Results", List.of(map(
                            "S3Uri", "http://127.0.0.1:" + download.getAddress().getPort() + "/snapshot.pdf")))))))))));
            // no QUICKSIGHT_SHEET_ID: the dashboard's first sheet is printed
            String dashboard = "quicksight:GET /accounts/123456789012/dashboards/stocktake-iam-users";
            proxy.failNext(dashboard, 1, new Fault.Canned(200, "application/json", json(map("Dashboard", map(
                    "DashboardId", "stocktake-iam-users",
                    "Version", map("Sheets", List.of(map("SheetId", "overview", "Name", "Overview"),
                            map("SheetId", "accounts", "Name", "Accounts"))))))));
            Map<String, String> env = env();
            env.put("QUICKSIGHT_DASHBOARD_ID", "stocktake-iam-users");

            NotifierResult result = run(notifier(env));

            assertThat(result.delivery("email").status()).isEqualTo(Status.SENT);
            assertThat(proxy.calls(dashboard)).isEqualTo(1);
            assertThat(proxy.calls(jobs)).isEqualTo(1);
            assertThat(clock.sleeps()).as("one wait while the job ran").hasSize(1);
            assertThat(sentMail()).hasSize(1);
            SentEmails.Attachment attached = SentEmails.all().getLast().attachment("application/pdf");
            assertThat(attached.fileName()).isEqualTo("dashboard-2026-03-15.pdf");
            assertThat(attached.disposition()).isEqualTo("ATTACHMENT");
            assertThat(attached.content()).isEqualTo(pdf);
            assertThat(Html.visibleText(sentMail().getFirst().html()))
                    .contains("Also attached: dashboard-2026-03-15.pdf, the QuickSight dashboard.");
            assertThat(logLines()).noneMatch(line -> line.path("level").asText().equals("WARN"));
            assertThat(claimedDuringSnapshot).as("the snapshot is made before the email is claimed: a run dying during "
                    + "the snapshot leaves no claim, so its retry sends").isFalse();
        } finally {
            download.stop(0);
        }
    }

    @Test
    void the_input_may_name_the_day_to_send() throws IOException {
        NotifierHandler handler = new NotifierHandler(notifier(env()), clock);
        moto.queueAthenaResults(true, DigestResults.day());
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream("{\"day\":\"2026-03-14\"}".getBytes(StandardCharsets.UTF_8)), response,
                new StandInContext(FUNCTION_ARN, 300_000));
        assertThat(response.toString(StandardCharsets.UTF_8)).startsWith("{\"day\":\"2026-03-14\"");
        assertThat(s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("notifier/deliveries/2026/03/14/email.json"))
                .asUtf8String()).contains("\"state\":\"sent\"");
    }
}
