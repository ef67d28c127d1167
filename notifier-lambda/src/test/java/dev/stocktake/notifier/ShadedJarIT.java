package dev.stocktake.notifier;

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
import dev.stocktake.notifier.testing.DigestResults;
import dev.stocktake.notifier.testing.LambdaStandIn;
import dev.stocktake.emulator.MotoApi;
import dev.stocktake.notifier.testing.SesOutbox;
import dev.stocktake.notifier.testing.SlackStub;
import dev.stocktake.support.testing.DeployableJvm;
import dev.stocktake.support.testing.StandInContext;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The deployable itself: {@code target/stocktake-notifier.jar}, alone on the class path of a fresh JVM, built by the
 * handler's no-arg constructor from environment variables only, invoked once against the emulator. Runs after
 * {@code package} (failsafe).
 */
@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ShadedJarIT {

    static final Path JAR = Path.of("target", "stocktake-notifier.jar");
    static DeployableJvm deployable;
    static final Path STAND_IN_CLASSES = Path.of("target", "stand-in-classes");

    static Emulator emulator;
    static SlackStub slack;
    static String secretArn;

    @BeforeAll
    static void seed(Emulator started) throws IOException {
        emulator = started;
        assertThat(JAR).as("run after `package`").exists();
        slack = new SlackStub();
        var http = UrlConnectionHttpClient.create();
        try (var s3 = S3Client.builder().endpointOverride(emulator.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
             var ses = SesV2Client.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
             var secrets = SecretsManagerClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build();
             var athena = AthenaClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(Emulator.defaultCredentials()).httpClient(http).build()) {
            s3.createBucket(r -> r.bucket("stocktake-shaded"));
            ses.createEmailIdentity(r -> r.emailIdentity("example.com"));
            athena.createWorkGroup(r -> r.name("stocktake"));
            secretArn = secrets.createSecret(r -> r.name("stocktake/slack").secretString(slack.url().toString())).arn();
        }
        deployable = DeployableJvm.prepare(JAR, STAND_IN_CLASSES, LambdaStandIn.class, StandInContext.class);
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
        env.put("ATHENA_WORKGROUP", "stocktake");
        env.put("ATHENA_DATABASE", "stocktake");
        env.put("REPORT_BUCKET", "stocktake-shaded");
        env.put("DIGEST_RECIPIENTS", "security@example.com");
        env.put("DIGEST_SENDER", "stocktake@example.com");
        env.put("SLACK_WEBHOOK_SECRET_ARN", secretArn);
        return env;
    }

    @Test
    void the_deployable_alone_sends_the_digest_by_email_and_to_slack() throws Exception {
        new MotoApi(emulator).queueAthenaResults(true, DigestResults.day());

        DeployableJvm.Run run = run(lambdaEnvironment(), "{\"day\":\"2026-03-15\"}");

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("\"digest delivered\"")
                .contains("RESPONSE {\"day\":\"2026-03-15\",\"deliveries\":{\"email\":\"SENT\",\"slack\":\"SENT\"}}");
        assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("SLF4J");
        assertThat(SesOutbox.accepted(emulator)).hasSize(1);
        assertThat(slack.requests()).hasSize(1);
    }

    @Test
    void a_missing_variable_fails_the_init_naming_it() throws Exception {
        Map<String, String> env = lambdaEnvironment();
        env.remove("ATHENA_WORKGROUP");

        DeployableJvm.Run run = run(env, "{}");

        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).contains("ATHENA_WORKGROUP is not set");
    }

    @Test
    void the_jar_has_the_url_connection_client_and_the_digest_sql_but_no_netty_or_apache_client() throws IOException {
        List<String> names = deployable.entries();
        assertThat(names).contains("dev/stocktake/notifier/NotifierHandler.class",
                "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                "dev/stocktake/notifier/digest/sql/queries.txt", "dev/stocktake/notifier/digest/sql/accounts.sql",
                "dev/stocktake/notifier/digest/digest.mustache", "dev/stocktake/notifier/alert/alert-email.mustache");
        assertThat(names).noneMatch(name -> name.startsWith("io/netty/") || name.startsWith("org/apache/http/")
                || name.startsWith("software/amazon/awssdk/http/nio/netty/")
                || name.startsWith("software/amazon/awssdk/http/apache/")
                || name.startsWith("io/trino/") || name.startsWith("software/amazon/awssdk/services/iam/"));
    }
}
