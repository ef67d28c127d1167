package dev.stocktake.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.collector.CollectionException.Step;
import dev.stocktake.collector.details.DetailsOutcome;
import dev.stocktake.support.storage.ObjectLockRetention;
import dev.stocktake.collector.storage.ReportStore;
import dev.stocktake.collector.storage.StoredReport.Outcome;
import dev.stocktake.collector.testing.Harness;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.EmulatorOrganization.MemberAccount;
import dev.stocktake.emulator.EmulatorOrganization.UserSpec;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.report.ReportKeys;
import dev.stocktake.support.aws.AwsClientDefaults;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.testing.MutableClock;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context.BeforeExecution;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The IAM details file (issue 17) against the emulator: what it lists (users and their tags, Identity Center roles and
 * their last use), where and how it is written, and that no details failure ever costs the report. Faults the
 * emulator never produces come from {@link FaultInjectingProxy}; the file is read back with Jackson's tree model.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IamDetailsTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SSO = "/aws-reserved/sso.amazonaws.com/";
    private static final String ADMIN = "AWSReservedSSO_AdministratorAccess_0123456789abcdef";
    private static final String DATA_ENG = "AWSReservedSSO_Data_Eng_ReadOnly_fedcba9876543210";
    private static final String OTHER_REGION = "AWSReservedSSO_Billing_00112233aabbccdd";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":"
            + "\"arn:aws:iam::111122223333:saml-provider/AWSSSO_0123_DO_NOT_DELETE\"},\"Action\":[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"]}]}";
    /** A tag value that must never reach a log line. */
    private static final String SECRET_EMAIL = "alice.secret@example.com";

    private EmulatorOrganization org;
    private FaultInjectingProxy proxy;
    private S3Client s3;
    private MemberAccount member;
    private MemberAccount empty;
    private Map<String, String> userIds;
    private Instant adminUsedAfter;
    private Instant adminUsedBefore;

    private MutableClock clock;
    private Harness harness;
    private String bucket;

    @BeforeAll
    void seed(Emulator emulator) {
        org = EmulatorOrganization.create(emulator.endpoint());
        s3 = org.s3();
        // A name that needs encoding, as the report key has it.
        member = org.createAccount("team a/b #1 100%");
        empty = org.createAccount("empty-acct");
        org.createUsers(member.id(), List.of(UserSpec.console("alice", true), UserSpec.keysOnly("bob+ci@corp", 1),
                new UserSpec("svc.batch_job-1", "/services/batch/", false, false, 1), UserSpec.console("many-tags", false)));
        try (IamClient iam = org.iam(member.id())) {
            iam.tagUser(r -> r.userName("alice").tags(tag("email", SECRET_EMAIL), tag("owner", "team-a"), tag("Cost Center", "42")));
            iam.tagUser(r -> r.userName("svc.batch_job-1").tags(tag("owner", "データ基盤"), tag("purpose", "")));
            List<Tag> fifty = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                fifty.add(tag(String.format("k%02d", i), "v" + i));
            }
            iam.tagUser(r -> r.userName("many-tags").tags(fifty));
            iam.createRole(r -> r.roleName(ADMIN).path(SSO).assumeRolePolicyDocument(TRUST));
            iam.createRole(r -> r.roleName(DATA_ENG).path(SSO).assumeRolePolicyDocument(TRUST));
            // An instance outside us-east-1 adds its region to the path.
            iam.createRole(r -> r.roleName(OTHER_REGION).path(SSO + "eu-west-1/").assumeRolePolicyDocument(TRUST));
            // Not Identity Center's: left out.
            iam.createRole(r -> r.roleName("AWSReservedSSO_Fake_0123456789abcdef").path("/").assumeRolePolicyDocument(TRUST));
            iam.createRole(r -> r.roleName("deployer").path("/ci/").assumeRolePolicyDocument(TRUST));
            userIds = new LinkedHashMap<>();
            for (String user : List.of("alice", "bob+ci@corp", "many-tags", "svc.batch_job-1")) {
                userIds.put(user, iam.getUser(r -> r.userName(user)).user().userId());
            }
        }
        // Use the administrator role once, so the emulator records a last use (it stamps its own clock, no region).
        adminUsedAfter = Instant.now().minusSeconds(1);
        useRole(emulator, "arn:aws:iam::" + member.id() + ":role" + SSO + ADMIN);
        adminUsedBefore = Instant.now().plusSeconds(1);
        proxy = FaultInjectingProxy.start(emulator.endpoint());
    }

    private void useRole(Emulator emulator, String roleArn) {
        try (StsClient asMember = StsClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(org.credentialsFor(member.id())).build()) {
            var credentials = asMember.assumeRole(r -> r.roleArn(roleArn).roleSessionName("alice@example.com")).credentials();
            try (StsClient asRole = StsClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                            credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()))).build()) {
                asRole.getCallerIdentity();
            }
        }
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @AfterAll
    void stopProxy() {
        proxy.close();
    }

    @BeforeEach
    void freshBucket() {
        bucket = "details-test-" + BUCKETS.incrementAndGet();
        org.createBucket(bucket);
        s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        proxy.clearFaults();
        proxy.resetCounts();
        clock = new MutableClock(Instant.parse("2026-11-28T23:30:00Z"));
        harness = new Harness();
    }

    private CollectionResult collect(MemberAccount account) {
        return harness.collectorFor(org, account.id(), Harness.withDetails(proxy.endpoint(), bucket), clock)
                .collect(account.id(), Deadline.after(clock, Duration.ofMinutes(5)));
    }

    private String reportKey(MemberAccount account) {
        return ReportKeys.reportKey("credential-reports/", LocalDate.of(2026, 11, 28), account.name(), account.id());
    }

    private String detailsKey(MemberAccount account) {
        return ReportKeys.detailsKey("iam-details/", LocalDate.of(2026, 11, 28), account.name(), account.id());
    }

    private List<String> objects() {
        return s3.listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).sorted().toList();
    }

    private List<JsonNode> lines(String key) {
        String body = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
        assertThat(body).endsWith("\n");
        return body.lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not one JSON object: " + line, e);
            }
        }).toList();
    }

    private byte[] reportFromIam() {
        try (IamClient iam = org.iam(member.id())) {
            return iam.getCredentialReport().content().asByteArray();
        }
    }

    private static Map<String, String> tagsOf(JsonNode user) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = user.get("tags").fields(); it.hasNext(); ) {
            var entry = it.next();
            tags.put(entry.getKey(), entry.getValue().asText());
        }
        return tags;
    }

    @Test
    void lists_every_user_with_its_tags_and_every_identity_center_role_beside_the_report_under_the_same_day_name_and_id() {
        CollectionResult result = collect(member);

        assertThat(objects()).containsExactly("credential-reports/2026/11/28/team%20a%2Fb%20%231%20100%25@" + member.id() + ".csv",
                "iam-details/2026/11/28/team%20a%2Fb%20%231%20100%25@" + member.id() + ".json");
        assertThat(ReportKeys.parseDetails(detailsKey(member).substring("iam-details/".length())))
                .isEqualTo(ReportKeys.parse(result.stored().key().substring("credential-reports/".length())));
        assertThat(result.detailsWritten()).isTrue();
        var written = (DetailsOutcome.Written) result.details();
        assertThat(written.stored().key()).isEqualTo(detailsKey(member));
        assertThat(written.stored().outcome()).isEqualTo(Outcome.CREATED);
        assertThat(written.users()).isEqualTo(4);
        assertThat(written.ssoRoles()).isEqualTo(3);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key(result.stored().key())).asByteArray())
                .as("the report stays byte-exact").isEqualTo(reportFromIam());

        List<JsonNode> lines = lines(detailsKey(member));
        assertThat(lines).hasSize(1 + 4 + 3);
        JsonNode collection = lines.getFirst();
        assertThat(collection.toString()).isEqualTo("{\"kind\":\"collection\",\"account_id\":\"" + member.id()
                + "\",\"collected_at\":\"2026-11-28T23:30:00Z\",\"users\":4,\"sso_roles\":3}");

        List<JsonNode> users = lines.subList(1, 5);
        assertThat(users).extracting(u -> u.get("kind").asText()).containsOnly("user");
        assertThat(users).extracting(u -> u.get("user_name").asText())
                .as("sorted by name").containsExactly("alice", "bob+ci@corp", "many-tags", "svc.batch_job-1");
        for (JsonNode user : users) {
            String name = user.get("user_name").asText();
            assertThat(user.get("user_id").asText()).isEqualTo(userIds.get(name));
            assertThat(user.get("arn").asText()).isEqualTo("arn:aws:iam::" + member.id() + ":user/"
                    + (name.equals("svc.batch_job-1") ? "services/batch/" : "") + name);
        }
        assertThat(tagsOf(users.get(0))).containsExactly(Map.entry("Cost Center", "42"), Map.entry("email", SECRET_EMAIL),
                Map.entry("owner", "team-a"));
        assertThat(users.get(1).get("tags").isObject()).isTrue();
        assertThat(tagsOf(users.get(1))).as("no tags: an empty object").isEmpty();
        assertThat(tagsOf(users.get(2))).hasSize(50).containsEntry("k00", "v0").containsEntry("k49", "v49");
        assertThat(tagsOf(users.get(3))).containsExactly(Map.entry("owner", "データ基盤"), Map.entry("purpose", ""));

        List<JsonNode> roles = lines.subList(5, 8);
        assertThat(roles).extracting(r -> r.get("kind").asText()).containsOnly("sso_role");
        assertThat(roles).extracting(r -> r.get("role_name").asText()).containsExactly(ADMIN, OTHER_REGION, DATA_ENG);
        assertThat(roles).extracting(r -> r.get("permission_set_name").asText())
                .containsExactly("AdministratorAccess", "Billing", "Data_Eng_ReadOnly");
        assertThat(roles.get(0).get("arn").asText()).isEqualTo("arn:aws:iam::" + member.id() + ":role" + SSO + ADMIN);
        assertThat(roles.get(1).get("arn").asText()).isEqualTo("arn:aws:iam::" + member.id() + ":role" + SSO + "eu-west-1/" + OTHER_REGION);
        // The emulator's GetRole records the administrator role's use (at its own clock, without a region).
        assertThat(Instant.parse(roles.get(0).get("last_used").asText())).isBetween(adminUsedAfter, adminUsedBefore);
        assertThat(roles.get(0).get("last_used_region").isNull()).isTrue();
        for (JsonNode unused : List.of(roles.get(1), roles.get(2))) {
            assertThat(unused.has("last_used")).isTrue();
            assertThat(unused.get("last_used").isNull()).as("never used").isTrue();
            assertThat(unused.get("last_used_region").isNull()).isTrue();
        }
    }

    @Test
    void carries_the_reports_protections_and_metadata() {
        CollectionResult result = collect(member);

        var head = s3.headObject(r -> r.bucket(bucket).key(detailsKey(member)));
        assertThat(head.contentType()).isEqualTo("application/x-ndjson");
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(head.metadata()).containsEntry(ReportStore.META_ACCOUNT_ID, member.id())
                .containsEntry(ReportStore.META_ACCOUNT_NAME, "team%20a%2Fb%20%231%20100%25")
                .containsEntry(ReportStore.META_COLLECTED_AT, result.collectedAt().toString())
                .containsEntry(ReportStore.META_COLLECTOR_VERSION, CollectorFactory.version());
        try (S3Client asMember = S3Client.builder().endpointOverride(org.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(org.credentialsFor(member.id())).build()) {
            assertThat(asMember.getObjectTagging(r -> r.bucket(bucket).key(detailsKey(member))).tagSet())
                    .containsExactly(software.amazon.awssdk.services.s3.model.Tag.builder()
                            .key(ReportStore.ACCOUNT_TAG).value(member.id()).build());
        }
        // Each write is conditional, as the report's: If-None-Match for both, nothing more on a first run.
        assertThat(proxy.calls("s3:PutObject")).isEqualTo(2);
        assertThat(proxy.calls("s3:HeadObject")).isZero();
        assertThat(harness.logLines()).filteredOn(l -> l.contains("\"credential report stored\"")).singleElement().asString()
                .contains("\"detailsWritten\":true").contains("\"detailsKey\":\"" + detailsKey(member) + "\"");
        assertThat(String.join("\n", harness.logLines())).doesNotContain(SECRET_EMAIL).doesNotContain("alice")
                .doesNotContain("many-tags").doesNotContain("WARN");
    }

    @Test
    void a_same_day_rerun_replaces_the_details_file_and_keeps_the_earlier_version() {
        CollectionResult first = collect(member);
        try (IamClient iam = org.iam(member.id())) {
            iam.tagUser(r -> r.userName("bob+ci@corp").tags(tag("owner", "platform")));
        }
        clock.advance(Duration.ofMinutes(15));

        CollectionResult again = collect(member);

        var written = (DetailsOutcome.Written) again.details();
        assertThat(written.stored().key()).isEqualTo(((DetailsOutcome.Written) first.details()).stored().key());
        assertThat(written.stored().outcome()).isEqualTo(Outcome.REPLACED_OWN);
        assertThat(written.stored().attempts()).as("If-None-Match refused, then If-Match with the HEAD's ETag").isEqualTo(2);
        assertThat(objects()).containsExactly(reportKey(member), detailsKey(member));
        List<JsonNode> lines = lines(detailsKey(member));
        assertThat(lines.getFirst().get("collected_at").asText()).isEqualTo("2026-11-28T23:45:00Z");
        assertThat(tagsOf(lines.get(2))).containsExactly(Map.entry("owner", "platform"));
        var versions = s3.listObjectVersions(r -> r.bucket(bucket).prefix(detailsKey(member))).versions();
        assertThat(versions).hasSize(2);
        var earlier = versions.stream().filter(v -> !v.isLatest()).findFirst().orElseThrow();
        assertThat(s3.headObject(r -> r.bucket(bucket).key(detailsKey(member)).versionId(earlier.versionId())).metadata())
                .containsEntry(ReportStore.META_COLLECTED_AT, "2026-11-28T23:30:00Z");
        try (IamClient iam = org.iam(member.id())) {
            iam.untagUser(r -> r.userName("bob+ci@corp").tagKeys("owner"));
        }
    }

    @Test
    void an_account_without_users_or_identity_center_roles_gets_a_file_of_one_line() {
        CollectionResult result = collect(empty);

        assertThat(result.detailsWritten()).isTrue();
        assertThat(lines(detailsKey(empty))).singleElement().asString().isEqualTo("{\"kind\":\"collection\",\"account_id\":\""
                + empty.id() + "\",\"collected_at\":\"2026-11-28T23:30:00Z\",\"users\":0,\"sso_roles\":0}");
    }

    @Test
    void access_denied_on_list_user_tags_stores_the_report_but_no_details_and_says_so_without_names_or_tag_values() throws Exception {
        // AWS's own message quotes the user's ARN: it must not travel into the log or the result.
        proxy.failAlways("iam:ListUserTags", Fault.accessDenied("User: arn:aws:sts::" + member.id()
                + ":assumed-role/stocktake-collector/x is not authorized to perform: iam:ListUserTags on resource: user alice"));
        var handler = new CollectorHandler(harness.collectorFor(org, member.id(), Harness.withDetails(proxy.endpoint(), bucket), clock),
                clock);
        var out = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(new byte[0]), out,
                new FakeContext("arn:aws:lambda:us-east-1:" + member.id() + ":function:stocktake-collector"));

        assertThat(objects()).containsExactly(reportKey(member));
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key(reportKey(member))).asByteArray()).isEqualTo(reportFromIam());
        assertThat(proxy.calls("iam:ListUserTags")).as("access denied is not retried").isEqualTo(1);
        JsonNode response = JSON.readTree(out.toByteArray());
        assertThat(response.get("accountId").asText()).isEqualTo(member.id());
        assertThat(response.get("location").asText()).isEqualTo("s3://" + bucket + "/" + reportKey(member));
        assertThat(response.get("outcome").asText()).isEqualTo("CREATED");
        assertThat(response.get("detailsWritten").asBoolean()).isFalse();
        assertThat(response.has("detailsLocation")).isFalse();
        assertThat(response.get("detailsReason").asText()).contains(member.id()).contains("READ_DETAILS")
                .contains("iam:ListUserTags failed: AccessDenied (HTTP 403)")
                .contains("Check that the collector role may call iam:ListUserTags")
                .contains("The credential report was stored; the IAM details file was not written.")
                .doesNotContain("alice");

        List<String> log = harness.logLines();
        assertThat(log).filteredOn(l -> l.contains("\"level\":\"WARN\"")).singleElement().asString()
                .contains("IAM details file NOT written")
                .contains("\"accountId\":\"" + member.id() + "\"")
                .contains("\"step\":\"READ_DETAILS\"").contains("\"reason\":\"AWS_ERROR\"")
                .contains("{\"Name\":\"DetailsNotWritten\",\"Unit\":\"Count\"}").contains("\"DetailsNotWritten\":1");
        assertThat(log).filteredOn(l -> l.contains("\"credential report stored\"")).singleElement().asString()
                .contains("\"ReportsStored\":1").contains("\"detailsWritten\":false").contains("\"detailsKey\":null");
        String all = String.join("\n", log);
        for (String name : userIds.keySet()) {
            assertThat(all).doesNotContain(name);
        }
        assertThat(all).doesNotContain(SECRET_EMAIL).doesNotContain("team-a").doesNotContain("\"level\":\"ERROR\"");
    }

    @Test
    void the_handler_answers_where_the_details_file_is_when_it_was_written() throws Exception {
        var handler = new CollectorHandler(harness.collectorFor(org, member.id(), Harness.withDetails(proxy.endpoint(), bucket), clock),
                clock);
        var out = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(new byte[0]), out,
                new FakeContext("arn:aws:lambda:us-east-1:" + member.id() + ":function:stocktake-collector"));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"accountId\":\"" + member.id() + "\",\"location\":\"s3://"
                + bucket + "/" + reportKey(member) + "\",\"outcome\":\"CREATED\",\"detailsWritten\":true,\"detailsLocation\":\"s3://"
                + bucket + "/" + detailsKey(member) + "\"}");
    }

    @Test
    void throttling_is_retried_with_the_collectors_backoff_and_the_details_still_land() {
        // More than the SDK's own three attempts on each: the collector's retries take over.
        proxy.failNext("iam:ListUsers", 4, Fault.throttling());
        proxy.failNext("iam:GetRole", 4, Fault.throttling());

        CollectionResult result = collect(member);

        assertThat(result.detailsWritten()).isTrue();
        assertThat(proxy.faults("iam:ListUsers")).isEqualTo(4);
        assertThat(proxy.calls("iam:ListUsers")).isEqualTo(5);
        assertThat(proxy.calls("iam:GetRole")).isEqualTo(3 + 4);
        assertThat(lines(detailsKey(member))).hasSize(8);
    }

    @Test
    void a_role_last_use_with_its_region_is_read_from_get_role() {
        // The emulator never records a region: shape GetRole's answer as AWS gives it for a role used in Tokyo.
        proxy.transformResponses("iam:GetRole", (accessKeyId, body) -> {
            String xml = new String(body, StandardCharsets.UTF_8);
            if (!xml.contains("<RoleName>" + DATA_ENG + "</RoleName>")) {
                return body;
            }
            return xml.replaceAll("<RoleLastUsed/>|<RoleLastUsed>.*?</RoleLastUsed>",
                    "<RoleLastUsed><LastUsedDate>2026-11-30T01:02:03Z</LastUsedDate><Region>ap-northeast-1</Region></RoleLastUsed>")
                    .getBytes(StandardCharsets.UTF_8);
        });
        try {
            collect(member);
        } finally {
            proxy.transformResponses("iam:GetRole", (accessKeyId, body) -> body);
        }

        JsonNode dataEng = lines(detailsKey(member)).stream().filter(l -> DATA_ENG.equals(l.path("role_name").asText()))
                .findFirst().orElseThrow();
        assertThat(dataEng.get("last_used").asText()).isEqualTo("2026-11-30T01:02:03Z");
        assertThat(dataEng.get("last_used_region").asText()).isEqualTo("ap-northeast-1");
        assertThat(dataEng.get("permission_set_name").asText()).isEqualTo("Data_Eng_ReadOnly");
    }

    @Test
    void user_tags_are_read_page_by_page() {
        // The emulator answers in one page: a first page that says "more" makes the paginator ask again with its marker.
        proxy.failNext("iam:ListUserTags", 1, new Fault.Canned(200, "text/xml",
                "<ListUserTagsResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListUserTagsResult>"
                        + "<Tags><member><Key>from-page-1</Key><Value>x</Value></member></Tags><IsTruncated>true</IsTruncated>"
                        + "<Marker>page-2</Marker></ListUserTagsResult><ResponseMetadata><RequestId>p1</RequestId></ResponseMetadata>"
                        + "</ListUserTagsResponse>"));

        collect(member);

        assertThat(proxy.calls("iam:ListUserTags")).as("one page more than users").isEqualTo(4 + 1);
        JsonNode alice = lines(detailsKey(member)).get(1);
        assertThat(alice.get("user_name").asText()).isEqualTo("alice");
        assertThat(tagsOf(alice)).containsOnlyKeys("from-page-1", "Cost Center", "email", "owner");
    }

    @Test
    void a_user_deleted_between_list_users_and_list_user_tags_is_left_out() {
        proxy.failNext("iam:ListUserTags", 1, Fault.error(404, "NoSuchEntity", "The user with name alice cannot be found."));

        CollectionResult result = collect(member);

        assertThat(((DetailsOutcome.Written) result.details()).users()).isEqualTo(3);
        List<JsonNode> lines = lines(detailsKey(member));
        assertThat(lines.getFirst().get("users").asInt()).isEqualTo(3);
        assertThat(lines.subList(1, 4)).extracting(u -> u.get("user_name").asText())
                .containsExactly("bob+ci@corp", "many-tags", "svc.batch_job-1");
    }

    @Test
    void running_out_of_time_on_the_details_keeps_the_report_and_says_deadline_exceeded() {
        proxy.failAlways("iam:ListRoles", Fault.throttling());

        CollectionResult result = harness.collectorFor(org, member.id(), Harness.withDetails(proxy.endpoint(), bucket), clock)
                .collect(member.id(), Deadline.after(clock, Duration.ofSeconds(30)));

        assertThat(objects()).containsExactly(reportKey(member));
        var notWritten = (DetailsOutcome.NotWritten) result.details();
        assertThat(notWritten.step()).isEqualTo(Step.READ_DETAILS);
        assertThat(notWritten.reason()).contains("iam:ListRoles kept failing until the deadline (last error: Throttling (HTTP 400))")
                .contains("The credential report was stored");
        assertThat(harness.logLines()).anySatisfy(l -> assertThat(l).contains("\"level\":\"WARN\"")
                .contains("\"reason\":\"DEADLINE_EXCEEDED\"").contains("\"DetailsNotWritten\":1"));
    }

    @Test
    void a_denied_details_write_keeps_the_report_and_names_the_prefix() {
        // S3 refusing the details key only (as a bucket policy without the iam-details prefix would): an SDK interceptor.
        ExecutionInterceptor denyDetails = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest put && put.key().startsWith("iam-details/")) {
                    throw S3Exception.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("AccessDenied").errorMessage("Access Denied").build()).build();
                }
            }
        };
        Collector collector = CollectorFactory.create(Harness.withDetails(proxy.endpoint(), bucket), org.credentialsFor(member.id()),
                Region.US_EAST_1, new JsonLog(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())), clock, clock::advance, new Random(7), AwsClientDefaults.httpClient(),
                AwsClientDefaults.overrides().toBuilder().addExecutionInterceptor(denyDetails).build());

        CollectionResult result = collector.collect(member.id(), Deadline.after(clock, Duration.ofMinutes(5)));

        assertThat(objects()).containsExactly(reportKey(member));
        assertThat(result.stored().outcome()).isEqualTo(Outcome.CREATED);
        var notWritten = (DetailsOutcome.NotWritten) result.details();
        assertThat(notWritten.step()).isEqualTo(Step.WRITE_DETAILS);
        assertThat(notWritten.reason()).contains("PutObject s3://" + bucket + "/" + detailsKey(member) + " failed: AccessDenied (HTTP 403)")
                .contains("s3:PutObject and s3:PutObjectTagging on the IAM details prefix");
    }

    @Test
    void with_object_lock_configured_the_details_file_carries_the_reports_retention() {
        String locked = "details-locked-" + BUCKETS.incrementAndGet();
        s3.createBucket(r -> r.bucket(locked).objectLockEnabledForBucket(true));
        CollectorConfig config = new CollectorConfig(locked, "credential-reports/", Harness.ORG_READ_ROLE, ZoneId.of("UTC"), null,
                proxy.endpoint(), new ObjectLockRetention(ObjectLockRetention.Mode.GOVERNANCE, 30), "iam-details/");

        CollectionResult result = harness.collectorFor(org, member.id(), config, clock)
                .collect(member.id(), Deadline.after(clock, Duration.ofMinutes(5)));

        assertThat(result.detailsWritten()).isTrue();
        var head = s3.headObject(r -> r.bucket(locked).key(detailsKey(member)));
        assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
        assertThat(head.objectLockRetainUntilDate()).isEqualTo(result.collectedAt().plus(Duration.ofDays(30)));
    }

    @Test
    void switched_off_writes_the_report_alone_and_calls_no_iam_details_api() {
        CollectionResult result = harness.collectorFor(org, member.id(), Harness.config(proxy.endpoint(), bucket), clock)
                .collect(member.id(), Deadline.after(clock, Duration.ofMinutes(5)));

        assertThat(result.details()).isInstanceOf(DetailsOutcome.Disabled.class);
        assertThat(result.detailsWritten()).isFalse();
        assertThat(objects()).containsExactly(reportKey(member));
        for (String operation : List.of("iam:ListUsers", "iam:ListUserTags", "iam:ListRoles", "iam:GetRole")) {
            assertThat(proxy.calls(operation)).as(operation).isZero();
        }
        assertThat(harness.logLines()).noneMatch(l -> l.contains("WARN") || l.contains("DetailsNotWritten"));
    }

    private record FakeContext(String functionArn) implements Context {
        @Override public String getAwsRequestId() { return "test-request"; }
        @Override public String getLogGroupName() { return "/aws/lambda/stocktake-collector"; }
        @Override public String getLogStreamName() { return "test"; }
        @Override public String getFunctionName() { return "stocktake-collector"; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() { return functionArn; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 300_000; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}
