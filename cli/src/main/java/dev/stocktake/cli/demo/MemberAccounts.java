package dev.stocktake.cli.demo;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import dev.stocktake.cli.demo.DemoOrganization.DemoAccount;
import dev.stocktake.collector.Collector;
import dev.stocktake.collector.CollectorConfig;
import dev.stocktake.collector.CollectorFactory;
import dev.stocktake.report.ReportKeys;
import dev.stocktake.emulator.CredentialReportResponses;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.EmulatorOrganization.MemberAccount;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Sleeper;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The planned accounts as member accounts of the emulator's organization, each with the real collector running as
 * it. The collectors reach the emulator through the demo's proxy, which dates every {@code GetCredentialReport} answer
 * to the simulated day of the account that asked (told apart by the access key the request was signed with).
 */
final class MemberAccounts {

    /** The collectors' own log lines would drown the demo's progress. */
    private static final JsonLog QUIET = new JsonLog(new PrintStream(OutputStream.nullOutputStream()));

    private final DemoOrganization plan;
    private final Incidents incidents;
    private final EmulatorOrganization org;
    private final CollectorConfig config;
    private final CollectorConfig deniedConfig;
    private final FaultInjectingProxy proxy;
    private final FaultInjectingProxy denied;
    private final DemoIdentities identities;

    /**
     * @param proxy  the demo's proxy in front of the emulator
     * @param denied a second proxy in front of {@code proxy}: the failing account's collector, once denied, calls
     *               through it, and it answers {@code GenerateCredentialReport} with AccessDenied, as a service
     *               control policy would
     */
    MemberAccounts(DemoOrganization plan, Incidents incidents, EmulatorOrganization org, String bucket,
                   FaultInjectingProxy proxy, FaultInjectingProxy denied, DemoIdentities identities) {
        this.plan = plan;
        this.incidents = incidents;
        this.org = org;
        this.config = collectorConfig(bucket, proxy);
        this.deniedConfig = collectorConfig(bucket, denied);
        this.proxy = proxy;
        this.denied = denied;
        this.identities = identities;
    }

    /** Creates every account in the emulator, in the plan's order, and has the proxy shape their reports. */
    List<Simulation> create() {
        List<Simulation> simulations = new ArrayList<>();
        Map<String, Simulation> byAccessKey = new HashMap<>();
        for (DemoAccount account : plan.accounts()) {
            Simulation simulation = simulation(account);
            simulations.add(simulation);
            byAccessKey.put(org.credentialsFor(simulation.member().id()).resolveCredentials().accessKeyId(), simulation);
        }
        proxy.transformResponses("iam:GetCredentialReport", (accessKeyId, body) -> {
            Simulation simulation = accessKeyId == null ? null : byAccessKey.get(accessKeyId);
            return simulation == null ? body : CredentialReportResponses.rewrite(body, simulation::shape, simulation.generatedTime());
        });
        return simulations;
    }

    private Simulation simulation(DemoAccount account) {
        MemberAccount member = org.createAccount(account.name());
        AwsCredentialsProvider credentials = org.credentialsFor(member.id());
        SimulatedClock clock = new SimulatedClock();
        Collector collector = collector(config, credentials, clock);
        Collector deniedCollector = null;
        if (account.index() == incidents.failingAccount()) {
            deniedCollector = collector(deniedConfig, credentials, clock);
            denied.failAlways("iam:GenerateCredentialReport", FaultInjectingProxy.Fault.accessDenied("User: arn:aws:sts::"
                    + member.id() + ":assumed-role/stocktake-collector/stocktake is not authorized to perform: "
                    + "iam:GenerateCredentialReport with an explicit deny in a service control policy"));
        }
        // each account was created 400 to 1,300 days before day 0, so every one is expected to report from day 0 on
        return new Simulation(plan, account, member, org.iam(member.id()), collector, deniedCollector,
                incidents.failingFrom(), clock, plan.at(-400 - 37 * account.index() % 900, 3, 0), identities);
    }

    private static Collector collector(CollectorConfig config, AwsCredentialsProvider credentials, SimulatedClock clock) {
        return CollectorFactory.create(config, credentials, Region.US_EAST_1, QUIET, clock, Sleeper.REAL,
                RandomGenerator.getDefault());
    }

    private static CollectorConfig collectorConfig(String bucket, FaultInjectingProxy endpoint) {
        // with the IAM details files beside the reports (user tags for the migration views), as deployed
        return new CollectorConfig(bucket, Demo.REPORT_PREFIX, Demo.ORG_READ_ROLE, ZoneOffset.UTC, null, endpoint.endpoint(), null,
                ReportKeys.DEFAULT_DETAILS_PREFIX);
    }
}
