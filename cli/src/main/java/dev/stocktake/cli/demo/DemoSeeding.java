package dev.stocktake.cli.demo;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.FaultInjectingProxy;

/**
 * Sets the demo organization up in the emulator before day 0: the member accounts with their collectors, the
 * account directory's OUs and tags and its exporter, the IAM users that exist before day 0 (with their tags),
 * Identity Center (persons, groups, the access people have on day 0), and in the bucket the allowlist, the
 * identity mapping, the migration settings and the milestones.
 */
final class DemoSeeding {

    /** What the days are played with. */
    record Seeded(List<Simulation> simulations, DemoDirectory directory, List<DemoAllowlist.Entry> allowlist,
                  DemoIdentities identities, DemoIdentityCenter identityCenter, DemoDirectory.Units units,
                  List<DemoMigration.Milestone> milestones, int mappingLines) {

        /** Each member account's name by its ID, in the plan's order. */
        Map<String, String> accountNames() {
            Map<String, String> names = new LinkedHashMap<>();
            simulations.forEach(simulation -> names.put(simulation.member().id(), simulation.account().name()));
            return names;
        }
    }

    private final DemoOrganization plan;
    private final Incidents incidents;
    private final long seed;
    private final PrintWriter out;

    DemoSeeding(DemoOrganization plan, Incidents incidents, long seed, PrintWriter out) {
        this.plan = plan;
        this.incidents = incidents;
        this.seed = seed;
        this.out = out;
    }

    /**
     * @param emulator the emulator's endpoint
     * @param proxy    the demo's proxy in front of it
     * @param denied   the proxy that denies the failing account's collector (see {@link MemberAccounts})
     * @param pool     the accounts are seeded on it, several at once
     */
    Seeded seed(URI emulator, EmulatorOrganization org, FaultInjectingProxy proxy, FaultInjectingProxy denied,
                DemoBucket bucket, ExecutorService pool) {
        Predicate<Integer> unreliable = index -> index == incidents.failingAccount() || index == incidents.suspendedAccount();
        DemoIdentities identities = DemoIdentities.plan(plan, seed, DemoMigration.IDLE_DAYS, allowed(unreliable),
                (index, day) -> !incidents.fails(index, day) && !incidents.suspended(index, day));
        List<Simulation> simulations = new MemberAccounts(plan, incidents, org, bucket.name(), proxy, denied, identities).create();
        out.printf("Organization %s: seeding %d member accounts and their IAM users, and Identity Center...%n", org.organizationId(),
                simulations.size());
        out.flush();
        Map<Integer, String> accountIds = accountIds(simulations);
        DemoDirectory directory = DemoDirectory.create(emulator, proxy, bucket.name(), plan, joinedAt(simulations));
        Map<String, String> names = new LinkedHashMap<>();
        simulations.forEach(simulation -> names.put(simulation.member().id(), simulation.account().name()));
        DemoDirectory.Units units = directory.arrange(names);
        CompletableFuture<DemoIdentityCenter> identityCenter = CompletableFuture.supplyAsync(
                () -> DemoIdentityCenter.seed(emulator, proxy, plan, identities, accountIds), pool);
        Tasks.runAll(pool, simulations.stream().<Runnable>map(simulation -> simulation::seed).toList());
        List<DemoAllowlist.Entry> allowlist = DemoAllowlist.choose(plan, accountIds, unreliable);
        bucket.put(Demo.ALLOWLIST_KEY, "text/csv", DemoAllowlist.csv(allowlist));
        List<DemoMigration.MappingLine> mapping = DemoMigration.mapping(plan, identities, accountIds);
        bucket.put(DemoMigration.MAPPING_KEY, "text/csv", DemoMigration.mappingCsv(mapping));
        DemoMigration.settingsFiles(DemoMigration.config(plan, units))
                .forEach((key, body) -> bucket.put(key, "text/csv", body));
        return new Seeded(simulations, directory, allowlist, identities, Tasks.join(identityCenter), units,
                DemoMigration.milestones(plan, units), mapping.size());
    }

    /** The users the allowlist accepts ({@code <index>/<name>}): chosen from the plan alone, as the allowlist is. */
    private Set<String> allowed(Predicate<Integer> unreliable) {
        Map<Integer, String> indexes = new HashMap<>();
        plan.accounts().forEach(account -> indexes.put(account.index(), String.valueOf(account.index())));
        Set<String> allowed = new HashSet<>();
        for (DemoAllowlist.Entry entry : DemoAllowlist.choose(plan, indexes, unreliable)) {
            if (entry.status().equals("allowed")) {
                allowed.add(entry.accountId() + "/" + entry.user());
            }
        }
        return allowed;
    }

    private static Map<String, Instant> joinedAt(List<Simulation> simulations) {
        Map<String, Instant> joinedAt = new HashMap<>();
        simulations.forEach(simulation -> joinedAt.put(simulation.member().id(), simulation.accountCreated()));
        return joinedAt;
    }

    private static Map<Integer, String> accountIds(List<Simulation> simulations) {
        Map<Integer, String> ids = new HashMap<>();
        simulations.forEach(simulation -> ids.put(simulation.account().index(), simulation.member().id()));
        return ids;
    }
}
