package dev.stocktake.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.EmulatorOrganization.MemberAccount;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.emulator.junit.EmulatorExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Tag;

/**
 * The directory export against the emulator's Organizations: nested OUs (names and IDs), tags, a suspended
 * account, the management account at the root, names that need CSV quoting.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DirectoryExporterIntegrationTest {

    private static final String BUCKET = "stocktake-directory";
    private static final Instant NOW = Instant.parse("2026-11-28T23:30:00Z");

    private EmulatorOrganization org;
    private FaultInjectingProxy proxy;
    private MemberAccount shopPrd;
    private MemberAccount shopDev;
    private MemberAccount sandbox;
    private MemberAccount closed;
    private String workloadsOu;
    private String prodOu;
    private String devOu;
    private String sandboxOu;
    private String rootId;
    private ByteArrayOutputStream logBytes;

    @BeforeAll
    void seed(Emulator emulator) {
        org = EmulatorOrganization.create(emulator.endpoint());
        org.createBucket(BUCKET);
        try (OrganizationsClient organizations = OrganizationsClient.builder().endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(Emulator.defaultCredentials())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            rootId = organizations.listRoots().roots().getFirst().id();
            workloadsOu = organizations.createOrganizationalUnit(r -> r.parentId(rootId).name("Workloads")).organizationalUnit().id();
            prodOu = organizations.createOrganizationalUnit(r -> r.parentId(workloadsOu).name("Prod")).organizationalUnit().id();
            devOu = organizations.createOrganizationalUnit(r -> r.parentId(workloadsOu).name("Dev")).organizationalUnit().id();
            sandboxOu = organizations.createOrganizationalUnit(r -> r.parentId(rootId).name("Sandbox")).organizationalUnit().id();
            shopPrd = org.createAccount("Shop, \"prod\"");
            shopDev = org.createAccount("shop-dev");
            sandbox = org.createAccount("sandbox-7");
            closed = org.createAccount("legacy-prd");
            move(organizations, shopPrd.id(), prodOu);
            move(organizations, shopDev.id(), devOu);
            move(organizations, sandbox.id(), sandboxOu);
            move(organizations, closed.id(), prodOu);
            organizations.tagResource(r -> r.resourceId(shopPrd.id()).tags(
                    Tag.builder().key("owner").value("team-shop").build(), Tag.builder().key("cost-center").value("4711").build()));
            organizations.tagResource(r -> r.resourceId(shopDev.id()).tags(Tag.builder().key("owner").value("team-shop").build()));
            organizations.closeAccount(r -> r.accountId(closed.id()));
        }
        proxy = FaultInjectingProxy.start(emulator.endpoint());
    }

    private void move(OrganizationsClient organizations, String account, String ou) {
        organizations.moveAccount(r -> r.accountId(account).sourceParentId(rootId).destinationParentId(ou));
    }

    @AfterAll
    void stop() {
        proxy.close();
    }

    @BeforeEach
    void clean() {
        proxy.clearFaults();
        proxy.resetCounts();
        logBytes = new ByteArrayOutputStream();
    }

    private DirectoryExporter exporter() {
        DirectoryConfig config = new DirectoryConfig(BUCKET, "accounts/", ZoneId.of("Asia/Tokyo"), null, proxy.endpoint());
        java.time.Clock clock = java.time.Clock.fixed(NOW, ZoneId.of("UTC"));
        return DirectoryFactory.create(config, Emulator.defaultCredentials(),
                new JsonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8)), clock, duration -> { }, new Random(1));
    }

    private List<String> exportedLines(DirectoryExporter.Export export) {
        try (var s3 = org.s3()) {
            return s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(export.key())).asUtf8String().lines().toList();
        }
    }

    private static String row(List<String> lines, String accountId) {
        return lines.stream().filter(l -> l.startsWith(accountId + ",")).findFirst().orElseThrow();
    }

    @Test
    void exports_every_account_with_status_ou_path_and_tags_dated_in_the_configured_zone() {
        DirectoryExporter.Export export = exporter().export(Deadline.after(java.time.Clock.fixed(NOW, ZoneId.of("UTC")),
                java.time.Duration.ofMinutes(5)));

        // 23:30 UTC is the next morning in Tokyo.
        assertThat(export.key()).isEqualTo("accounts/2026/11/29/accounts.csv");
        assertThat(export.accounts()).isEqualTo(5);
        assertThat(export.active()).isEqualTo(4);
        List<String> lines = exportedLines(export);
        assertThat(lines.getFirst()).isEqualTo("account_id,account_name,email,status,state,joined_method,joined_timestamp,parent_id,ou_path,tags,ou_id_path");
        assertThat(lines).hasSize(6);
        assertThat(row(lines, shopPrd.id())).startsWith(shopPrd.id() + ",\"Shop, \"\"prod\"\"\"," + shopPrd.email() + ",ACTIVE,ACTIVE,CREATED,")
                .endsWith("," + prodOu + ",Root/Workloads/Prod,\"{\"\"cost-center\"\":\"\"4711\"\",\"\"owner\"\":\"\"team-shop\"\"}\","
                        + rootId + "/" + workloadsOu + "/" + prodOu);
        assertThat(row(lines, shopDev.id())).endsWith("," + devOu + ",Root/Workloads/Dev,\"{\"\"owner\"\":\"\"team-shop\"\"}\","
                + rootId + "/" + workloadsOu + "/" + devOu);
        assertThat(row(lines, sandbox.id())).endsWith("," + sandboxOu + ",Root/Sandbox,{}," + rootId + "/" + sandboxOu);
        assertThat(row(lines, closed.id())).contains(",SUSPENDED,SUSPENDED,CREATED,")
                .endsWith("," + prodOu + ",Root/Workloads/Prod,{}," + rootId + "/" + workloadsOu + "/" + prodOu);
        assertThat(row(lines, Emulator.DEFAULT_ACCOUNT_ID)).endsWith("," + rootId + ",Root,{}," + rootId);
        assertThat(lines.stream().skip(1).map(l -> l.substring(0, 12)).toList()).isSorted();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("\"account directory exported\"")
                .contains("\"DirectoryActiveAccounts\":4");
    }

    @Test
    void throttled_organizations_calls_are_waited_out() {
        proxy.failNext("organizations:ListTagsForResource", 4, Fault.tooManyRequests());
        proxy.failNext("organizations:ListAccounts", 4, Fault.tooManyRequests());

        DirectoryExporter.Export export = exporter().export(Deadline.after(java.time.Clock.fixed(NOW, ZoneId.of("UTC")),
                java.time.Duration.ofMinutes(5)));

        assertThat(export.accounts()).isEqualTo(5);
        assertThat(proxy.faults("organizations:ListTagsForResource")).isEqualTo(4);
        assertThat(proxy.faults("organizations:ListAccounts")).isEqualTo(4);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("\"retries\":2");
    }

    @Test
    void running_outside_the_management_account_fails_saying_where_it_must_run() {
        proxy.failAlways("organizations:ListRoots", Fault.error(400, "AccessDeniedException",
                "You don't have permissions to access this resource."));

        assertThatThrownBy(() -> exporter().export(Deadline.after(java.time.Clock.fixed(NOW, ZoneId.of("UTC")),
                java.time.Duration.ofMinutes(5))))
                .isInstanceOf(DirectoryException.class)
                .hasMessageContaining("Account directory")
                .hasMessageContaining("AccessDeniedException")
                .hasMessageContaining("management account");
        assertThat(proxy.calls("s3:PutObject")).isZero();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("\"account directory NOT exported\"")
                .contains("\"DirectoryExportFailures\":1");
    }
}
