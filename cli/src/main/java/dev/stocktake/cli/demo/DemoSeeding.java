package dev.stocktake.cli.demo;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.FaultInjectingProxy;

/**
 * Sets the demo organization up in the emulator before day 0: the member accounts with their collectors, the
 * account directory's exporter, the IAM users that exist before day 0, and the allowlist in the bucket.
 */
final class DemoSeeding {

    /** What the days are played with. */
    record Seeded(List<Simulation> simulations, DemoDirectory directory, List<DemoAllowlist.Entry> allowlist) {

        /** Each member account's name by its ID, in the plan's order. */
        Map<String, String> accountNames() {
            Map<String, String> names = new LinkedHashMap<>();
            simulations.forEach(simulation -> names.put(simulation.member().id(), simulation.account().name()));
            return names;
        }
    }

    private final DemoOrganization plan;
    private final Incidents incidents;
    private final PrintWriter out;

    DemoSeeding(DemoOrganization plan, Incidents incidents, PrintWriter out) {
        this.plan = plan;
        this.incidents = incidents;
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
        List<Simulation> simulations = new MemberAccounts(plan, incidents, org, bucket.name(), proxy, denied).create();
        out.printf("Organization %s: seeding %d member accounts and their IAM users...%n", org.organizationId(),
                simulations.size());
        out.flush();
        DemoDirectory directory = DemoDirectory.create(emulator, proxy, bucket.name(), plan, joinedAt(simulations));
        Tasks.runAll(pool, simulations.stream().<Runnable>map(simulation -> simulation::seed).toList());
        List<DemoAllowlist.Entry> allowlist = DemoAllowlist.choose(plan, accountIds(simulations),
                index -> index == incidents.failingAccount() || index == incidents.suspendedAccount());
        bucket.put(Demo.ALLOWLIST_KEY, "text/csv", DemoAllowlist.csv(allowlist));
        return new Seeded(simulations, directory, allowlist);
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
