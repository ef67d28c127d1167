package dev.stocktake.identitycenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorIdentityCenter;
import dev.stocktake.emulator.EmulatorIdentityCenter.UserEmail;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.storage.ObjectLockRetention;
import dev.stocktake.support.testing.StandInContext;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The Lambda entry point against the emulator, writing to a bucket with Object Lock enabled and no default retention
 * (like the central bucket): its answer, the export locked for the configured days from the export, SSE-S3, and a
 * failed export failing the invocation.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IdentityCenterHandlerTest {

    private static final String LOCKED_BUCKET = "stocktake-ic-locked";

    private EmulatorOrganization org;
    private EmulatorIdentityCenter identityCenter;
    private FaultInjectingProxy proxy;

    @BeforeAll
    void seed(Emulator emulator) {
        org = EmulatorOrganization.create(emulator.endpoint());
        try (S3Client s3 = org.s3()) {
            s3.createBucket(r -> r.bucket(LOCKED_BUCKET).objectLockEnabledForBucket(true));
        }
        proxy = FaultInjectingProxy.start(emulator.endpoint());
        identityCenter = EmulatorIdentityCenter.connect(emulator.endpoint()).install(proxy);
        String user = identityCenter.createUser("pat@example.com", "Pat Example", List.of(new UserEmail("pat@example.com", "work", true)));
        String group = identityCenter.createGroup("Ops");
        identityCenter.addMember(group, user);
        String ps = identityCenter.createPermissionSet("PowerUserAccess");
        identityCenter.assignGroup("444444444444", ps, group);
    }

    @AfterAll
    void stop() {
        proxy.close();
        identityCenter.close();
    }

    private IdentityCenterHandler handler(Instant now, IdentityCenterConfig config) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new IdentityCenterHandler(IdentityCenterFactory.create(config, Emulator.defaultCredentials(), Region.US_EAST_1,
                new JsonLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)), clock, d -> { },
                new Random(1)), clock);
    }

    @Test
    void answers_where_and_what_it_exported_and_locks_the_export_for_the_configured_days() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        IdentityCenterConfig config = IdentityCenterConfig.of(LOCKED_BUCKET, proxy.endpoint())
                .withLock(new ObjectLockRetention(ObjectLockRetention.Mode.GOVERNANCE, 30));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler(now, config).handleRequest(new ByteArrayInputStream("{\"source\":\"aws.scheduler\"}".getBytes(StandardCharsets.UTF_8)),
                out, new StandInContext("arn:aws:lambda:us-east-1:123456789012:function:stocktake-identity-center-export", 60_000));

        JsonNode answer = new ObjectMapper().readTree(out.toByteArray());
        String key = IdentityCenterExporter.key("identity-center/", now.atZone(ZoneOffset.UTC).toLocalDate());
        assertThat(answer.path("location").asText()).isEqualTo("s3://" + LOCKED_BUCKET + "/" + key);
        assertThat(answer.path("outcome").asText()).isEqualTo("CREATED");
        assertThat(answer.path("users").asInt()).isEqualTo(1);
        assertThat(answer.path("groups").asInt()).isEqualTo(1);
        assertThat(answer.path("assignments").asInt()).isEqualTo(1);
        assertThat(answer.path("memberAssignments").asInt()).isEqualTo(1);
        try (S3Client s3 = org.s3()) {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(LOCKED_BUCKET).key(key));
            assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
            assertThat(head.objectLockRetainUntilDate()).isEqualTo(now.plus(Duration.ofDays(30)));
            assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
            assertThat(head.metadata()).containsEntry("exported-at", now.toString()).containsKey("exporter-version");
            String version = s3.listObjectVersions(r -> r.bucket(LOCKED_BUCKET).prefix(key)).versions().getFirst().versionId();
            assertThatThrownBy(() -> s3.deleteObject(r -> r.bucket(LOCKED_BUCKET).key(key).versionId(version)))
                    .isInstanceOf(S3Exception.class);
        }
    }

    @Test
    void a_failed_export_fails_the_invocation() {
        IdentityCenterConfig config = IdentityCenterConfig.of(LOCKED_BUCKET, proxy.endpoint())
                .withInstanceArn("arn:aws:sso:::instance/ssoins-9999888877776666");

        assertThatThrownBy(() -> handler(Instant.now(), config).handleRequest(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), new StandInContext("arn:aws:lambda:us-east-1:123456789012:function:x", 60_000)))
                .isInstanceOf(IdentityCenterException.class).hasMessageContaining("is not an instance this account sees");
    }
}
