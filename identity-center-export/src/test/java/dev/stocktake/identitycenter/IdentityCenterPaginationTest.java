package dev.stocktake.identitycenter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

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
import dev.stocktake.support.retry.Deadline;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every list call follows its pages: the emulator answers 100 items a page (as AWS's largest page for these calls),
 * so 105 users, a group of 105 members, 101 permission sets and 101 assignments of one permission set in one account
 * each take two pages, and nothing is lost or doubled across them.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IdentityCenterPaginationTest {

    private static final String BUCKET = "stocktake-identity-center-pages";
    private static final Instant NOW = Instant.parse("2026-12-03T05:00:00Z");
    private static final String ACCOUNT = "333333333333";
    private static final int USERS = 105;
    private static final int PERMISSION_SETS = 101;

    private EmulatorOrganization org;
    private EmulatorIdentityCenter identityCenter;
    private FaultInjectingProxy proxy;
    private final Set<String> userIds = new HashSet<>();

    @BeforeAll
    void seed(Emulator emulator) {
        org = EmulatorOrganization.create(emulator.endpoint());
        org.createBucket(BUCKET);
        proxy = FaultInjectingProxy.start(emulator.endpoint());
        identityCenter = EmulatorIdentityCenter.connect(emulator.endpoint()).install(proxy);
        String everyone = identityCenter.createGroup("Everyone");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String id = identityCenter.createUser("user" + i + "@example.com", "User " + i,
                    List.of(new UserEmail("user" + i + "@example.com", "work", true)));
            identityCenter.addMember(everyone, id);
            users.add(id);
            userIds.add(id);
        }
        String assigned = identityCenter.createPermissionSet("Developer");
        for (int i = 1; i < PERMISSION_SETS; i++) {
            identityCenter.createPermissionSet("Unused" + i);
        }
        for (int i = 0; i < 101; i++) {
            identityCenter.assignUser(ACCOUNT, assigned, users.get(i));
        }
    }

    @AfterAll
    void stop() {
        proxy.close();
        identityCenter.close();
    }

    @Test
    void follows_every_page_of_every_list_call() throws IOException {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        IdentityCenterExporter exporter = IdentityCenterFactory.create(IdentityCenterConfig.of(BUCKET, proxy.endpoint()),
                Emulator.defaultCredentials(), Region.US_EAST_1, new JsonLog(new PrintStream(log, true, StandardCharsets.UTF_8)),
                clock, d -> { }, new Random(1));

        IdentityCenterExporter.ExportResult result = exporter.export(LocalDate.of(2026, 12, 3), NOW,
                Deadline.after(clock, Duration.ofMinutes(5)));

        assertThat(proxy.calls("identitystore:ListUsers")).isEqualTo(2);
        assertThat(proxy.calls("identitystore:ListGroupMemberships")).isEqualTo(2);
        assertThat(proxy.calls("sso:ListPermissionSets")).isEqualTo(2);
        assertThat(proxy.calls("sso:DescribePermissionSet")).isEqualTo(PERMISSION_SETS);
        assertThat(proxy.calls("sso:ListAccountsForProvisionedPermissionSet")).isEqualTo(PERMISSION_SETS);
        assertThat(proxy.calls("sso:ListAccountAssignments")).isEqualTo(2);
        int expectedCalls = 1 + 2 + 1 + 2 + 2 + PERMISSION_SETS + PERMISSION_SETS + 2;
        assertThat(result.apiCalls()).isEqualTo(expectedCalls);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"apiCalls\":" + expectedCalls);

        String body;
        try (S3Client s3 = org.s3()) {
            body = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(result.key())).asUtf8String();
        }
        ObjectMapper json = new ObjectMapper();
        Set<String> exportedUsers = new HashSet<>();
        Set<String> members = new HashSet<>();
        Set<String> assignedUsers = new HashSet<>();
        int userLines = 0;
        for (String line : body.split("\n")) {
            JsonNode node = json.readTree(line);
            switch (node.path("kind").asText()) {
                case "user" -> {
                    userLines++;
                    exportedUsers.add(node.path("user_id").asText());
                }
                case "membership" -> members.add(node.path("user_id").asText());
                case "assignment" -> assignedUsers.add(node.path("user_id").asText());
                default -> { }
            }
        }
        assertThat(userLines).isEqualTo(USERS);
        assertThat(exportedUsers).isEqualTo(userIds);
        assertThat(members).isEqualTo(userIds);
        assertThat(assignedUsers).hasSize(101).isSubsetOf(userIds);
        assertThat(result.users()).isEqualTo(USERS);
        assertThat(result.memberships()).isEqualTo(USERS);
        assertThat(result.assignments()).isEqualTo(101);
    }
}
