package dev.stocktake.notifier.alert;

import static dev.stocktake.notifier.alert.AlertFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.notifier.testing.SentEmails;
import dev.stocktake.notifier.testing.SesOutbox;
import dev.stocktake.emulator.MotoApi;
import dev.stocktake.support.testing.MutableClock;
import dev.stocktake.notifier.testing.SlackStub;
import dev.stocktake.support.testing.StandInContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The alerts end to end on the emulator: {@code PutEvents} of CloudTrail-shaped IAM events in a member account,
 * its forwarding rule (the same pattern the member stack deploys) to the central bus, the central rule to the SQS
 * queue, then the queue's messages handed to {@link AlertHandler} as the event-source mapping would; Slack on a local
 * HTTP server, the email read back from the emulator's SES, dedupe in the emulator's DynamoDB.
 */
@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AlertIntegrationTest {

    static final String MEMBER = "111122223333";
    static final String BUCKET = "stocktake-reports";
    static final String TABLE = "stocktake-alerts-sent";
    static final String SENDER = "stocktake@example.com";
    static final String BUS = "stocktake-alerts";
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:stocktake-alerts";
    /** The rule pattern of the member forwarder and the central rule (infra-cdk asserts the same). */
    static final String PATTERN = "{\"source\":[\"aws.iam\"],\"detail-type\":[\"AWS API Call via CloudTrail\"],"
            + "\"detail\":{\"eventSource\":[\"iam.amazonaws.com\"],\"eventName\":[\"CreateUser\",\"DeleteUser\",\"CreateLoginProfile\","
            + "\"UpdateLoginProfile\",\"DeleteLoginProfile\",\"CreateAccessKey\",\"UpdateAccessKey\",\"DeleteAccessKey\","
            + "\"DeactivateMFADevice\"]}}";
    static final Instant NOW = Instant.parse("2026-03-15T09:13:00Z");

    static Emulator emulator;
    static FaultInjectingProxy proxy;
    static MotoApi moto;
    static SlackStub slack;
    static SdkHttpClient http;
    static S3Client s3;
    static SesV2Client ses;
    static SecretsManagerClient secrets;
    static DynamoDbClient dynamo;
    static SqsClient sqs;
    static EventBridgeClient centralEvents;

    MutableClock clock;
    ByteArrayOutputStream logs;
    String secretArn;
    String queueUrl;
    EventBridgeClient memberEvents;

    @BeforeAll
    static void start(Emulator started) throws IOException {
        emulator = started;
        moto = new MotoApi(emulator);
        proxy = FaultInjectingProxy.start(emulator.endpoint());
        slack = new SlackStub();
        http = UrlConnectionHttpClient.create();
        s3 = S3Client.builder().endpointOverride(emulator.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
        ses = SesV2Client.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
        secrets = SecretsManagerClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
        dynamo = DynamoDbClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
        sqs = SqsClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
        centralEvents = EventBridgeClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
    }

    @AfterAll
    static void stop() {
        slack.close();
        proxy.close();
    }

    static List<SesOutbox.Accepted> sentMail() {
        return SesOutbox.accepted(emulator);
    }

    @BeforeEach
    void setUp() {
        emulator.reset();
        SentEmails.clear();
        proxy.clearFaults();
        slack.clear();
        slack.answer(200, "ok");
        s3.createBucket(request -> request.bucket(BUCKET));
        ses.createEmailIdentity(request -> request.emailIdentity(SENDER));
        secretArn = secrets.createSecret(request -> request.name("stocktake/slack-webhook")
                .secretString("{\"url\":\"" + slack.url() + "\"}")).arn();
        dynamo.createTable(request -> request.tableName(TABLE)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .billingMode("PAY_PER_REQUEST"));
        putObject("accounts/2026/03/15/accounts.csv", "account_id,account_name,email,status,state,joined_method,"
                + "joined_timestamp,parent_id,ou_path,tags\n" + MEMBER + ",prod,prod@example.com,ACTIVE,ACTIVE,CREATED,,ou-1,Root/Prod,{}\n");
        putObject("allowlist/allowlist.csv", "account,user,credentials,owner,reason,ticket,expires\n"
                + "prod,deploy-bot,access-keys,platform@example.com,CI deploys,OPS-1,2026-12-31\n");

        // central account: the bus, and its rule to the queue
        queueUrl = sqs.createQueue(request -> request.queueName("stocktake-alerts")).queueUrl();
        String queueArn = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        String busArn = centralEvents.createEventBus(request -> request.name(BUS)).eventBusArn();
        centralEvents.putRule(request -> request.name("to-queue").eventBusName(BUS).eventPattern(PATTERN));
        centralEvents.putTargets(request -> request.rule("to-queue").eventBusName(BUS)
                .targets(t -> t.id("queue").arn(queueArn)));

        // member account: the forwarding rule on its default bus
        memberEvents = EventBridgeClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(memberCredentials()).httpClient(http).build();
        memberEvents.putRule(request -> request.name("stocktake-alert-forwarder").eventPattern(PATTERN));
        memberEvents.putTargets(request -> request.rule("stocktake-alert-forwarder")
                .targets(t -> t.id("central").arn(busArn).roleArn("arn:aws:iam::" + MEMBER + ":role/stocktake-alert-forwarder")));

        clock = new MutableClock(NOW);
        logs = new ByteArrayOutputStream();
    }

    static AwsCredentialsProvider memberCredentials() {
        try (StsClient sts = StsClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build()) {
            Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + MEMBER + ":role/OrganizationAccountAccessRole")
                    .roleSessionName("alerts-test")).credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
        }
    }

    void putObject(String key, String body) {
        s3.putObject(request -> request.bucket(BUCKET).key(key), RequestBody.fromString(body));
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("REPORT_BUCKET", BUCKET);
        env.put("DEDUPE_TABLE", TABLE);
        env.put("ALERT_RECIPIENTS", "security@example.com");
        env.put("ALERT_SENDER", SENDER);
        env.put("SLACK_WEBHOOK_SECRET_ARN", secretArn);
        env.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
        return env;
    }

    AlertHandler handler() {
        return new AlertHandler(AlertFactory.create(AlertConfig.fromEnv(env()), Emulator.defaultCredentials(), Region.US_EAST_1,
                new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8), "stocktake-alerts"), clock, clock.sleeper(),
                new SplittableRandom(7), java.net.http.HttpClient.newHttpClient()), clock);
    }

    /** PutEvents in the member account, as CloudTrail's delivery to EventBridge would (ten per call). */
    void emit(List<String> events) {
        for (int i = 0; i < events.size(); i += 10) {
            List<PutEventsRequestEntry> entries = events.subList(i, Math.min(events.size(), i + 10)).stream()
                    .map(e -> PutEventsRequestEntry.builder().source("aws.iam").detailType("AWS API Call via CloudTrail")
                            .detail(AlertFixtures.detail(e)).build()).toList();
            PutEventsResponse response = memberEvents.putEvents(request -> request.entries(entries));
            assertThat(response.failedEntryCount()).isZero();
        }
    }

    /**
     * Puts events on the alert queue as the central rule's SQS target would (the whole EventBridge event as the body).
     * The emulator's PutEvents costs about two seconds per event and target (it builds a JSONPath parser per event), so
     * only {@link #a_user_created_in_a_member_account_reaches_slack_and_email_through_the_central_bus_and_queue} takes
     * that path; the other tests start at the queue.
     */
    void enqueue(List<String> events) {
        for (int i = 0; i < events.size(); i += 10) {
            int from = i;
            List<String> chunk = events.subList(i, Math.min(events.size(), i + 10));
            sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(java.util.stream.IntStream.range(0, chunk.size())
                    .mapToObj(j -> software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
                            .id("e" + (from + j)).messageBody(chunk.get(j)).build()).toList()));
        }
    }

    /** Everything on the queue, as one SQS event of the event-source mapping. */
    String drainQueue() {
        List<Message> messages = new ArrayList<>();
        for (int empty = 0; empty < 2; ) {
            List<Message> got = sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(600)).messages();
            if (got.isEmpty()) {
                empty++;
            }
            messages.addAll(got);
        }
        return sqsEvent(messages.stream().map(m -> new String[] {m.messageId(), m.body()}).toList());
    }

    static String sqsEvent(List<String[]> messages) {
        ObjectNode root = AlertFixtures.JSON.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (String[] message : messages) {
            records.addObject().put("messageId", message[0]).put("receiptHandle", "rh-" + message[0]).put("body", message[1])
                    .put("eventSource", "aws:sqs").put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:stocktake-alerts")
                    .put("awsRegion", "us-east-1");
        }
        return root.toString();
    }

    JsonNode invoke(AlertHandler handler, String sqsEvent) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(sqsEvent.getBytes(StandardCharsets.UTF_8)), out,
                new StandInContext(FUNCTION_ARN, 60_000));
        return AlertFixtures.JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    static List<String> failures(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.path("batchItemFailures").forEach(f -> ids.add(f.path("itemIdentifier").asText()));
        return ids;
    }

    JsonNode slackMessage(int index) throws IOException {
        return AlertFixtures.JSON.readTree(slack.requests().get(index).body());
    }

    List<JsonNode> logLines() {
        return logs.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return AlertFixtures.JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("a log line is not JSON: " + line, e);
            }
        }).toList();
    }

    static List<String> burst(int n) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(AlertFixtures.createUser("burst-" + i, String.format("script-user-%02d", i),
                    Instant.parse("2026-03-15T09:12:00Z").plusMillis(300L * i)));
        }
        return events;
    }

    @Test
    void a_user_created_in_a_member_account_reaches_slack_and_email_through_the_central_bus_and_queue() throws IOException {
        // AttachUserPolicy is not one of the nine: the member rule does not forward it
        emit(List.of(fixture("create-user-by-iam-user.json"), fixture("create-user-by-iam-user.json",
                Map.of("detail.eventName", "AttachUserPolicy", "detail.eventID", "not-forwarded"))));

        String batch = drainQueue();
        assertThat(AlertFixtures.JSON.readTree(batch).path("Records")).hasSize(1);
        JsonNode response = invoke(handler(), batch);

        assertThat(failures(response)).isEmpty();
        assertThat(slack.requests()).hasSize(1);
        JsonNode message = slackMessage(0);
        assertThat(message.at("/blocks/0/text/text").asText())
                .isEqualTo(":rotating_light: IAM user created: deploy-bot in prod (111122223333)");
        assertThat(message.at("/blocks/1/text/text").asText()).isEqualTo("*Account:* prod (111122223333)\n"
                + "*By:* `arn:aws:iam::111122223333:user/alice`\n*From:* 203.0.113.10\n*When:* 2026-03-15 09:12:01 UTC");
        assertThat(message.at("/blocks/2/text/text").asText())
                .isEqualTo("\u2022 09:12:01 CreateUser deploy-bot \u2014 allowlist: allowed (owner platform@example.com, until 2026-12-31)");

        List<SesOutbox.Accepted> mail = sentMail();
        assertThat(mail).hasSize(1);
        assertThat(mail.getFirst().destinations()).containsExactly("security@example.com");
        assertThat(mail.getFirst().subject()).isEqualTo("Stocktake alert: IAM user created in prod (111122223333): deploy-bot");
        SentEmails.Email email = SentEmails.all().getLast();
        assertThat(email.html()).isEqualTo(mail.getFirst().html());
        assertThat(email.text()).contains("By:         arn:aws:iam::111122223333:user/alice\n")
                .contains("Source IP:  203.0.113.10\n").contains("When:       2026-03-15 09:12:01 UTC\n")
                .contains("User:       deploy-bot\n").contains("Allowlist:  allowed (owner platform@example.com, until 2026-12-31)\n");
    }

    @Test
    void a_script_creating_fifty_users_is_one_slack_message_and_one_email() throws IOException {
        enqueue(burst(50));

        JsonNode response = invoke(handler(), drainQueue());

        assertThat(failures(response)).isEmpty();
        assertThat(slack.requests()).hasSize(1);
        assertThat(slackMessage(0).at("/blocks/0/text/text").asText())
                .isEqualTo(":rotating_light: 50 IAM changes: 50 CreateUser in prod (111122223333)");
        assertThat(slackMessage(0).at("/blocks/2/text/text").asText()).endsWith("\u2026and 40 more");
        assertThat(sentMail()).hasSize(1);
        assertThat(sentMail().getFirst().subject()).isEqualTo("Stocktake alert: 50 IAM creations in prod (111122223333) (50 CreateUser)");
        assertThat(sentMail().getFirst().html()).contains("script-user-00").contains("script-user-49");
        assertThat(SentEmails.all().getLast().text().lines()
                .filter(l -> l.startsWith("- ")).count()).isEqualTo(50);
        JsonNode summary = logLines().getLast();
        assertThat(summary.path("AlertEvents").asInt()).isEqualTo(50);
        assertThat(summary.path("AlertSlackMessages").asInt()).isEqualTo(1);
    }

    @Test
    void a_redelivered_batch_sends_nothing_again() throws IOException {
        enqueue(burst(3));
        String batch = drainQueue();
        AlertHandler handler = handler();
        invoke(handler, batch);

        JsonNode again = invoke(handler, batch);
        JsonNode fresh = invoke(handler(), batch);

        assertThat(failures(again)).isEmpty();
        assertThat(failures(fresh)).isEmpty();
        assertThat(slack.requests()).hasSize(1);
        assertThat(sentMail()).hasSize(1);
        assertThat(logLines().getLast().path("AlertDuplicates").asInt()).isEqualTo(6);
    }

    @Test
    void the_same_event_twice_in_one_batch_is_sent_once() throws IOException {
        String event = fixture("create-user-by-iam-user.json");

        JsonNode response = invoke(handler(), sqsEvent(List.of(new String[] {"m1", event}, new String[] {"m2", event})));

        assertThat(failures(response)).isEmpty();
        assertThat(slack.requests()).hasSize(1);
        assertThat(slackMessage(0).at("/blocks/0/text/text").asText()).startsWith(":rotating_light: IAM user created: deploy-bot");
    }

    @Test
    void slack_answering_500_returns_the_items_to_the_queue_and_the_retry_posts_once() throws IOException {
        enqueue(burst(2));
        String batch = drainQueue();
        slack.answer(500, "internal_error");

        JsonNode failed = invoke(handler(), batch);

        assertThat(failures(failed)).hasSize(2);
        assertThat(slack.requests()).hasSize(3); // three attempts, then given up
        assertThat(sentMail()).hasSize(1); // the email went out regardless
        assertThat(logLines()).anySatisfy(line -> assertThat(line.path("message").asText()).isEqualTo("alert NOT sent; returned to the queue"))
                .anySatisfy(line -> assertThat(line.path("error").asText()).contains("HTTP 500 internal_error"));

        slack.clear();
        slack.answer(200, "ok");
        JsonNode retried = invoke(handler(), batch);

        assertThat(failures(retried)).isEmpty();
        assertThat(slack.requests()).hasSize(1);
        assertThat(sentMail()).hasSize(1); // not sent again
    }

    @Test
    void an_ses_rejection_returns_the_creations_and_slack_is_not_posted_again_on_the_retry() throws IOException {
        ses.deleteEmailIdentity(request -> request.emailIdentity(SENDER));
        enqueue(List.of(fixture("create-access-key-by-root.json")));
        String batch = drainQueue();

        JsonNode failed = invoke(handler(), batch);

        assertThat(failures(failed)).hasSize(1);
        assertThat(slack.requests()).hasSize(1);
        assertThat(sentMail()).isEmpty();
        assertThat(logLines()).anySatisfy(line -> assertThat(line.path("error").asText())
                .startsWith("email: SES refused the alert email from stocktake@example.com"));

        ses.createEmailIdentity(request -> request.emailIdentity(SENDER));
        JsonNode retried = invoke(handler(), batch);

        assertThat(failures(retried)).isEmpty();
        assertThat(sentMail()).hasSize(1);
        assertThat(slack.requests()).hasSize(1);
    }

    @Test
    void only_successful_creations_are_emailed() throws IOException {
        enqueue(List.of(fixture("delete-user-by-aws-service.json"), fixture("create-user-access-denied.json"),
                fixture("deactivate-mfa-device.json")));

        JsonNode response = invoke(handler(), drainQueue());

        assertThat(failures(response)).isEmpty();
        assertThat(slack.requests()).hasSize(3);
        assertThat(sentMail()).isEmpty();
    }

    @Test
    void a_missing_allowlist_still_alerts_saying_unknown_and_logs_why() throws IOException {
        s3.deleteObject(request -> request.bucket(BUCKET).key("allowlist/allowlist.csv"));
        enqueue(List.of(fixture("create-user-by-iam-user.json")));

        JsonNode response = invoke(handler(), drainQueue());

        assertThat(failures(response)).isEmpty();
        assertThat(slackMessage(0).at("/blocks/2/text/text").asText()).endsWith("allowlist: unknown: allowlist unreadable");
        assertThat(sentMail()).hasSize(1);
        assertThat(SentEmails.all().getLast().text())
                .contains("Allowlist:  unknown: allowlist unreadable");
        assertThat(logLines()).anySatisfy(line -> assertThat(line.path("error").asText())
                .isEqualTo("s3://stocktake-reports/allowlist/allowlist.csv does not exist: deploy the allowlist (see docs/alerts.md)"));
    }

    @Test
    void an_invalid_allowlist_still_alerts_and_the_log_names_the_bad_line() throws IOException {
        putObject("allowlist/allowlist.csv", "account,user,credentials,owner,reason,ticket,expires\nprod,deploy-bot,keys,,x,,2026-12-31\n");

        JsonNode response = invoke(handler(), sqsEvent(List.<String[]>of(new String[] {"m1", fixture("create-user-by-iam-user.json")})));

        assertThat(failures(response)).isEmpty();
        assertThat(slackMessage(0).at("/blocks/2/text/text").asText()).endsWith("allowlist: unknown: allowlist unreadable");
        assertThat(logLines()).anySatisfy(line -> assertThat(line.path("error").asText())
                .contains("line 2, field 'credentials': 'keys' must be console, access-keys or both"));
    }

    @Test
    void without_an_account_directory_export_the_account_is_shown_by_its_id() throws IOException {
        s3.deleteObject(request -> request.bucket(BUCKET).key("accounts/2026/03/15/accounts.csv"));

        invoke(handler(), sqsEvent(List.<String[]>of(new String[] {"m1", fixture("create-user-by-iam-user.json")})));

        assertThat(slackMessage(0).at("/blocks/1/text/text").asText()).startsWith("*Account:* 111122223333\n");
        assertThat(logLines()).anySatisfy(line -> assertThat(line.path("error").asText())
                .startsWith("no account directory export under s3://stocktake-reports/accounts/ in the last 7 days"));
    }

    @Test
    void an_export_from_days_before_is_used_when_today_has_none() throws IOException {
        s3.deleteObject(request -> request.bucket(BUCKET).key("accounts/2026/03/15/accounts.csv"));
        putObject("accounts/2026/03/12/accounts.csv", "account_id,account_name\n" + MEMBER + ",prod-old-name\n");

        invoke(handler(), sqsEvent(List.<String[]>of(new String[] {"m1", fixture("create-user-by-iam-user.json")})));

        assertThat(slackMessage(0).at("/blocks/1/text/text").asText()).startsWith("*Account:* prod-old-name (111122223333)\n");
    }

    @Test
    void access_denied_on_todays_export_looks_further_back_as_a_missing_one_does() throws IOException {
        s3.deleteObject(request -> request.bucket(BUCKET).key("accounts/2026/03/15/accounts.csv"));
        putObject("accounts/2026/03/14/accounts.csv", "account_id,account_name\n" + MEMBER + ",prod-yesterday\n");
        // without s3:ListBucket, S3 answers a missing key with 403 AccessDenied
        proxy.failNext("s3:GetObject", 1, FaultInjectingProxy.Fault.accessDenied("Access Denied"));

        invoke(handler(), sqsEvent(List.<String[]>of(new String[] {"m1", fixture("create-user-by-iam-user.json")})));

        assertThat(slackMessage(0).at("/blocks/1/text/text").asText()).startsWith("*Account:* prod-yesterday (111122223333)\n");
    }

    @Test
    void a_malformed_message_is_returned_for_the_dead_letter_queue_and_the_others_go_out() throws IOException {
        JsonNode response = invoke(handler(), sqsEvent(List.of(new String[] {"bad", "{\"detail-type\":\"Scheduled Event\"}"},
                new String[] {"good", fixture("create-user-by-iam-user.json")})));

        assertThat(failures(response)).containsExactly("bad");
        assertThat(slack.requests()).hasSize(1);
        assertThat(logLines()).anySatisfy(line -> {
            assertThat(line.path("messageId").asText()).isEqualTo("bad");
            assertThat(line.path("error").asText()).contains("detail-type is 'Scheduled Event'");
        });
    }

    @Test
    void a_claim_another_run_holds_is_retried_later_and_an_old_unconfirmed_claim_is_reported_in_doubt() throws IOException {
        String event = fixture("create-user-by-iam-user.json");
        String eventId = "c2d1e0f9-8a7b-4c6d-9e5f-4a3b2c1d0e01";
        claim(eventId + "#slack", NOW.minusSeconds(30));
        claim(eventId + "#email", NOW.minus(Duration.ofMinutes(30)));

        JsonNode response = invoke(handler(), sqsEvent(List.<String[]>of(new String[] {"m1", event})));

        assertThat(failures(response)).containsExactly("m1"); // Slack: another run may be sending right now
        assertThat(slack.requests()).isEmpty();
        assertThat(sentMail()).isEmpty(); // email: in doubt, not sent again
        assertThat(logLines().getLast().path("AlertInDoubt").asInt()).isEqualTo(1);
        assertThat(logLines()).anySatisfy(line -> assertThat(line.path("message").asText()).startsWith("alert IN DOUBT"));
    }

    void claim(String pk, Instant at) {
        dynamo.putItem(request -> request.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS(pk),
                "state", AttributeValue.fromS("sending"), "claimedAt", AttributeValue.fromS(at.toString()))));
    }

    @Test
    void the_dedupe_record_expires_by_ttl_after_fourteen_days() throws IOException {
        invoke(handler(), sqsEvent(List.<String[]>of(new String[] {"m1", fixture("create-user-by-iam-user.json")})));

        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(TABLE)
                .key(Map.of("pk", AttributeValue.fromS("c2d1e0f9-8a7b-4c6d-9e5f-4a3b2c1d0e01#slack")))).item();
        assertThat(item.get("state").s()).isEqualTo("sent");
        assertThat(Long.parseLong(item.get("expiresAt").n())).isEqualTo(NOW.plus(Duration.ofDays(14)).getEpochSecond());
    }

    @Test
    void an_input_that_is_not_an_sqs_event_is_refused_saying_what_the_handler_takes() {
        assertThatThrownBy(() -> invoke(handler(), fixture("create-user-by-iam-user.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the input has no Records list: the alert handler takes SQS events");
    }
}
