package dev.stocktake.identitycenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorIdentityCenter;
import dev.stocktake.emulator.EmulatorIdentityCenter.ExternalId;
import dev.stocktake.emulator.EmulatorIdentityCenter.UserEmail;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.emulator.MotoApi;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The export against the emulator's Identity Center (moto's identitystore and sso-admin) and S3: users with several
 * emails and external IDs, groups with and without members, a USER assignment, a GROUP assignment expanded to its two
 * members, a permission set provisioned to two accounts; the instance chosen or refused; faults mid-way write nothing;
 * a same-day re-run replaces the export with {@code If-Match}; the file byte for byte.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IdentityCenterExporterIntegrationTest {

    private static final String BUCKET = "stocktake-identity-center";
    private static final Instant NOW = Instant.parse("2026-12-03T05:00:12.345Z");
    static final String SHOP = "111111111111";
    static final String DATA = "222222222222";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmulatorOrganization org;
    private EmulatorIdentityCenter identityCenter;
    private FaultInjectingProxy proxy;
    private ByteArrayOutputStream logBytes;
    /** Placeholder in the expected file to the ID the emulator gave. */
    private final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeAll
    void seed(Emulator emulator) {
        // The same IDs every run: the expected file's line order follows them.
        new MotoApi(emulator).seed(17);
        org = EmulatorOrganization.create(emulator.endpoint());
        org.createBucket(BUCKET);
        proxy = FaultInjectingProxy.start(emulator.endpoint());
        identityCenter = EmulatorIdentityCenter.connect(emulator.endpoint()).install(proxy);
        ids.put("instance", identityCenter.instanceArn());
        ids.put("store", identityCenter.identityStoreId());
        String alice = identityCenter.createUser("alice@example.com", "Alice Liddell", List.of(
                new UserEmail("alice@example.com", "work", true), new UserEmail("a.liddell@home.example", "home", false)));
        identityCenter.setExternalIds(alice, List.of(new ExternalId("https://idp.example.com/", "00u1alice"),
                new ExternalId("https://scim.example.org/", "alice-7")));
        String bob = identityCenter.createUser("bob", "Bob Builder", List.of(new UserEmail("bob@example.com", "work", true)));
        String carol = identityCenter.createUser("carol@example.com", "Carol Ångström", List.of());
        String dave = identityCenter.createUser("dave@example.com", "Dave Null",
                List.of(new UserEmail("dave@example.com", null, null)));
        String admins = identityCenter.createGroup("Platform Admins");
        identityCenter.setExternalIds(admins, List.of(new ExternalId("https://idp.example.com/", "grp-admins")));
        String empty = identityCenter.createGroup("Nobody Yet");
        identityCenter.addMember(admins, bob);
        identityCenter.addMember(admins, carol);
        String admin = identityCenter.createPermissionSet("AdministratorAccess");
        String readOnly = identityCenter.createPermissionSet("ReadOnlyAccess");
        identityCenter.assignUser(SHOP, admin, alice);
        identityCenter.assignGroup(SHOP, admin, admins);
        identityCenter.assignGroup(DATA, admin, admins);
        identityCenter.assignGroup(DATA, readOnly, empty);
        identityCenter.assignUser(DATA, readOnly, dave);
        ids.putAll(Map.of("alice", alice, "bob", bob, "carol", carol, "dave", dave, "admins", admins, "empty", empty,
                "ps_admin", admin, "ps_readonly", readOnly));
    }

    @AfterAll
    void stop() {
        proxy.close();
        identityCenter.close();
    }

    @BeforeEach
    void clean() {
        proxy.clearFaults();
        proxy.resetCounts();
        logBytes = new ByteArrayOutputStream();
    }

    private IdentityCenterExporter exporter(IdentityCenterConfig config) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return IdentityCenterFactory.create(config, Emulator.defaultCredentials(), Region.US_EAST_1,
                new JsonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), "stocktake-identity-center-export"),
                clock, duration -> { }, new Random(1));
    }

    private IdentityCenterConfig config() {
        return IdentityCenterConfig.of(BUCKET, proxy.endpoint());
    }

    private IdentityCenterExporter.ExportResult export(LocalDate day) {
        return exporter(config()).export(day, NOW, Deadline.after(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5)));
    }

    private String read(String key) {
        try (S3Client s3 = org.s3()) {
            return s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String();
        }
    }

    private boolean exists(String key) {
        try (S3Client s3 = org.s3()) {
            s3.headObject(r -> r.bucket(BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private String expected() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("expected-identity-center.json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> id : ids.entrySet()) {
                text = text.replace("{" + id.getKey() + "}", id.getValue());
            }
            return text;
        }
    }

    private static List<JsonNode> lines(String body) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void writes_the_fixed_state_byte_for_byte() throws IOException {
        IdentityCenterExporter.ExportResult result = export(LocalDate.of(2026, 12, 3));

        assertThat(result.key()).isEqualTo("identity-center/2026/12/03/identity-center.json");
        assertThat(read(result.key())).isEqualTo(expected());
        assertThat(result.instanceArn()).isEqualTo(identityCenter.instanceArn());
        assertThat(result.users()).isEqualTo(4);
        assertThat(result.groups()).isEqualTo(2);
        assertThat(result.memberships()).isEqualTo(2);
        assertThat(result.assignments()).isEqualTo(5);
        assertThat(result.memberAssignments()).isEqualTo(4);
    }

    @Test
    void who_can_sign_in_to_an_account_counts_group_members_and_direct_users_but_not_the_empty_group() throws IOException {
        IdentityCenterExporter.ExportResult result = export(LocalDate.of(2026, 12, 4));

        Map<String, TreeSet<String>> signIn = new LinkedHashMap<>();
        Map<String, TreeSet<String>> principals = new LinkedHashMap<>();
        for (JsonNode line : lines(read(result.key()))) {
            if (line.path("kind").asText().equals("assignment")) {
                String account = line.path("account_id").asText();
                principals.computeIfAbsent(account, a -> new TreeSet<>()).add(line.path("principal_type").asText() + ":"
                        + line.path("principal_id").asText() + ":" + line.path("permission_set_name").asText());
                if (!line.path("user_id").isNull()) {
                    signIn.computeIfAbsent(account, a -> new TreeSet<>()).add(line.path("user_id").asText());
                }
                assertThat(line.has("user_id")).isTrue();
            }
        }
        assertThat(signIn.get(SHOP)).containsExactlyInAnyOrder(ids.get("alice"), ids.get("bob"), ids.get("carol"));
        assertThat(signIn.get(DATA)).containsExactlyInAnyOrder(ids.get("bob"), ids.get("carol"), ids.get("dave"));
        // the groups stay as groups, the empty one included
        assertThat(principals.get(DATA)).contains("GROUP:" + ids.get("admins") + ":AdministratorAccess",
                "GROUP:" + ids.get("empty") + ":ReadOnlyAccess", "USER:" + ids.get("dave") + ":ReadOnlyAccess");
    }

    @Test
    void counts_every_api_call_and_logs_no_user_name_or_email() {
        export(LocalDate.of(2026, 12, 5));

        // one page each: 1 instance list, users, groups, 2 membership lists, permission sets, 2 describes, 2 account
        // lists, 3 assignment lists (admin in 2 accounts, read-only in 1)
        int expected = 1 + 1 + 1 + 2 + 1 + 2 + 2 + 3;
        String log = logBytes.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("\"Identity Center exported\"").contains("\"apiCalls\":" + expected)
                .contains("\"IdentityCenterApiCalls\":" + expected)
                .contains("\"sso:ListAccountAssignments\":3").contains("\"identitystore:ListGroupMemberships\":2");
        int reached = List.of("sso:ListInstances", "identitystore:ListUsers", "identitystore:ListGroups",
                        "identitystore:ListGroupMemberships", "sso:ListPermissionSets", "sso:DescribePermissionSet",
                        "sso:ListAccountsForProvisionedPermissionSet", "sso:ListAccountAssignments").stream()
                .mapToInt(proxy::calls).sum();
        assertThat(reached).isEqualTo(expected);
        assertThat(log).doesNotContain("alice").doesNotContain("example.com").doesNotContain("Liddell")
                .doesNotContain("bob").doesNotContain("Platform Admins");
    }

    @Test
    void a_same_day_rerun_replaces_the_export_with_if_match_and_writes_the_same_bytes() {
        LocalDate day = LocalDate.of(2026, 12, 6);
        IdentityCenterExporter.ExportResult first = export(day);
        String firstBody = read(first.key());
        proxy.resetCounts();

        IdentityCenterExporter.ExportResult second = export(day);

        assertThat(first.outcome()).isEqualTo(IdentityCenterExporter.Outcome.CREATED);
        assertThat(second.outcome()).isEqualTo(IdentityCenterExporter.Outcome.REPLACED);
        assertThat(read(second.key())).isEqualTo(firstBody);
        // If-None-Match refused (412), HEAD for the ETag, If-Match accepted
        assertThat(proxy.calls("s3:PutObject")).isEqualTo(2);
        assertThat(proxy.calls("s3:HeadObject")).isEqualTo(1);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("\"outcome\":\"REPLACED\"");
    }

    @Test
    void the_export_day_follows_the_configured_time_zone() {
        // 05:00 UTC on 3 December is still 2 December in Honolulu
        IdentityCenterExporter.ExportResult result = exporter(config().withTimeZone(ZoneId.of("Pacific/Honolulu")))
                .export(Instant.parse("2026-12-03T05:00:12Z"));

        assertThat(result.key()).isEqualTo("identity-center/2026/12/02/identity-center.json");
        assertThat(read(result.key())).startsWith("{\"kind\":\"instance\",\"instance_arn\":\"" + identityCenter.instanceArn()
                + "\",\"identity_store_id\":\"" + identityCenter.identityStoreId() + "\",\"exported_at\":\"2026-12-03T05:00:12Z\"}\n");
    }

    @Test
    void throttled_calls_are_waited_out() {
        // The SDK tries each call 3 times itself; a fourth fault reaches the export's own retry (one listing read again).
        proxy.failNext("identitystore:ListGroupMemberships", 4, Fault.error(400, "ThrottlingException", "Rate exceeded"));
        proxy.failNext("sso:ListAccountAssignments", 4, Fault.error(500, "InternalServerException", "try again"));

        IdentityCenterExporter.ExportResult result = export(LocalDate.of(2026, 12, 7));

        assertThat(result.memberAssignments()).isEqualTo(4);
        assertThat(proxy.faults("identitystore:ListGroupMemberships")).isEqualTo(4);
        assertThat(proxy.faults("sso:ListAccountAssignments")).isEqualTo(4);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("\"retries\":2");
    }

    @Test
    void a_denied_call_mid_way_writes_nothing_and_names_the_action() {
        LocalDate day = LocalDate.of(2026, 12, 8);
        proxy.failAlways("sso:ListAccountAssignments", Fault.error(400, "AccessDeniedException",
                "User is not authorized to perform: sso:ListAccountAssignments"));

        assertThatThrownBy(() -> export(day))
                .isInstanceOf(IdentityCenterException.class)
                .hasMessageContaining("sso:ListAccountAssignments failed: AccessDeniedException")
                .hasMessageContaining("The export's role lacks sso:ListAccountAssignments")
                .hasMessageContaining("Nothing was written")
                .satisfies(e -> assertThat(((IdentityCenterException) e).reason()).isEqualTo(IdentityCenterException.Reason.AWS_ERROR));
        assertThat(proxy.calls("s3:PutObject")).isZero();
        assertThat(exists(IdentityCenterExporter.key("identity-center/", day))).isFalse();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("\"Identity Center NOT exported\"")
                .contains("\"IdentityCenterExportFailures\":1").contains("\"reason\":\"AWS_ERROR\"");
    }

    @Test
    void a_failure_after_the_first_pages_keeps_the_earlier_export_of_the_day() {
        LocalDate day = LocalDate.of(2026, 12, 9);
        String before = read(export(day).key());
        proxy.failAlways("identitystore:ListGroupMemberships", Fault.error(400, "ResourceNotFoundException", "gone"));

        assertThatThrownBy(() -> export(day)).isInstanceOf(IdentityCenterException.class)
                .hasMessageContaining("identitystore:ListGroupMemberships failed: ResourceNotFoundException");
        assertThat(read(IdentityCenterExporter.key("identity-center/", day))).isEqualTo(before);
    }

    @Test
    void a_refused_write_fails_naming_the_bucket_and_the_prefix() {
        proxy.failAlways("s3:PutObject", Fault.accessDenied("Access Denied"));

        assertThatThrownBy(() -> export(LocalDate.of(2026, 12, 10))).isInstanceOf(IdentityCenterException.class)
                .hasMessageContaining("PutObject s3://" + BUCKET + "/identity-center/2026/12/10/identity-center.json failed")
                .hasMessageContaining("s3:PutObject on the identity-center/ prefix");
    }

    @Test
    void a_same_day_rerun_without_head_rights_keeps_the_earlier_export_and_says_which_right() {
        LocalDate day = LocalDate.of(2026, 12, 15);
        String before = read(export(day).key());
        proxy.failAlways("s3:HeadObject", Fault.error(403, "AccessDenied", "Access Denied"));

        assertThatThrownBy(() -> export(day)).isInstanceOf(IdentityCenterException.class)
                .hasMessageContaining("already holds today's export, and replacing it needs its ETag, but HeadObject failed")
                .hasMessageContaining("s3:GetObject on the identity-center/ prefix")
                .hasMessageContaining("the earlier export stays");
        assertThat(read(IdentityCenterExporter.key("identity-center/", day))).isEqualTo(before);
    }

    @Test
    void a_key_that_keeps_changing_between_the_conditional_writes_is_a_conflict_and_nothing_is_written() {
        LocalDate day = LocalDate.of(2026, 12, 16);
        // every create refused as if the key existed, and every HEAD finds it gone again
        proxy.failAlways("s3:PutObject", Fault.error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold"));

        assertThatThrownBy(() -> export(day)).isInstanceOf(IdentityCenterException.class)
                .hasMessageContaining("kept changing between our conditional writes (5 tries)")
                .satisfies(e -> assertThat(((IdentityCenterException) e).reason()).isEqualTo(IdentityCenterException.Reason.CONFLICT));
        assertThat(proxy.calls("s3:PutObject")).isEqualTo(5);
        assertThat(exists(IdentityCenterExporter.key("identity-center/", day))).isFalse();
    }

    @Test
    void time_running_out_mid_way_writes_nothing() {
        LocalDate day = LocalDate.of(2026, 12, 17);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

        assertThatThrownBy(() -> exporter(config()).export(day, NOW, Deadline.after(clock, Duration.ZERO)))
                .isInstanceOf(IdentityCenterException.class)
                .hasMessageContaining("ran out of time after 3 API calls")
                .satisfies(e -> assertThat(((IdentityCenterException) e).reason())
                        .isEqualTo(IdentityCenterException.Reason.DEADLINE_EXCEEDED));
        assertThat(proxy.calls("s3:PutObject")).isZero();
        assertThat(exists(IdentityCenterExporter.key("identity-center/", day))).isFalse();
    }

    @Test
    void throttling_that_outlasts_the_deadline_gives_up_naming_the_call() {
        LocalDate day = LocalDate.of(2026, 12, 18);
        proxy.failAlways("identitystore:ListUsers", Fault.error(400, "ThrottlingException", "Rate exceeded"));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

        assertThatThrownBy(() -> exporter(config()).export(day, NOW, Deadline.after(clock, Duration.ofMillis(100))))
                .isInstanceOf(IdentityCenterException.class)
                .hasMessageContaining("identitystore:ListUsers: gave up after 1 attempt(s)")
                .hasMessageContaining("ThrottlingException")
                .hasMessageContaining("Nothing was written");
        assertThat(exists(IdentityCenterExporter.key("identity-center/", day))).isFalse();
    }

    @Test
    void no_instance_fails_saying_where_to_run() {
        proxy.failAlways("sso:ListInstances", new Fault.Canned(200, "application/x-amz-json-1.1", "{\"Instances\":[]}"));

        assertThatThrownBy(() -> export(LocalDate.of(2026, 12, 11))).isInstanceOf(IdentityCenterException.class)
                .hasMessageContaining("sso:ListInstances returned no Identity Center instance")
                .hasMessageContaining("management account or the Identity Center delegated administrator")
                .satisfies(e -> assertThat(((IdentityCenterException) e).reason()).isEqualTo(IdentityCenterException.Reason.INSTANCE));
        assertThat(proxy.calls("identitystore:ListUsers")).isZero();
        assertThat(proxy.calls("s3:PutObject")).isZero();
    }

    @Test
    void several_instances_need_instance_arn_and_the_configured_one_is_exported() {
        String other = "arn:aws:sso:::instance/ssoins-0000111122223333";
        proxy.failAlways("sso:ListInstances", new Fault.Canned(200, "application/x-amz-json-1.1",
                "{\"Instances\":[{\"InstanceArn\":\"" + other + "\",\"IdentityStoreId\":\"d-0000000000\",\"Status\":\"ACTIVE\"},"
                        + "{\"InstanceArn\":\"" + identityCenter.instanceArn() + "\",\"IdentityStoreId\":\""
                        + identityCenter.identityStoreId() + "\",\"Status\":\"ACTIVE\"}]}"));

        assertThatThrownBy(() -> export(LocalDate.of(2026, 12, 12))).isInstanceOf(IdentityCenterException.class)
                .hasMessageContaining("sso:ListInstances returned 2 instances")
                .hasMessageContaining(other).hasMessageContaining(identityCenter.instanceArn())
                .hasMessageContaining("INSTANCE_ARN is not set");

        IdentityCenterExporter.ExportResult chosen = exporter(config().withInstanceArn(identityCenter.instanceArn()))
                .export(LocalDate.of(2026, 12, 12), NOW, Deadline.after(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5)));
        assertThat(chosen.instanceArn()).isEqualTo(identityCenter.instanceArn());
        assertThat(chosen.users()).isEqualTo(4);

        assertThatThrownBy(() -> exporter(config().withInstanceArn("arn:aws:sso:::instance/ssoins-9999888877776666"))
                .export(LocalDate.of(2026, 12, 13), NOW, Deadline.after(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5))))
                .isInstanceOf(IdentityCenterException.class)
                .hasMessageContaining("INSTANCE_ARN=arn:aws:sso:::instance/ssoins-9999888877776666 is not an instance this"
                        + " account sees");
    }

    @Test
    void the_role_without_list_instances_is_told_so() {
        proxy.failAlways("sso:ListInstances", Fault.error(400, "AccessDeniedException", "not authorized"));

        assertThatThrownBy(() -> export(LocalDate.of(2026, 12, 14))).isInstanceOf(IdentityCenterException.class)
                .hasMessageContaining("sso:ListInstances failed: AccessDeniedException")
                .hasMessageContaining("lacks sso:ListInstances");
    }
}
