package dev.stocktake.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.storage.ObjectLockRetention;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The export's Object Lock retention (EXPORT_LOCK_MODE / EXPORT_LOCK_DAYS) against the emulator's S3, on a bucket
 * created with Object Lock enabled and no default retention, like the central bucket: the export is locked for the
 * configured days from the write, a GOVERNANCE lock gives way only to a delete that asks to bypass it, a COMPLIANCE
 * lock not even then, and the same job without a lock writes to a bucket without Object Lock.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DirectoryExportObjectLockTest {

    private static final String LOCKED_BUCKET = "stocktake-locked";
    private static final String PLAIN_BUCKET = "stocktake-plain";

    private EmulatorOrganization org;
    private Emulator emulator;

    @BeforeAll
    void seed(Emulator emulator) {
        this.emulator = emulator;
        org = EmulatorOrganization.create(emulator.endpoint());
        org.createAccount("shop-prd");
        try (S3Client s3 = org.s3()) {
            s3.createBucket(r -> r.bucket(LOCKED_BUCKET).objectLockEnabledForBucket(true));
            s3.createBucket(r -> r.bucket(PLAIN_BUCKET));
        }
    }

    private DirectoryExporter.Export export(String bucket, ObjectLockRetention lock, Instant now) {
        DirectoryConfig config = new DirectoryConfig(bucket, "accounts/", ZoneOffset.UTC, null, emulator.endpoint(), lock);
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        JsonLog log = new JsonLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return DirectoryFactory.create(config, Emulator.defaultCredentials(), log, clock, d -> { }, new Random(1))
                .export(Deadline.after(clock, Duration.ofMinutes(5)));
    }

    private static String onlyVersion(S3Client s3, String bucket, String key) {
        var versions = s3.listObjectVersions(r -> r.bucket(bucket).prefix(key)).versions();
        assertThat(versions).hasSize(1);
        return versions.getFirst().versionId();
    }

    @Test
    void a_governance_export_is_locked_for_the_configured_days_and_gives_way_only_to_a_bypassing_delete() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        DirectoryExporter.Export export = export(LOCKED_BUCKET, new ObjectLockRetention(ObjectLockRetention.Mode.GOVERNANCE, 400), now);

        try (S3Client s3 = org.s3()) {
            String version = onlyVersion(s3, LOCKED_BUCKET, export.key());
            HeadObjectResponse head = s3.headObject(r -> r.bucket(LOCKED_BUCKET).key(export.key()).versionId(version));
            assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
            assertThat(head.objectLockRetainUntilDate()).isEqualTo(now.plus(Duration.ofDays(400)));

            assertThatThrownBy(() -> s3.deleteObject(r -> r.bucket(LOCKED_BUCKET).key(export.key()).versionId(version)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThat(onlyVersion(s3, LOCKED_BUCKET, export.key())).isEqualTo(version);

            // what an operator with s3:BypassGovernanceRetention does to remove a wrongly stored version
            s3.deleteObject(r -> r.bucket(LOCKED_BUCKET).key(export.key()).versionId(version).bypassGovernanceRetention(true));
            assertThat(s3.listObjectVersions(r -> r.bucket(LOCKED_BUCKET).prefix(export.key())).versions()).isEmpty();
        }
    }

    @Test
    void a_compliance_export_cannot_be_deleted_even_when_the_delete_asks_to_bypass() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plus(Duration.ofDays(3));
        DirectoryExporter.Export export = export(LOCKED_BUCKET, new ObjectLockRetention(ObjectLockRetention.Mode.COMPLIANCE, 1), now);

        try (S3Client s3 = org.s3()) {
            String version = onlyVersion(s3, LOCKED_BUCKET, export.key());
            assertThat(s3.headObject(r -> r.bucket(LOCKED_BUCKET).key(export.key()).versionId(version)).objectLockMode())
                    .isEqualTo(ObjectLockMode.COMPLIANCE);
            assertThatThrownBy(() -> s3.deleteObject(r -> r.bucket(LOCKED_BUCKET).key(export.key()).versionId(version)
                    .bypassGovernanceRetention(true)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThat(onlyVersion(s3, LOCKED_BUCKET, export.key())).isEqualTo(version);
        }
    }

    @Test
    void without_a_lock_the_export_goes_to_a_bucket_without_object_lock() {
        DirectoryExporter.Export export = export(PLAIN_BUCKET, null, Instant.parse("2026-11-28T01:00:00Z"));

        try (S3Client s3 = org.s3()) {
            assertThat(s3.getObjectAsBytes(r -> r.bucket(PLAIN_BUCKET).key(export.key())).asUtf8String())
                    .startsWith("account_id,account_name");
        }
    }

    @Test
    void a_locked_export_to_a_bucket_without_object_lock_fails_naming_the_bucket_and_the_lock() {
        assertThatThrownBy(() -> export(PLAIN_BUCKET, new ObjectLockRetention(ObjectLockRetention.Mode.GOVERNANCE, 30),
                Instant.parse("2026-11-29T01:00:00Z")))
                .isInstanceOf(DirectoryException.class)
                .hasMessageContaining("s3://" + PLAIN_BUCKET + "/accounts/2026/11/29/accounts.csv")
                .hasMessageContaining("Object Lock enabled")
                .hasMessageContaining("EXPORT_LOCK_MODE");
    }
}
