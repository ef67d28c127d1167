package dev.stocktake.notifier.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.notifier.testing.SesOutbox;
import dev.stocktake.notifier.testing.SlackStub;
import dev.stocktake.support.testing.DeployableJvm;
import dev.stocktake.support.testing.StandInContext;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The alert handler from the deployable itself: {@code target/stocktake-notifier.jar} alone on the class path of a
 * fresh JVM, built by the no-arg constructor from environment variables only, given one SQS event. Runs after
 * {@code package} (failsafe).
 */
@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AlertShadedJarIT {

    static final Path JAR = Path.of("target", "stocktake-notifier.jar");
    static DeployableJvm deployable;
    static final Path STAND_IN_CLASSES = Path.of("target", "alert-stand-in-classes");

    static Emulator emulator;
    static SlackStub slack;
    static String secretArn;

    @BeforeAll
    static void seed(Emulator started) throws IOException {
        emulator = started;
        emulator.reset();
        assertThat(JAR).as("run after `package`").exists();
        slack = new SlackStub();
        var http = UrlConnectionHttpClient.create();
        try (var s3 = S3Client.builder().endpointOverride(emulator.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
             var ses = SesV2Client.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
             var secrets = SecretsManagerClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
             var dynamo = DynamoDbClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build()) {
            s3.createBucket(r -> r.bucket("stocktake-shaded-alerts"));
            ses.createEmailIdentity(r -> r.emailIdentity("example.com"));
            secretArn = secrets.createSecret(r -> r.name("stocktake/slack-alerts").secretString(slack.url().toString())).arn();
            dynamo.createTable(r -> r.tableName("stocktake-alerts-sent")
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .billingMode("PAY_PER_REQUEST"));
        }
        deployable = DeployableJvm.prepare(JAR, STAND_IN_CLASSES, AlertLambdaStandIn.class, StandInContext.class);
    }

    @AfterAll
    static void stop() {
        slack.close();
    }

    static DeployableJvm.Run run(Map<String, String> env, String input) throws IOException, InterruptedException {
        return deployable.run(env, input);
    }

    static Map<String, String> lambdaEnvironment() {
        Map<String, String> env = DeployableJvm.awsEnvironment(emulator.endpoint());
        env.put("REPORT_BUCKET", "stocktake-shaded-alerts");
        env.put("DEDUPE_TABLE", "stocktake-alerts-sent");
        env.put("ALERT_RECIPIENTS", "security@example.com");
        env.put("ALERT_SENDER", "stocktake@example.com");
        env.put("SLACK_WEBHOOK_SECRET_ARN", secretArn);
        return env;
    }

    @Test
    void the_deployable_alone_alerts_by_slack_and_email_and_says_the_allowlist_is_unreadable_when_it_is_missing() throws Exception {
        String event = AlertIntegrationTest.sqsEvent(List.<String[]>of(new String[] {"m-1", AlertFixtures.fixture("create-user-by-iam-user.json")}));

        DeployableJvm.Run run = run(lambdaEnvironment(), event);

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("\"alert sent\"").contains("RESPONSE {\"batchItemFailures\":[]}");
        assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("SLF4J");
        assertThat(SesOutbox.accepted(emulator)).hasSize(1);
        assertThat(slack.requests()).hasSize(1);
        assertThat(slack.requests().getFirst().body()).contains("allowlist: unknown: allowlist unreadable");
    }

    @Test
    void a_missing_variable_fails_the_init_naming_it() throws Exception {
        Map<String, String> env = lambdaEnvironment();
        env.remove("DEDUPE_TABLE");

        DeployableJvm.Run run = run(env, "{\"Records\":[]}");

        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).contains("DEDUPE_TABLE is not set");
    }
}
