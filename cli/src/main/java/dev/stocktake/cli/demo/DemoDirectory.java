package dev.stocktake.cli.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Sleeper;
import dev.stocktake.directory.DirectoryConfig;
import dev.stocktake.directory.DirectoryExporter;
import dev.stocktake.directory.DirectoryFactory;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.FaultInjectingProxy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/**
 * The demo organization's account directory: OUs ({@code Root/Workloads/Production} and {@code .../Staging}) and an
 * {@code owner} tag on every member account, set up once; then every day the real account-directory code
 * ({@link DirectoryFactory} + {@link DirectoryExporter#export}, as the management account's Lambda runs it, with its
 * clock set to that day) writes {@code accounts/YYYY/MM/DD/accounts.csv} into the bucket.
 *
 * <p>The emulator stamps every account's {@code JoinedTimestamp} with the real time it was created, seconds ago; the
 * exporter reads the organization through the demo's proxy, which rewrites only that field of the
 * {@code ListAccounts} answer to the simulated account's creation time (months or years before day 0), so that the
 * accounts are expected to report from day 0 on. Status, OU and tags stay what the emulator says.
 */
final class DemoDirectory implements AutoCloseable {

    static final String PREFIX = DirectoryConfig.DEFAULT_PREFIX;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrganizationsClient organizations;
    private final DemoOrganization plan;
    /** One exporter per thread: each has its own clock, set to the day it exports (exports of different days run at once). */
    private final ThreadLocal<Exporter> exporters;

    private record Exporter(DirectoryExporter exporter, SimulatedClock clock) {
    }

    private DemoDirectory(OrganizationsClient organizations, DemoOrganization plan, ThreadLocal<Exporter> exporters) {
        this.organizations = organizations;
        this.plan = plan;
        this.exporters = exporters;
    }

    /**
     * @param emulator   the emulator's endpoint (the organization is arranged there directly)
     * @param proxy      the demo's proxy: the exporter calls through it
     * @param joinedAt   each member account's simulated creation time, by account ID
     */
    static DemoDirectory create(URI emulator, FaultInjectingProxy proxy, String bucket, DemoOrganization plan,
                                Map<String, Instant> joinedAt) {
        proxy.transformResponses("organizations:ListAccounts", (accessKeyId, body) -> joinedAt(body, joinedAt));
        OrganizationsClient organizations = OrganizationsClient.builder().endpointOverride(emulator).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
        DirectoryConfig config = new DirectoryConfig(bucket, PREFIX, ZoneOffset.UTC, null, proxy.endpoint());
        JsonLog quiet = new JsonLog(new PrintStream(OutputStream.nullOutputStream()));
        ThreadLocal<Exporter> exporters = ThreadLocal.withInitial(() -> {
            SimulatedClock clock = new SimulatedClock();
            return new Exporter(DirectoryFactory.create(config, Emulator.defaultCredentials(), quiet, clock, Sleeper.REAL,
                    RandomGenerator.getDefault()), clock);
        });
        return new DemoDirectory(organizations, plan, exporters);
    }

    /** The organization's root and OUs, by ID. */
    record Units(String root, String workloads, String production, String staging) {
    }

    /**
     * Puts each account into the OU of its stage and tags it with its team's owner, but for every fifth account
     * (indexes 3, 8, 13, ...), which has no owner tag: its IAM users fall to the OU's or the organization's default
     * owner (see {@link #tagged}).
     *
     * @param accountNames each member account's name by ID, in the plan's order
     */
    Units arrange(Map<String, String> accountNames) {
        String root = organizations.listRoots().roots().getFirst().id();
        String workloads = organizations.createOrganizationalUnit(r -> r.parentId(root).name("Workloads")).organizationalUnit().id();
        String production = organizations.createOrganizationalUnit(r -> r.parentId(workloads).name("Production"))
                .organizationalUnit().id();
        String staging = organizations.createOrganizationalUnit(r -> r.parentId(workloads).name("Staging"))
                .organizationalUnit().id();
        int index = 0;
        for (Map.Entry<String, String> account : accountNames.entrySet()) {
            String id = account.getKey();
            String name = account.getValue();
            String target = name.endsWith("-stg") ? staging : production;
            organizations.moveAccount(r -> r.accountId(id).sourceParentId(root).destinationParentId(target));
            if (tagged(index++)) {
                organizations.tagResource(r -> r.resourceId(id).tags(t -> t.key("owner").value(owner(name))));
            }
        }
        return new Units(root, workloads, production, staging);
    }

    /** Whether the account at {@code index} in the plan carries an owner tag: all but every fifth (3, 8, 13, ...). */
    static boolean tagged(int index) {
        return index % 5 != 3;
    }

    /** The owner tag of an account: its team's address, {@code payments-prd} → {@code payments-team@example.com}. */
    static String owner(String accountName) {
        return accountName.replaceFirst("-(prd|stg)$", "") + "-team@example.com";
    }

    /** Closes an account: the emulator marks it SUSPENDED, as AWS does for 90 days before it is gone. */
    void suspend(String accountId) {
        organizations.closeAccount(r -> r.accountId(accountId));
    }

    /** Exports the directory dated report day {@code day} (early that day, before the collectors' window). */
    DirectoryExporter.Export export(int day) {
        Exporter exporter = exporters.get();
        exporter.clock().set(plan.at(day, 0, 30));
        return exporter.exporter().export(Deadline.after(exporter.clock(), Duration.ofMinutes(2)));
    }

    /** The {@code ListAccounts} answer with each known account's {@code JoinedTimestamp} set to its simulated creation. */
    static byte[] joinedAt(byte[] body, Map<String, Instant> joinedAt) {
        try {
            JsonNode document = JSON.readTree(body);
            for (JsonNode account : document.path("Accounts")) {
                Instant joined = joinedAt.get(account.path("Id").asText());
                if (joined != null && account instanceof ObjectNode object) {
                    object.put("JoinedTimestamp", joined.getEpochSecond());
                }
            }
            return JSON.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException("the emulator's ListAccounts answer is not JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        organizations.close();
    }
}
