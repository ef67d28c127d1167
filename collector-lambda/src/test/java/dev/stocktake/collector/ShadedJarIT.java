package dev.stocktake.collector;

import dev.stocktake.support.testing.DeployableJvm;
import dev.stocktake.support.testing.StandInContext;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.stocktake.collector.testing.LambdaRuntimeStandIn;
import dev.stocktake.collector.testing.ServiceMetadataProbe;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.EmulatorOrganization.MemberAccount;
import dev.stocktake.emulator.EmulatorOrganization.UserSpec;
import dev.stocktake.emulator.junit.EmulatorExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * The deployable itself: {@code target/stocktake-collector.jar}, alone on the class path of a
 * fresh JVM, constructed and invoked the way the Lambda runtime does it, configured only by
 * environment variables. Runs after {@code package} (failsafe), so it proves the shrunk jar
 * carries everything the handler needs.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ShadedJarIT {

    private static final Path JAR = Path.of("target", "stocktake-collector.jar");
    /** The shaded jar before ProGuard: the full SDK, as a reference. */
    private static final Path UNSHRUNK_JAR = Path.of("target", "stocktake-collector-unshrunk.jar");
    private static final Path STAND_IN_CLASSES = Path.of("target", "stand-in-classes");

    private EmulatorOrganization org;
    private MemberAccount member;
    private Emulator emulator;
    private DeployableJvm jvm;

    @BeforeAll
    void seed(Emulator emulator) throws IOException {
        this.emulator = emulator;
        assertThat(JAR).as("run after `package`").exists();
        org = EmulatorOrganization.create(emulator.endpoint());
        org.createBucket("stocktake-shaded");
        member = org.createAccount("deploy test/prd");
        org.createUsers(member.id(), List.of(UserSpec.console("alice", true), UserSpec.keysOnly("ci", 1)));
        // Only the stand-in classes, not the test class path: the jar must bring everything else.
        jvm = DeployableJvm.prepare(JAR, STAND_IN_CLASSES, LambdaRuntimeStandIn.class, StandInContext.class);
    }

    private DeployableJvm.Run run(Map<String, String> env) throws IOException, InterruptedException {
        return jvm.run(env, member.id());
    }

    private Map<String, String> lambdaEnvironment() {
        var credentials = (AwsSessionCredentials) org.credentialsFor(member.id()).resolveCredentials();
        return new java.util.HashMap<>(Map.of(
                "AWS_ACCESS_KEY_ID", credentials.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey(),
                "AWS_SESSION_TOKEN", credentials.sessionToken(),
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", emulator.endpoint().toString(),
                "REPORT_BUCKET", "stocktake-shaded",
                "MANAGEMENT_ROLE_ARN", "arn:aws:iam::123456789012:role/stocktake-org-read"));
    }

    @Test
    void the_deployable_alone_collects_and_stores_the_report() throws Exception {
        DeployableJvm.Run run = run(lambdaEnvironment());

        assertThat(run.exit()).as(run.stderr()).isZero();
        String day = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"));
        String key = "credential-reports/" + day + "/deploy%20test%2Fprd@" + member.id() + ".csv";
        assertThat(run.stdout()).contains("\"credential report stored\"").contains("\"accountNameSource\":\"describe-account\"")
                .contains("RESPONSE {\"accountId\":\"" + member.id() + "\",\"location\":\"s3://stocktake-shaded/" + key + "\"");
        assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("SLF4J");
        try (var s3 = org.s3()) {
            assertThat(s3.getObjectAsBytes(r -> r.bucket("stocktake-shaded").key(key)).asUtf8String())
                    .startsWith("user,arn,").contains("arn:aws:iam::" + member.id() + ":user/alice");
            // By default the IAM details file lands beside the report, under the same day, name and ID.
            String details = "iam-details/" + day + "/deploy%20test%2Fprd@" + member.id() + ".json";
            assertThat(run.stdout()).contains("\"detailsWritten\":true,\"detailsLocation\":\"s3://stocktake-shaded/" + details + "\"");
            assertThat(s3.getObjectAsBytes(r -> r.bucket("stocktake-shaded").key(details)).asUtf8String())
                    .startsWith("{\"kind\":\"collection\",\"account_id\":\"" + member.id() + "\"")
                    .contains("{\"kind\":\"user\",\"user_name\":\"alice\"");
        }
    }

    @Test
    void a_details_prefix_and_the_switch_are_read_from_the_environment() throws Exception {
        Map<String, String> env = lambdaEnvironment();
        env.put("REPORT_BUCKET", "stocktake-shaded-details");
        env.put("DETAILS_PREFIX", "stocktake/iam/");
        try (var s3 = org.s3()) {
            s3.createBucket(r -> r.bucket("stocktake-shaded-details"));
        }

        DeployableJvm.Run run = run(env);

        assertThat(run.exit()).as(run.stderr()).isZero();
        String day = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"));
        assertThat(run.stdout()).contains("\"detailsLocation\":\"s3://stocktake-shaded-details/stocktake/iam/" + day
                + "/deploy%20test%2Fprd@" + member.id() + ".json\"");

        env.put("DETAILS_ENABLED", "no");
        DeployableJvm.Run malformed = run(env);
        assertThat(malformed.exit()).isNotZero();
        assertThat(malformed.stderr()).contains("DETAILS_ENABLED='no' is not valid");
    }

    @Test
    void the_deployable_puts_the_configured_object_lock_retention_on_the_report() throws Exception {
        try (var s3 = org.s3()) {
            s3.createBucket(r -> r.bucket("stocktake-shaded-locked").objectLockEnabledForBucket(true));
        }
        Map<String, String> env = lambdaEnvironment();
        env.put("REPORT_BUCKET", "stocktake-shaded-locked");
        env.put("REPORT_LOCK_MODE", "GOVERNANCE");
        env.put("REPORT_LOCK_DAYS", "30");
        Instant before = Instant.now();

        DeployableJvm.Run run = run(env);

        assertThat(run.exit()).as(run.stderr()).isZero();
        String day = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"));
        String key = "credential-reports/" + day + "/deploy%20test%2Fprd@" + member.id() + ".csv";
        try (var s3 = org.s3()) {
            var head = s3.headObject(r -> r.bucket("stocktake-shaded-locked").key(key));
            assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
            assertThat(head.objectLockRetainUntilDate())
                    .isBetween(before.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS), Instant.now().plus(Duration.ofDays(30)));
            assertThat(head.metadata()).containsEntry("report-layout", "standard");
            String details = "iam-details/" + day + "/deploy%20test%2Fprd@" + member.id() + ".json";
            var detailsHead = s3.headObject(r -> r.bucket("stocktake-shaded-locked").key(details));
            assertThat(detailsHead.objectLockMode()).as("the details file: the report's retention").isEqualTo(ObjectLockMode.GOVERNANCE);
            assertThat(detailsHead.objectLockRetainUntilDate()).isEqualTo(head.objectLockRetainUntilDate());
        }
    }

    @Test
    void a_malformed_lock_variable_fails_the_init_naming_it() throws Exception {
        Map<String, String> env = lambdaEnvironment();
        env.put("REPORT_LOCK_MODE", "STRICT");
        env.put("REPORT_LOCK_DAYS", "30");

        DeployableJvm.Run run = run(env);

        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).contains("REPORT_LOCK_MODE='STRICT' is not valid").contains("GOVERNANCE or COMPLIANCE");
    }

    @Test
    void the_deployable_is_at_most_10_MB_and_carries_only_the_service_metadata_it_uses() throws IOException {
        assertThat(Files.size(JAR)).as("the deployable stays within its 10 MB size budget").isLessThanOrEqualTo(10_000_000L);
        try (var jar = new java.util.zip.ZipFile(JAR.toFile())) {
            assertThat(jar.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(name -> name.startsWith("software/amazon/awssdk/regions/servicemetadata/")).toList())
                    .containsExactlyInAnyOrder(
                            "software/amazon/awssdk/regions/servicemetadata/IamServiceMetadata.class",
                            "software/amazon/awssdk/regions/servicemetadata/StsServiceMetadata.class",
                            "software/amazon/awssdk/regions/servicemetadata/OrganizationsServiceMetadata.class",
                            "software/amazon/awssdk/regions/servicemetadata/EnhancedS3ServiceMetadata.class",
                            "software/amazon/awssdk/regions/servicemetadata/S3ServiceMetadata.class");
        }
    }

    @Test
    void the_trimmed_service_metadata_answers_as_the_full_sdk_does() throws Exception {
        Path standIns = Path.of("target", "stand-in-classes");
        DeployableJvm.Run deployable = DeployableJvm.prepare(JAR, standIns, ServiceMetadataProbe.class).run(Map.of());
        DeployableJvm.Run fullSdk = DeployableJvm.prepare(UNSHRUNK_JAR, standIns, ServiceMetadataProbe.class).run(Map.of());

        assertThat(deployable.exit()).as(deployable.stderr()).isZero();
        assertThat(fullSdk.exit()).as(fullSdk.stderr()).isZero();
        assertThat(deployable.stdout()).contains("iam aws-global endpoint=iam.amazonaws.com signingRegion=us-east-1/us-east-1")
                .isEqualTo(fullSdk.stdout());
    }

    @Test
    void a_missing_variable_fails_the_init_naming_it() throws Exception {
        Map<String, String> env = lambdaEnvironment();
        env.remove("REPORT_BUCKET");

        DeployableJvm.Run run = run(env);

        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).contains("REPORT_BUCKET is not set");
    }
}
