package dev.stocktake.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.stocktake.report.ReportKeys;
import dev.stocktake.support.storage.ObjectLockRetention;
import dev.stocktake.collector.storage.ReportStore;
import dev.stocktake.collector.storage.StoredReport.Outcome;
import dev.stocktake.collector.testing.Harness;
import dev.stocktake.support.testing.MutableClock;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.EmulatorOrganization.MemberAccount;
import dev.stocktake.emulator.EmulatorOrganization.UserSpec;
import dev.stocktake.emulator.junit.EmulatorExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The collector against the emulator, as it runs in production: an organization of member
 * accounts (two sharing a name, one with a space and a slash in its name), each with IAM users,
 * collected by the collector acting as each member account into a versioned bucket.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CollectorIntegrationTest {

    private static final String BUCKET = "stocktake-reports";
    private static final String DAY = "credential-reports/2026/11/28/";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T09:30:00Z"));
    private final Harness harness = new Harness();
    private EmulatorOrganization org;
    private S3Client s3;
    private List<MemberAccount> members;
    private final Map<String, CollectionResult> firstRun = new LinkedHashMap<>();

    @BeforeAll
    void seedAndCollectOnce(Emulator emulator) {
        org = EmulatorOrganization.create(emulator.endpoint());
        org.createBucket(BUCKET);
        s3 = org.s3();
        // As the central bucket is: versioned, so a same-day re-run keeps the earlier report.
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        members = List.of(
                org.createAccount("payments-prd"),
                org.createAccount("payments-prd"),
                org.createAccount("team a/b"),
                org.createAccount("data-stg"),
                org.createAccount("ops #1 100%"));
        for (MemberAccount member : members) {
            org.createUsers(member.id(), List.of(
                    UserSpec.console("alice", true),
                    UserSpec.console("bob+ops@example.com", false),
                    UserSpec.keysOnly("ci-deployer", 2),
                    new UserSpec("svc.batch_job-1", "/services/batch/", false, false, 1)));
        }
        for (MemberAccount member : members) {
            firstRun.put(member.id(), collect(member));
        }
    }

    private CollectionResult collect(MemberAccount member) {
        Collector collector = harness.collectorFor(org, member.id(), Harness.config(org.endpoint(), BUCKET), clock);
        return collector.collect(null, dev.stocktake.support.retry.Deadline.after(clock, java.time.Duration.ofMinutes(5)));
    }

    private List<String> keysOfTheDay() {
        return s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(DAY)).contents().stream().map(S3Object::key).sorted().toList();
    }

    @Test
    @Order(1)
    void stores_exactly_one_object_per_account_under_its_name_and_id_also_for_two_accounts_with_one_name() {
        assertThat(keysOfTheDay()).hasSize(members.size());
        assertThat(keysOfTheDay()).containsExactlyInAnyOrder(
                DAY + "payments-prd@" + members.get(0).id() + ".csv",
                DAY + "payments-prd@" + members.get(1).id() + ".csv",
                DAY + "team%20a%2Fb@" + members.get(2).id() + ".csv",
                DAY + "data-stg@" + members.get(3).id() + ".csv",
                DAY + "ops%20%231%20100%25@" + members.get(4).id() + ".csv");
        for (MemberAccount member : members) {
            assertThat(firstRun.get(member.id()).stored().outcome()).isEqualTo(Outcome.CREATED);
            assertThat(firstRun.get(member.id()).stored().attempts()).isEqualTo(1);
        }
        // Every key parses back, strictly, to the day, the account's name and its ID.
        for (String key : keysOfTheDay()) {
            assertThat(ReportKeys.parse(key.substring("credential-reports/".length()))).as(key).isPresent();
        }
        assertThat(keysOfTheDay().stream().map(key -> ReportKeys.parse(key.substring("credential-reports/".length())).orElseThrow()))
                .containsExactlyInAnyOrderElementsOf(members.stream()
                        .map(m -> new ReportKeys.ReportKey(java.time.LocalDate.of(2026, 11, 28), m.name(), m.id())).toList());
    }

    @Test
    @Order(2)
    void bodies_are_byte_identical_to_get_credential_report_and_both_same_named_accounts_keep_theirs() {
        for (MemberAccount member : members) {
            byte[] fromIam;
            try (IamClient iam = org.iam(member.id())) {
                fromIam = iam.getCredentialReport().content().asByteArray();
            }
            String key = firstRun.get(member.id()).stored().key();
            ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key));
            assertThat(stored.asByteArray()).as(key).isEqualTo(fromIam);
            assertThat(stored.asUtf8String()).as("the report of " + member.name() + " is its own")
                    .contains("arn:aws:iam::" + member.id() + ":user/alice")
                    .contains("arn:aws:iam::" + member.id() + ":user/services/batch/svc.batch_job-1");
            assertThat(firstRun.get(member.id()).rows()).isEqualTo(4);
        }
    }

    @Test
    @Order(3)
    void metadata_tag_content_type_and_encryption_describe_the_report() {
        MemberAccount member = members.get(2);
        CollectionResult result = firstRun.get(member.id());
        var head = s3.headObject(r -> r.bucket(BUCKET).key(result.stored().key()));
        assertThat(head.contentType()).isEqualTo("text/csv");
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(head.metadata()).containsEntry(ReportStore.META_ACCOUNT_ID, member.id())
                .containsEntry(ReportStore.META_ACCOUNT_NAME, "team%20a%2Fb")
                .containsEntry(ReportStore.META_NAME_SOURCE, "describe-account")
                .containsEntry(ReportStore.META_GENERATED_TIME, result.generatedTime().toString())
                .containsEntry(ReportStore.META_COLLECTED_AT, result.collectedAt().toString())
                .containsEntry(ReportStore.META_COLLECTOR_VERSION, CollectorFactory.version())
                .containsEntry(ReportStore.META_REPORT_LAYOUT, "standard")
                .doesNotContainKey(ReportStore.META_LAYOUT_DIFFERENCE)
                .doesNotContainKey(ReportStore.META_NAME_FALLBACK_REASON);
        assertThat(result.header().isStandard()).as("moto's report has today's 22 columns").isTrue();
        assertThat(head.objectLockMode()).as("no retention unless configured").isNull();
        assertThat(CollectorFactory.version()).isNotEqualTo("unknown");
        // moto keeps object tags per calling account (AWS keeps them on the object), so read them as the writer.
        List<Tag> tags;
        try (S3Client asMember = S3Client.builder().endpointOverride(org.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(org.credentialsFor(member.id())).build()) {
            tags = asMember.getObjectTagging(r -> r.bucket(BUCKET).key(result.stored().key())).tagSet();
        }
        assertThat(tags).containsExactly(Tag.builder().key(ReportStore.ACCOUNT_TAG).value(member.id()).build());
    }

    @Test
    @Order(4)
    void ends_with_one_structured_line_per_account_that_is_also_emf_metrics() {
        List<String> stored = harness.logLines().stream().filter(l -> l.contains("\"credential report stored\"")).toList();
        assertThat(stored).hasSize(members.size());
        String line = stored.get(2);
        assertThat(line).startsWith("{").endsWith("}")
                .contains("\"accountId\":\"" + members.get(2).id() + "\"")
                .contains("\"key\":\"" + DAY + "team%20a%2Fb@" + members.get(2).id() + ".csv\"")
                .contains("\"rows\":4")
                .contains("\"reportLayout\":\"standard\"")
                // moto answers the first GenerateCredentialReport with STARTED: one documented wait.
                .contains("\"retries\":1")
                .contains("\"durationsMs\":{")
                .contains("\"CloudWatchMetrics\":[{\"Namespace\":\"Stocktake\"")
                .contains("\"ReportsStored\":1")
                .doesNotContain("arn:aws:iam::" + members.get(2).id() + ":user/alice");
        assertThat(harness.logLines()).as("a standard report raises no layout warning")
                .noneMatch(l -> l.contains("\"level\":\"WARN\"") || l.contains(Collector.UNKNOWN_LAYOUT_METRIC));
    }

    @Test
    @Order(5)
    void a_same_day_rerun_replaces_each_accounts_own_object_and_versioning_keeps_the_earlier_one() {
        Map<String, String> eTagsBefore = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(DAY)).contents().stream()
                .collect(Collectors.toMap(S3Object::key, S3Object::eTag));
        clock.advance(java.time.Duration.ofHours(3));
        Map<String, CollectionResult> rerun = new LinkedHashMap<>();
        // Run in the other order: neither same-named account may touch the other's key.
        for (MemberAccount member : members.reversed()) {
            rerun.put(member.id(), collect(member));
        }
        assertThat(keysOfTheDay()).containsExactlyInAnyOrderElementsOf(eTagsBefore.keySet());
        for (MemberAccount member : members) {
            CollectionResult again = rerun.get(member.id());
            assertThat(again.stored().key()).isEqualTo(firstRun.get(member.id()).stored().key());
            assertThat(again.stored().outcome()).isEqualTo(Outcome.REPLACED_OWN);
            // If-None-Match (412), then If-Match with the ETag read by HEAD.
            assertThat(again.stored().attempts()).isEqualTo(2);
            assertThat(again.collectedAt()).isAfter(firstRun.get(member.id()).collectedAt());
            var head = s3.headObject(r -> r.bucket(BUCKET).key(again.stored().key()));
            assertThat(head.metadata()).containsEntry(ReportStore.META_ACCOUNT_ID, member.id())
                    .containsEntry(ReportStore.META_COLLECTED_AT, again.collectedAt().toString());
            assertThat(head.eTag()).as("the same report bytes").isEqualTo(eTagsBefore.get(again.stored().key()));

            var versions = s3.listObjectVersions(r -> r.bucket(BUCKET).prefix(again.stored().key())).versions();
            assertThat(versions).as("the earlier report is kept as a noncurrent version").hasSize(2);
            var earlier = versions.stream().filter(v -> !v.isLatest()).findFirst().orElseThrow();
            assertThat(s3.headObject(r -> r.bucket(BUCKET).key(again.stored().key()).versionId(earlier.versionId())).metadata())
                    .containsEntry(ReportStore.META_COLLECTED_AT, firstRun.get(member.id()).collectedAt().toString());
        }
    }

    @Test
    @Order(6)
    void with_object_lock_configured_every_report_version_carries_its_retention() {
        String lockedBucket = "stocktake-locked";
        s3.createBucket(r -> r.bucket(lockedBucket).objectLockEnabledForBucket(true));
        MemberAccount member = members.get(2);
        CollectorConfig config = new CollectorConfig(lockedBucket, "credential-reports/", Harness.ORG_READ_ROLE,
                java.time.ZoneId.of("UTC"), null, org.endpoint(), new ObjectLockRetention(ObjectLockRetention.Mode.COMPLIANCE, 400));

        CollectionResult first = harness.collectorFor(org, member.id(), config, clock)
                .collect(member.id(), dev.stocktake.support.retry.Deadline.after(clock, java.time.Duration.ofMinutes(5)));
        clock.advance(java.time.Duration.ofHours(1));
        CollectionResult again = harness.collectorFor(org, member.id(), config, clock)
                .collect(member.id(), dev.stocktake.support.retry.Deadline.after(clock, java.time.Duration.ofMinutes(5)));

        assertThat(first.stored().outcome()).isEqualTo(Outcome.CREATED);
        assertThat(again.stored().outcome()).isEqualTo(Outcome.REPLACED_OWN);
        var versions = s3.listObjectVersions(r -> r.bucket(lockedBucket).prefix(first.stored().key())).versions();
        assertThat(versions).hasSize(2);
        for (var version : versions) {
            CollectionResult run = version.isLatest() ? again : first;
            // HeadObject reports a version's retention as GetObjectRetention does; moto 5.2.1's server answers
            // GET ?retention with the object's body instead, so the SDK cannot parse it.
            var head = s3.headObject(r -> r.bucket(lockedBucket).key(first.stored().key()).versionId(version.versionId()));
            assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
            assertThat(head.objectLockRetainUntilDate()).isEqualTo(run.collectedAt().plus(java.time.Duration.ofDays(400)));
            assertThatThrownBy(() -> s3.deleteObject(r -> r.bucket(lockedBucket).key(first.stored().key())
                    .versionId(version.versionId())))
                    .as("a locked version cannot be deleted").isInstanceOf(S3Exception.class).hasMessageContaining("Access Denied");
        }
    }
}
