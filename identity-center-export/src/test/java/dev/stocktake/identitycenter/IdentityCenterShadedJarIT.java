package dev.stocktake.identitycenter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorIdentityCenter;
import dev.stocktake.emulator.EmulatorIdentityCenter.UserEmail;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.support.testing.DeployableJvm;
import dev.stocktake.support.testing.StandInContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The export handler from the deployable itself: {@code target/identity-center-export.jar} alone on the class path of a
 * fresh JVM, built by the no-arg constructor from environment variables only (the Region from {@code AWS_REGION}),
 * invoked once against the emulator. Runs after {@code package} (failsafe).
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IdentityCenterShadedJarIT {

    static final Path JAR = Path.of("target", "identity-center-export.jar");
    static final Path STAND_IN_CLASSES = Path.of("target", "identity-center-stand-in-classes");
    static final String BUCKET = "stocktake-shaded-identity-center";

    private EmulatorOrganization org;
    private EmulatorIdentityCenter identityCenter;
    private FaultInjectingProxy proxy;
    private DeployableJvm deployable;

    @BeforeAll
    void seed(Emulator emulator) throws IOException {
        assertThat(JAR).as("run after `package`").exists();
        org = EmulatorOrganization.create(emulator.endpoint());
        org.createBucket(BUCKET);
        proxy = FaultInjectingProxy.start(emulator.endpoint());
        identityCenter = EmulatorIdentityCenter.connect(emulator.endpoint()).install(proxy);
        String user = identityCenter.createUser("sam@example.com", "Sam Example", List.of(new UserEmail("sam@example.com", "work", true)));
        String ps = identityCenter.createPermissionSet("ViewOnlyAccess");
        identityCenter.assignUser("555555555555", ps, user);
        deployable = DeployableJvm.prepare(JAR, STAND_IN_CLASSES, IdentityCenterLambdaStandIn.class, StandInContext.class);
    }

    @AfterAll
    void stop() {
        proxy.close();
        identityCenter.close();
    }

    private Map<String, String> environment() {
        Map<String, String> env = DeployableJvm.awsEnvironment(proxy.endpoint());
        env.put("REPORT_BUCKET", BUCKET);
        return env;
    }

    @Test
    void the_deployable_alone_exports_the_instance() throws Exception {
        DeployableJvm.Run run = deployable.run(environment(), "{\"source\":\"aws.scheduler\"}");

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("\"Identity Center exported\"").contains("\"service\":\"stocktake-identity-center-export\"")
                .contains("RESPONSE {\"location\":\"s3://" + BUCKET + "/identity-center/").contains("\"users\":1,")
                .contains("\"assignments\":1,").doesNotContain("sam@example.com");
        assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("SLF4J");
        String key = IdentityCenterExporter.key("identity-center/", LocalDate.now(ZoneOffset.UTC));
        try (S3Client s3 = org.s3()) {
            assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String())
                    .contains("\"user_name\":\"sam@example.com\"").contains("\"account_id\":\"555555555555\"");
        }
    }

    @Test
    void a_missing_variable_fails_the_init_naming_it() throws Exception {
        Map<String, String> env = environment();
        env.remove("REPORT_BUCKET");

        DeployableJvm.Run run = deployable.run(env, "{}");

        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).contains("REPORT_BUCKET is not set");
    }
}
